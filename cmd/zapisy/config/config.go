// Package config is Zapisy's one typed configuration: a TOML file, with
// every setting overridable by an environment variable (ZAPISY_*), and
// *_FILE variants for secrets. Every command works with no file at all, on
// the defaults.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the whole configuration. The `env` tag names the environment
// variable that overrides a setting.
type Config struct {
	// DataDir holds the embedded SQLite database when no database URL is set.
	DataDir  string   `toml:"data_dir" env:"ZAPISY_DATA_DIR"`
	LogLevel string   `toml:"log_level" env:"ZAPISY_LOG_LEVEL"`
	Database Database `toml:"database"`
	// Mailboxes are the watched IMAP mailboxes. Environment variables
	// ZAPISY_IMAP_* configure the first one.
	Mailboxes []Mailbox `toml:"mailbox"`
	SMTP      SMTP      `toml:"smtp"`
	Notify    Notify    `toml:"notify"`
	Web       Web       `toml:"web"`
}

// Database selects the ledger's database.
type Database struct {
	// URL of a PostgreSQL database (postgres://…?sslmode=…); empty means
	// the embedded SQLite file in DataDir.
	URL string `toml:"url" env:"ZAPISY_DATABASE_URL"`
}

// Mailbox is one watched IMAP mailbox.
type Mailbox struct {
	Host         string   `toml:"host" env:"ZAPISY_IMAP_HOST"`
	Port         int      `toml:"port" env:"ZAPISY_IMAP_PORT"`
	TLS          string   `toml:"tls" env:"ZAPISY_IMAP_TLS"` // implicit | starttls | none
	InsecureTLS  bool     `toml:"insecure_skip_verify" env:"ZAPISY_IMAP_INSECURE_SKIP_VERIFY"`
	User         string   `toml:"user" env:"ZAPISY_IMAP_USER"`
	Password     string   `toml:"password" env:"ZAPISY_IMAP_PASSWORD"`
	PasswordFile string   `toml:"password_file" env:"ZAPISY_IMAP_PASSWORD_FILE"`
	Folder       string   `toml:"folder" env:"ZAPISY_IMAP_FOLDER"`
	PollInterval Duration `toml:"poll_interval" env:"ZAPISY_IMAP_POLL_INTERVAL"`
	// Where handled mail is moved; FlagOnly leaves it in place, flagged.
	ProcessedFolder string `toml:"processed_folder" env:"ZAPISY_IMAP_PROCESSED_FOLDER"`
	ReviewFolder    string `toml:"review_folder" env:"ZAPISY_IMAP_REVIEW_FOLDER"`
	IgnoredFolder   string `toml:"ignored_folder" env:"ZAPISY_IMAP_IGNORED_FOLDER"`
	FlagOnly        bool   `toml:"flag_only" env:"ZAPISY_IMAP_FLAG_ONLY"`
	// First run: handle mail since this date (YYYY-MM-DD), or only new mail.
	Since   string `toml:"since" env:"ZAPISY_IMAP_SINCE"`
	OnlyNew bool   `toml:"only_new" env:"ZAPISY_IMAP_ONLY_NEW"`
	// MaxSize in bytes; larger mail is stored and sent to review.
	MaxSize int64 `toml:"max_size" env:"ZAPISY_IMAP_MAX_SIZE"`
}

// SMTP is the outgoing mail server and the foundation's identity.
type SMTP struct {
	Host         string `toml:"host" env:"ZAPISY_SMTP_HOST"`
	Port         int    `toml:"port" env:"ZAPISY_SMTP_PORT"`
	TLS          string `toml:"tls" env:"ZAPISY_SMTP_TLS"` // implicit | starttls | none
	InsecureTLS  bool   `toml:"insecure_skip_verify" env:"ZAPISY_SMTP_INSECURE_SKIP_VERIFY"`
	User         string `toml:"user" env:"ZAPISY_SMTP_USER"`
	Password     string `toml:"password" env:"ZAPISY_SMTP_PASSWORD"`
	PasswordFile string `toml:"password_file" env:"ZAPISY_SMTP_PASSWORD_FILE"`
	From         string `toml:"from" env:"ZAPISY_SMTP_FROM"`
	FromName     string `toml:"from_name" env:"ZAPISY_SMTP_FROM_NAME"`
	ReplyTo      string `toml:"reply_to" env:"ZAPISY_SMTP_REPLY_TO"`
}

