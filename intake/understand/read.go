package understand

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/mail"
	nettextproto "net/textproto"
	"regexp"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// Limits that keep Read linear in time and bounded in memory whatever the
// input: headers and text are capped, everything else is streamed away.
const (
	maxHeaderBytes = 1 << 20 // header block of one message or part
	maxTextBytes   = 1 << 20 // raw bytes kept from one text part
	maxBodyText    = 2 << 20 // decoded text kept from one message
	maxDepth       = 8       // multipart / message/rfc822 nesting
	maxParts       = 500     // parts read from one message
	maxHeaderField = 4 << 10 // bytes kept of one header value
)

// Read parses a raw RFC 5322 message, streaming from r. Attachments are read
// and discarded, never buffered; text parts are decoded (transfer encoding,
// charset with the Windows-1250/ISO-8859-2 mix-up repaired, HTML-only mail
// turned into text, format=flowed joined). It never fails: a message it
// cannot read still comes back, with Err saying why. Read always consumes r
// to its end.
func Read(r io.Reader) *Message {
	w := &walker{}
	m := w.readMessage(r, 0)
	_, _ = io.Copy(io.Discard, r)
	return m
}

type walker struct {
	parts int
}

// headerBudget fails reads once the header phase has used up its budget, so
// an endless header cannot grow memory.
type headerBudget struct {
	r      io.Reader
	left   int64
	active bool
}

var errHeaderTooLarge = errors.New("header too large")

