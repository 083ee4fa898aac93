package understand

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/encoding/charmap"
)

// decodeText reads a text part (at most maxTextBytes of it; the rest is
// discarded by the caller) and returns it as clean UTF-8 with LF line ends.
func decodeText(h textproto.Header, params map[string]string, body io.Reader) string {
	raw, _ := io.ReadAll(io.LimitReader(body, maxTextBytes))
	raw = decodeTransfer(raw, h.Get("Content-Transfer-Encoding"))
	s := decodeCharset(raw, params["charset"])
	s = normalizeText(s)
	if strings.EqualFold(params["format"], "flowed") {
		s = unflow(s, strings.EqualFold(params["delsp"], "yes"))
	}
	return s
}

// transferDecoder streams a body through its Content-Transfer-Encoding.
func transferDecoder(h textproto.Header, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Filter{r: body})
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	}
	return body
}

// base64Filter drops everything that is not base64 alphabet, as mail
// readers do with stray spaces and line ends.
type base64Filter struct{ r io.Reader }

func (f *base64Filter) Read(p []byte) (int, error) {
	for {
		n, err := f.r.Read(p)
		j := 0
		for _, c := range p[:n] {
			if isBase64(c) {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// decodeTransfer undoes a transfer encoding leniently: bad escapes are kept
// as they are rather than losing the rest of the text.
func decodeTransfer(raw []byte, cte string) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		clean := make([]byte, 0, len(raw))
		for _, c := range raw {
			if isBase64(c) && c != '=' {
				clean = append(clean, c)
			}
		}
		clean = clean[:len(clean)/4*4+min(len(clean)%4, 3)]
		if len(clean)%4 == 1 {
			clean = clean[:len(clean)-1]
		}
		out, err := base64.RawStdEncoding.DecodeString(string(clean))
		if err != nil {
			return raw
		}
		return out
	case "quoted-printable":
		return decodeQP(raw)
	}
	return raw
}

func decodeQP(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		// Soft line break: "=" then optional blanks then CRLF or LF.
		j := i + 1
		for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t') {
			j++
		}
		if j < len(raw) && (raw[j] == '\r' || raw[j] == '\n') {
			if raw[j] == '\r' && j+1 < len(raw) && raw[j+1] == '\n' {
				j++
			}
			i = j
			continue
		}
		if j == len(raw) {
			break
		}
		if i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]) {
			out = append(out, unhex(raw[i+1])<<4|unhex(raw[i+2]))
			i += 2
			continue
		}
		out = append(out, c)
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// decodeCharset turns bytes in the labelled charset into UTF-8. Polish mail
// often says ISO-8859-2 while sending Windows-1250 (or the other way round),
// or says nothing at all: for these the decoding that gives the most Polish
// letters and the fewest impossible characters wins.
func decodeCharset(b []byte, label string) string {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch label {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "iso-8859-2", "iso8859-2", "latin2", "l2", "iso_8859-2",
		"windows-1250", "cp1250", "x-cp1250", "iso-8859-1", "latin1", "windows-1252":
		if utf8.Valid(b) && (label == "" || strings.HasPrefix(label, "utf") || isASCII(b)) {
			return string(b)
		}
		if utf8.Valid(b) && !isASCII(b) && polishScore(string(b)) > 0 {
			return string(b) // mislabelled UTF-8
		}
		return bestPolish(b, label)
	}
	r, err := charset.Reader(label, bytes.NewReader(b))
	if err != nil || r == nil {
		if utf8.Valid(b) {
			return string(b)
		}
		return bestPolish(b, "")
	}
	out, err := io.ReadAll(r)
	if err != nil && len(out) == 0 {
		return bestPolish(b, "")
	}
	return string(out)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// bestPolish decodes 8-bit text as Windows-1250 or ISO-8859-2, whichever
// reads as Polish; the label breaks ties.
func bestPolish(b []byte, label string) string {
	w, _ := charmap.Windows1250.NewDecoder().Bytes(b)
	i, _ := charmap.ISO8859_2.NewDecoder().Bytes(b)
	ws, is := polishScore(string(w)), polishScore(string(i))
	if is > ws || is == ws && (strings.Contains(label, "8859") || strings.Contains(label, "latin")) {
		return string(i)
	}
	return string(w)
}

const polishLetters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"

// polishScore counts Polish letters and subtracts characters that Polish
// text does not contain (C1 controls, letters of other Latin alphabets).
func polishScore(s string) int {
	score := 0
	for _, r := range s {
		switch {
		case strings.ContainsRune(polishLetters, r):
			score++
		case r >= 0x80 && r < 0xa0, r == utf8.RuneError:
			score -= 5
		case strings.ContainsRune("šŠťŤžŽ±¹¥¼¦ľĽŸ¶µ", r):
			score -= 3
		}
	}
	return score
}

func wordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: func(label string, in io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(io.LimitReader(in, maxHeaderField))
		if err != nil {
			return nil, err
		}
		return strings.NewReader(decodeCharset(b, label)), nil
	}}
}

// decodeHeader decodes RFC 2047 encoded words and unfolds the value. Raw
// 8-bit header bytes are repaired like body text.
func decodeHeader(v string) string {
	if !utf8.ValidString(v) {
		v = bestPolish([]byte(v), "")
	}
	if d, err := wordDecoder().DecodeHeader(v); err == nil {
		v = d
	}
	return strings.Join(strings.Fields(v), " ")
}

// normalizeText gives LF line ends, plain spaces for no-break and odd
// spaces, and no zero-width characters.
func normalizeText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\u2009', '\u2002', '\u2003', '\t':
			return ' '
		case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
			return -1
		}
		if r < 0x20 && r != '\n' {
			return -1
		}
		return r
	}, s)
}

// unflow joins format=flowed soft line breaks (RFC 3676): a line ending in
// a space continues on the next line of the same quote depth.
func unflow(s string, delsp bool) string {
	lines := strings.Split(s, "\n")
	var out []string
	var cur strings.Builder
	curDepth := -1
	for _, l := range lines {
		depth := 0
		for depth < len(l) && l[depth] == '>' {
			depth++
		}
		content := strings.TrimPrefix(l[depth:], " ") // space-stuffing
		if cur.Len() > 0 && depth != curDepth {
			out = append(out, cur.String())
			cur.Reset()
		}
		if cur.Len() == 0 {
			curDepth = depth
			cur.WriteString(strings.Repeat(">", depth))
			if depth > 0 {
				cur.WriteString(" ")
			}
		}
		if content == "-- " || !strings.HasSuffix(content, " ") {
			cur.WriteString(content)
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		if delsp {
			content = strings.TrimSuffix(content, " ")
		}
		cur.WriteString(content)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return strings.Join(out, "\n")
}
