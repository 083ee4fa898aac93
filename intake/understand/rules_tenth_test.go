package understand

import (
	"strings"
	"testing"
	"time"
)

// Table tests for the rules added after the tenth generalisation set
// (testdata/generalise10, on the corpus's own meetings).

func TestRulesTenth(t *testing.T) {
	never := func(string) bool { return false }
	for _, tt := range []struct{ body, sig, want string }{
		{"Zapisuję się.", "dr Aleksandra Kurek\nFUNDACJA EDUKACJI MEDIALNEJ „SOCZEWKA” (KRS 0000402215)", "Fundacja Edukacji Medialnej „Soczewka”"},
		{"Zapisuję się.", "Biuro Fundacji\nFundacja Rozwoju Przedsiębiorczości Społecznej\ni Wolontariatu\nul. Zabłocie 20/9", "Fundacja Rozwoju Przedsiębiorczości Społecznej i Wolontariatu"},
	} {
		if got := organization(tt.body, tt.sig, never); got != tt.want {
			t.Errorf("organization(%q) = %q, want %q", tt.sig, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"Numer KRS Towarzystwa to 298504, mój telefon 607.441.389.", "0000298504"},
		{"wpisane do Krajowego Rejestru Sądowego pod numerem 0000123987", "0000123987"},
	} {
		if got := krs(tt.in); got != tt.want {
			t.Errorf("krs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := headcount("Liczba osób: dwie"); got != 2 {
		t.Errorf("headcount(Liczba osób: dwie) = %d", got)
	}
	if got := contactName("Liczba uczestników: 3\nOsoba do kontaktu: ks. Marian Gąsior", "", ""); got != "Marian Gąsior" {
		t.Errorf("contact after a title in the field = %q", got)
	}

	mail := func(body string) *Message {
		return Read(strings.NewReader("From: Grażyna Kwiatkowska <g@example.org>\r\nSubject: Zgłoszenie\r\nDate: Mon, 10 Nov 2014 09:00:00 +0100\r\n" +
			"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body))
	}
	d := Decide(mail("Chciałabym zapisać się na poniedziałkowe spotkanie w Fundacji BIS, 19 listopada.\r\n\r\nGrażyna Kwiatkowska\r\n"), eighthMeetings(t), time.Time{})
	if d.Action != "review" {
		t.Errorf("a date at another place than both meetings there: %s (%s), want review", d.Action, d.Reason)
	}
	d = Decide(mail("przesyłam zgłoszenie na spotkanie 02.12.2014 r.:\r\nNazwa organizacji: Stowarzyszenie Krokus\r\nOsoba kontaktowa: Kwiatkowska Grażyna\r\nLiczba osób: dwie\r\n\r\nKwiatkowska Grażyna\r\n"), eighthMeetings(t), time.Time{})
	if len(d.Registrations) != 1 || d.Registrations[0].ContactName != "Grażyna Kwiatkowska" || d.Registrations[0].Attendees != 2 {
		t.Errorf("surname first on a form: %+v (%s)", d.Registrations, d.Reason)
	}
}
