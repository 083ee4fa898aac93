package understand

import (
	"regexp"
	"strings"
)

// orgForms maps the inflected forms of the words that name an organisation
// type to the nominative, with the word's gender (for adjectives that
// agree with it).
var orgForms = func() map[string]orgForm {
	m := map[string]orgForm{}
	for _, t := range orgTypes {
		m[t.nom] = orgForm{t.nom, t.gender}
		for _, f := range strings.Fields(t.forms) {
			m[f] = orgForm{t.nom, t.gender}
		}
	}
	return m
}()

// orgFormsFolded are the same forms without Polish letters, for mail
// written without them ("Fundacje Przystan", "Zwiazku").
var orgFormsFolded = func() map[string]orgForm {
	m := map[string]orgForm{}
	for k, v := range orgForms {
		if _, ok := m[fold(k)]; !ok || k == v.nom {
			m[fold(k)] = v
		}
	}
	return m
}()

// lookupOrgWord finds a type word as written, else without Polish letters.
func lookupOrgWord(w string) (orgForm, bool) {
	if f, ok := orgForms[w]; ok {
		return f, true
	}
	f, ok := orgFormsFolded[fold(w)]
	return f, ok
}

type orgForm struct {
	nom    string
	gender byte // 'm', 'f', 'n'
}

var orgTypes = []struct {
	nom    string
	gender byte
	forms  string
}{
	{"Fundacja", 'f', "Fundacji Fundację Fundacją"},
	{"Stowarzyszenie", 'n', "Stowarzyszenia Stowarzyszeniu Stowarzyszeniem"},
	{"Towarzystwo", 'n', "Towarzystwa Towarzystwu Towarzystwem Towarzystwie"},
	{"Związek", 'm', "Związku Związkowi Związkiem"},
	{"Klub", 'm', "Klubu Klubowi Klubem Klubie"},
	{"Spółdzielnia", 'f', "Spółdzielni Spółdzielnię Spółdzielnią"},
	{"Zespół", 'm', "Zespołu Zespołowi Zespołem Zespole"},
	{"Koło", 'n', "Koła Kołu Kołem Kole"},
	{"Centrum", 'n', ""},
	{"Ośrodek", 'm', "Ośrodka Ośrodkowi Ośrodkiem Ośrodku"},
	{"Instytut", 'm', "Instytutu Instytutem Instytucie"},
	{"Federacja", 'f', "Federacji Federację Federacją"},
	{"Grupa", 'f', "Grupy Grupę Grupą Grupie"},
	{"Inicjatywa", 'f', "Inicjatywy Inicjatywę Inicjatywą Inicjatywie"},
	{"Akademia", 'f', "Akademii Akademię Akademią"},
	{"Forum", 'n', ""},
	{"Rada", 'f', "Rady Radę Radą Radzie"},
	{"Parafia", 'f', "Parafii Parafię Parafią"},
	{"Uniwersytet", 'm', "Uniwersytetu Uniwersytetem Uniwersytecie"},
	{"Chór", 'm', "Chóru Chórem Chórze"},
	{"Teatr", 'm', "Teatru Teatrem Teatrze"},
	{"Caritas", 'f', ""},
	{"Zrzeszenie", 'n', "Zrzeszenia Zrzeszeniem Zrzeszeniu"},
	{"Liga", 'f', "Ligi Ligę Ligą"},
	{"Świetlica", 'f', "Świetlicy Świetlicę Świetlicą"},
	{"Hufiec", 'm', "Hufca Hufcem"},
	{"Drużyna", 'f', "Drużyny Drużynę Drużyną Drużynie"},
	{"Szczep", 'm', "Szczepu Szczepem Szczepie"},
	{"Chorągiew", 'f', "Chorągwi Chorągwią"},
	{"Bank", 'm', "Banku Bankiem"},
	{"Dom", 'm', "Domu Domem"},
	{"Kongres", 'm', "Kongresu"},
	{"Porozumienie", 'n', "Porozumienia"},
	{"Sieć", 'f', "Sieci"},
	{"Spółka", 'f', "Spółki Spółkę"},
	{"Ochotnicza", 'f', "Ochotniczej Ochotniczą"},
	{"Straż", 'f', "Straży Strażą"},
	{"Wspólnota", 'f', "Wspólnoty Wspólnotę Wspólnotą Wspólnocie"},
	// Abbreviations that begin a name ("PTTK Oddział Nowohucki", "UKS
	// \"Orlik\"", "ZHP Hufiec Kraków-Podgórze").
	{"PTTK", 'n', ""}, {"ZHP", 'm', ""}, {"ZHR", 'm', ""}, {"UKS", 'm', ""}, {"MKS", 'm', ""}, {"SKS", 'm', ""},
	{"AZS", 'm', ""}, {"LKS", 'm', ""}, {"KGW", 'n', ""}, {"OSP", 'f', ""}, {"PCK", 'm', ""}, {"TPD", 'n', ""},
	{"Association", 'n', ""},
	{"Foundation", 'n', ""},
}

