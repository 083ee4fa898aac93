package understand

import (
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

// Table tests for the rules added after the fifth generalisation set
// (testdata/generalise5).

func TestHeadcountFifth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Proszę zapisać mnie i jeszcze jedną osobę z Towarzystwa.", 2},
		{"u nas w fundacji działa ponad 40 wolontariuszy, więc temat jest nam bliski.", 0},
		{"Mamy 30 członków i kilka sekcji.", 0},
		{"Przyjdzie 3 wolontariuszy z naszej fundacji.", 3},
		{"Z naszego Stowarzyszenia przyjdą 4 osoby.", 4},
		{"Proszę o zapisanie mnie (1 osoba).", 1},
		{"Będzie około 5 osób.", 0},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestIntentFifth(t *testing.T) {
	for _, s := range []string{
		"Z naszego Stowarzyszenia przyjdą 4 osoby: Jadwiga Sowińska i Halina Pluta.",
		"Na spotkanie przyjdzie nasza prezes.",
	} {
		if !hasIntent(s) {
			t.Errorf("hasIntent(%q) = false, want true", s)
		}
	}
}

func TestStemMatchFifth(t *testing.T) {
	tests := []struct {
		w, k string
		want bool
	}{
		{"dzien", "dziedzictwo", false},
		{"dziedzictwa", "dziedzictwo", true},
		{"polityce", "polityka", true},
		{"seniorzy", "seniorow", true},
		{"urzedzie", "urzad", true},
		{"grantach", "granty", true},
		{"kult", "kultura", true},
	}
	for _, tt := range tests {
		if got := stemMatch(tt.w, tt.k); got != tt.want {
			t.Errorf("stemMatch(%q, %q) = %v, want %v", tt.w, tt.k, got, tt.want)
		}
	}
}

func TestTopicsFifth(t *testing.T) {
	at := func(d int, m time.Month, h int) time.Time { return time.Date(2014, m, d, h, 0, 0, 0, warsaw()) }
	ms := []storage.Meeting{
		{ID: "m2", Title: "Wolontariat w programie współpracy 2015", StartsAt: at(27, 11, 10), Location: "Fundacja BIS, ul. Józefińska 18, Kraków"},
		{ID: "m4", Title: "Inicjatywa lokalna – spotkanie dla organizacji z Nowej Huty", StartsAt: at(3, 12, 12), Location: "Urząd Miasta Krakowa, os. Zgody 2, Kraków"},
		{ID: "m5", Title: "Kultura i dziedzictwo", StartsAt: at(9, 12, 17), Location: "Centrum Kultury Podgórza, ul. Sokolska 13, Kraków"},
		{ID: "m6", Title: "Spotkanie zamykające konsultacje programu współpracy 2015", StartsAt: at(11, 12, 15), Location: "Urząd Miasta Krakowa, ul. Wielicka 28a, Kraków"},
	}
	ix := newMeetingIndex(ms)
	anchor := at(6, 11, 12)
	tests := []struct {
		in           string
		wantTopics   string // the single meetings the topics name, in order
		wantConflict bool
	}{
		// "programie" is as common as "programu": not m2's topic.
		{"proszę o zapisanie mnie na spotkanie zamykające konsultacje programu współpracy.", "m6", false},
		// BIS is where the mail goes ("do" after a sending verb): no topic.
		{"wyślij proszę do Fundacji BIS nasze zgłoszenie na 3 grudnia (inicjatywa lokalna, os. Zgody).", "m4 m4 m4", false},
		// "Dzień" is no form of "dziedzictwo"; "kulturze" in lower case is
		// the title's "Kultura", not the place's "Centrum Kultury".
		{"Dzień dobry, chciałabym się zapisać na spotkanie 9.12 o kulturze.", "m5", false},
		{"Zapisuję się na 9.12 do Centrum Kultury Podgórza.", "m5 m5 m5", false},
		// A date and a topic of another meeting, nothing more: review.
		{"Zapisuję się na 3 grudnia, na spotkanie o kulturze i dziedzictwie.", "m5 m5", true},
		// Capitals throughout say nothing of a place's name (CENTRUM is
		// not counted; KULTURY is the title's topic); an abbreviation does.
		{"ZAPISY NA SPOTKANIE 3 GRUDNIA - CENTRUM KULTURY", "m5", true},
		{"Zapisuję się na spotkanie w BIS 27.11.", "m2", false},
	}
	for _, tt := range tests {
		r := ix.refs(tt.in, anchor)
		var got []string
		for _, set := range r.Topics {
			if len(set) == 1 {
				got = append(got, ms[set[0]].ID)
			}
		}
		if g := strings.Join(got, " "); g != tt.wantTopics || (r.Conflict != "") != tt.wantConflict {
			t.Errorf("refs(%q): topics %q, conflict %q; want topics %q, conflict %v", tt.in, g, r.Conflict, tt.wantTopics, tt.wantConflict)
		}
	}
}

func TestForwardThunderbirdHeaders(t *testing.T) {
	body := "Martyna, to przyszło na biuro@, przekazuję.\n\n-------- Przekazana wiadomość --------\n" +
		"Temat: \tZgłoszenie\nData: \tFri, 14 Nov 2014 12:05:40 +0100\nNadawca: \tWiesława Olech <w.olech@example.org>\n" +
		"Adresat: \tbiuro@bis-krakow.pl\n\n\nZgłaszam dwie osoby na 9 grudnia.\n"
	p := splitBody(body, "Fwd: Zgłoszenie")
	if p.Forward == nil {
		t.Fatal("no forward found")
	}
	if p.Forward.From != "w.olech@example.org" {
		t.Errorf("forward From = %q", p.Forward.From)
	}
	if strings.Contains(p.Forward.Own, "biuro@") || !strings.Contains(p.Forward.Own, "Zgłaszam dwie osoby") {
		t.Errorf("forward's own text = %q, want the letter without its header lines", p.Forward.Own)
	}
}

// TestEnglishCancelReply: the English notices ask for the single word
// "cancel" in a reply; that reply, quoting the confirmation, withdraws.
func TestEnglishCancelReply(t *testing.T) {
	raw := "From: John Smith <john@ngo.example.org>\r\nTo: martyna.niedospial@bis-krakow.pl\r\n" +
		"Date: Fri, 14 Nov 2014 12:00:00 +0100\r\nSubject: Re: Your place is confirmed: meeting on 19 November\r\n" +
		"Message-ID: <x1@ngo.example.org>\r\nIn-Reply-To: <n1@bis-krakow.pl>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
		"cancel\r\n\r\nOn 13 Nov 2014, Fundacja BIS wrote:\r\n> Hello,\r\n>\r\n" +
		"> thank you for signing up. We confirm your registration for the meeting:\r\n>\r\n" +
		">     Spotkanie otwarte\r\n>     When:  Wednesday, 19 November 2014, 16:00–18:00\r\n>     Where: Urząd Miasta Krakowa\r\n>\r\n" +
		"> If you cannot come after all, please let us know: just reply to this message with the single word \"cancel\".\r\n"
	at := func(d int, m time.Month, h int) time.Time { return time.Date(2014, m, d, h, 0, 0, 0, warsaw()) }
	ms := []storage.Meeting{
		{ID: "m1", Title: "Zlecanie zadań", StartsAt: at(17, 11, 10), Location: "Fundacja BIS"},
		{ID: "m2", Title: "Spotkanie otwarte", StartsAt: at(19, 11, 16), Location: "Urząd Miasta Krakowa"},
	}
	d := Decide(Read(strings.NewReader(raw)), ms, time.Time{})
	if d.Action != "cancel" || len(d.Registrations) != 1 || d.Registrations[0].MeetingID != "m2" {
		t.Errorf("decision %s (%s) %+v, want cancel of m2", d.Action, d.Reason, d.Registrations)
	}
}
