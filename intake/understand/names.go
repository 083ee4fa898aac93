package understand

import (
	"regexp"
	"strings"
	"unicode"
)

// firstNames are common Polish first names in the nominative; they tell a
// person's name from an organisation's and give the nominative of an
// inflected name ("Annę" → "Anna").
var firstNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`Ada Adam Adrian Adrianna Agata Agnieszka Aleksander Aleksandra Alicja Alina Amelia
	Andrzej Aneta Aniela Anna Antoni Antonina Arkadiusz Artur Barbara Bartłomiej Bartosz Beata Benedykt Bogdan Bogdana
	Bogumiła Bogusław Bogusława Bożena Bronisław Bronisława Cezary Czesław Czesława Damian Daniel Daniela Danuta Dariusz
	Daria Dawid Dominik Dominika Dorota Edward Edyta Elżbieta Emil Emilia Ewa Ewelina Feliks Filip Franciszek Gabriel
	Gabriela Genowefa Grażyna Grzegorz Halina Hanna Helena Henryk Henryka Hubert Ignacy Igor Ilona Irena Ireneusz Iwona
	Izabela Jacek Jadwiga Jakub Jan Janina Janusz Jarosław Jerzy Joanna Jolanta Józef Józefa Julia Julian Justyna Kacper
	Kamil Kamila Karol Karolina Katarzyna Kazimierz Kazimiera Kinga Klaudia Konrad Kornelia Krystian Krystyna Krzysztof
	Leszek Lidia Leon Lucyna Ludwik Łucja Łukasz Maciej Magdalena Maja Malwina Małgorzata Marcin Marek Maria Marian
	Marianna Mariola Mariusz Marta Martyna Marzena Mateusz Michał Michalina Mieczysław Milena Mikołaj Mirosław Mirosława
	Monika Natalia Nikola Norbert Oliwia Oskar Patrycja Patryk Paula Paulina Paweł Piotr Przemysław Rafał Regina Renata
	Robert Roman Romuald Róża Ryszard Ryszarda Sabina Sebastian Seweryn Stanisław Stanisława Stefan Stefania Sylwester
	Sylwia Szymon Tadeusz Teresa Tomasz Urszula Wacław Waldemar Wanda Weronika Wiesław Wiesława Wiktor Wiktoria Witold
	Władysław Włodzimierz Wojciech Zbigniew Zdzisław Zenon Zofia Zuzanna Zygmunt Żaneta Magda Kasia Ela Gosia Ola Basia
	Asia Tomek Kuba Bartek Wojtek Michael John Mary David Peter Sarah Anne Laura Emma James Thomas
	Olga Lena Nina Iga Inga Klara Blanka Celina Cecylia Dagmara Diana Eliza Estera Felicja Iwona Jagoda Julita Karina
	Ksenia Leokadia Lilianna Ludmiła Marcelina Marlena Matylda Melania Nadia Oktawia Pola Roksana Rozalia Sara Sonia
	Tamara Teodora Walentyna Wacława Zenona Zdzisława Bolesława Franciszka Apolonia Anastazja Julianna Konstancja
	Olena Oksana Tetiana Iryna Natalija Alan Albert Aleksy Alfred Ambroży Augustyn Bernard Błażej Bolesław Borys
	Dobromir Edmund Eryk Ernest Eugeniusz Eustachy Fabian Florian Gerard Gracjan Gustaw Hieronim Izydor Jędrzej Joachim
	Juliusz Kajetan Klemens Konstanty Kornel Lech Lesław Leonard Leopold Lucjan Maksymilian Marcel Maurycy Miłosz Nikodem
	Olaf Olgierd Oliwer Radosław Rajmund Remigiusz Rudolf Sławomir Szczepan Teodor Tobiasz Tymon Tymoteusz Walenty
	Walery Wincenty Wit`) {
		m[n] = true
	}
	return m
}()

var nameTokenRE = regexp.MustCompile(`^\p{Lu}(\p{Ll}+|'\p{Lu}\p{Ll}+)(-\p{Lu}\p{Ll}+)?$`)

// personName returns s as a person's name ("Anna Nowak") when it looks like
// one: two or three capitalised words, a known first name first (or last,
// "Nowak Anna"), no organisation word. Else "".
func personName(s string) string {
	s = strings.Trim(strings.TrimSpace(s), ",.;:")
	if isAllCaps(s) {
		s = titleWords(s)
	}
	toks := strings.Fields(s)
	if len(toks) < 2 || len(toks) > 3 {
		return ""
	}
	for _, t := range toks {
		if !nameTokenRE.MatchString(t) || isOrgWord(t) {
			return ""
		}
	}
	if knownFirstName(toks[0]) || knownFirstName(toks[len(toks)-1]) {
		return strings.Join(toks, " ")
	}
	return ""
}

