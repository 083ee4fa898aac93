package understand

import (
	"regexp"
	"strings"
)

var (
	autoSubjectRE     = regexp.MustCompile(`(?i)^\s*\[?\s*(autoodpowied[źz]|auto[- ]odpowied[źz]|automatyczna wiadomo|automatyczna odpowied[źz]|odp\.? automatyczna|odpowied[źz] automatyczna|auto(matic)?[ -]?(reply|response|antwort)|automatische\s+antwort|abwesenheitsnotiz|r[ée]ponse\s+automatique|risposta\s+automatica|respuesta\s+autom[áa]tica|out of (the )?office|poza biurem|nieobecno[śs][ćc]|urlop\b|abwesenheit|absence|autoreply|auto:|vacation)`)
	bounceSubjectRE   = regexp.MustCompile(`(?i)(undeliver(ed|able)|niedostarczaln|nie dostarczono|nie można doręczyć|niedoręczon|delivery (status )?notification|delivery (has )?failed|returned mail|mail delivery (failed|system)|niedostarczon|nie mo[żz]na dostarczy[ćc]|zwrócona wiadomo|failure notice|delivery failure)`)
	receiptSubjectRE  = regexp.MustCompile(`(?i)^\s*(przeczytano|przeczytane|read|odczytano|potwierdzenie (przeczytania|odczytu)|read receipt|return receipt)\s*:`)
	calendarSubjectRE = regexp.MustCompile(`(?i)^\s*(zaakceptowano|accepted|odrzucono|declined|wstępnie zaakceptowano|tentative|tentatively accepted|propozycja nowego terminu|new time proposed)\s*:`)
	bounceSenderRE    = regexp.MustCompile(`(?i)^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|no-?reply|noreply|bounce[s]?)([+-].*)?@`)
	// Out-of-office sentences, for auto-replies that carry no header.
	oooBodyRE = regexp.MustCompile(`(?i)(jestem (obecnie )?poza biurem|przebywam na urlopie|jestem na urlopie|nie mam dostępu do (poczty|skrzynki)|będę niedostępn|jestem nieobecn|out of (the )?office|i am (currently )?away|on (annual )?leave|limited access to (e-?mail|my email)|wiadomość (została )?wygenerowana automatycznie|this is an automatic|przebywam na (urlopie|zwolnieniu)|zwolnieniu lekarskim|nie (odczytuję|odczytuje|czytam|sprawdzam) (poczty|maili|wiadomości))`)
	// Marketing: Polish law makes offers say they are commercial, and lists
	// offer a way out.
	spamBodyRE = regexp.MustCompile(`(?i)(informacj[aię] handlow|otrzymujesz (tę|tą|te) wiadomoś|otrzymujesz (ten|tego) (mail|e-mail|biuletyn|newsletter)|you are receiving this|charakter handlow|nie chcesz otrzymywa[ćc]|wypisz się|rezygnacja z subskrypcji|zrezygnuj z (subskrypcji|newslettera)|unsubscribe|newsletter|nie\s+chc\p{L}*\s+(państwo\s+)?otrzymywa\p{L}*|wypisa\p{L}*\s+z\s+(listy\s+)?(mailingow\p{L}*|subskrypcj\p{L}*|biuletyn\p{L}*|newsletter\p{L}*)|oferta specjalna|promocyjn\p{L}* cen|rabat\p{L}*\s+\d+\s*%)`)
)

// ignoreReason says why a message needs no answer from anyone, or ""
// when a person may be waiting for one. Such mail must never be answered
// (RFC 3834), so only clear signs count.
func ignoreReason(m *Message, own string) string {
	h := func(k string) string { return strings.ToLower(strings.TrimSpace(m.Header[k])) }
	subj := m.Envelope.Subject
	switch {
	case m.MediaType == "multipart/report" && strings.Contains(m.ReportType, "disposition"):
		return "read receipt"
	case m.MediaType == "multipart/report":
		return "delivery report (bounce)"
	case bounceSenderRE.MatchString(m.Envelope.From) && !strings.HasPrefix(m.Envelope.From, "no"):
		return "delivery report (bounce)"
	case hasHeader(m, "X-Ms-Exchange-Message-Is-Ndr"):
		return "delivery report (bounce)"
	case bounceSubjectRE.MatchString(subj) && (h("Return-Path") == "<>" || bounceSenderRE.MatchString(m.Envelope.From)):
		return "delivery report (bounce)"
	case h("Auto-Submitted") != "" && h("Auto-Submitted") != "no":
		return "automatic reply (Auto-Submitted)"
	case h("X-Autoreply") != "" || h("X-Autorespond") != "" || h("X-Autoresponse") != "":
		return "automatic reply"
	case autoSubjectRE.MatchString(subj):
		return "out-of-office auto-reply"
	case receiptSubjectRE.MatchString(subj) || h("Disposition-Notification-To") == "" && m.Header["Original-Message-Id"] != "" && m.MediaType == "multipart/report":
		return "read receipt"
	case m.CalendarMethod == "REPLY" || m.CalendarMethod == "COUNTER" || calendarSubjectRE.MatchString(subj):
		return "calendar response"
	case h("Precedence") == "bulk" || h("Precedence") == "junk" || h("Precedence") == "list":
		return "bulk mail (newsletter or list)"
	case h("List-Id") != "" || h("List-Unsubscribe") != "":
		return "mailing list or newsletter"
	case strings.HasPrefix(h("X-Auto-Response-Suppress"), "all") && strings.Contains(h("X-Auto-Response-Suppress"), "") && oooBodyRE.MatchString(own):
		return "out-of-office auto-reply"
	case oooBodyRE.MatchString(own) && len(own) < 1500 && !signupIntentRE.MatchString(own):
		return "out-of-office auto-reply"
	case strings.HasPrefix(strings.ToLower(m.Header["X-Spam-Flag"]), "yes"):
		return "spam"
	case spamBodyRE.MatchString(own) && !signupIntentRE.MatchString(stripSpam(own)):
		return "advertisement or newsletter"
	case isOffer(own):
		return "commercial offer"
	}
	return ""
}

// stripSpam removes what adverts and newsletters say about signing up
// that is not a sign-up by the sender.
func stripSpam(s string) string {
	return stripSpamRE.ReplaceAllString(s, "")
}

// stripSpamRE: the imperative "zapisz się" of adverts and the "jesteś
// zapisany do biuletynu" of newsletter footers are not sign-ups.
var stripSpamRE = regexp.MustCompile(`(?i)zapisz\s+się|zapisy\s+(do|przez|na stronie)|sign up now|(jesteś|jesteście|zostałeś|zostałaś|zostaliście)\s+zapisan\p{L}*|zapisan\p{L}*\s+(do|na)\s+(nasz\p{L}*\s+)?(list\p{L}*|newsletter\p{L}*|biuletyn\p{L}*|subskrypcj\p{L}*)|subscribed`)

// hasHeader reports whether the message carries the header field, even
// with an empty value.
func hasHeader(m *Message, k string) bool {
	_, ok := m.Header[k]
	return ok
}
