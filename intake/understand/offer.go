package understand

import "regexp"

var (
	// offerRE: a seller's words ("chcielibyśmy zaproponować", "w załączeniu
	// cennik", "zapraszamy do współpracy").
	offerRE = regexp.MustCompile(`(?i)(zaproponować\s+(państwu\s+)?(obsług|usług|współprac|szkoleni|ofert)\p{L}*|oferujemy|nasz\p{L}*\s+ofert\p{L}*|cennik\p{L}*|zapraszamy\s+do\s+(współpracy|skorzystania)|atrakcyjn\p{L}*\s+cen\p{L}*|\d+\s*zł\s+(za|od)\s+osob\p{L}*|already\s+from|special\s+offer)`)
	// companyRE: a company's legal form, as a seller signs.
	companyRE = regexp.MustCompile(`(?i)(sp\.\s*z\s*o\.\s*o\.?|spółka\s+z\s+ograniczon|\bs\.\s*c\.|sp\.\s*j\.|sp\.\s*k\.|\bs\.\s*a\.|\bltd\b|\bgmbh\b)`)
)

// isOffer tells an unsolicited commercial offer: a seller's words from a
// company, with no sign-up in it. An NGO asking a question uses neither.
func isOffer(own string) bool {
	return offerRE.MatchString(own) && companyRE.MatchString(own) && !hasIntent(stripSpam(own))
}