// nominativeName turns an inflected "Annę Pawlak", "Michała Grabowskiego",
// "panią Janiną Kot" into the nominative. Names it cannot place are kept
// as written.
func nominativeName(first, last string) (string, bool) {
	f, fem, ok := nominativeFirst(first)
	if !ok {
		return "", false
	}
	return f + " " + nominativeSurname(last, fem, f != first), true
}

func nominativeFirst(w string) (string, bool, bool) {
	if firstNames[w] {
		return w, strings.HasSuffix(w, "a"), true
	}
	type rule struct{ from, to string }
	for _, r := range []rule{
		{"ę", "a"}, {"ą", "a"}, {"ii", "ia"}, {"y", "a"}, {"i", "a"}, {"ie", "a"}, // Annę, Anną, Marii, Anny, Kingi
		{"ła", "eł"}, {"ka", "ek"}, {"ego", "y"}, {"ego", "i"}, {"a", ""}, {"em", ""}, {"owi", ""}, {"u", ""},
		// the dative: Beacie, Jadwidze, Barbarze; Pawłowi, Markowi, Jerzemu
		{"cie", "ta"}, {"dze", "ga"}, {"rze", "ra"}, {"łowi", "eł"}, {"kowi", "ek"}, {"emu", "y"}, {"iemu", "i"},
	} {
		if strings.HasSuffix(w, r.from) {
			c := strings.TrimSuffix(w, r.from) + r.to
			if firstNames[c] {
				return c, strings.HasSuffix(c, "a"), true
			}
		}
	}
	return "", false, false
}

func nominativeSurname(w string, fem, inflected bool) string {
	if !inflected {
		return w
	}
	type rule struct{ from, to string }
	var rules []rule
	if fem {
		rules = []rule{{"ską", "ska"}, {"cką", "cka"}, {"dzką", "dzka"}, {"skiej", "ska"}, {"ckiej", "cka"}, {"ą", "a"}, {"ę", "a"}, {"ej", "a"},
			{"cie", "ta"}, {"dze", "ga"}, {"rze", "ra"}, {"ie", "a"}} // the dative: Sikorze, Sowie
	} else {
		rules = []rule{{"skiego", "ski"}, {"ckiego", "cki"}, {"dzkiego", "dzki"}, {"skiemu", "ski"}, {"ckiemu", "cki"}, {"dzkiemu", "dzki"},
			{"skim", "ski"}, {"ckim", "cki"}, {"iego", "i"}, {"ego", "y"}, {"iemu", "i"}, {"emu", "y"}, {"em", ""}, {"kowi", "ek"}, {"owi", ""}, {"ę", "a"}, {"ą", "a"},
			{"iecia", "ieć"}, {"ieciowi", "ieć"}, {"bla", "bel"}, {"blowi", "bel"}, {"a", ""}} // Kmiecia → Kmieć, Wróbla → Wróbel
	}
	for _, r := range rules {
		if strings.HasSuffix(w, r.from) {
			stem := strings.TrimSuffix(w, r.from)
			if r.from == "kowi" {
				// Kurkowi → Kurek, but Nowakowi → Nowak, Wilkowi → Wilk
				if last := []rune(stem); len(last) == 0 || strings.ContainsRune("aeiouyąęól", unicode.ToLower(last[len(last)-1])) {
					continue
				}
			}
			if r.from == "a" || r.from == "em" || r.from == "owi" {
				if last := []rune(stem); len(last) == 0 || strings.ContainsRune("aeiouyąęó", unicode.ToLower(last[len(last)-1])) {
					continue
				}
			}
			return stem + r.to
		}
	}
	return w
}

