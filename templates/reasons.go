package templates

import (
	"regexp"
	"strconv"
	"strings"
)

// reasonRule puts one form of reason into Polish. In pl, {1}, {2}, …
// stand for the pattern's groups; a group named "reason" holds a reason of
// its own and is put into Polish too; where that is empty, " ({N})" around it
// is left out.
type reasonRule struct {
	re *regexp.Regexp
	pl string
}

// reasonRules cover every reason the deciding code writes: intake/understand
// (the corpus' format, in English), the ledger's refusals (storage.RejectError),
// the clarification round and the review queue's own. The mailbox writes its
// reasons (oversized or unreadable mail) in Polish already.
var reasonRules = compileReasons([][2]string{
	// Mail that needs no answer.
	{`read receipt`, `potwierdzenie przeczytania`},
	{`delivery report \(bounce\)`, `raport o niedoręczeniu (zwrot)`},
	{`automatic reply \(Auto-Submitted\)`, `odpowiedź automatyczna (nagłówek Auto-Submitted)`},
	{`automatic reply`, `odpowiedź automatyczna`},
	{`out-of-office auto-reply`, `automatyczna odpowiedź o nieobecności`},
	{`calendar response`, `odpowiedź na zaproszenie z kalendarza`},
	{`bulk mail \(newsletter or list\)`, `poczta masowa (newsletter lub lista)`},
	{`mailing list or newsletter`, `lista mailingowa lub newsletter`},
	{`advertisement or newsletter`, `reklama lub newsletter`},
	{`commercial offer`, `oferta handlowa`},
	{`spam`, `spam`},

	// Mail that cannot be read.
	{`no message`, `brak wiadomości`},
	{`unreadable message: (?P<reason>.*)`, `nieczytelna wiadomość: {1}`},
	{`header too large`, `nagłówek jest za duży`},
	{`the message header cannot be read: (.*)`, `nie da się odczytać nagłówka ({1})`},
	{`the message has no header`, `wiadomość nie ma nagłówka`},
	{`no sender, no Message-ID and no text: not a mail message`, `brak nadawcy, identyfikatora i treści: to nie jest wiadomość e-mail`},
	{`a MIME part cannot be read: (.*)`, `nie da się odczytać części wiadomości ({1})`},
	{`empty message: nothing written above the quote`, `pusta wiadomość: nic nie napisano nad cytatem`},

	// What the sender wants.
	{`question for staff: (.*)`, `pytanie do pracowników: {1}`},
	{`withdrawal with a question for staff: (.*)`, `rezygnacja z pytaniem do pracowników: {1}`},
	{`withdrawal: (?P<reason>.*)`, `rezygnacja: {1}`},
	{`unclear change: withdraws or moves but does not say clearly`, `niejasna zmiana: rezygnacja albo przeniesienie, ale nie wiadomo dokładnie jakie`},
	{`unclear change: withdraws and signs up in one message`, `niejasna zmiana: rezygnacja i zapis w jednej wiadomości`},
	{`asks for a change`, `prośba o zmianę`},
	{`asks for the waiting list`, `prośba o wpisanie na listę rezerwową`},
	{`tells of an earlier sign-up; asks for nothing new`, `nawiązuje do wcześniejszego zgłoszenia; nie prosi o nic nowego`},
	{`no sign-up request found`, `nie znaleziono prośby o zapis`},
	{`passes the mail on for information; no sign-up`, `przekazuje wiadomość do wiadomości; bez zapisu`},
	{`signs up (\d+) organisations in one message`, `zgłasza kilka organizacji w jednej wiadomości (liczba: {1})`},
	{`no address to confirm to`, `brak adresu, na który można wysłać potwierdzenie`},

	// Which meeting.
	{`no meeting named`, `nie wskazano spotkania`},
	{`no meeting on (\d+\.\d+)`, `nie ma spotkania w dniu {1}`},
	{`names two dates, one or the other`, `podaje dwa terminy do wyboru`},
	{`meeting ambiguous: the place or topic fits (.*)`, `niejasne spotkanie: miejsce lub temat pasuje do {1}`},
	{`meeting ambiguous: the weekday fits (.*)`, `niejasne spotkanie: dzień tygodnia pasuje do {1}`},
	{`the date and the topic or place point to different meetings`, `data oraz temat lub miejsce wskazują różne spotkania`},
	{`the weekday and the date do not agree`, `dzień tygodnia nie zgadza się z datą`},
	{`meeting ambiguous: more than one meeting that day`, `niejasne spotkanie: tego dnia jest więcej niż jedno spotkanie`},
	{`no meeting at the hour named that day`, `o podanej godzinie tego dnia nie ma spotkania`},
	{`signs up for all meetings but some`, `zapis na wszystkie spotkania oprócz niektórych`},
	{`all meetings already took place`, `wszystkie spotkania już się odbyły`},
	{`meeting already took place: (.*)`, `spotkanie już się odbyło: {1}`},
	{`'oba spotkania' but (\d+) meetings fit`, `„oba spotkania”, ale pasujących spotkań jest {1}`},

	// The ledger refused.
	{`no meeting to register for`, `brak spotkania, na które można zapisać`},
	{`meeting "(.*)" does not exist`, `nie ma spotkania „{1}”`},
	{`meeting (\S+) is cancelled`, `spotkanie {1} jest odwołane`},
	{`meeting (\S+) has already started`, `spotkanie {1} już się zaczęło`},
	{`neither an email address nor a phone number to confirm to`, `brak adresu e-mail i telefonu do potwierdzenia`},
	{`no address to find the registration to withdraw`, `brak adresu, po którym można znaleźć zgłoszenie do wycofania`},
	{`no active registration found to withdraw`, `nie znaleziono aktywnego zgłoszenia do wycofania`},

	// The question which meeting, and the review queue.
	{`asked the sender which meeting they mean; their answer completes the sign-up\.\s*(?P<reason>.*)`, `zapytano nadawcę, o które spotkanie chodzi; odpowiedź dokończy zapis ({1})`},
	{`answers the clarification: completes the pending sign-up (\S+)\.\s*(?P<reason>.*)`, `odpowiedź na pytanie o spotkanie uzupełnia oczekujące zgłoszenie ({2})`},
	{`no answer to the question which meeting \(sign-up expired\);\s*(?P<reason>.*)`, `brak odpowiedzi na pytanie o spotkanie (zgłoszenie wygasło); {1}`},
	{`registered from the review queue by (.*)`, `zapisano z kolejki do przejrzenia (pracownik: {1})`},
	{`closed by (.*) \(answered by hand or needs no answer\)`, `zamknięte przez: {1} (odpowiedź odręczna albo niepotrzebna)`},

	// Last: the decided ones, whose patterns would catch some above.
	{`signs up for (.*)`, `zgłoszenie na {1}`},
	{`withdraws from (.*)`, `wycofuje zgłoszenie z {1}`},
})