// Notify tunes the notices.
type Notify struct {
	// Reminders: how long before a meeting, e.g. ["24h", "72h"].
	Reminders           []Duration `toml:"reminders" env:"ZAPISY_NOTIFY_REMINDERS"`
	RatePerSecond       float64    `toml:"rate_per_second" env:"ZAPISY_NOTIFY_RATE_PER_SECOND"`
	PerRecipientPerHour int        `toml:"per_recipient_per_hour" env:"ZAPISY_NOTIFY_PER_RECIPIENT_PER_HOUR"`
	RetryFor            Duration   `toml:"retry_for" env:"ZAPISY_NOTIFY_RETRY_FOR"`
	// ClarifyWait is how long a sender has to answer the question which
	// meeting they meant; then the mail goes back to staff.
	ClarifyWait Duration `toml:"clarify_wait" env:"ZAPISY_NOTIFY_CLARIFY_WAIT"`
	// Lease is how long a daemon's claim on a notice holds unless renewed:
	// the longest a notice waits when the daemon sending it dies.
	Lease Duration `toml:"lease" env:"ZAPISY_NOTIFY_LEASE"`
}

// Web is the staff web desk.
type Web struct {
	// Listen is host:port of the desk; "off" turns it off.
	Listen string `toml:"listen" env:"ZAPISY_WEB_LISTEN"`
	// PublicURL, when set, is the address registrants reach (withdrawal links).
	PublicURL string `toml:"public_url" env:"ZAPISY_WEB_PUBLIC_URL"`
	// Staff log in with HTTP Basic: StaffUser and StaffPassword, or any
	// name with StaffPassword alone (the name is recorded). With neither,
	// staff pages answer loopback connections only.
	StaffUser         string `toml:"staff_user" env:"ZAPISY_WEB_STAFF_USER"`
	StaffPassword     string `toml:"staff_password" env:"ZAPISY_WEB_STAFF_PASSWORD"`
	StaffPasswordFile string `toml:"staff_password_file" env:"ZAPISY_WEB_STAFF_PASSWORD_FILE"`
}

// WebOff is the Listen value that turns the web desk off.
const WebOff = "off"

// Duration is a time.Duration written as "90s", "24h".
type Duration struct{ time.Duration }

// UnmarshalText reads a duration like "24h" or "1h30m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("%q is not a duration like 30s, 15m or 24h", string(b))
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration back.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Default is the configuration with no file and no environment.
func Default() Config {
	return Config{
		DataDir:  "./zapisy-data",
		LogLevel: "info",
		SMTP: SMTP{
			Port:     587,
			TLS:      "starttls",
			From:     "martyna.niedospial@bis-krakow.pl",
			FromName: "Fundacja BIS – zapisy na spotkania",
		},
		Notify: Notify{
			Reminders:           []Duration{{24 * time.Hour}},
			RatePerSecond:       10,
			PerRecipientPerHour: 5,
			RetryFor:            Duration{24 * time.Hour},
			ClarifyWait:         Duration{72 * time.Hour},
			Lease:               Duration{time.Minute},
		},
		Web: Web{Listen: "127.0.0.1:8080"},
	}
}

// mailboxDefaults fills what a mailbox leaves out.
func mailboxDefaults(m *Mailbox) {
	if m.TLS == "" {
		m.TLS = "implicit"
	}
	if m.Port == 0 {
		switch m.TLS {
		case "implicit":
			m.Port = 993
		default:
			m.Port = 143
		}
	}
	if m.Folder == "" {
		m.Folder = "INBOX"
	}
	if m.PollInterval.Duration == 0 {
		m.PollInterval.Duration = time.Minute
	}
	if m.ProcessedFolder == "" {
		m.ProcessedFolder = "Zapisy/Przetworzone"
	}
	if m.ReviewFolder == "" {
		m.ReviewFolder = "Zapisy/Do-sprawdzenia"
	}
	if m.IgnoredFolder == "" {
		m.IgnoredFolder = "Zapisy/Pominiete"
	}
	if m.MaxSize == 0 {
		m.MaxSize = 25 << 20
	}
}

