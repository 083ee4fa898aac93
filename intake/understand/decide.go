package understand

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"zapisy/intake"
	"zapisy/storage"
)

var (
	// signupIntentRE: the sender asks to be signed up or says they will come.
	signupIntentRE = regexp.MustCompile(`(?i)(zgłasza\p{L}*|zgłaszam|zgłosić|zgłosz\p{L}*|formularz|zapisa\p{L}*|zapisanie|zapisuj\p{L}*|wpisa\p{L}*|wpisanie|wziąć\s+udział|weźmiemy\s+udział|wezmę\s+udział|udział\s+w|potwierdza\p{L}*\s+(\p{L}+\s+){0,3}udział|udział\s+(\p{L}+\s+){1,3}w\s+spotkani|przyjdę|przyjdziemy|przyjedziemy|przyjadę|przyjdą|przyjadą|przyjdzie|przyjedzie|będziemy|będę|chcemy\s+uczestniczyć|chci\p{L}*\s+być\s+na|chcemy\s+być\s+na|chciał\p{L}*\s+uczestniczyć|rezerw\p{L}*|deleguj\p{L}*|weźm\p{L}*\s+udział|wezm\p{L}*\s+udział|register|sign\s+(me|us)\s+up|would\s+like\s+to\s+(attend|join|come)|we\s+will\s+(attend|come))`)
	// moreEnglishIntentRE: "I'd like to attend", "sign up myself", kept
	// apart from signupIntentRE, which every sentence meets.
	moreEnglishIntentRE = regexp.MustCompile(`(?i)sign\s+(?:myself\s+)?up|'d\s+like\s+to\s+(?:attend|join|come)`)
	krsRE               = regexp.MustCompile(`(?i)\bKRS\b(?:\s*/\s*(?:NIP|REGON)\b)*\s*(?:nr|numer|no|pod\s+(?:numerem|nr)|(?-i:\p{Lu}{2,6}))?\.?\s*[:\-–]?\s*(\d[\d ]{0,12}\d|\d)`)
	emailRE             = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	askAddressRE        = regexp.MustCompile(`(?i)(adres|potwierdz|kontakt|odpowied|pisać|e-?mail|mail|confirm|write to|reply to)`)
	// politeRequestRE: a request put as a question ("czy mogłaby Pani
	// zapisać mnie…?", "could you register me…?"), matched on folded text.
	politeRequestRE = regexp.MustCompile(`^(?:czy\s+)?(?:moglaby|moglby|mogliby|moga|mozecie|moze)\s+(?:pani|pan|panstwo)?\s*(?:zapisac|wpisac|zarezerwowac)\s+(?:mnie|nas)\b|^(?:could|can|would)\s+you\s+(?:please\s+)?(?:register|sign\s+(?:me|us)\s+up|add|book)\s+(?:me|us)?`)
	// someoneElseWritesRE: another person will sign up for that meeting.
	someoneElseWritesRE = regexp.MustCompile(`(?i)ktoś\s+inny|napisze\s+(?:osobno|oddzielnie|sam\p{L}*)|zgłosi\s+się\s+(?:osobno|oddzielnie|sam\p{L}*)|osobn\p{L}*\s+(?:mailem|wiadomości\p{L}*|zgłoszeni\p{L}*)`)
	// waitingListRE: the writer asks for a place on the waiting list.
	waitingListRE = regexp.MustCompile(`(?i)(?:na\s+)?list\p{L}*\s+rezerwow\p{L}*|waiting\s+list`)
	// pastEventRE: the writer tells of an event they attended.
	pastEventRE   = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:w\s+)?(?:zeszł|ubiegł|poprzedni)\p{L}*\s+(?:tydzień|tygodniu|miesiąc\p{L}*|rok\p{L}*|poniedziałek|wtorek|środę|czwartek|piątek|sobotę|niedzielę)|byliśmy|byłyśmy|byłam|byłem|uczestniczyliśmy|uczestniczyłam|uczestniczyłem|braliśmy\s+udział|brałam\s+udział|brałem\s+udział|last\s+week|we\s+attended|i\s+attended)`)
	replyPrefixRE = regexp.MustCompile(`(?i)^\s*(re|odp|odp\.|aw|sv)\s*(\[\d+\])?\s*:`)
	subjectPrefix = regexp.MustCompile(`(?i)^\s*((re|odp|odp\.|aw|sv|fwd?|pd|tr|wg)\s*(\[\d+\])?\s*:\s*)+`)
)

// Decide reads what a sign-up message asks for. It is pure: the same
// message, meetings and now always give the same decision. now is only the
// fallback anchor for relative dates when the message has no Date header.
//
// Register needs a clear request, exactly which meeting(s), and an address
// to confirm to; anything less certain goes to review with a reason a
// member of staff can act on. Mail that needs no answer is ignored.
func Decide(m *Message, meetings []storage.Meeting, now time.Time) intake.Decision {
	if m == nil {
		return review("no message", nil)
	}
	if m.Err != nil {
		return review("unreadable message: "+m.Err.Error(), nil)
	}
	p := splitBody(m.Text, m.Envelope.Subject)
	if why := ignoreReason(m, p.Own); why != "" {
		return intake.Decision{Action: intake.Ignore, Reason: why, Registrations: []intake.Registration{}, Lang: "pl"}
	}
	c := newCase(m, p, meetings, now)
	d := c.decide()
	d.Lang = c.lang
	if d.Registrations == nil {
		d.Registrations = []intake.Registration{}
	}
	return d
}

func review(reason string, regs []intake.Registration) intake.Decision {
	return intake.Decision{Action: intake.Review, Reason: reason, Registrations: regs, Lang: "pl"}
}

// signupCase is one message being decided: the letter of the person who
// signs up (the forwarded original's, for a forward) and what it names.
type signupCase struct {
	m       *Message
	p       parts
	ix      *meetingIndex
	anchor  time.Time
	own     letter // what the sender wrote
	orig    *letter
	body    string // every body text that speaks for the registrant
	lang    string
	subject string
	// orgWords are the folded words of the sender's organisation's name.
	orgWords map[string]bool
	// reply: the subject answers another mail ("Re:", "Odp:").
	reply bool
	// hint: the meetings the subject or the quoted mail name, which settle
	// a weekday the letter leaves open ("nie damy rady we wtorek" in
	// answer to the confirmation for Tuesday 2 December).
	hint []int
}

func newCase(m *Message, p parts, meetings []storage.Meeting, now time.Time) *signupCase {
	c := &signupCase{m: m, p: p, ix: newMeetingIndex(meetings), anchor: m.Envelope.Date, lang: "pl"}
	if c.anchor.IsZero() {
		c.anchor = now
	}
	c.own = splitSignature(joinFormLabels(p.Own))
	c.body = c.own.Body
	// A forward is the original sender's sign-up, unless the sender signs
	// up themself above it ("dostałam zaproszenie od koleżanki. Chciałabym
	// zapisać się …" over the forwarded invitation).
	if p.Forward != nil && p.Forward.From != "" && !c.ours(p.Forward.From) && !asksToSignUp(c.own.Body) {
		l := splitSignature(joinFormLabels(p.Forward.Own))
		c.orig = &l
		c.body = strings.TrimSpace(c.body + "\n\n" + l.Body)
	}
	c.subject = strings.TrimSpace(subjectPrefix.ReplaceAllString(m.Envelope.Subject, ""))
	c.reply = replyPrefixRE.MatchString(m.Envelope.Subject)
	c.lang = language(c.body)
	c.orgWords = map[string]bool{}
	for _, w := range words(fold(c.registrant().Organization)) {
		c.orgWords[w] = true
	}
	return c
}

// ours reports whether an address is the foundation's own (the mailbox the
// message was sent to).
func (c *signupCase) ours(addr string) bool {
	addr = strings.ToLower(addr)
	for _, t := range c.m.To {
		if t == addr {
			return true
		}
	}
	return false
}

func (c *signupCase) decide() intake.Decision {
	if strings.TrimSpace(c.p.Own) == "" && c.orig == nil {
		return review("empty message: nothing written above the quote", nil)
	}
	c.dropDeclines()
	cancel, unclear := cancelIntent(c.body)
	if !cancel && cancelRE.MatchString(c.subject) {
		cancel = true
	}
	if unclear {
		return review("unclear change: withdraws or moves but does not say clearly", nil)
	}
	if why := c.notARequest(cancel); why != "" {
		return review(why, nil)
	}
	if !cancel {
		if q := c.question(); q != "" {
			if r := []rune(q); len(r) > 120 {
				q = string(r[:120]) + "…"
			}
			return review("question for staff: "+q, nil)
		}
		if changeRE.MatchString(c.body) {
			return review("asks for a change", nil)
		}
		if waitingListRE.MatchString(c.body) {
			return review("asks for the waiting list", nil)
		}
		// The subject of a reply to the foundation's notice ("Re:
		// Potwierdzenie zgłoszenia") is the foundation's words, not a
		// request: "Dziękuję, do zobaczenia!" under it asks for nothing.
		subjectAsks := presentIntent(c.subject) && !(c.reply && noticeReplyRE.MatchString(c.subject))
		if !presentIntent(c.body) && !subjectAsks {
			if hasIntent(c.body) {
				return review("tells of an earlier sign-up; asks for nothing new", nil)
			}
			return review("no sign-up request found", nil)
		}
		if n := c.organisationsSignedUp(); n > 1 {
			return review(fmt.Sprintf("signs up %d organisations in one message", n), nil)
		}
	}
	sel, counts, problem := c.meetings()
	if problem != "" {
		if cancel {
			return review("withdrawal: "+problem, nil)
		}
		d := review(problem, nil)
		// A sign-up whose meeting is missing or unclear: the sender can be
		// asked which one they mean (the ledger sends the question).
		if who := c.registrant(); who.Email != "" {
			who.Attendees = 1
			for _, s := range sentences(c.body) {
				if n := headcount(s); n > 0 {
					who.Attendees = n
					break
				}
			}
			d.Clarify = &who
		}
		return d
	}
	who := c.registrant()
	if who.Email == "" {
		return review("no address to confirm to", nil)
	}
	var regs []intake.Registration
	listed := nameListCount(c.body)
	for _, i := range sel {
		r := who
		r.MeetingID = c.ix.ms[i].ID
		r.Attendees = max(1, counts[i])
		if counts[i] == 0 && listed > 0 {
			r.Attendees = listed
		}
		if cancel {
			// How many withdraw, when the letter says ("Zgłaszałam 2 osoby
			// … obie mamy wyjazd"); else 1, as for a sign-up.
			r.Attendees = max(1, counts[i])
		}
		regs = append(regs, r)
	}
	if cancel {
		return intake.Decision{Action: intake.Cancel, Reason: "withdraws from " + c.names(sel), Registrations: regs}
	}
	for _, i := range sel {
		if c.ix.ms[i].StartsAt.Before(c.anchor) {
			return review("meeting already took place: "+c.ix.ms[i].ID, regs)
		}
	}
	return intake.Decision{Action: intake.Register, Reason: "signs up for " + c.names(sel), Registrations: regs}
}

func (c *signupCase) names(sel []int) string {
	var out []string
	for _, i := range sel {
		out = append(out, fmt.Sprintf("%s (%s)", c.ix.ms[i].ID, c.ix.ms[i].StartsAt.In(c.ix.loc).Format("2.01")))
	}
	return strings.Join(out, ", ")
}

// question returns the first real question the sender asks (one staff must
// answer), or "".
func (c *signupCase) question() string {
	for _, s := range sentences(c.body) {
		if !strings.HasSuffix(s, "?") {
			continue
		}
		f := fold(s)
		if strings.Contains(f, "potwierdz") || strings.Contains(f, "confirm") || politeRequestRE.MatchString(f) {
			continue
		}
		return s
	}
	return ""
}

// meetings finds the meetings the letter names and the head count for each.
func (c *signupCase) meetings() ([]int, map[int]int, string) {
	if sel, problem, ok := c.meetingsByPlace(); ok {
		n := 0
		for _, s := range sentences(c.body) {
			if n = headcount(s); n > 0 {
				break
			}
		}
		counts := map[int]int{}
		for _, i := range sel {
			counts[i] = n
		}
		return sel, counts, problem
	}
	c.hint = c.contextMeetings()
	sel, counts, global, problem, found := c.meetingsIn(c.body, true)
	if found || problem != "" {
		return sel, counts, problem
	}
	withGlobal := func(sel []int) map[int]int {
		out := map[int]int{}
		for _, i := range sel {
			out[i] = global
		}
		return out
	}
	if i, ok := c.meetingByOrdinal(); ok {
		return []int{i}, withGlobal([]int{i}), ""
	}
	// Nothing named in the letter: the subject, then the quoted mail it
	// answers, may name it (a reply to the foundation's own mail).
	if sel, _, _, problem, found := c.meetingsIn(c.subject, true); found || problem != "" {
		return sel, withGlobal(sel), problem
	}
	// The quoted mail's header lines carry its own date, and it may name
	// deadlines: only the meetings it names count there.
	if sel, _, _, _, found := c.meetingsIn(c.quotedText(), false); found && len(sel) == 1 {
		return sel, withGlobal(sel), ""
	}
	return nil, nil, "no meeting named"
}

// quotedText is the mail the letter answers, without its header lines.
func (c *signupCase) quotedText() string {
	quoted := c.p.Quoted
	if c.orig != nil && c.p.Forward != nil {
		quoted = c.p.Forward.Quoted
	}
	return withoutHeaderLines(quoted)
}

// contextMeetings are the meetings the subject, or else the quoted mail,
// names on their own.
func (c *signupCase) contextMeetings() []int {
	if sel, _, _, problem, found := c.meetingsIn(c.subject, false); found && problem == "" {
		return sel
	}
	if sel, _, _, problem, found := c.meetingsIn(c.quotedText(), false); found && problem == "" && len(sel) == 1 {
		return sel
	}
	return nil
}

// meetingsIn resolves the meeting mentions of a text. found is false when
// the text names no meeting at all. strict makes a date with no meeting a
// problem; otherwise such dates are passed over.
func (c *signupCase) meetingsIn(text string, strict bool) (sel []int, counts map[int]int, global int, problem string, found bool) {
	counts = map[int]int{}
	var weak, weekdays [][]int
	var weekdaysAll []int
	var unmatched []dateRef
	type counted struct {
		set []int
		n   int
	}
	var perSentence []counted
	var uncounted []int // the previous clause's meetings, named without a count
	cl := clauses(sentences(text))
	relative := true
	for _, s := range cl {
		if hasDay(findDates(s)) {
			relative = false
		}
	}
	inList := false // within a list a sentence about meetings introduced
	for _, s := range cl {
		if someoneElseWritesRE.MatchString(s) {
			// "Na 4.12 przyjdzie ktoś inny z naszej Fundacji – koleżanka
			// napisze osobno": not this sign-up.
			continue
		}
		item := listItemRE.MatchString(s)
		if !item {
			inList = strings.HasSuffix(strings.TrimSpace(s), ":") && hasMeetingContext(fold(s))
		}
		if pastEventRE.MatchString(s) && !hasIntent(pastSignupRE.ReplaceAllString(s, " ")) {
			// "w zeszłą środę byliśmy na spotkaniu … w Urzędzie
			// Wojewódzkim": an event gone by names no meeting to come.
			continue
		}
		r := c.ix.refsIn(s, c.anchor, c.orgWords, relative, item && inList)
		n := headcount(s)
		if r.Conflict != "" {
			return nil, nil, 0, r.Conflict, true
		}
		if r.Either {
			return nil, nil, 0, "names two dates, one or the other", true
		}
		unmatched = append(unmatched, r.Unmatched...)
		set := r.dated()
		if len(set) == 0 {
			for _, t := range r.Topics {
				if len(t) == 1 {
					set = union(set, t)
				} else {
					weak = append(weak, t)
				}
			}
			weekdays = append(weekdays, r.Weekdays...)
			for _, w := range r.weekdaysAll {
				weekdaysAll = union(weekdaysAll, w)
			}
		}
		sel = union(sel, set)
		switch {
		case n > 0 && len(set) > 0:
			perSentence = append(perSentence, counted{set, n})
		case n > 0 && len(uncounted) > 0 && item:
			// "* 24 listopada, godz. 12:00\n  - 2 osoby": the count in the
			// next item of a list is that meeting's.
			perSentence = append(perSentence, counted{uncounted, n})
		case n > 0 && global == 0:
			global = n
		}
		uncounted = nil
		if len(set) > 0 && n == 0 && item {
			uncounted = set
		}
	}
	if len(unmatched) > 0 && strict {
		d := unmatched[0]
		return nil, nil, 0, fmt.Sprintf("no meeting on %d.%02d", d.Day, d.Month), true
	}
	if len(sel) == 0 && len(weak) > 0 {
		cand := weak[0]
		for _, w := range weak[1:] {
			cand = intersect(cand, w)
		}
		if len(cand) > 1 && len(weekdays) > 0 {
			// "w przyszły poniedziałek … w siedzibie Fundacji BIS": the
			// weekday picks among the meetings at that place.
			var days []int
			for _, w := range weekdays {
				days = union(days, w)
			}
			if both := intersect(cand, days); len(both) > 0 {
				cand = both
			}
		}
		if len(cand) == 1 {
			sel = cand
		} else {
			return nil, nil, 0, "meeting ambiguous: the place or topic fits " + c.idList(weak[0]), true
		}
	}
	if len(sel) == 0 && len(weekdays) > 0 {
		var all []int
		for _, w := range weekdays {
			all = union(all, w)
		}
		if hinted := intersect(weekdaysAll, c.hint); len(hinted) == 1 {
			all = hinted
		}
		if len(all) == 1 {
			sel = all
		} else if len(all) > 1 {
			return nil, nil, 0, "meeting ambiguous: the weekday fits " + c.idList(all), true
		}
	}
	if len(sel) == 0 {
		return nil, nil, global, "", false
	}
	for _, pc := range perSentence {
		for _, i := range pc.set {
			if counts[i] == 0 {
				counts[i] = pc.n
			}
		}
	}
	for _, i := range sel {
		if counts[i] == 0 {
			counts[i] = global
		}
	}
	return sel, counts, global, "", true
}

func (c *signupCase) idList(set []int) string {
	var ids []string
	for _, i := range set {
		ids = append(ids, c.ix.ms[i].ID)
	}
	return strings.Join(ids, ", ")
}

// registrant gathers who signs up: organisation, KRS, person, address and
// phone, from the original's letter for a forward, else from the sender's.
func (c *signupCase) registrant() intake.Registration {
	var r intake.Registration
	letters := []letter{c.own}
	fromName := c.m.FromName
	if c.m.ReplyToName != "" && (fromName == "" || isOrgWord(strings.Fields(fromName)[0])) {
		// Sent from the organisation's account, answers to a person's
		// (From: Stowarzyszenie X, Reply-To: Olga Kruk).
		fromName = c.m.ReplyToName
	}
	if c.orig != nil {
		letters = []letter{*c.orig, c.own}
		fromName = c.p.Forward.FromName
	}
	host := c.hostOrg
	for _, l := range letters {
		if r.Organization == "" {
			r.Organization = organization(l.Body, l.Signature, host)
		}
		if r.KRS == "" {
			r.KRS = krs(l.Body + "\n" + l.Signature)
		}
		if r.ContactName == "" {
			r.ContactName = contactName(l.Body, l.Signature, fromName)
		}
		if r.Phone == "" {
			r.Phone = c.phone(l)
		}
	}
	r.Email = c.email(letters)
	// "Kwiatkowska Grażyna": the surname first, as on forms.
	if t := strings.Fields(r.ContactName); len(t) == 2 && !knownFirstName(t[0]) && knownFirstName(t[1]) {
		r.ContactName = t[1] + " " + t[0]
	}
	// A letter typed without Polish letters ("Marek Zajac") from a sender
	// whose name has them ("Marek Zając"): the name as the sender spells it.
	if from := strings.TrimSpace(fromName); r.ContactName != "" && fold(r.ContactName) == fold(from) &&
		!hasPolishLetters(r.ContactName) && hasPolishLetters(from) {
		r.ContactName = from
	}
	return r
}

// hasPolishLetters reports whether s has a letter with a Polish diacritic.
func hasPolishLetters(s string) bool {
	return strings.ContainsAny(s, "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
}

// hostOrg tells organisations that are the foundation's own: named in the
// meeting places ("Fundacja BIS") or in the mail it is answering.
func (c *signupCase) hostOrg(o string) bool { return c.ix.isHost(o) }

// krsSecondRE: "NIP/KRS: 676-220-11-33 / 298765", the KRS second.
var krsSecondRE = regexp.MustCompile(`(?i)\b(?:NIP|REGON)\s*/\s*KRS\b\s*[:\-–]?\s*\d[\d -]*\d\s*/\s*(\d[\d ]{0,12}\d)`)

// krsWordsRE: the number said in words ("Numer KRS Towarzystwa to 298504",
// "wpisane do Krajowego Rejestru Sądowego pod numerem 0000123987").
var krsWordsRE = regexp.MustCompile(`(?i)(?:\bKRS\b|Krajow\p{L}*\s+Rejestr\p{L}*\s+Sądow\p{L}*)(?:\s+\p{L}+){0,3}?\s+(?:to|jest|pod\s+(?:numerem|nr)|nr|numer)\.?\s*[:\-–]?\s*(\d[\d ]{3,12}\d)`)

func krs(text string) string {
	loc := krsRE.FindStringSubmatchIndex(text)
	if loc == nil {
		loc = krsWordsRE.FindStringSubmatchIndex(text)
	}
	if loc == nil {
		return ""
	}
	num := text[loc[2]:loc[3]]
	if from := max(0, loc[0]-12); strings.HasSuffix(strings.TrimRight(text[from:loc[0]], " "), "/") {
		if sm := krsSecondRE.FindStringSubmatch(text[from:]); sm != nil {
			num = sm[1] // "NIP/KRS: <NIP> / <KRS>"
		}
	}
	d := strings.ReplaceAll(num, " ", "")
	if len(d) > 10 {
		return ""
	}
	return strings.Repeat("0", 10-len(d)) + d
}

// phone picks the contact phone of a letter: one the letter labels as the
// contact's ("telefon kontaktowy", "tel. do niej", "pod numerem"), else
// the first in the letter, else the first in the signature. Numbers that
// appear in the quoted mail (the foundation's own) do not count.
func (c *signupCase) phone(l letter) string {
	quoted := map[string]bool{}
	for _, q := range []string{c.p.Quoted, c.forwardQuoted()} {
		for _, h := range findPhones(firstLevel(q)) {
			quoted[h.E164] = true
		}
	}
	body, sig := findPhones(l.Body), findPhones(l.Signature)
	for _, h := range body {
		if h.Called {
			quoted[h.E164] = true
		}
	}
	for _, h := range append(append([]phoneHit{}, body...), sig...) {
		if !quoted[h.E164] && strongPhoneLabel(h.Label) {
			return h.E164
		}
	}
	// Unlabelled (or only "tel."): an office landline beside a mobile is
	// the organisation's; the mobile is the contact's own.
	var cands []string
	for _, h := range append(body, sig...) {
		if !quoted[h.E164] {
			cands = append(cands, h.E164)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	for _, e := range cands[:min(len(cands), 4)] {
		if len(cands) > 1 && isMobile(e) {
			return e
		}
	}
	return cands[0]
}

func strongPhoneLabel(l string) bool {
	return l != "" && l != "tel" && l != "telefon" && l != "phone"
}

// email is where the confirmation goes: an address the letter asks to use,
// else the forwarded original's sender, else Reply-To, else From.
func (c *signupCase) email(letters []letter) string {
	self := map[string]bool{strings.ToLower(c.m.Envelope.From): true, strings.ToLower(c.m.ReplyTo): true}
	for _, l := range letters {
		prevAsks := false // "… na adres:" with the address on the next line
		for _, s := range sentences(l.Body) {
			asks := askAddressRE.MatchString(s)
			if !asks && !prevAsks {
				continue
			}
			prevAsks = asks && strings.HasSuffix(s, ":")
			for _, a := range emailRE.FindAllString(s, -1) {
				a = strings.ToLower(strings.TrimRight(a, "."))
				if !self[a] && !c.ours(a) {
					return a
				}
			}
		}
	}
	if c.orig != nil {
		return c.p.Forward.From
	}
	if c.m.ReplyTo != "" && !c.ours(c.m.ReplyTo) {
		return c.m.ReplyTo
	}
	return c.m.Envelope.From
}

var (
	englishWords = map[string]bool{"the": true, "and": true, "to": true, "for": true, "we": true, "would": true, "like": true,
		"please": true, "meeting": true, "our": true, "be": true, "will": true, "attend": true, "register": true, "regards": true,
		"of": true, "is": true, "my": true, "with": true, "you": true, "hello": true, "dear": true, "thank": true}
	polishWords = map[string]bool{"w": true, "na": true, "z": true, "się": true, "nie": true, "proszę": true, "jest": true,
		"do": true, "że": true, "spotkanie": true, "spotkaniu": true, "dzień": true, "dobry": true, "pozdrawiam": true, "i": true,
		"o": true, "mnie": true, "jestem": true, "będę": true}
)

// language is "en" when the letter is written in English, else "pl".
func language(body string) string {
	en, pl := 0, 0
	for _, w := range words(strings.ToLower(body)) {
		if englishWords[w] {
			en++
		}
		if polishWords[w] {
			pl++
		}
	}
	if en > 3 && en > 2*pl {
		return "en"
	}
	return "pl"
}

func (c *signupCase) forwardQuoted() string {
	if c.p.Forward == nil {
		return ""
	}
	return c.p.Forward.Quoted
}

// firstLevel keeps the lines of quoted text that the quoted message's own
// author wrote (the foundation, in a reply to its mail), dropping what
// that message quoted in turn (often the sender's own earlier mail).
func firstLevel(quoted string) string {
	var out []string
	for _, l := range strings.Split(quoted, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), ">") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
