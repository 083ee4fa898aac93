package understand

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlToText turns an HTML mail body into plain text: block elements become
// line breaks, list items get a dash, a table row is one line with its cells
// separated by spaces (a two-cell row whose first cell is a short label
// reads "label: value", as Outlook's sign-up tables mean it),
// <blockquote> content is marked with "> " as a plain-text quote would be,
// and scripts, styles and the head are dropped. It uses the tokenizer, so
// broken HTML is read as far as it goes, in linear time.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b bytes.Buffer
	skip := 0  // inside script/style/head/title
	quote := 0 // blockquote depth
	atLineStart := true
	cells, rowStart := 0, 0 // cells begun in the current row, where it began
	inCell := 0
	newline := func() {
		b.WriteByte('\n')
		atLineStart = true
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return normalizeText(collapseBlankLines(b.String()))
		case html.TextToken:
			if skip > 0 {
				continue
			}
			raw := string(z.Text()) // Text may be called only once per token
			text := strings.Join(strings.FieldsFunc(raw, func(r rune) bool {
				return r == '\n' || r == '\r' || r == '\t' || r == ' '
			}), " ")
			if text == "" {
				if !atLineStart && raw != "" {
					b.WriteByte(' ')
				}
				continue
			}
			if atLineStart && quote > 0 {
				b.WriteString(strings.Repeat("> ", quote))
			} else if !atLineStart && startsWithSpace(raw) {
				b.WriteByte(' ')
			}
			b.WriteString(text)
			atLineStart = false
			if endsWithSpace(raw) {
				b.WriteByte(' ')
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			start := tt != html.EndTagToken
			switch a {
			case atom.Script, atom.Style, atom.Head, atom.Title:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				newline()
			case atom.Blockquote:
				if start {
					quote++
				} else if quote > 0 {
					quote--
				}
				newline()
			case atom.Li:
				if start {
					newline()
					b.WriteString("- ")
					atLineStart = false
				}
			case atom.Td, atom.Th:
				if !start {
					inCell = max(0, inCell-1)
					continue
				}
				inCell++
				cells++
				first := ""
				if cells == 2 {
					first = strings.TrimSpace(string(b.Bytes()[min(rowStart, b.Len()):]))
				}
				switch {
				case cells == 2 && labelCell(first):
					b.Truncate(len(bytes.TrimRight(b.Bytes(), " ")))
					if !strings.HasSuffix(first, ":") {
						b.WriteByte(':')
					}
					b.WriteByte(' ')
				case !atLineStart:
					b.WriteByte(' ')
				}
			case atom.Tr:
				if !atLineStart {
					newline()
				}
				cells, rowStart, inCell = 0, b.Len(), 0
			case atom.P, atom.Div:
				if inCell > 0 {
					if !atLineStart && !bytes.HasSuffix(b.Bytes(), []byte(" ")) {
						b.WriteByte(' ')
					}
					continue
				}
				if !atLineStart || a == atom.P && !start {
					newline()
				}
				if a == atom.P && !start {
					newline()
				}
			case atom.Table, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3,
				atom.H4, atom.H5, atom.H6, atom.Pre, atom.Hr, atom.Dl, atom.Dt, atom.Dd, atom.Center:
				if !atLineStart {
					newline()
				}
			}
		}
	}
}

// labelCell: the first cell of a row names what the second holds
// ("Nazwa organizacji", "Telefon:"): a few words, no digits.
func labelCell(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.ContainsAny(s, "0123456789@") && len(strings.Fields(s)) <= 4 && !strings.Contains(s, "\n")
}

func startsWithSpace(s string) bool { return s != "" && strings.ContainsRune(" \t\r\n", rune(s[0])) }
func endsWithSpace(s string) bool {
	return s != "" && strings.ContainsRune(" \t\r\n", rune(s[len(s)-1]))
}

// collapseBlankLines trims each line and keeps at most one empty line in a row.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " ")
		l = strings.TrimLeft(l, " ")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
