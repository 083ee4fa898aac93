package understand

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// zeroReader yields an endless stream of 'A's, base64 of zero bytes.
type aReader struct{}

func (aReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'A'
		if i%77 == 76 {
			p[i] = '\n'
		}
	}
	return len(p), nil
}

// TestReadStreamsAttachments reads a message with a 20 MB attachment from
// a stream and checks that it was not held in memory.
func TestReadStreamsAttachments(t *testing.T) {
	const size = 20 << 20
	head := "From: Anna Nowak <anna@example.org>\r\nSubject: zgłoszenie\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=XYZ\r\n\r\n--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Zgłaszam się na 19 listopada.\r\n--XYZ\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n" +
		"Content-Disposition: attachment; filename=a.pdf\r\n\r\n"
	tail := "\r\n--XYZ--\r\n"
	src := io.MultiReader(strings.NewReader(head), io.LimitReader(aReader{}, size), strings.NewReader(tail))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m := Read(src)
	runtime.ReadMemStats(&after)
	if m.Err != nil || !strings.Contains(m.Text, "19 listopada") || m.Attachments != 1 {
		t.Fatalf("Read: err=%v text=%q attachments=%d", m.Err, m.Text, m.Attachments)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/4 {
		t.Errorf("reading a %d-byte attachment allocated %d bytes; want it streamed", size, alloc)
	}
}

func TestReadNeverFails(t *testing.T) {
	for _, in := range []string{"", "\x00\x01\x02", "no header at all", "From: x\r\n", strings.Repeat("X-A: b\r\n", 10000)} {
		m := Read(strings.NewReader(in))
		if m == nil {
			t.Fatalf("Read(%q) = nil", in)
		}
		d := Decide(m, nil, time.Now())
		if !d.Action.Valid() {
			t.Errorf("Decide(Read(%q)) action %q", in, d.Action)
		}
	}
}

func TestReadCharsets(t *testing.T) {
	tests := []struct {
		name, header string
		body         []byte
		want         string
	}{
		{"utf-8 qp", "text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable", []byte("Zg=C5=82aszam si=C4=99"), "Zgłaszam się"},
		{"iso-8859-2", "text/plain; charset=iso-8859-2", []byte("Zg\xb3aszam si\xea, \xb6roda"), "Zgłaszam się, środa"},
		{"windows-1250", "text/plain; charset=windows-1250", []byte("Zg\xb3aszam si\xea, \x9croda"), "Zgłaszam się, środa"},
		{"1250 bytes labelled 8859-2", "text/plain; charset=iso-8859-2", []byte("\x9croda, b\xead\xea, \x84Promyk\x94 \xb9"), "środa, będę, „Promyk” ą"},
		{"8859-2 bytes labelled 1250", "text/plain; charset=windows-1250", []byte("\xb6roda i \xb1"), "środa i ą"},
		{"no charset, utf-8", "text/plain", []byte("Dzień dobry"), "Dzień dobry"},
		{"base64", "text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64", []byte("WmfFgmFzemFtIHNpxJk="), "Zgłaszam się"},
		{"html entities", "text/html; charset=utf-8", []byte("<p>Fundacja &bdquo;Promyk&rdquo;</p><style>p{}</style>"), "Fundacja „Promyk”"},
		{"flowed", "text/plain; charset=utf-8; format=flowed", []byte("ala ma \r\nkota\r\n"), "ala ma kota"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := append([]byte("From: a@example.org\r\nContent-Type: "+tt.header+"\r\n\r\n"), tt.body...)
			m := Read(bytes.NewReader(raw))
			if got := strings.TrimSpace(m.Text); got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzRead: no input may panic or hang Read or Decide.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	more, _ := filepath.Glob(filepath.Join("testdata", "generalise", "*.eml"))
	seeds = append(seeds, more...)
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: message/rfc822\r\n\r\n--a--"))
	meetings := testMeetings()
	f.Fuzz(func(t *testing.T, b []byte) {
		m := Read(bytes.NewReader(b))
		d := Decide(m, meetings, time.Date(2014, 11, 10, 12, 0, 0, 0, time.UTC))
		if !d.Action.Valid() {
			t.Fatalf("invalid action %q", d.Action)
		}
	})
}

// TestLargeText: a text body at the size cap full of things the rules look
// for (dates, organisation words, quotes) still reads and decides; the
// fuzz target guards against panics, this against quadratic blow-ups that
// would make this test crawl.
func TestLargeText(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	for b.Len() < maxTextBytes {
		b.WriteString("w imieniu Fundacji Aa 19 i 24 listopada 10.30 > tel. 600 100 200 Stowarzyszenia Bb ")
	}
	d := Decide(Read(strings.NewReader(b.String())), testMeetings(), time.Now())
	if !d.Action.Valid() {
		t.Fatalf("action %q", d.Action)
	}
}