func (b *headerBudget) Read(p []byte) (int, error) {
	if !b.active {
		return b.r.Read(p)
	}
	if b.left <= 0 {
		return 0, errHeaderTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

func readHeader(r io.Reader) (textproto.Header, *bufio.Reader, error) {
	hb := &headerBudget{r: r, left: maxHeaderBytes, active: true}
	br := bufio.NewReader(hb)
	h, err := textproto.ReadHeader(br)
	hb.active = false
	return h, br, err
}

func (w *walker) readMessage(r io.Reader, depth int) *Message {
	m := &Message{Header: map[string]string{}}
	h, br, err := readHeader(r)
	if err != nil {
		m.Err = fmt.Errorf("the message header cannot be read: %v", err)
		return m
	}
	if h.Len() == 0 {
		m.Err = errors.New("the message has no header")
	}
	fillHeader(m, h)
	var body textCollector
	w.walk(m, &body, h, br, depth)
	m.Text = body.text()
	if m.Err == nil && m.Envelope.From == "" && m.Envelope.MessageID == "" && strings.TrimSpace(m.Text) == "" {
		m.Err = errors.New("no sender, no Message-ID and no text: not a mail message")
	}
	return m
}

// textCollector keeps the plain and the HTML alternatives apart, so that a
// plain part wins over its HTML twin.
type textCollector struct {
	plain, html strings.Builder
}

func (c *textCollector) add(b *strings.Builder, s string) {
	if b.Len()+len(s) > maxBodyText {
		s = s[:max(0, maxBodyText-b.Len())]
	}
	if b.Len() > 0 && s != "" {
		b.WriteString("\n\n")
	}
	b.WriteString(s)
}

func (c *textCollector) text() string {
	if strings.TrimSpace(c.plain.String()) != "" {
		return c.plain.String()
	}
	return c.html.String()
}

func mediaType(h textproto.Header) (string, map[string]string) {
	ct := h.Get("Content-Type")
	if ct == "" {
		return "text/plain", map[string]string{}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// Keep what can be salvaged: "text/plain; charset=iso-8859-2;;".
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		params = map[string]string{}
		for _, kv := range strings.Split(ct, ";")[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if ok {
				params[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(v), `"'`)
			}
		}
	}
	if !strings.Contains(mt, "/") {
		mt = "text/plain"
	}
	return mt, params
}

func isAttachment(h textproto.Header) bool {
	d := h.Get("Content-Disposition")
	if d == "" {
		return false
	}
	disp, _, err := mime.ParseMediaType(d)
	if err != nil {
		return strings.HasPrefix(strings.ToLower(strings.TrimSpace(d)), "attachment")
	}
	return disp == "attachment"
}

func (w *walker) walk(m *Message, c *textCollector, h textproto.Header, body io.Reader, depth int) {
	defer func() { _, _ = io.Copy(io.Discard, body) }()
	mt, params := mediaType(h)
	if depth == 0 {
		m.MediaType = mt
		m.ReportType = strings.ToLower(params["report-type"])
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		w.walkMultipart(m, c, params["boundary"], body, depth)
	case mt == "message/rfc822" || mt == "message/global":
		if depth < maxDepth {
			m.Attached = append(m.Attached, w.readMessage(transferDecoder(h, body), depth+1))
		}
	case isAttachment(h):
		m.Attachments++
	case mt == "text/plain":
		c.add(&c.plain, decodeText(h, params, body))
	case mt == "text/html":
		c.add(&c.html, htmlToText(decodeText(h, params, body)))
	case mt == "text/calendar":
		m.CalendarMethod = calendarMethod(params, decodeText(h, params, body))
	default:
		m.Attachments++
	}
}

func (w *walker) walkMultipart(m *Message, c *textCollector, boundary string, body io.Reader, depth int) {
	if boundary == "" || depth >= maxDepth {
		return
	}
	mr := textproto.NewMultipartReader(body, boundary)
	for {
		p, err := mr.NextPart()
		if err != nil {
			if !errors.Is(err, io.EOF) && m.Err == nil && strings.TrimSpace(c.text()) == "" {
				m.Err = fmt.Errorf("a MIME part cannot be read: %v", err)
			}
			return
		}
		w.parts++
		if w.parts > maxParts {
			return
		}
		w.walk(m, c, p.Header, p, depth+1)
	}
}

var calendarMethodRE = regexp.MustCompile(`(?im)^METHOD:\s*([A-Z-]+)`)

func calendarMethod(params map[string]string, body string) string {
	if v := params["method"]; v != "" {
		return strings.ToUpper(v)
	}
	if sm := calendarMethodRE.FindStringSubmatch(body); sm != nil {
		return strings.ToUpper(sm[1])
	}
	return "REQUEST"
}

// fillHeader copies the envelope and the header fields Decide needs.
func fillHeader(m *Message, h textproto.Header) {
	fields := h.Fields()
	for fields.Next() {
		k := nettextproto.CanonicalMIMEHeaderKey(fields.Key())
		if _, ok := m.Header[k]; ok || len(m.Header) > 200 {
			continue
		}
		v := fields.Value()
		if len(v) > maxHeaderField {
			v = v[:maxHeaderField]
		}
		m.Header[k] = decodeHeader(v)
	}
	env := &m.Envelope
	env.MessageID = firstID(h.Get("Message-Id"))
	env.InReplyTo = firstID(h.Get("In-Reply-To"))
	env.References = ids(h.Get("References"))
	env.Subject = m.Header["Subject"]
	if d, err := mail.ParseDate(strings.TrimSpace(h.Get("Date"))); err == nil {
		env.Date = d
	}
	if a := parseAddresses(h.Get("From")); len(a) > 0 {
		env.From = a[0].Address
		m.FromName = a[0].Name
	}
	if a := parseAddresses(h.Get("Reply-To")); len(a) > 0 {
		m.ReplyTo, m.ReplyToName = a[0].Address, a[0].Name
	}
	for _, k := range []string{"To", "Cc"} {
		for _, a := range parseAddresses(h.Get(k)) {
			m.To = append(m.To, a.Address)
		}
	}
}

var msgIDRE = regexp.MustCompile(`<([^<>\s]+)>`)

func ids(v string) []string {
	var out []string
	for _, sm := range msgIDRE.FindAllStringSubmatch(v, 100) {
		out = append(out, sm[1])
	}
	if len(out) == 0 {
		for _, f := range strings.Fields(v) {
			if strings.Contains(f, "@") {
				out = append(out, strings.Trim(f, "<>"))
			}
		}
	}
	return out
}

func firstID(v string) string {
	if l := ids(v); len(l) > 0 {
		return l[0]
	}
	return ""
}

// Address is a parsed mail address: lower-cased bare address and decoded
// display name.
type Address struct {
	Name, Address string
}

var bareAddrRE = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

func parseAddresses(v string) []Address {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	p := mail.AddressParser{WordDecoder: wordDecoder()}
	if list, err := p.ParseList(v); err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: cleanName(a.Name), Address: strings.ToLower(a.Address)})
		}
		return out
	}
	// Broken headers still usually hold an address.
	loc := bareAddrRE.FindStringIndex(v)
	if loc == nil {
		return nil
	}
	name := decodeHeader(strings.Trim(strings.TrimSpace(v[:loc[0]]), `<"' `))
	return []Address{{Name: cleanName(name), Address: strings.ToLower(v[loc[0]:loc[1]])}}
}

func cleanName(s string) string {
	return strings.Join(strings.Fields(strings.Trim(s, `"' `)), " ")
}
