package understand

import (
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

// testMeetings is a small schedule of our own (not the corpus'): two
// meetings on Mondays at the same place, one on a Wednesday in Nowa Huta,
// one on a Thursday at the city hall.
func testMeetings() []storage.Meeting {
	loc := warsaw()
	at := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, loc) }
	return []storage.Meeting{
		{ID: "a", Title: "Budżet obywatelski: zasady", StartsAt: at(3, 10, 10), EndsAt: at(3, 10, 12), Location: "Centrum Sąsiedzkie, ul. Długa 5, Kraków"},
		{ID: "b", Title: "Wolontariat seniorów", StartsAt: at(3, 17, 10), EndsAt: at(3, 17, 12), Location: "Centrum Sąsiedzkie, ul. Długa 5, Kraków"},
		{ID: "c", Title: "Spotkanie dla organizacji z Nowej Huty", StartsAt: at(3, 12, 17), EndsAt: at(3, 12, 19), Location: "Klub Kultury Wzgórza, os. Kolorowe 3, Kraków"},
		{ID: "d", Title: "Spotkanie podsumowujące", StartsAt: at(3, 20, 15), EndsAt: at(3, 20, 17), Location: "Urząd Miasta, pl. Główny 1, Kraków"},
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		in   string
		want []dateRef
	}{
		{"na 19 listopada", []dateRef{{Day: 19, Month: 11}}},
		{"spotkanie 3.03", []dateRef{{Day: 3, Month: 3}}},
		{"dnia 12/03", []dateRef{{Day: 12, Month: 3}}},
		{"w dniu 10-03-2025 r.", []dateRef{{Day: 10, Month: 3, Year: 2025}}},
		{"2025-03-17", []dateRef{{Day: 17, Month: 3, Year: 2025}}},
		{"na 20 III", []dateRef{{Day: 20, Month: 3}}},
		{"w środę 12-go", []dateRef{{Day: 12, Weekday: time.Wednesday, HasWeekday: true}}},
		{"poniedziałek 10 marca", []dateRef{{Day: 10, Month: 3, Weekday: time.Monday, HasWeekday: true}}},
		{"10 marcaa", []dateRef{{Day: 10, Month: 3}}},
		{"w przyszły czwartek", []dateRef{{Weekday: time.Thursday, HasWeekday: true, Next: true}}},
		{"o godz. 10.30", nil},
		{"ul. Długa 5, 30-551 Kraków", nil},
		{"na 10 lub 17 marca", []dateRef{{Day: 10, Month: 3, Alternative: true}, {Day: 17, Month: 3}}},
		{"19 i 24 listopada", []dateRef{{Day: 19, Month: 11}, {Day: 24, Month: 11}}},
	}
	for _, tt := range tests {
		got := findDates(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("findDates(%q) = %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("findDates(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestMeetingRefs(t *testing.T) {
	ix := newMeetingIndex(testMeetings())
	anchor := time.Date(2025, 3, 6, 9, 0, 0, 0, warsaw()) // a Thursday
	tests := []struct {
		in   string
		want string // meeting ids of dated or topic mentions, or "conflict"/"unmatched"
	}{
		{"Zgłaszam się na spotkanie 10 marca.", "a"},
		{"Zgłaszam się na spotkanie w Nowej Hucie.", "c"},
		{"Przyjdę na spotkanie podsumowujące.", "d"},
		{"Zgłaszam się na spotkanie w Centrum Sąsiedzkim.", "a b"},
		{"Zgłaszam się na 11 marca.", "unmatched"},
		{"Zgłaszam się na wtorek 10 marca.", "conflict"},
	}
	for _, tt := range tests {
		r := ix.refs(tt.in, anchor)
		var got []string
		switch {
		case r.Conflict != "":
			got = []string{"conflict"}
		case len(r.Unmatched) > 0:
			got = []string{"unmatched"}
		default:
			set := r.dated()
			for _, tp := range r.Topics {
				set = union(set, tp)
			}
			for _, i := range set {
				got = append(got, ix.ms[i].ID)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("refs(%q) = %v, want %s", tt.in, got, tt.want)
		}
	}
	skip := map[string]bool{"wolontariat": true}
	if r := ix.refsSkipping("W imieniu Stowarzyszenia Wolontariat Razem zgłaszam się na 10 marca.", anchor, skip); r.Conflict != "" {
		t.Errorf("an organisation's name counted as a topic: %s", r.Conflict)
	}
	if got := ix.byWeekday(time.Monday, anchor); len(got) != 1 || ix.ms[got[0]].ID != "a" {
		t.Errorf("byWeekday(Monday) = %v, want the coming Monday's meeting a", got)
	}
}

func TestPhones(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tel. 600 123 456", "+48600123456"},
		{"tel. +48 12 345 67 89", "+48123456789"},
		{"tel. (12) 656-43-21", "+48126564321"},
		{"tel. (0-12) 644-88-99", "+48126448899"},
		{"Telefon: 0048 503 221 100", "+48503221100"},
		{"kom. 604 55 66 77", "+48604556677"},
		{"tel. 662-100-200", "+48662100200"},
		{"KRS 0000312456", ""},
		{"NIP 6762468123", ""},
		{"17.11.2014 r.", ""},
		{"wew. 12", ""},
	}
	for _, tt := range tests {
		got := ""
		if h := findPhones(tt.in); len(h) > 0 {
			got = h[0].E164
		}
		if got != tt.want {
			t.Errorf("findPhones(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ first, last, want string }{
		{"Annę", "Pawlak", "Anna Pawlak"},
		{"Michała", "Grabowskiego", "Michał Grabowski"},
		{"Romana", "Wilka", "Roman Wilk"},
		{"Janinę", "Kowalską", "Janina Kowalska"},
		{"Pawła", "Nowaka", "Paweł Nowak"},
		{"Jerzego", "Zielińskiego", "Jerzy Zieliński"},
	}
	for _, tt := range tests {
		if got, _ := nominativeName(tt.first, tt.last); got != tt.want {
			t.Errorf("nominativeName(%q, %q) = %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
	for in, want := range map[string]string{"Anna Nowak": "Anna Nowak", "Fundacja Dobra": "", "Prezes Zarządu": "", "dr Jan Kot": ""} {
		if got := personName(in); got != want {
			t.Errorf("personName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOrganizations(t *testing.T) {
	none := func(string) bool { return false }
	tests := []struct{ body, sig, want string }{
		{"w imieniu Stowarzyszenia Przyjaciele Lasu zgłaszam udział.", "", "Stowarzyszenie Przyjaciele Lasu"},
		{"Reprezentuję Fundację Nowe Światło.", "", "Fundacja Nowe Światło"},
		{"zgłaszam przedstawicieli Małopolskiego Towarzystwa Śpiewaczego na spotkanie", "", "Małopolskie Towarzystwo Śpiewacze"},
		{"Będę reprezentować Spółdzielnię Socjalną Dobry Chleb.", "", "Spółdzielnia Socjalna Dobry Chleb"},
		{"Zgłaszam się.", "Jan Kot\nKoło Gospodyń Wiejskich w Prusach\nul. Polna 1", "Koło Gospodyń Wiejskich w Prusach"},
		{"Zgłaszam się.", "Biuro Fundacji Zielony Dom\ntel. 12 000 00 00", "Fundacja Zielony Dom"},
		{"Organizacja: Klub Seniora Pogodna Jesień", "", "Klub Seniora Pogodna Jesień"},
		{"Reprezentujemy Parafialny Zespół Charytatywny przy parafii św. Anny.", "", "Parafialny Zespół Charytatywny przy parafii św. Anny"},
	}
	for _, tt := range tests {
		if got := organization(tt.body, tt.sig, none); got != tt.want {
			t.Errorf("organization(%q, %q) = %q, want %q", tt.body, tt.sig, got, tt.want)
		}
	}
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		name, text, subject, wantOwn, wantFwdFrom string
	}{
		{"gmail reply", "Zgłaszam się.\n\nW dniu 2025-03-01 10:00, Biuro <b@x.pl> pisze:\n> Zapraszamy\n> tel. 500 500 500", "Re: x", "Zgłaszam się.", ""},
		{"wrapped reply header", "Tak.\n\nW dniu 1 marca 2025 10:00 użytkownik Biuro <b@x.pl>\nnapisał:\n> cytat", "Re: x", "Tak.", ""},
		{"outlook pl", "Będziemy.\n\n-----Wiadomość oryginalna-----\nOd: Biuro [mailto:b@x.pl]\nWysłano: 1 marca\nTemat: x\n\ntreść", "ODP: x", "Będziemy.", ""},
		{"outlook block", "Będziemy.\n\nOd: Biuro <b@x.pl>\nWysłane: 1 marca\nDo: a@y.pl\n\ntreść", "Odp: x", "Będziemy.", ""},
		{"forward", "Przesyłam.\n\n---------- Forwarded message ---------\nFrom: Jan Kot <jan@kot.pl>\nDate: 1 marca\nSubject: zgłoszenie\n\nZgłaszam się.\nJan Kot", "Fwd: zgłoszenie", "Przesyłam.", "jan@kot.pl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := splitBody(tt.text, tt.subject)
			if p.Own != tt.wantOwn {
				t.Errorf("own = %q, want %q", p.Own, tt.wantOwn)
			}
			from := ""
			if p.Forward != nil {
				from = p.Forward.From
			}
			if from != tt.wantFwdFrom {
				t.Errorf("forwarded from = %q, want %q", from, tt.wantFwdFrom)
			}
		})
	}
}

func TestHeadcount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Będziemy w 2 osoby.", 2},
		{"Przyjdziemy we dwie.", 2},
		{"Zgłaszam trzy osoby.", 3},
		{"przyjdę z koleżanką", 2},
		{"zgłaszam się wraz z panią Ireną Kot", 2},
		{"Zgłaszam siebie i pana Jana Nowaka", 2},
		{"Liczba uczestników: 4", 4},
		{"3 os.", 3},
		{"Będę sama.", 1},
		{"Zgłaszam się na 2 grudnia.", 0},
		{"We will come, two people.", 2},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCancelIntent(t *testing.T) {
	tests := []struct {
		in              string
		cancel, unclear bool
	}{
		{"Niestety rezygnuję z udziału.", true, false},
		{"Proszę mnie wykreślić z listy.", true, false},
		{"Niestety nie damy rady przyjść.", true, false},
		{"Chętnie przyjdę.", false, false},
		{"Nie dam rady w środę, czy mogę przyjść zamiast tego w czwartek?", true, true},
	}
	for _, tt := range tests {
		c, u := cancelIntent(tt.in)
		if c != tt.cancel || u != tt.unclear {
			t.Errorf("cancelIntent(%q) = %v, %v; want %v, %v", tt.in, c, u, tt.cancel, tt.unclear)
		}
	}
}

func TestAutoReply(t *testing.T) {
	tests := []struct {
		name   string
		header map[string]string
		from   string
		subj   string
		media  string
		own    string
		ignore bool
	}{
		{"auto-submitted", map[string]string{"Auto-Submitted": "auto-replied"}, "a@x.pl", "Re: x", "text/plain", "Dziękuję", true},
		{"auto-submitted no", map[string]string{"Auto-Submitted": "no"}, "a@x.pl", "zgłoszenie", "text/plain", "Zgłaszam się", false},
		{"outlook subject", nil, "a@x.pl", "Automatyczna odpowiedź: Zaproszenie", "text/plain", "Jestem poza biurem", true},
		{"odp automatyczna", nil, "a@x.pl", "Odp. automatyczna: x", "text/plain", "", true},
		{"english ooo", nil, "a@x.pl", "Out of Office: x", "text/plain", "", true},
		{"bounce", nil, "MAILER-DAEMON@x.pl", "Undelivered Mail", "multipart/report", "", true},
		{"list", map[string]string{"List-Unsubscribe": "<mailto:u@x.pl>"}, "n@x.pl", "Newsletter", "text/plain", "", true},
		{"precedence bulk", map[string]string{"Precedence": "bulk"}, "n@x.pl", "Info", "text/plain", "", true},
		{"ooo body", nil, "a@x.pl", "Re: x", "text/plain", "Przebywam na urlopie do 10 marca.", true},
		{"advert", nil, "o@x.pl", "Szkolenie", "text/html", "Wiadomość ma charakter informacji handlowej. Zapisz się!", true},
		{"read receipt", nil, "a@x.pl", "Przeczytano: zaproszenie", "text/plain", "", true},
		{"calendar accept", nil, "a@x.pl", "Zaakceptowano: spotkanie", "text/plain", "", true},
		{"sign-up", nil, "a@x.pl", "Zgłoszenie", "text/plain", "Zgłaszam się na 10 marca.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{}
			for k, v := range tt.header {
				h[k] = v
			}
			m := &Message{Header: h, MediaType: tt.media}
			m.Envelope.From, m.Envelope.Subject = strings.ToLower(tt.from), tt.subj
			if got := ignoreReason(m, tt.own) != ""; got != tt.ignore {
				t.Errorf("ignore = %v (%q), want %v", got, ignoreReason(m, tt.own), tt.ignore)
			}
		})
	}
}