func isOrgWord(w string) bool {
	_, ok := lookupOrgWord(strings.Trim(w, ",.;:„”\""))
	return ok
}

func isNominativeOrgWord(w string) bool {
	f, ok := orgForms[w]
	return ok && f.nom == w
}

var (
	// orgTailRE: what follows a name on its line: a register number, an
	// address, a phone.
	orgTailRE = regexp.MustCompile(`(?i)^\s*(?:KRS|NIP|REGON|tel|kom|ul\.|al\.|os\.|pl\.|\d)`)
	// segmentRE splits a line into the parts a name may stand alone in.
	segmentRE  = regexp.MustCompile(`\s*(?:[,;()]|\.\s|\s[–-]\s)\s*`)
	orgFieldRE = regexp.MustCompile(`(?im)^\s*(?:[-•*]\s*)?(?:nazwa\s+organizacji|organizacja|nazwa|organization|organisation)\s*[:\-–]\s*(.{3,120})$`)
	// orgIntroRE: phrases after which the sender names their organisation.
	// It is matched against folded text, so mail without Polish letters
	// reads the same.
	orgIntroRE = regexp.MustCompile(`(w\s+imieniu|z\s+ramienia|reprezent\p{L}*|przedstawiciel\p{L}*|dzialamy\s+jako|jestesmy|jestem\s+z|jestesmy\s+z|ze|z|(zglaszam|zglaszamy|zapisac|zapisuje|zapisujemy|zglosic|zglos|zapisz)(\s+(prosze|tez|takze|rowniez|jeszcze|nasza|nasze|nasz))*|zgloszenie|czlonk\p{L}*|kieruj\p{L}*|prezes\p{L}*|dzialam\s+w|dzialamy\s+w|pracuje\s+w|wolontariusz\p{L}*\s+w|jestem\s+(?:\p{L}+\s+){1,2}w|on\s+behalf\s+of|from)\s+$`)
	// orgSubjectVerbRE: a verb after an organisation's name makes it the
	// subject of the sentence ("Towarzystwo X chciałoby wziąć udział").
	orgSubjectVerbRE = regexp.MustCompile(`^(zglasza|zglosi|chce|chcialoby|chcialaby|chcialby|pragnie|prosi|wezmie|deleguje|zapisuje|bedzie|deklaruje|planuje|would|will|wishes|wants)\b`)
	orgConnectors    = map[string]bool{"dla": true, "przy": true, "na": true, "w": true, "we": true, "z": true, "ze": true,
		"im.": true, "i": true, "pw.": true, "św.": true, "imienia": true, "of": true, "for": true, "the": true, "and": true, "nr": true, "do": true, "od": true,
		"bez": true, "pod": true, "nad": true, "po": true, "ku": true, "oraz": true, "przed": true, "u": true}
)