// Load reads the file at path (none when path is empty), then applies the
// environment, then defaults, and validates. getenv is os.Getenv in
// production. A file that does not exist, a setting the file misspells, or
// a value of the wrong kind is an error naming it.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	if path != "" {
		md, err := toml.DecodeFile(path, &c)
		if err != nil {
			return Config{}, fmt.Errorf("config %s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			keys := make([]string, len(und))
			for i, k := range und {
				keys[i] = k.String()
			}
			return Config{}, fmt.Errorf("config %s: unknown setting(s): %s", path, strings.Join(keys, ", "))
		}
	}
	if err := applyEnv(&c, getenv); err != nil {
		return Config{}, err
	}
	for i := range c.Mailboxes {
		mailboxDefaults(&c.Mailboxes[i])
	}
	if err := c.readSecrets(); err != nil {
		return Config{}, err
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// applyEnv overrides settings from ZAPISY_* variables. ZAPISY_IMAP_* make
// a mailbox when the file has none.
func applyEnv(c *Config, getenv func(string) string) error {
	if len(c.Mailboxes) == 0 && getenv("ZAPISY_IMAP_HOST") != "" {
		c.Mailboxes = []Mailbox{{}}
	}
	targets := []any{c, &c.Database, &c.SMTP, &c.Notify, &c.Web}
	if len(c.Mailboxes) > 0 {
		targets = append(targets, &c.Mailboxes[0])
	}
	for _, t := range targets {
		if err := envInto(reflect.ValueOf(t).Elem(), getenv); err != nil {
			return err
		}
	}
	return nil
}

func envInto(v reflect.Value, getenv func(string) string) error {
	ty := v.Type()
	for i := 0; i < ty.NumField(); i++ {
		name := ty.Field(i).Tag.Get("env")
		if name == "" {
			continue
		}
		raw := getenv(name)
		if raw == "" {
			continue
		}
		if err := setFromString(v.Field(i), raw); err != nil {
			return fmt.Errorf("environment %s=%q: %w", name, raw, err)
		}
	}
	return nil
}

func setFromString(f reflect.Value, raw string) error {
	switch p := f.Addr().Interface().(type) {
	case *string:
		*p = raw
	case *bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return errors.New("want true or false")
		}
		*p = b
	case *int:
		n, err := strconv.Atoi(raw)
		if err != nil {
			return errors.New("want a whole number")
		}
		*p = n
	case *int64:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return errors.New("want a whole number")
		}
		*p = n
	case *float64:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return errors.New("want a number")
		}
		*p = n
	case *Duration:
		return p.UnmarshalText([]byte(raw))
	case *[]Duration:
		var ds []Duration
		for _, s := range strings.Split(raw, ",") {
			var d Duration
			if err := d.UnmarshalText([]byte(s)); err != nil {
				return err
			}
			ds = append(ds, d)
		}
		*p = ds
	default:
		return fmt.Errorf("unsupported setting type %s", f.Type())
	}
	return nil
}

// readSecrets reads the *_file settings.
func (c *Config) readSecrets() error {
	read := func(setting, path string, into *string) error {
		if path == "" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%s: %w", setting, err)
		}
		*into = strings.TrimRight(string(b), "\r\n")
		return nil
	}
	for i := range c.Mailboxes {
		m := &c.Mailboxes[i]
		if err := read(fmt.Sprintf("mailbox[%d].password_file", i), m.PasswordFile, &m.Password); err != nil {
			return err
		}
	}
	if err := read("web.staff_password_file", c.Web.StaffPasswordFile, &c.Web.StaffPassword); err != nil {
		return err
	}
	return read("smtp.password_file", c.SMTP.PasswordFile, &c.SMTP.Password)
}

