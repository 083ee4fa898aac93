package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// cli runs zapisy in-process with a data folder of the test's own.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, env: map[string]string{"ZAPISY_DATA_DIR": t.TempDir()}}
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return c.env[k] })
	if err != nil {
		fmt.Fprintln(&errb, "zapisy:", err)
		return out.String(), errb.String(), exitCode(err)
	}
	return out.String(), errb.String(), 0
}

func (c *cli) ok(args ...string) string {
	c.t.Helper()
	out, errs, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("zapisy %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

func (c *cli) fails(code int, wantErr string, args ...string) {
	c.t.Helper()
	_, errs, got := c.run(args...)
	if got != code || !strings.Contains(errs, wantErr) {
		c.t.Errorf("zapisy %s: exit %d, stderr %q; want exit %d mentioning %q", strings.Join(args, " "), got, errs, code, wantErr)
	}
}

// meetingsFile writes meetings in the coming weeks.
func meetingsFile(t *testing.T, extra string) string {
	start := time.Now().AddDate(0, 0, 10).Truncate(24 * time.Hour).Add(15 * time.Hour)
	text := "id,title,starts_at,ends_at,location,capacity\n" +
		fmt.Sprintf("m1,\"Małe granty\",%s,%s,\"ul. Józefińska 18\",2\n", start.Format(time.RFC3339), start.Add(2*time.Hour).Format(time.RFC3339)) +
		fmt.Sprintf("m2,\"Spotkanie otwarte\",%s,%s,\"Urząd Miasta, sala 105\",60\n", start.AddDate(0, 0, 2).Format(time.RFC3339), start.AddDate(0, 0, 2).Add(2*time.Hour).Format(time.RFC3339)) + extra
	path := filepath.Join(t.TempDir(), "meetings.csv")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMeetingsImport(t *testing.T) {
	c := newCLI(t)
	bad := meetingsFile(t, "m3,Zepsute,jutro,2014-11-19T18:00:00+01:00,X,10\n")
	c.fails(2, "line 4: starts_at", "meetings", "import", bad)
	if out := c.ok("meetings", "list"); !strings.Contains(out, "no meetings") {
		t.Errorf("a bad file imported something: %s", out)
	}
	good := meetingsFile(t, "")
	if out := c.ok("meetings", "import", good); !strings.Contains(out, "2 added") {
		t.Errorf("import: %s", out)
	}
	if out := c.ok("meetings", "import", good); !strings.Contains(out, "0 added, 0 changed, 2 unchanged") {
		t.Errorf("second import: %s", out)
	}
	if out := c.ok("meetings", "list"); !strings.Contains(out, "Małe granty") || !strings.Contains(out, "miejsca: 0 / 2") {
		t.Errorf("list: %s", out)
	}
	c.fails(2, "want 1 argument", "meetings", "import")
	c.fails(2, "no such file", "meetings", "import", "/nie/ma/takiego.csv")
}

func TestPhoneAddAndExport(t *testing.T) {
	c := newCLI(t)
	c.ok("meetings", "import", meetingsFile(t, ""))

	c.fails(2, `meeting "m9" does not exist`, "phone", "add", "--meeting", "m9", "--org", "Fundacja Łąka", "--name", "Jan", "--phone", "600 123 456")
	c.fails(2, "not a valid number", "phone", "add", "--meeting", "m1", "--org", "Fundacja Łąka", "--name", "Jan", "--phone", "123")
	c.fails(2, "flag provided but not defined", "phone", "add", "--meetin", "m1")
	if out := c.ok("registrations", "list"); !strings.Contains(out, "no registrations") {
		t.Fatalf("failed bookings stored something: %s", out)
	}

	out := c.ok("phone", "add", "--meeting", "m1", "--org", "Fundacja Łąka", "--name", "Józef Żak", "--phone", "600 123 456", "--attendees", "2", "--staff", "Martyna")
	if !strings.Contains(out, "registered, 2 os.") {
		t.Errorf("first booking: %s", out)
	}
	again := c.ok("phone", "add", "--meeting", "m1", "--org", "Fundacja Łąka", "--name", "Józef Żak", "--phone", "+48 600-123-456", "--staff", "Martyna")
	if !strings.Contains(again, "already signed up") {
		t.Errorf("same person again: %s", again)
	}
	wait := c.ok("phone", "add", "--meeting", "m1", "--org", "Stowarzyszenie Ćma", "--name", "Ola", "--phone", "12 345 67 89", "--email", "ola@example.org", "--staff", "Martyna")
	if !strings.Contains(wait, "waitlisted") || !strings.Contains(wait, "confirmation will be sent to ola@example.org") {
		t.Errorf("booking over capacity: %s", wait)
	}

	csv := c.ok("registrations", "export", "--meeting", "m1", "--format", "csv")
	if !strings.HasPrefix(csv, "\ufeffLp.,Spotkanie,Organizacja") {
		t.Errorf("CSV does not start with a BOM and the Polish header: %q", csv[:min(40, len(csv))])
	}
	for _, want := range []string{"Fundacja Łąka", "Józef Żak", "+48600123456", "lista rezerwowa", "+48123456789", "\r\n"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv)
		}
	}
	var objs []map[string]any
	if err := json.Unmarshal([]byte(c.ok("registrations", "export", "--meeting", "m1", "--format", "json")), &objs); err != nil || len(objs) != 2 {
		t.Fatalf("JSON export: %v %v", objs, err)
	}
	if objs[0]["organization"] != "Fundacja Łąka" || objs[0]["phone"] != "+48600123456" {
		t.Errorf("JSON row %v", objs[0])
	}
	xlsxPath := filepath.Join(t.TempDir(), "m1.xlsx")
	c.ok("registrations", "export", "--meeting", "m1", "--format", "xlsx", "--out", xlsxPath)
	book, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatalf("the XLSX export does not open: %v", err)
	}
	defer book.Close()
	rows, err := book.GetRows("Zapisy")
	if err != nil || len(rows) != 3 || rows[0][4] != "Osoba kontaktowa" || rows[1][2] != "Fundacja Łąka" || rows[1][6] != "+48600123456" || rows[2][8] != "lista rezerwowa" {
		t.Errorf("XLSX rows %q, %v", rows, err)
	}
	c.fails(2, "--format \"xml\"", "registrations", "export", "--meeting", "m1", "--format", "xml")
	c.fails(2, `meeting "m7" does not exist`, "registrations", "export", "--meeting", "m7")
	c.fails(2, "--meeting ID is required", "registrations", "export")
}