// organization finds the sender's organisation in the nominative: a
// labelled field first, then a line of the signature (or the letter) that
// is an organisation's name, then a mention in the letter such as "w
// imieniu Stowarzyszenia X", turned into the nominative. host lists
// organisations that are the foundation's own (its name in meeting places).
func organization(body, signature string, host func(string) bool) string {
	all := body + "\n" + signature
	if sm := orgFieldRE.FindStringSubmatch(all); sm != nil {
		if o := strings.Trim(strings.TrimSpace(sm[1]), ",.;"); o != "" && !host(o) {
			return o
		}
	}
	for _, src := range []string{signature, body} {
		for _, l := range joinNameLines(strings.Split(src, "\n")) {
			if o := orgLine(l); o != "" && !host(o) {
				// "w imieniu Fundacji X" in the letter, another organisation
				// in the signature: the writer acts for X this time.
				if b := inNameOf(body); b != "" && !host(b) && !shareNameWord(b, o) {
					return b
				}
				return expandAbbreviation(o, body)
			}
		}
	}
	for _, o := range orgMentions(body) {
		if !host(o) {
			return o
		}
	}
	// A name written in passing: "Agata Rutkowska, Stowarzyszenie Mamy
	// Czas, tel. 516 204 887".
	for _, l := range strings.Split(body, "\n") {
		for _, seg := range segmentRE.Split(l, -1) {
			if o := strings.TrimRight(orgLine(seg), ".,;:"); o != "" && !host(o) {
				return o
			}
		}
	}
	return informalGroup(body)
}

// informalGroup reads the name of an informal group, which has no type
// word of its own: "grupę nieformalną Sąsiedzi z Kazimierza" → "Sąsiedzi
// z Kazimierza".
func informalGroup(body string) string {
	toks := strings.Fields(body)
	// "działamy pod nazwą Sąsiedzi z Kolorowego", "grupa o nazwie X".
	for i := 0; i+2 < len(toks); i++ {
		a, b := strings.ToLower(toks[i]), strings.ToLower(toks[i+1])
		if !(a == "pod" && strings.HasPrefix(b, "nazw") || a == "o" && strings.HasPrefix(b, "nazwie")) {
			continue
		}
		j := i + 2
		if !isCapitalised(toks[j]) && !strings.HasPrefix(toks[j], "„") {
			continue
		}
		if end := orgEnd(toks, j); end > j {
			return strings.Trim(strings.Join(toks[j:end], " "), ",.;:()")
		}
	}
	for i := 0; i+2 < len(toks); i++ {
		if !strings.HasPrefix(strings.ToLower(toks[i]), "grup") || !strings.HasPrefix(strings.ToLower(toks[i+1]), "nieformaln") {
			continue
		}
		j := i + 2
		if !isCapitalised(toks[j]) && !strings.HasPrefix(toks[j], "„") {
			continue
		}
		end := orgEnd(toks, j)
		if end <= j {
			continue
		}
		return strings.Trim(strings.Join(toks[j:end], " "), ",.;:()")
	}
	return ""
}

// orgLine reads a line that is nothing but an organisation's name
// ("Stowarzyszenie Aktywni Seniorzy Podgórza", "Uczniowski Klub Sportowy
// X"), or an office of one ("Biuro Fundacji X" → "Fundacja X"; "Prezes
// Stowarzyszenia" alone names none).
func orgLine(l string) string {
	l = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(l), ",;"))
	// "Fundacja Zielone Podwórka, KRS 0000456781": the name is before the
	// comma.
	for _, sep := range []string{",", " ("} {
		if i := strings.Index(l, sep); i > 0 && orgTailRE.MatchString(l[i+len(sep):]) {
			l = strings.TrimSpace(l[:i]) // "… „SOCZEWKA” (KRS 0000402215)"
		}
	}
	if isAllCaps(l) {
		l = titleWords(l)
	}
	toks := strings.Fields(l)
	if len(toks) < 2 || len(toks) > 12 || strings.ContainsAny(l, "@:?!") {
		return ""
	}
	if isDigits(strings.TrimRight(toks[0], ".")) && len(toks) > 2 {
		// "75 Krakowska Drużyna Harcerska „Ognisko”": a number begins the name.
		if o := orgLine(strings.Join(toks[1:], " ")); o != "" {
			return l
		}
		return ""
	}
	if officeWords[strings.ToLower(toks[0])] && isOrgWord(toks[1]) && !isNominativeOrgWord(toks[1]) && len(toks) > 2 {
		return nominativeOrg(toks[1:]) // "Zespół Stowarzyszenia X", "Biuro Fundacji X"
	}
	for i, t := range toks {
		if i > 3 {
			break
		}
		if isNominativeOrgWord(t) && allNameLike(toks[:i]) && allNameLike(toks[i+1:]) && !anyVerbLike(toks[:i]) {
			return l
		}
		if isOrgWord(t) && i > 0 && officeWords[strings.ToLower(toks[0])] && len(toks) > i+1 {
			return nominativeOrg(toks[i:])
		}
	}
	return ""
}