var (
	// contactFieldRE: "Osoba kontaktowa: Dorota Jankowska", "Kontakt: …".
	contactFieldRE = regexp.MustCompile(`(?im)(?:osoba\s+(?:kontaktowa|do\s+kontaktu|zgłaszająca)|imię\s+i\s+nazwisko|kontakt|zgłaszający|zgłaszająca|uczestnik|contact(?:\s+person)?|name)\s*[:\-–]\s*(?:(?:ks|dr|mgr|inż|prof|dh|pwd|phm|hm|o)\.\s*)*(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)`)
	// thirdPersonRE: "zgłaszamy Annę Pawlak", "zapisujemy pana Jana Nowaka",
	// "zgłaszam na 19.11 naszą wolontariuszkę, Kasię Nowak".
	thirdPersonRE = regexp.MustCompile(`(?i:zgłaszam|zgłaszamy|zgłasza|zapisuję|zapisujemy|zapisać|zgłosić|delegujemy|deleguję)\s+(?:(?i:na)\s+(?i:spotkanie\s+)?[\d.]+\s+)?(?:(?i:naszą|naszego|moją|mojego)\s+\p{Ll}+,?\s+)?(?i:pana\s+|panią\s+|p\.\s*)?(?i:(?:ks|dr|mgr|prof|inż)\.?\s+)*(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)`)
	// andMoreRE: another person follows a name ("… i siebie", "… oraz
	// pana Adama").
	andMoreRE = regexp.MustCompile(`^\s*,?\s*(i|oraz|a\s+także|wraz\s+z)\s+(siebie|mnie|pan\p{L}*|pani\p{L}*|\p{Lu})`)
	// withSelfRE: the writer signs up themself too ("i siebie", "oraz mnie").
	withSelfRE = regexp.MustCompile(`(?i)(siebie|\bmnie\b|\bja\b|\bsię\b)`)
	// selfNameRE: "nazywam się Anna Nowak", "jestem Anna Nowak", "my name is".
	selfNameRE = regexp.MustCompile(`(?i:(nazywam\s+się|mam\s+na\s+imię|my\s+name\s+is)|jestem)\s+(\p{Lu}\p{Ll}+\s+\p{Lu}(?:\p{Ll}+|'\p{Lu}\p{Ll}+)(?:-\p{Lu}\p{Ll}+)?)`)
)

// contactName finds the person who signs up, in the nominative: a labelled
// field first, then a person signed up in the third person when nobody
// signs the letter, then the signature, then the From name.
func contactName(body, signature, fromName string) string {
	all := body + "\n" + signature
	if sm := contactFieldRE.FindStringSubmatch(all); sm != nil && personName(sm[1]) != "" {
		return sm[1]
	}
	signer := ""
	for _, l := range strings.Split(signature, "\n") {
		l = stripTitle(l)
		if n := personName(l); n != "" {
			signer = n
			break
		}
		if nameShaped(l) && sameName(l, fromName) {
			signer = strings.Join(strings.Fields(l), " ")
			break
		}
	}
	// Someone else signed up in the third person ("zgłaszam panią Marię
	// Sikorę"), alone, is the contact even when another person signs.
	n := thirdPerson(body)
	if n == "" {
		n = behalfPerson(body)
	}
	if n != "" && (signer == "" || !sameName(n, signer)) {
		return n
	}
	if signer != "" {
		return fullerName(fromOrder(signer, fromName), fromName)
	}
	// "Nazywam się Olena Kovalenko": said in so many words, a name even
	// when its first name is not a Polish one.
	if sm := selfNameRE.FindStringSubmatch(body); sm != nil && (personName(sm[2]) != "" || sm[1] != "" && nameShaped(sm[2])) {
		return sm[2]
	}
	if n := personName(fromName); n != "" {
		return n
	}
	// A name on its own line at the end of the body (letters with no closing).
	lines := strings.Split(body, "\n")
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-6; i-- {
		if n := personName(stripTitle(lines[i])); n != "" {
			return n
		}
	}
	return ""
}

// thirdPerson finds a single person the letter signs up in the third
// person, in the nominative, or "".
func thirdPerson(body string) string {
	for _, s := range sentences(body) {
		for _, sm := range thirdPersonRE.FindAllStringSubmatchIndex(s, -1) {
			n, ok := nominativeName(s[sm[2]:sm[3]], s[sm[4]:sm[5]])
			if !ok {
				continue
			}
			if withSelfRE.MatchString(s[:sm[0]]) || andMoreRE.MatchString(s[sm[1]:]) {
				return "" // more than one person: keep the writer
			}
			return n
		}
	}
	return ""
}

// nameShaped: two or three capitalised words, none an organisation word;
// a name when something else (the From header) vouches for it.
func nameShaped(s string) bool {
	toks := strings.Fields(s)
	if len(toks) < 2 || len(toks) > 3 {
		return false
	}
	for _, t := range toks {
		if !nameTokenRE.MatchString(t) || isOrgWord(t) {
			return false
		}
	}
	return true
}

// sameName compares two names case-insensitively after folding white
// space; Polish letters must match exactly.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

var titleRE = regexp.MustCompile(`(?i)^(dr|mgr|inż|prof|ks|hab|lek|dh|druh|druhna|phm|hm|pwd)\.?\s+`)

func stripTitle(l string) string {
	l = strings.TrimSpace(l)
	for titleRE.MatchString(l) {
		l = titleRE.ReplaceAllString(l, "")
	}
	if i := strings.IndexAny(l, ",–|"); i > 0 {
		l = l[:i] // "Anna Nowak, prezes"
	}
	l = strings.TrimSuffix(strings.TrimSpace(strings.Split(l, " - ")[0]), ".")
	return l
}
