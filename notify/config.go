package notify

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// TLS modes of the SMTP connection.
const (
	TLSImplicit = "implicit" // TLS from the first byte (port 465)
	TLSStartTLS = "starttls" // plain, upgraded with STARTTLS, required (587)
	TLSNone     = "none"     // plain text: test servers only
)

// Defaults of Config.
const (
	DefaultRatePerSecond       = 10.0
	DefaultPerRecipientPerHour = 5
	DefaultRetryFor            = 24 * time.Hour
	DefaultRetryBase           = time.Minute
	DefaultRetryMax            = time.Hour
	DefaultBatchSize           = 50
	DefaultLease               = time.Minute
	DefaultSMTPTimeout         = 30 * time.Second
	DefaultSignature           = "Fundacja BIS"
	// idleWake bounds how long Run sleeps with nothing queued, so a notice
	// queued by another process without a nudge (a phone sign-up with
	// `zapisy phone add`, another daemon's) is seen within it. A round
	// with nothing due costs a few indexed statements.
	idleWake = 10 * time.Second
	// minLease keeps renewals (every third of the lease) from hammering
	// the database.
	minLease = 3 * time.Second
	// retryPause is Run's pause after a failed round.
	retryPause = 5 * time.Second
)

// Config is the sender's configuration. Setting names in errors are those
// of the configuration file (cmd/zapisy/config).
type Config struct {
	SMTPHost      string
	SMTPPort      int
	TLS           string // TLSImplicit, TLSStartTLS (default) or TLSNone
	InsecureTLS   bool   // skip certificate checks (test servers)
	SMTPUser      string // "" = no authentication
	SMTPPassword  string
	FromAddress   string // the foundation's mailbox
	FromName      string
	ReplyTo       string // "" = FromAddress
	Signature     string // who signs the notices (default "Fundacja BIS")
	PublicBaseURL string // e.g. https://zapisy.bis-krakow.pl; "" = no withdrawal links
	SMTPTimeout   time.Duration
	RatePerSecond float64 // messages per second at most (default 10)
	PerRecipient  int     // automatic mails per recipient per hour (default 5)
	RetryFor      time.Duration
	RetryBase     time.Duration // first backoff (default 1 min), doubling
	RetryMax      time.Duration // backoff cap (default 1 h)
	BatchSize     int           // notices claimed at once (default 50)
	// Lease is how long a claim on a notice holds unless renewed (default
	// 1 min). A working sender renews it every third of it, so it bounds
	// how long a dead sender's notices wait for another.
	Lease           time.Duration
	SenderID        string // names this sender in claims; default host+pid
	MessageIDDomain string // for calendar UIDs; default storage's
}

// withDefaults fills the zero values.
func (c Config) withDefaults() Config {
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	if c.SMTPPort == 0 {
		switch c.TLS {
		case TLSImplicit:
			c.SMTPPort = 465
		case TLSNone:
			c.SMTPPort = 25
		default:
			c.SMTPPort = 587
		}
	}
	if c.Signature == "" {
		c.Signature = DefaultSignature
	}
	if c.SMTPTimeout == 0 {
		c.SMTPTimeout = DefaultSMTPTimeout
	}
	if c.RatePerSecond == 0 {
		c.RatePerSecond = DefaultRatePerSecond
	}
	if c.PerRecipient == 0 {
		c.PerRecipient = DefaultPerRecipientPerHour
	}
	if c.RetryFor == 0 {
		c.RetryFor = DefaultRetryFor
	}
	if c.RetryBase == 0 {
		c.RetryBase = DefaultRetryBase
	}
	if c.RetryMax == 0 {
		c.RetryMax = DefaultRetryMax
	}
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.Lease == 0 {
		c.Lease = DefaultLease
	}
	c.PublicBaseURL = strings.TrimRight(c.PublicBaseURL, "/")
	return c
}

// Validate checks the configuration (after defaults), naming the setting
// at fault.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	bad := func(setting, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", setting, fmt.Sprintf(format, args...)))
	}
	if c.SMTPHost == "" {
		bad("smtp.host", "no outgoing mail server given")
	}
	if c.SMTPPort < 1 || c.SMTPPort > 65535 {
		bad("smtp.port", "%d is not a port number", c.SMTPPort)
	}
	switch c.TLS {
	case TLSImplicit, TLSStartTLS, TLSNone:
	default:
		bad("smtp.tls", "%q is not one of implicit, starttls, none", c.TLS)
	}
	if c.SMTPUser != "" && c.SMTPPassword == "" {
		bad("smtp.password", "a user is given but no password")
	}
	if !isAddress(c.FromAddress) {
		bad("smtp.from", "%q is not an email address", c.FromAddress)
	}
	if c.ReplyTo != "" && !isAddress(c.ReplyTo) {
		bad("smtp.reply_to", "%q is not an email address", c.ReplyTo)
	}
	if strings.ContainsAny(c.FromName+c.Signature, "\r\n") {
		bad("smtp.from_name", "contains a line break")
	}
	if c.PublicBaseURL != "" {
		u, err := url.Parse(c.PublicBaseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("web.public_url", "%q is not an http(s) address", c.PublicBaseURL)
		}
	}
	if c.RatePerSecond < 0 {
		bad("notify.rate_per_second", "%v must be above 0", c.RatePerSecond)
	}
	if c.PerRecipient < 0 {
		bad("notify.per_recipient_per_hour", "%d must be at least 1", c.PerRecipient)
	}
	if c.RetryFor < time.Minute {
		bad("notify.retry_for", "%s is shorter than a minute", c.RetryFor)
	}
	if c.RetryBase <= 0 || c.RetryMax < c.RetryBase {
		bad("notify.retry_base", "backoff %s..%s is not a rising range", c.RetryBase, c.RetryMax)
	}
	if c.Lease < minLease {
		bad("notify.lease", "%s is shorter than %s", c.Lease, minLease)
	}
	return errors.Join(errs...)
}

func isAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}
