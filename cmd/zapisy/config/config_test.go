package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultsWithoutFile(t *testing.T) {
	c, err := Load("", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "./zapisy-data" || c.Database.URL != "" || len(c.Mailboxes) != 0 {
		t.Errorf("defaults %+v", c)
	}
	if len(c.Notify.Reminders) != 1 || c.Notify.Reminders[0].Duration != 24*time.Hour {
		t.Errorf("default reminders %v, want one day", c.Notify.Reminders)
	}
}

func TestExampleConfigIsValidWithSecrets(t *testing.T) {
	dir := t.TempDir()
	example, err := os.ReadFile("../../../deploy/zapisy.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(example), "/etc/zapisy/", dir+"/")
	path := filepath.Join(dir, "zapisy.toml")
	os.WriteFile(path, []byte(text), 0o600)
	_, err = Load(path, noEnv)
	if err == nil || !strings.Contains(err.Error(), "mailbox[0].password_file") {
		t.Fatalf("missing password file: got %v, want an error naming mailbox[0].password_file", err)
	}
	os.WriteFile(filepath.Join(dir, "imap-password"), []byte("tajne\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "smtp-password"), []byte("tajne2\n"), 0o600)
	c, err := Load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	m := c.Mailboxes[0]
	if m.Password != "tajne" || c.SMTP.Password != "tajne2" || m.Port != 993 || m.ProcessedFolder != "Zapisy/Przetworzone" {
		t.Errorf("loaded %+v / %+v", m, c.SMTP)
	}
}

func TestEnvironmentOverrides(t *testing.T) {
	c, err := Load("", envOf(map[string]string{
		"ZAPISY_DATA_DIR":               "/tmp/z",
		"ZAPISY_DATABASE_URL":           "postgres://u@h/db?sslmode=disable",
		"ZAPISY_IMAP_HOST":              "imap.example.org",
		"ZAPISY_IMAP_TLS":               "starttls",
		"ZAPISY_IMAP_USER":              "u",
		"ZAPISY_IMAP_PASSWORD":          "p",
		"ZAPISY_NOTIFY_REMINDERS":       "24h,72h",
		"ZAPISY_SMTP_PORT":              "2525",
		"ZAPISY_IMAP_FLAG_ONLY":         "true",
		"ZAPISY_WEB_PUBLIC_URL":         "https://zapisy.example.org",
		"ZAPISY_NOTIFY_RETRY_FOR":       "2h",
		"ZAPISY_IMAP_MAX_SIZE":          "1048576",
		"ZAPISY_NOTIFY_RATE_PER_SECOND": "2.5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/tmp/z" || c.Database.URL == "" || len(c.Mailboxes) != 1 {
		t.Fatalf("got %+v", c)
	}
	m := c.Mailboxes[0]
	if m.Host != "imap.example.org" || m.Port != 143 || !m.FlagOnly || m.MaxSize != 1<<20 {
		t.Errorf("mailbox %+v", m)
	}
	if len(c.Notify.Reminders) != 2 || c.Notify.Reminders[1].Duration != 72*time.Hour || c.SMTP.Port != 2525 || c.Notify.RatePerSecond != 2.5 {
		t.Errorf("notify %+v smtp port %d", c.Notify, c.SMTP.Port)
	}
}

func TestErrorsNameTheSetting(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		want       []string
	}{
		{"unknown key", "data_dirr = \"x\"\n", nil, []string{"unknown setting", "data_dirr"}},
		{"bad toml", "data_dir = \n", nil, []string{"zapisy.toml"}},
		{"bad duration", "[notify]\nretry_for = \"jutro\"\n", nil, []string{"duration"}},
		{"bad env", "", map[string]string{"ZAPISY_SMTP_PORT": "dwa"}, []string{"ZAPISY_SMTP_PORT", "whole number"}},
		{"db url", "[database]\nurl = \"mysql://x\"\n", nil, []string{"database.url"}},
		{"no sslmode", "[database]\nurl = \"postgres://u@h/db\"\n", nil, []string{"database.url", "sslmode"}},
		{"mailbox", "[[mailbox]]\ntls = \"ssl\"\n", nil, []string{"mailbox[0].host", "mailbox[0].tls", "mailbox[0].user", "mailbox[0].password"}},
		{"since", "[[mailbox]]\nhost=\"h\"\nuser=\"u\"\npassword=\"p\"\nsince=\"1.11.2014\"\n", nil, []string{"mailbox[0].since"}},
		{"from", "[smtp]\nfrom = \"biuro\"\n", nil, []string{"smtp.from"}},
		{"public url", "[web]\npublic_url = \"zapisy.example.org\"\n", nil, []string{"web.public_url"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "zapisy.toml")
			os.WriteFile(path, []byte(tc.file), 0o600)
			_, err := Load(path, envOf(tc.env))
			if err == nil {
				t.Fatalf("no error, want one naming %v", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "brak.toml"), noEnv); err == nil || !strings.Contains(err.Error(), "brak.toml") {
		t.Errorf("missing file: %v", err)
	}
}