func TestParseCommand(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	csv := meetingsFile(t, "")
	good := filepath.Join(dir, "a.eml")
	os.WriteFile(good, []byte("From: a@example.org\r\nSubject: Automatyczna odpowiedź\r\nAuto-Submitted: auto-replied\r\n\r\nJestem poza biurem.\r\n"), 0o600)
	junk := filepath.Join(dir, "b.eml")
	os.WriteFile(junk, []byte{0, 1, 2, 3, 0xff}, 0o600)
	out := c.ok("parse", "--meetings", csv, good, junk)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per file, got:\n%s", out)
	}
	var first, second parseLine
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first.File != good || first.Action != "ignore" || first.Registrations == nil {
		t.Errorf("auto-reply: %s", lines[0])
	}
	if second.File != junk || second.Action != "review" || second.Reason == "" {
		t.Errorf("unreadable message: %s", lines[1])
	}
	c.fails(2, "could not be read", "parse", "--meetings", csv, good, filepath.Join(dir, "brak.eml"))
	c.fails(2, "give one or more", "parse", "--meetings", csv)
}

func TestUsageErrors(t *testing.T) {
	c := newCLI(t)
	c.fails(2, "no command")
	c.fails(2, `unknown command "zapisz"`, "zapisz")
	c.fails(2, `unknown subcommand "usun"`, "meetings", "usun")
	c.env["ZAPISY_SMTP_PORT"] = "dwa"
	c.fails(2, "ZAPISY_SMTP_PORT", "config", "check")
}

func TestStaffActions(t *testing.T) {
	c := newCLI(t)
	c.ok("meetings", "import", meetingsFile(t, ""))
	out := c.ok("phone", "add", "--meeting", "m1", "--org", "Fundacja Łąka", "--name", "Józef", "--phone", "600 123 456", "--staff", "Martyna")
	id := strings.Fields(out)[1]
	id = strings.TrimSuffix(id, ":")
	c.fails(2, "--staff NAME is required", "registrations", "withdraw", id)
	c.fails(2, `registration "nie-ma" does not exist`, "registrations", "withdraw", "nie-ma", "--staff", "Martyna")
	if got := c.ok("registrations", "withdraw", id, "--staff", "Martyna"); !strings.Contains(got, "withdrawn") {
		t.Errorf("withdraw: %s", got)
	}
	if got := c.ok("registrations", "list", "--meeting", "m1"); !strings.Contains(got, "wycofany") {
		t.Errorf("after withdrawal: %s", got)
	}
	c.fails(2, `meeting "m9" does not exist`, "meetings", "cancel", "m9", "--staff", "Martyna")
	if got := c.ok("meetings", "cancel", "m2", "--staff", "Martyna"); !strings.Contains(got, "cancelled") {
		t.Errorf("cancel: %s", got)
	}
	if got := c.ok("meetings", "list"); !strings.Contains(got, "ODWOŁANE") {
		t.Errorf("after cancelling: %s", got)
	}
}
