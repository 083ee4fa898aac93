package understand

import "testing"

// Table tests for the rules added after the twelfth generalisation set
// (testdata/generalise12).

func TestRulesTwelfth(t *testing.T) {
	ix := newMeetingIndex(eighthMeetings(t))
	r := ix.refs("proszę przesłać dalej do BIS: zgłaszam trzy osoby na spotkanie w środę 19 listopada o 16:00 w Urzędzie Miasta.", eighthMeetings(t)[0].StartsAt.AddDate(0, 0, -5))
	if r.Conflict != "" {
		t.Errorf("'przesłać dalej do BIS' taken as the meeting's place: %q", r.Conflict)
	}
	r = ix.refs("Zgłaszam się na spotkanie 19 listopada w Fundacji BIS.", eighthMeetings(t)[0].StartsAt.AddDate(0, 0, -5))
	if r.Conflict == "" {
		t.Error("'w Fundacji BIS' beside a date at the city hall is no longer a contradiction")
	}
	if got := informalGroup("jesteśmy nieformalną grupą mieszkańców, działamy pod nazwą Sąsiedzi z Kolorowego. Chcielibyśmy przyjść."); got != "Sąsiedzi z Kolorowego" {
		t.Errorf("informalGroup(pod nazwą) = %q", got)
	}
}

func TestRulesThirteenth(t *testing.T) {
	if got, ok := nominativeName("Marka", "Wróbla"); !ok || got != "Marek Wróbel" {
		t.Errorf("nominativeName(Marka, Wróbla) = %q, %v", got, ok)
	}
	if got := headcount("chciałabym zgłosić swój udział w dwóch spotkaniach w Fundacji BIS"); got != 0 {
		t.Errorf("'w dwóch spotkaniach' read as %d people", got)
	}
	if got := headcount("przyjdziemy we dwie"); got != 2 {
		t.Errorf("'we dwie' = %d", got)
	}
}