var officeWords = map[string]bool{"biuro": true, "zespół": true, "zarząd": true, "sekretariat": true, "prezes": true, "dyrektor": true, "koordynator": true, "koordynatorka": true,
	"sekretarz": true, "skarbnik": true, "przewodniczący": true, "przewodnicząca": true, "wiceprezes": true, "wiceprezeska": true, "prezeska": true,
	"dyrektorka": true, "kierownik": true, "kierowniczka": true, "członek": true, "członkini": true}

func allNameLike(toks []string) bool {
	for _, t := range toks {
		r := []rune(strings.Trim(t, "„”\"()"))
		if len(r) == 0 {
			continue
		}
		if orgConnectors[strings.ToLower(t)] {
			continue
		}
		if !(r[0] >= 'A' && r[0] <= 'Z' || strings.ContainsRune("ĄĆĘŁŃÓŚŹŻ", r[0]) || r[0] >= '0' && r[0] <= '9') {
			if strings.HasPrefix(t, "„") || strings.HasPrefix(t, "\"") {
				continue
			}
			return false
		}
	}
	return true
}

// orgMentions finds organisations named in the letter after phrases such as
// "w imieniu", "reprezentuję", "ze", in the nominative.
func orgMentions(body string) []string {
	text := strings.Join(strings.Fields(body), " ")
	toks := strings.Fields(text)
	var out []string
	for i := range toks {
		w := strings.Trim(toks[i], ",.;:()")
		if !isOrgWord(w) {
			continue
		}
		start := nameStart(toks, i)
		before := fold(strings.Join(toks[max(0, start-4):start], " ") + " ")
		end := orgEnd(toks, i+1)
		if end <= i+1 && !strings.HasPrefix(toks[i], "Caritas") {
			continue
		}
		subject := end < len(toks) && isCapitalised(toks[start]) && orgSubjectVerbRE.MatchString(fold(toks[end])) &&
			!strings.ContainsAny(toks[end-1], ",;:")
		if !orgIntroRE.MatchString(before) && !subject {
			continue
		}
		out = append(out, nominativeOrg(toks[start:end]))
	}
	return out
}

// nameStart finds where the name whose type word is toks[i] begins: up to
// three capitalised adjectives before it ("Krakowskiego Związku"), but not
// across punctuation ("Szanowna Pani, Towarzystwo …").
func nameStart(toks []string, i int) int {
	start := i
	for start > 0 && start > i-3 && isCapitalised(toks[start-1]) && !isOrgWord(toks[start-1]) && adjectival(toks[start-1]) &&
		!strings.ContainsAny(toks[start-1][len(toks[start-1])-1:], ",.;:!?") {
		start--
	}
	return start
}