func compileReasons(rules [][2]string) []reasonRule {
	out := make([]reasonRule, len(rules))
	for i, r := range rules {
		out[i] = reasonRule{re: regexp.MustCompile(`^(?s:` + r[0] + `)$`), pl: r[1]}
	}
	return out
}

// ReasonPL puts a decision's reason into Polish, for staff (the web desk, the
// demo). The deciding code writes its reasons in English, the corpus' format
// that `zapisy parse` prints. A reason no rule knows is shown as it is,
// rather than hidden.
func ReasonPL(reason string) string {
	pl, _ := translateReason(strings.TrimSpace(reason))
	return pl
}

// translateReason returns reason in Polish and whether a rule knew it. The
// empty reason is known: nested reasons are often empty.
func translateReason(reason string) (string, bool) {
	if reason == "" {
		return "", true
	}
	for _, r := range reasonRules {
		m := r.re.FindStringSubmatch(reason)
		if m == nil {
			continue
		}
		known, pl := true, r.pl
		args := make([]string, 0, 2*len(m))
		for i, g := range m[1:] {
			ref := "{" + strconv.Itoa(i+1) + "}"
			if r.re.SubexpNames()[i+1] == "reason" {
				var ok bool
				g, ok = translateReason(g)
				known = known && ok
				if g == "" {
					pl = strings.Replace(pl, " ("+ref+")", "", 1)
				}
			}
			args = append(args, ref, g)
		}
		return strings.TrimSpace(strings.NewReplacer(args...).Replace(pl)), known
	}
	return reason, false
}
