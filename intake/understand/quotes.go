package understand

import (
	"regexp"
	"strings"
)

// parts is a message body split into what the sender wrote now and what
// came with it: the quoted earlier message of a reply, or the original
// message of a forward.
type parts struct {
	Own     string     // the sender's own text, without quote or forward
	Quoted  string     // the quoted earlier message (reply), markers removed
	Forward *forwarded // the forwarded original, nil when none
}

// forwarded is an original message found inside a forward.
type forwarded struct {
	FromName, From string // the original sender
	Subject        string
	Own            string // the original sender's own text
	Quoted         string
}

var (
	forwardMarkerRE = regexp.MustCompile(`(?i)^\s*(-{2,}|_{2,}|={2,})?\s*(wiadomość przekazana|przekazana wiadomość|forwarded message|original message|wiadomość oryginalna|oryginalna wiadomość|treść przekazanej wiadomości)\s*(-{2,}|_{2,}|={2,})?\s*$|^\s*(początek przekazywanej wiadomości|begin forwarded message|przekazana wiadomość)\s*:?\s*$`)
	replyHeaderRE   = regexp.MustCompile(`(?i)^\s*(?:(w dniu|dnia|on|am|le|użytkownik|uzytkownik)\b.{0,200}\b(pisze|napisał\(a\)|napisała|napisał|wrote|schrieb|a écrit)|wiadomość napisana przez\b.{0,200})\s*:\s*$`)
	outlookFromRE   = regexp.MustCompile(`(?i)^\s*\*?(od|from|nadawca)\s*:\*?\s*\S`)
	outlookNextRE   = regexp.MustCompile(`(?i)^\s*\*?(wysłano|wysłane|wysłany|sent|data|date|do|to|temat|subject)\s*:\*?`)
	underscoreRE    = regexp.MustCompile(`^\s*_{10,}\s*$`)
	forwardSubjRE   = regexp.MustCompile(`(?i)^\s*((fwd?|pd|przek|tr|wg)\s*:\s*)+`)
	headerLineRE    = regexp.MustCompile(`(?i)^\s*\*?(od|from|nadawca|data|date|wysłano|wysłane|sent|temat|subject|do|to|dw|udw|cc|bcc|adresat|adresaci|odbiorca|odbiorcy|kopia|odpowiedź do|reply-to)\s*:\*?\s*(.*)$`)
)

// splitBody finds where the sender's own text ends: at a forward marker, a
// reply header ("W dniu … pisze:", "On … wrote:"), an Outlook header block
// ("Od:/Wysłano:", "From:/Sent:") or "> " quoted lines.
func splitBody(text, subject string) parts {
	lines := strings.Split(text, "\n")
	cut, kind := len(lines), ""
	for i := 0; i < len(lines) && cut == len(lines); i++ {
		l := lines[i]
		switch {
		case forwardMarkerRE.MatchString(l):
			cut, kind = i, "forward"
			if strings.Contains(strings.ToLower(l), "orygin") || strings.Contains(strings.ToLower(l), "original") {
				kind = "original"
			}
		case replyHeaderRE.MatchString(l):
			cut, kind = i, "reply"
		case i+1 < len(lines) && replyHeaderRE.MatchString(l+" "+strings.TrimSpace(lines[i+1])) && !strings.HasPrefix(strings.TrimSpace(lines[i+1]), ">"):
			cut, kind = i, "reply"
		case (outlookFromRE.MatchString(l) || underscoreRE.MatchString(l)) && outlookBlock(lines[i:]):
			cut, kind = i, "original"
		case strings.HasPrefix(strings.TrimSpace(l), ">") && restQuoted(lines[i:]):
			cut, kind = i, "reply"
		}
	}
	var p parts
	p.Own = cleanOwn(lines[:cut])
	rest := lines[cut:]
	if kind == "" {
		return p
	}
	isFwd := kind == "forward" || kind == "original" && forwardSubjRE.MatchString(subject)
	if !isFwd {
		p.Quoted = unquote(rest)
		return p
	}
	if outlookFromRE.MatchString(rest[0]) {
		// No marker line: the Outlook block's From line is the first header.
		p.Forward = parseForward(rest, "")
		return p
	}
	p.Forward = parseForward(rest[1:], rest[0])
	return p
}

// outlookBlock reports whether lines start a header block of a quoted or
// forwarded message: a From line followed closely by Sent/To/Subject.
func outlookBlock(lines []string) bool {
	from := -1
	for i, l := range lines {
		if i > 6 {
			break
		}
		if outlookFromRE.MatchString(l) {
			from = i
			continue
		}
		if from >= 0 && outlookNextRE.MatchString(l) {
			return true
		}
	}
	return false
}

// restQuoted reports whether, from here on, the text is mostly quoted lines
// (so that a stray "> " line in the middle of a message does not cut it).
func restQuoted(lines []string) bool {
	q, other := 0, 0
	for _, l := range lines[:min(len(lines), 200)] {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, ">") {
			q++
		} else {
			other++
		}
	}
	return q >= other
}

func cleanOwn(lines []string) string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), ">") {
			continue
		}
		out = append(out, strings.TrimRight(l, " "))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// unquote removes one level of "> " and the reply header.
func unquote(lines []string) string {
	var out []string
	for _, l := range lines {
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, ">") {
			t = strings.TrimPrefix(strings.TrimPrefix(t, ">"), " ")
		}
		out = append(out, t)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// parseForward reads the header block after a forward marker (Od:, Data:,
// Temat:, Do: …) and splits the original's own text from its quotes.
func parseForward(lines []string, marker string) *forwarded {
	f := &forwarded{}
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	seen := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			if seen > 0 {
				break
			}
			continue
		}
		sm := headerLineRE.FindStringSubmatch(l)
		if sm == nil {
			break
		}
		seen++
		key, val := strings.ToLower(sm[1]), strings.TrimSpace(sm[2])
		switch key {
		case "od", "from", "nadawca":
			val = strings.ReplaceAll(strings.ReplaceAll(val, "[mailto:", "<"), "]", ">")
			if a := parseAddresses(val); len(a) > 0 {
				f.From, f.FromName = a[0].Address, a[0].Name
			}
		case "temat", "subject":
			f.Subject = val
		}
	}
	_ = marker
	sub := splitBody(strings.Join(lines[min(i, len(lines)):], "\n"), "")
	f.Own, f.Quoted = sub.Own, sub.Quoted
	if sub.Forward != nil && f.Own == "" {
		return sub.Forward
	}
	return f
}

// withoutHeaderLines drops the header lines of quoted mail ("On … wrote:",
// "Od:", "Wysłano:", "Data:"), keeping what its author wrote.
func withoutHeaderLines(q string) string {
	var out []string
	for _, l := range strings.Split(q, "\n") {
		if replyHeaderRE.MatchString(l) || headerLineRE.MatchString(l) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