// Validate checks every setting and names the first wrong ones.
func (c Config) Validate() error {
	var errs []error
	bad := func(setting, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", setting, fmt.Sprintf(format, args...)))
	}
	if c.DataDir == "" && c.Database.URL == "" {
		bad("data_dir", "is empty and no database.url is set: the SQLite database needs a folder")
	}
	if u := c.Database.URL; u != "" {
		if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
			bad("database.url", "must be a postgres:// URL (leave it empty for the embedded SQLite)")
		} else if !strings.Contains(u, "sslmode=") {
			bad("database.url", "has no sslmode; add ?sslmode=require (or sslmode=disable on a trusted local network)")
		}
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		bad("log_level", "%q is not one of debug, info, warn, error", c.LogLevel)
	}
	seen := map[string]bool{}
	for i, m := range c.Mailboxes {
		p := fmt.Sprintf("mailbox[%d]", i)
		if m.Host == "" {
			bad(p+".host", "is empty")
		}
		if m.Port < 1 || m.Port > 65535 {
			bad(p+".port", "%d is not a port number", m.Port)
		}
		checkTLS(p+".tls", m.TLS, bad)
		if m.User == "" {
			bad(p+".user", "is empty")
		}
		if m.Password == "" {
			bad(p+".password", "is empty (set password or password_file)")
		}
		if m.Since != "" {
			if _, err := time.Parse("2006-01-02", m.Since); err != nil {
				bad(p+".since", "%q is not a date like 2014-11-01", m.Since)
			}
			if m.OnlyNew {
				bad(p+".since", "and only_new cannot both be set")
			}
		}
		if m.PollInterval.Duration < time.Second {
			bad(p+".poll_interval", "%s is shorter than a second", m.PollInterval)
		}
		if m.MaxSize < 1<<10 {
			bad(p+".max_size", "%d bytes is too small", m.MaxSize)
		}
		key := m.User + "@" + m.Host + "/" + m.Folder
		if seen[key] {
			bad(p, "watches %s a second time", key)
		}
		seen[key] = true
	}
	if c.SMTP.Host != "" {
		if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
			bad("smtp.port", "%d is not a port number", c.SMTP.Port)
		}
		checkTLS("smtp.tls", c.SMTP.TLS, bad)
	}
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
		bad("smtp.from", "%q is not an email address", c.SMTP.From)
	}
	if c.SMTP.ReplyTo != "" {
		if _, err := mail.ParseAddress(c.SMTP.ReplyTo); err != nil {
			bad("smtp.reply_to", "%q is not an email address", c.SMTP.ReplyTo)
		}
	}
	for i, r := range c.Notify.Reminders {
		if r.Duration <= 0 {
			bad(fmt.Sprintf("notify.reminders[%d]", i), "%s is not a positive duration", r)
		}
	}
	if c.Notify.RatePerSecond <= 0 {
		bad("notify.rate_per_second", "%v must be above 0", c.Notify.RatePerSecond)
	}
	if c.Notify.PerRecipientPerHour < 1 {
		bad("notify.per_recipient_per_hour", "%d must be at least 1", c.Notify.PerRecipientPerHour)
	}
	if c.Notify.ClarifyWait.Duration < time.Hour {
		bad("notify.clarify_wait", "%s is shorter than an hour", c.Notify.ClarifyWait)
	}
	if c.Notify.Lease.Duration < 3*time.Second {
		bad("notify.lease", "%s is shorter than 3s", c.Notify.Lease)
	}
	if c.Notify.RetryFor.Duration < time.Minute {
		bad("notify.retry_for", "%s is shorter than a minute", c.Notify.RetryFor)
	}
	if l := c.Web.Listen; l != WebOff {
		if _, port, err := net.SplitHostPort(l); err != nil || port == "" {
			bad("web.listen", "%q is not host:port (or %q)", l, WebOff)
		}
	}
	if c.Web.StaffUser != "" && c.Web.StaffPassword == "" {
		bad("web.staff_password", "is empty while web.staff_user is set")
	}
	if u := c.Web.PublicURL; u != "" {
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			bad("web.public_url", "%q is not an http(s) address", u)
		}
	}
	return errors.Join(errs...)
}

func checkTLS(setting, v string, bad func(string, string, ...any)) {
	switch v {
	case "implicit", "starttls", "none":
	default:
		bad(setting, "%q is not one of implicit, starttls, none", v)
	}
}
