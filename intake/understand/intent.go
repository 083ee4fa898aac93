package understand

import (
	"regexp"
	"strings"
)

// What a letter asks for, beyond the bare words of signupIntentRE: the
// same words written without Polish letters ("zglaszam sie"), sign-ups
// told in the past tense (a report, not a request), a request to be
// signed up said in so many words, and passing information on.
var (
	// foldedIntentRE is signupIntentRE for text written without Polish
	// letters; it is matched against folded text.
	foldedIntentRE = regexp.MustCompile(stripDiacritics(signupIntentRE.String()))
	// pastSignupRE: "zapisałam się", "zgłaszałem się", "zgłosiliśmy":
	// about a sign-up made earlier.
	pastSignupRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(zapisał\p{L}*|zapisywał\p{L}*|zgłosił\p{L}*|zgłaszał\p{L}*|zarezerwował\p{L}*|rezerwował\p{L}*)`)
	// signupRequestRE: a present request to be put on a list ("proszę
	// zapisać mnie", "zapisuję się", "zgłaszam udział").
	signupRequestRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(proszę\s+(?:o\s+)?(?:za|wpi)(?:pisa|pisani)\p{L}*|zapisuj(?:ę|emy)\s+(?:się|siebie|mnie|nas)|zgłaszam(?:y)?\s+(?:się|siebie|udział|swój\s+udział|nasz\s+udział|\d)|chc\p{L}*\s+się\s+zapisać|chc\p{L}*\s+zapisać\s+się|(?:za|wpi)pis\p{L}*\s+(?:mnie|nas)\s+na)`)
	// fyiRE: the sender passes the mail on for someone's information ("może
	// Cię zainteresuje", "przesyłam do wiadomości").
	fyiRE = regexp.MustCompile(`(?i)(może\s+(cię|ciebie|was|panią|pana|państwa)\s+zainteres\p{L}*|do\s+wiadomości|przesyłam\s+dalej|\bfyi\b|might\s+interest\s+you)`)
)

// stripDiacritics writes Polish letters of a pattern as plain Latin ones.
func stripDiacritics(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := foldMap[r]; ok && r > 0x7f && f != "\"" && f != "-" && f != "'" {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hasIntent reports whether a text asks to be signed up or says the sender
// will come, with or without Polish letters.
func hasIntent(s string) bool {
	return signupIntentRE.MatchString(s) || moreEnglishIntentRE.MatchString(s) || foldedIntentRE.MatchString(fold(s))
}

// presentIntent is hasIntent with sign-ups told in the past tense left
// out: "zapisałam się telefonicznie" reports, it does not ask.
func presentIntent(s string) bool {
	return hasIntent(pastSignupRE.ReplaceAllString(s, " "))
}

// asksToSignUp reports a request to be signed up said in so many words,
// with or without Polish letters.
func asksToSignUp(s string) bool {
	return signupRequestRE.MatchString(s) || foldedRequestRE.MatchString(fold(s))
}

var foldedRequestRE = regexp.MustCompile(stripDiacritics(signupRequestRE.String()))