// orgEnd finds where a name that starts before i ends: capitalised words,
// quoted names and connectors that lead to another capitalised word ("dla
// Bieńczyc", "przy parafii św. Teresy").
func orgEnd(toks []string, i int) int {
	end := i
	for j := i; j < len(toks); j++ {
		t := toks[j]
		if strings.HasPrefix(t, "(") {
			break
		}
		bare := strings.TrimRight(t, ",.;:)")
		if englishPronouns[bare] {
			break // "on behalf of Fundacja X I'd like…"
		}
		if isCapitalised(t) || strings.HasPrefix(t, "„") || strings.HasPrefix(t, "\"") {
			end = j + 1
			if strings.HasSuffix(t, ",") && enumerationAhead(toks, j+1) {
				continue // "Związku Emerytów, Rencistów i Inwalidów"
			}
			if bare != t && !abbreviations[strings.ToLower(strings.TrimSuffix(bare, "."))] || strings.HasSuffix(t, ",") {
				if !strings.HasSuffix(t, ".") || !abbreviations[strings.ToLower(strings.TrimRight(t, "."))] {
					return end
				}
			}
			continue
		}
		if orgConnectors[strings.ToLower(t)] {
			// look ahead: up to two lower-case words, then a capitalised one
			ok := false
			for k := j + 1; k < len(toks) && k <= j+3; k++ {
				if isCapitalised(toks[k]) {
					ok = true
					break
				}
				if strings.ContainsAny(toks[k], ",;:") {
					break
				}
			}
			if ok {
				continue
			}
		}
		if j > i && orgConnectors[strings.ToLower(toks[j-1])] && !isCapitalised(t) && j < len(toks)-1 {
			continue
		}
		break
	}
	return end
}

func isCapitalised(t string) bool {
	t = strings.TrimLeft(t, "(„\"")
	r := []rune(t)
	return len(r) > 0 && (r[0] >= 'A' && r[0] <= 'Z' || strings.ContainsRune("ĄĆĘŁŃÓŚŹŻ", r[0]))
}

