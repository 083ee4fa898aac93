// Package understand reads Polish sign-up mail the way a careful member of
// staff would: it decodes the message (Read) and decides what it asks for
// (Decide) — a registration for named meetings, a withdrawal, something
// staff must look at, or mail that needs no answer at all (auto-replies,
// bounces, newsletters, spam).
//
// Read does the MIME work and streams: attachments are read and discarded,
// never held in memory. Decide is pure: the same message, meetings and
// clock always give the same decision, so the IMAP daemon, `zapisy parse`
// and the tests share one path. The rules are split by concern: charsets
// and MIME (read.go, charset.go), HTML (html.go), quoted and forwarded
// text (quotes.go), signatures (signature.go), dates (dates.go), meetings
// (meetings.go; by place in a list, "oba", "wszystkie": listrefs.go), phones (phones.go), names and organisations (names.go,
// orgs.go), head counts (headcount.go), auto-replies (autoreply.go),
// withdrawals (cancel.go) and the decision itself (decide.go).
//
// When in doubt it sends the message to review: a wrong automatic
// registration costs more than a member of staff's minute.
package understand
