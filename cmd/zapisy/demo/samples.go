// Package demo runs the whole of Zapisy in one process, for trying it out:
// an in-process IMAP server holding sample sign-up mail, an in-process SMTP
// server that prints what it receives, the embedded SQLite database, and the
// real daemon between them.
package demo

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"mime/quotedprintable"
	"sort"
	"strings"
	"text/template"
	"time"

	"golang.org/x/text/encoding/charmap"

	"zapisy/storage"
)

//go:embed samples/*.eml replies/*.eml
var sampleFiles embed.FS

// Sample is one demo sign-up mail, dated against the demo's meetings.
type Sample struct {
	Name string
	Raw  []byte
}

var monthsGenitive = [...]string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"}

var weekdaysAccusative = [...]string{"w niedzielę", "w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek", "w sobotę"}

type sampleData struct {
	M1, M2, M3 sampleMeeting
	Seed       string
	Sent       func(int) string
}

// sampleMeeting is how sample mail names a meeting.
type sampleMeeting struct{ t time.Time }

func (m sampleMeeting) Short() string   { return m.t.Format("2.01") }
func (m sampleMeeting) Numeric() string { return m.t.Format("02.01.2006") }
func (m sampleMeeting) Hour() string    { return m.t.Format("15:04") }

// Words is the date as people write it: "w środę 3 grudnia".
func (m sampleMeeting) Words() string {
	return fmt.Sprintf("%s %d %s", weekdaysAccusative[m.t.Weekday()], m.t.Day(), monthsGenitive[m.t.Month()-1])
}

// Meetings are the demo's meetings, in the coming weeks from now.
func Meetings(now time.Time) []storage.Meeting {
	day := func(days, hour int) time.Time {
		d := now.In(storage.Warsaw).AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, storage.Warsaw)
	}
	mk := func(id, title string, start time.Time, place string, capacity int) storage.Meeting {
		return storage.Meeting{ID: id, Title: title, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Location: place, Capacity: capacity}
	}
	return []storage.Meeting{
		mk("m1", "Program współpracy: zlecanie realizacji zadań publicznych", day(3, 10), "Fundacja BIS, ul. Józefińska 18, Kraków", 40),
		mk("m2", "Spotkanie otwarte dla wszystkich organizacji", day(8, 16), "Urząd Miasta Krakowa, al. Powstania Warszawskiego 10, sala 105", 60),
		mk("m3", "Tryb pozakonkursowy (małe granty) i regranting", day(15, 12), "Klub Kultury Mistrzejowice, os. Tysiąclecia 86, Kraków", 4),
	}
}

// Samples renders the shipped sample mail against the meetings; the mail
// was "sent" in the hours before now. seed keeps Message-IDs of different
// demo runs apart.
func Samples(meetings []storage.Meeting, now time.Time, seed string) ([]Sample, error) {
	data := sampleData{
		M1: sampleMeeting{meetings[0].StartsAt}, M2: sampleMeeting{meetings[1].StartsAt}, M3: sampleMeeting{meetings[2].StartsAt},
		Seed: seed,
		// Sent(i) dates the i-th mail, minutes apart, in the last hour.
		Sent: func(i int) string {
			return now.Add(time.Duration(i-10) * 5 * time.Minute).In(storage.Warsaw).Format(time.RFC1123Z)
		},
	}
	funcs := template.FuncMap{"qp": qpLatin2}
	names, err := fs.Glob(sampleFiles, "samples/*.eml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Sample
	for _, name := range names {
		text, err := sampleFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		tmpl, err := template.New(name).Funcs(funcs).Parse(string(text))
		if err != nil {
			return nil, fmt.Errorf("demo sample %s: %w", name, err)
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, data); err != nil {
			return nil, fmt.Errorf("demo sample %s: %w", name, err)
		}
		out = append(out, Sample{Name: strings.TrimPrefix(name, "samples/"), Raw: crlf(buf.String())})
	}
	return out, nil
}

// ClarificationAnswer is the demo sender's answer to the foundation's
// question which meeting they mean: a reply to the question (Message-ID
// inReplyTo, subject as sent) naming the meeting.
func ClarificationAnswer(subject, inReplyTo string, m storage.Meeting, now time.Time, seed string) ([]byte, error) {
	text, err := sampleFiles.ReadFile("replies/08-odpowiedz.eml")
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New("reply").Parse(string(text))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = tmpl.Execute(&buf, struct {
		Subject, InReplyTo, Date, Seed string
		Meeting                        sampleMeeting
	}{subject, inReplyTo, now.In(storage.Warsaw).Format(time.RFC1123Z), seed, sampleMeeting{m.StartsAt}})
	if err != nil {
		return nil, err
	}
	return crlf(buf.String()), nil
}

func crlf(s string) []byte {
	return []byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n"))
}

// qpLatin2 writes s in ISO-8859-2, quoted-printable, for samples in that
// charset.
func qpLatin2(s string) (string, error) {
	latin2, err := charmap.ISO8859_2.NewEncoder().String(s)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	if _, err := w.Write([]byte(latin2)); err != nil {
		return "", err
	}
	w.Close()
	return buf.String(), nil
}