// nominativeOrg turns "Stowarzyszenia Aktywni Seniorzy", "Krakowskiego
// Związku Chórów", "Spółdzielnię Socjalną Kuchnia" into the nominative: the
// type word and the adjectives that agree with it change, the proper name
// after them stays as written.
func nominativeOrg(toks []string) string {
	out := make([]string, len(toks))
	copy(out, toks)
	out[len(out)-1] = strings.TrimRight(out[len(out)-1], ",;:")
	if strings.HasSuffix(out[len(out)-1], ".") && !abbreviations[strings.ToLower(strings.TrimSuffix(out[len(out)-1], "."))] {
		out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], ".")
	}
	k := -1
	for i, t := range out {
		if isOrgWord(t) {
			k = i
			break
		}
	}
	if k < 0 {
		return strings.Join(out, " ")
	}
	f, _ := lookupOrgWord(out[k])
	inflected := out[k] != f.nom
	out[k] = f.nom
	if !inflected {
		return strings.Join(out, " ")
	}
	for i := 0; i < k; i++ {
		out[i] = nominativeAdjective(out[i], f.gender)
	}
	// After the type word, the adjectives that agree with it and further
	// type words in the same case ("Ochotniczej Straży Pożarnej") change;
	// the proper name from the first other word on stays as written.
	gender := f.gender
	for i := k + 1; i < len(out); i++ {
		if g, ok := lookupOrgWord(out[i]); ok && g.nom != out[i] {
			out[i], gender = g.nom, g.gender
			continue
		}
		a := nominativeAdjective(out[i], gender)
		if a == out[i] {
			break
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

// nominativeAdjective gives the nominative of an adjective in the genitive,
// accusative or instrumental, agreeing with gender; other words come back
// unchanged.
func nominativeAdjective(w string, gender byte) string {
	type rule struct{ from, to string }
	var rules []rule
	switch gender {
	case 'f':
		rules = []rule{{"kiej", "ka"}, {"giej", "ga"}, {"ej", "a"}, {"ą", "a"}}
	case 'n':
		rules = []rule{{"kiego", "kie"}, {"giego", "gie"}, {"ego", "e"}, {"kim", "kie"}, {"ym", "e"}}
	default:
		rules = []rule{{"kiego", "ki"}, {"giego", "gi"}, {"ego", "y"}, {"kim", "ki"}, {"ym", "y"}}
	}
	for _, r := range rules {
		if strings.HasSuffix(w, r.from) && len([]rune(w)) > len([]rune(r.from))+2 {
			return strings.TrimSuffix(w, r.from) + r.to
		}
	}
	return w
}

var adjectiveEndRE = regexp.MustCompile(`(ski|cki|dzki|ny|ni|wy|owy|ego|ej|ą|ym|im|na|ne|ka|ke|kie|wa|we|ła|ły|ci|si)$`)

// adjectival tells a capitalised adjective ("Krakowskiego", "Parafialny")
// from a capitalised verb at the start of a sentence ("Reprezentuję").
func adjectival(w string) bool {
	return adjectiveEndRE.MatchString(strings.Trim(w, ",.;:"))
}

// orgNameSpans lists the organisation names written in a sentence, as
// tokens: a capitalised type word ("Klub", "Stowarzyszenia") with the
// capitalised adjectives before it and the name after it.
func orgNameSpans(s string) [][]string {
	toks := strings.Fields(s)
	var out [][]string
	for i := 0; i < len(toks); i++ {
		if !isCapitalised(toks[i]) || !isOrgWord(strings.Trim(toks[i], ",.;:()")) {
			continue
		}
		start := nameStart(toks, i)
		end := max(orgEnd(toks, i+1), i+1)
		out = append(out, toks[start:end])
		i = end - 1
	}
	return out
}

// verbEndRE: the endings of a verb in the first person ("Reprezentuję",
// "Zgłaszam", "Jesteśmy"), which no adjective of a name has.
var verbEndRE = regexp.MustCompile(`(ę|am|em|im|emy|amy|imy|ymy|śmy)$`)

// anyVerbLike reports a word before an organisation's type word that is a
// verb: the line is a sentence about the organisation, not its name.
func anyVerbLike(toks []string) bool {
	for _, t := range toks {
		if verbEndRE.MatchString(strings.Trim(t, ",.;:")) && !isAbbreviation(t) {
			return true
		}
	}
	return false
}

var inNameOfRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:w\s+imieniu|z\s+ramienia|reprezentuj(?:ę|emy)|on\s+behalf\s+of)\s+`)

// inNameOf is the organisation the letter says it writes for ("w imieniu
// Fundacji Ulica Kultury" → "Fundacja Ulica Kultury", "z ramienia…",
// "reprezentuję…", "on behalf of…"), or "".
func inNameOf(body string) string {
	if !strings.Contains(body, "imieniu") && !strings.Contains(body, "ramienia") && !strings.Contains(body, "eprezentuj") && !strings.Contains(body, "behalf") {
		return ""
	}
	text := strings.Join(strings.Fields(body), " ")
	loc := inNameOfRE.FindStringIndex(text)
	if loc == nil {
		return ""
	}
	rest := text[loc[1]:]
	if toks := strings.Fields(rest); len(toks) == 0 || !isOrgWord(strings.Trim(toks[0], ",.;:()")) {
		return ""
	}
	if os := orgMentions("w imieniu " + rest); len(os) > 0 { // the genitive or accusative read alike
		return os[0]
	}
	return ""
}

// shareNameWord reports whether two organisation names share a word beyond
// the type words (the same organisation written two ways).
func shareNameWord(a, b string) bool {
	bw := map[string]bool{}
	for _, w := range words(fold(b)) {
		bw[w] = true
	}
	for _, w := range words(fold(a)) {
		if len(w) > 3 && !isOrgWord(w) && bw[w] {
			return true
		}
	}
	return false
}

// englishPronouns end a name in English mail: "Fundacja X I'd like to…".
var englishPronouns = map[string]bool{"I": true, "I'd": true, "I'm": true, "I'll": true, "I've": true, "We": true, "We'd": true, "We'll": true, "We're": true}

// continuedRE: a line that goes on with the name of the line before
// ("Fundacja Rozwoju Przedsiębiorczości Społecznej\ni Wolontariatu").
var continuedRE = regexp.MustCompile(`^(?:i|oraz|na\s+rzecz|dla|im\.)\s+\p{Lu}`)

// joinNameLines joins such continued lines to the line before them.
func joinNameLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if len(out) > 0 && continuedRE.MatchString(t) {
			out[len(out)-1] = strings.TrimSpace(out[len(out)-1]) + " " + t
			continue
		}
		out = append(out, l)
	}
	return out
}
