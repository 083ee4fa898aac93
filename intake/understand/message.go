package understand

import (
	"zapisy/intake"
)

// Message is a mail message as Read understood it: the envelope, the
// headers that matter for deciding, and the text a person wrote.
type Message struct {
	Envelope intake.Envelope
	// Err is non-nil when the message could not be read; Decide then sends
	// it to review with this reason.
	Err error

	FromName string // display name of From, decoded
	ReplyTo  string // bare address of Reply-To, "" when absent
	// ReplyToName is the display name of Reply-To, decoded.
	ReplyToName string
	To          []string // bare addresses of To and Cc
	// Header holds the header fields Decide looks at (auto-reply and list
	// markers), keyed by canonical name, values decoded.
	Header map[string]string
	// MediaType is the top-level content type (e.g. "multipart/report").
	MediaType string
	// ReportType is the report-type parameter of multipart/report.
	ReportType string
	// CalendarMethod is the METHOD of a text/calendar part ("REPLY" for an
	// answer to an invitation), "" when there is none.
	CalendarMethod string
	// Text is the readable body: the text/plain part, or the HTML part
	// turned into text when there is no plain one.
	Text string
	// Attached holds messages attached as message/rfc822 (forwards as
	// attachment, returned mail in bounces), read the same way.
	Attached []*Message
	// Attachments counts the non-text parts that were skipped.
	Attachments int
}
