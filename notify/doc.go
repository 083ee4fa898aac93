// Package notify sends what registrants are owed: confirmations, waiting-
// list and promotion notices, reminders, withdrawals, changes and
// cancellations of meetings, and clarification questions.
//
// It only reads the outbox that storage fills in the same transaction as
// each change (so what goes out does not depend on how a sign-up came in).
// A Sender claims due notices (a lease, so several daemons never send the
// same notice), re-checks that each is still wanted, renders it from
// package templates (Polish by default, English per registration; a plain
// text and an HTML part; an iCalendar invitation where a calendar should
// change), and sends a batch over one SMTP connection with go-mail.
// Temporary failures are retried with capped exponential backoff inside a
// retry window; permanent ones (5xx) are recorded with the server's answer;
// a connection lost after the final dot makes the notice "uncertain",
// never blindly repeated.
//
// Staff views (failed and uncertain notices, the reminder call list for
// phone sign-ups) are plain functions in staff.go for the CLI and web.
package notify
