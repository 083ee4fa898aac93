package understand

import "strings"

// People sign with the everyday form of their first name ("Wojtek
// Sikora") while their mail program holds the full one ("Wojciech
// Sikora"). The full form is the name to register.

// diminutives maps everyday forms of first names to the full ones.
var diminutives = map[string]string{
	"Kasia": "Katarzyna", "Asia": "Joanna", "Gosia": "Małgorzata", "Ola": "Aleksandra", "Basia": "Barbara",
	"Magda": "Magdalena", "Ela": "Elżbieta", "Ania": "Anna", "Ewka": "Ewa", "Dorotka": "Dorota",
	"Kuba": "Jakub", "Tomek": "Tomasz", "Bartek": "Bartłomiej", "Wojtek": "Wojciech", "Jurek": "Jerzy",
	"Staszek": "Stanisław", "Krzysiek": "Krzysztof", "Piotrek": "Piotr", "Michałek": "Michał",
	"Maciek": "Maciej", "Marcinek": "Marcin", "Zosia": "Zofia", "Hania": "Hanna", "Jola": "Jolanta",
	"Iza": "Izabela", "Marysia": "Maria", "Grześ": "Grzegorz", "Grzesiek": "Grzegorz", "Ula": "Urszula",
	"Beatka": "Beata", "Kamilka": "Kamila", "Lucek": "Lucjan", "Józek": "Józef", "Heniek": "Henryk",
	"Zbyszek": "Zbigniew", "Rysiek": "Ryszard", "Władek": "Władysław", "Mirek": "Mirosław", "Darek": "Dariusz",
	"Jarek": "Jarosław", "Sławek": "Sławomir", "Radek": "Radosław", "Przemek": "Przemysław", "Wiesiek": "Wiesław",
}

// fullerName returns other instead of name when both are the same person
// and name's first name is the everyday form of other's ("Wojtek Sikora",
// "Wojciech Sikora").
func fullerName(name, other string) string {
	n, o := strings.Fields(name), strings.Fields(other)
	if len(n) != 2 || len(o) != 2 || !strings.EqualFold(n[1], o[1]) {
		return name
	}
	// "Bartek" is Bartłomiej's or Bartosz's: a diminutive beside a full
	// name of the same beginning and surname is that name.
	if full := diminutives[n[0]]; full != "" && (full == o[0] || knownFirstName(o[0]) && sameStart(n[0], o[0], 4)) {
		return other
	}
	return name
}

// sameStart reports whether a and b begin with the same n letters.
func sameStart(a, b string, n int) bool {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	return len(ra) >= n && len(rb) >= n && string(ra[:n]) == string(rb[:n])
}
