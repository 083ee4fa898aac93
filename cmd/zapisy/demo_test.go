package main

import (
	"strings"
	"testing"
)

// TestDemoOnce runs the demo as a newcomer would and checks that every
// shipped sample is decided as intended and its notices go out.
func TestDemoOnce(t *testing.T) {
	c := newCLI(t)
	out := c.ok("demo", "--once", "--data-dir", t.TempDir())
	for _, want := range []string{
		"01-formularz.eml\n    decyzja: zapis — zgłoszenie na m1",
		"m1: Stowarzyszenie Aktywni Seniorzy Podgórza, Halina Wójcik (2 os.) → zapisany",
		"02-w-imieniu.eml\n    decyzja: zapis — zgłoszenie na m2",
		"m2: Fundacja Zielony Kazimierz, Tomasz Zieliński (1 os.) → zapisany",
		"03-html.eml\n    decyzja: zapis — zgłoszenie na m3",
		"m3: Stowarzyszenie Klub Mistrzejowice, Ewa Nowak (3 os.) → zapisany",
		"04-poza-biurem.eml\n    decyzja: bez odpowiedzi — odpowiedź automatyczna",
		"05-pytanie.eml\n    decyzja: do przejrzenia przez zespół",
		"m3: Fundacja Sąsiedzi na Plus, Piotr Mazur (2 os.) → lista rezerwowa",
		"07-rezygnacja.eml\n    decyzja: rezygnacja — wycofuje zgłoszenie z m3",
		`wysłano do halina.wojcik@seniorzy-podgorze.example: "Potwierdzenie zapisu`,
		`wysłano do piotr.mazur@sasiedzi-na-plus.example: "Lista rezerwowa`,
		`wysłano do ewa.nowak@klub-mistrzejowice.example: "Potwierdzenie rezygnacji`,
		`wysłano do piotr.mazur@sasiedzi-na-plus.example: "Zwolniło się miejsce`,
		`wysłano do halina.wojcik@seniorzy-podgorze.example: "Przypomnienie`,
		"do sprawdzenia przez zespół: 1",
		"08-bez-terminu.eml\n    decyzja: do przejrzenia przez zespół",
		"(termin nieznany): Koło Gospodyń Wiejskich w Toniach, Agnieszka Kowalczyk (2 os.) → czeka na wyjaśnienie",
		`wysłano do a.kowalczyk@kgw-tonie.example: "Zgłoszenie na spotkanie – prosimy o wskazanie terminu"`,
		"decyzja: zapis — odpowiedź na pytanie o spotkanie uzupełnia oczekujące zgłoszenie (zgłoszenie na m2",
		"m2: Koło Gospodyń Wiejskich w Toniach, Agnieszka Kowalczyk (2 os.) → zapisany",
		`wysłano do t.zielinski@zielony-kazimierz.example: "Zmiana terminu`,
		`wysłano do piotr.mazur@sasiedzi-na-plus.example: "Spotkanie odwołane`,
		"przypomnienie do halina.wojcik@seniorzy-podgorze.example, ",
		"wysłano: 1, do ponowienia: 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(out, "wysłano do jan.kowalski") {
		t.Error("the out-of-office reply was answered")
	}
	if t.Failed() {
		t.Log(out)
	}
}
