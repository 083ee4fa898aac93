package mailbox

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Defaults for the settings of Config left at their zero value.
const (
	DefaultFolder       = "INBOX"
	DefaultPollInterval = 60 * time.Second
	DefaultMaxSize      = 25 << 20 // bytes

	DefaultProcessedFolder = "Zapisy/Przetworzone"
	DefaultReviewFolder    = "Zapisy/Do-sprawdzenia"
	DefaultIgnoredFolder   = "Zapisy/Pominiete"
)

// Keywords set instead of moving when Config.FlagOnly is true.
const (
	KeywordProcessed = "$ZapisyPrzetworzone"
	KeywordReview    = "$ZapisyDoSprawdzenia"
	KeywordIgnored   = "$ZapisyPominiete"
)

// TLS modes of Config.TLS.
const (
	TLSImplicit = "implicit" // TLS from the first byte (port 993)
	TLSStartTLS = "starttls" // plain connection upgraded by STARTTLS (port 143)
	TLSNone     = "none"     // no encryption: loopback and tests only
)

// Folders are where handled mail is moved, by what was decided. Names use
// "/" as the hierarchy separator whatever the server's own is; the watcher
// translates them, and creates missing folders when it connects.
type Folders struct {
	Processed string // sign-ups and withdrawals carried out (default "Zapisy/Przetworzone")
	Review    string // mail staff must look at (default "Zapisy/Do-sprawdzenia")
	Ignored   string // auto-replies, bounces, newsletters (default "Zapisy/Pominiete")
}

// Config is one watched mailbox folder.
type Config struct {
	// Name keys the mailbox's checkpoint and stored mail, e.g.
	// "zapisy@bis-krakow.pl/INBOX". Changing it makes the next start a first
	// run. Required, unique among the watched mailboxes.
	Name string
	Host string // required
	Port int    // default 993 for TLSImplicit, 143 otherwise
	// TLS is TLSImplicit (default), TLSStartTLS or TLSNone.
	TLS string
	// InsecureSkipVerify turns certificate checks off (self-signed test
	// servers only). Default false: certificates are checked.
	InsecureSkipVerify bool
	User               string // required
	// Password, or PasswordFile naming a file holding it (one of the two).
	Password     string
	PasswordFile string
	Folder       string // the folder watched (default "INBOX")
	// PollInterval is how often the folder is polled when the server does
	// not offer IDLE (default 60 s). With IDLE, new mail is noticed at once.
	PollInterval time.Duration
	// Folders are where handled mail is moved (ignored with FlagOnly).
	Folders Folders
	// FlagOnly leaves handled mail where it is and sets a keyword instead
	// (KeywordProcessed, KeywordReview or KeywordIgnored).
	FlagOnly bool
	// The first run (no checkpoint yet) handles only mail that arrived
	// from StartSince on (by the server's arrival date), or with
	// StartOnlyNew only mail arriving after it started. With neither set,
	// the first run behaves as with StartOnlyNew: mail already in the
	// folder is never answered wholesale. Later runs resume from the
	// checkpoint.
	StartSince   time.Time
	StartOnlyNew bool
	// MaxSize is the largest message stored whole (default 25 MB); a
	// larger one is stored by its header only and sent to review.
	MaxSize int64
}

// withDefaults returns c with its zero settings given their defaults.
func (c Config) withDefaults() Config {
	if c.TLS == "" {
		c.TLS = TLSImplicit
	}
	if c.Port == 0 {
		c.Port = 143
		if c.TLS == TLSImplicit {
			c.Port = 993
		}
	}
	if c.Folder == "" {
		c.Folder = DefaultFolder
	}
	if c.PollInterval == 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.Folders.Processed == "" {
		c.Folders.Processed = DefaultProcessedFolder
	}
	if c.Folders.Review == "" {
		c.Folders.Review = DefaultReviewFolder
	}
	if c.Folders.Ignored == "" {
		c.Folders.Ignored = DefaultIgnoredFolder
	}
	if c.MaxSize == 0 {
		c.MaxSize = DefaultMaxSize
	}
	return c
}

// Validate checks the settings, naming the offending one in each error. It
// reads no files.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	bad := func(setting, format string, args ...any) {
		errs = append(errs, fmt.Errorf("mailbox %q: %s: %s", c.Name, setting, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(c.Name) == "" {
		bad("name", "required (it keys the mailbox's checkpoint)")
	}
	if c.Host == "" {
		bad("host", "required")
	}
	if c.Port < 1 || c.Port > 65535 {
		bad("port", "%d is not a TCP port", c.Port)
	}
	switch c.TLS {
	case TLSImplicit, TLSStartTLS, TLSNone:
	default:
		bad("tls", "%q: want %q, %q or %q", c.TLS, TLSImplicit, TLSStartTLS, TLSNone)
	}
	if c.User == "" {
		bad("user", "required")
	}
	switch {
	case c.Password == "" && c.PasswordFile == "":
		bad("password", "required (or password_file)")
	case c.Password != "" && c.PasswordFile != "":
		bad("password_file", "give either password or password_file, not both")
	}
	if c.PollInterval < time.Second {
		bad("poll_interval", "%v is shorter than a second", c.PollInterval)
	}
	if !c.FlagOnly {
		seen := map[string]string{}
		for _, f := range []struct{ setting, name string }{
			{"folders.processed", c.Folders.Processed},
			{"folders.review", c.Folders.Review},
			{"folders.ignored", c.Folders.Ignored},
		} {
			if strings.EqualFold(f.name, c.Folder) {
				bad(f.setting, "%q is the watched folder itself (use flag_only to leave mail in place)", f.name)
			}
			if other, ok := seen[f.name]; ok {
				bad(f.setting, "%q is also %s", f.name, other)
			}
			seen[f.name] = f.setting
		}
	}
	if !c.StartSince.IsZero() && c.StartOnlyNew {
		bad("start_only_new", "give either start_since or start_only_new, not both")
	}
	if c.MaxSize < 1<<10 {
		bad("max_size", "%d bytes is too small to hold a message's header", c.MaxSize)
	}
	return errors.Join(errs...)
}

// password returns the password, reading PasswordFile when given.
func (c Config) password() (string, error) {
	if c.PasswordFile == "" {
		return c.Password, nil
	}
	b, err := os.ReadFile(c.PasswordFile)
	if err != nil {
		return "", fmt.Errorf("mailbox %q: password_file: %w", c.Name, err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// validateAll checks a list of mailboxes, including that names are unique.
func validateAll(cfgs []Config) error {
	var errs []error
	seen := map[string]bool{}
	for _, c := range cfgs {
		if err := c.Validate(); err != nil {
			errs = append(errs, err)
		}
		if seen[c.Name] {
			errs = append(errs, fmt.Errorf("mailbox %q: name: used by two mailboxes (each needs its own checkpoint)", c.Name))
		}
		seen[c.Name] = true
	}
	return errors.Join(errs...)
}
