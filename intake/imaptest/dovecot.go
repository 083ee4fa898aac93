package imaptest

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"
)

const (
	// dovecotStartTimeout bounds the start of Dovecot's master process.
	dovecotStartTimeout = 30 * time.Second
	// dovecotStopTimeout is how long Dovecot may take to stop before it is
	// killed.
	dovecotStopTimeout = 10 * time.Second
	// dovecotTermInterval is how often stop repeats its SIGTERM.
	dovecotTermInterval = 100 * time.Millisecond
	// dovecotReadyText is what the master logs once its listeners are bound.
	dovecotReadyText = "starting up"
)

const dovecotHowTo = "Dovecot not found (looked for `dovecot` in PATH and /usr/sbin). " +
	"To run these tests, install it (Debian/Ubuntu: apt-get install dovecot-imapd). " +
	EnvStrict + "=1 makes this a failure instead of a skip"

// dovecotConf is a Dovecot 2.3 configuration: IMAP only, plain text on
// loopback, one passwd-file user with Maildir storage, everything under Dir.
var dovecotConf = template.Must(template.New("dovecot.conf").Parse(`# Written by zapisy/intake/imaptest for one test.
base_dir = {{.Dir}}/run
state_dir = {{.Dir}}/state
instance_name = zapisy-test-{{.Port}}
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = /dev/stderr
mail_location = maildir:~/Maildir
{{- if .NonRoot}}
default_internal_user = {{.RunUser}}
default_internal_group = {{.RunGroup}}
default_login_user = {{.RunUser}}
{{- end}}
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN {{.Dir}}/users
}
userdb {
  driver = passwd-file
  args = {{.Dir}}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = {{.Port}}
  }
  inet_listener imaps {
    port = 0
  }
{{- if .NonRoot}}
  chroot =
{{- end}}
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`))

// StartDovecot starts a Dovecot (Debian's dovecot-imapd, 2.3) with its own
// configuration in a temporary directory, on a free loopback port, with one
// passwd-file user whose Maildir belongs to the account Dovecot runs mail as
// (nobody when the tests run as root, else the current user). It is stopped
// and its directory removed when the test ends. It skips the test where
// Dovecot is missing, or fails it when ZAPISY_TEST_STRICT=1. Start-up takes
// a few tens of milliseconds.
func StartDovecot(t testing.TB) *Server {
	t.Helper()
	bin := findDovecot()
	if bin == "" {
		skipOrFail(t, dovecotHowTo)
		return nil
	}
	dir, err := os.MkdirTemp("", "zapisy-dovecot-")
	if err != nil {
		t.Fatalf("imaptest: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Dovecot's unprivileged processes must reach the files below.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("imaptest: %v", err)
	}

	acct, err := mailAccount()
	if err != nil {
		t.Fatalf("imaptest: %v", err)
	}
	s := &Server{User: "zapisy", Password: "haslo-" + randomHex(6)}
	home := filepath.Join(dir, "home", s.User)
	for _, d := range []string{filepath.Join(dir, "run"), filepath.Join(dir, "state"), home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatalf("imaptest: %v", err)
		}
	}
	if err := os.Chown(home, acct.uid, acct.gid); err != nil {
		t.Fatalf("imaptest: give %s to uid %d: %v", home, acct.uid, err)
	}
	users := fmt.Sprintf("%s:{PLAIN}%s:%d:%d::%s::\n", s.User, s.Password, acct.uid, acct.gid, home)
	if err := os.WriteFile(filepath.Join(dir, "users"), []byte(users), 0o644); err != nil {
		t.Fatalf("imaptest: %v", err)
	}

	d := &dovecotBackend{bin: bin, dir: dir, acct: acct}
	for attempt := 0; ; attempt++ { // another process may take the free port first
		if d.port, err = freePort(); err != nil {
			t.Fatalf("imaptest: %v", err)
		}
		if err = d.writeConf(); err != nil {
			t.Fatalf("imaptest: %v", err)
		}
		if err = d.start(); err == nil {
			break
		}
		if attempt == 2 || !strings.Contains(err.Error(), "in use") {
			t.Fatalf("imaptest: %v", err)
		}
	}
	s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(d.port))
	s.backend, s.running = d, true
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("imaptest: stop Dovecot: %v", err)
		}
	})
	return s
}

func findDovecot() string {
	if p, err := exec.LookPath("dovecot"); err == nil {
		return p
	}
	if fi, err := os.Stat("/usr/sbin/dovecot"); err == nil && !fi.IsDir() {
		return "/usr/sbin/dovecot"
	}
	return ""
}

// account is who Dovecot stores mail as.
type account struct {
	uid, gid        int
	name, groupName string
	nonRoot         bool // Dovecot runs entirely as this account
}

func mailAccount() (account, error) {
	name := "nobody"
	if os.Geteuid() != 0 {
		cur, err := user.Current()
		if err != nil {
			return account{}, err
		}
		name = cur.Username
	}
	u, err := user.Lookup(name)
	if err != nil {
		return account{}, fmt.Errorf("look up the mail account: %w", err)
	}
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		return account{}, fmt.Errorf("look up the mail group: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return account{uid: uid, gid: gid, name: u.Username, groupName: g.Name, nonRoot: os.Geteuid() != 0}, nil
}

// dovecotBackend is one Dovecot master process at a time, on a fixed port.
type dovecotBackend struct {
	bin, dir string
	acct     account
	port     int

	cmd    *exec.Cmd
	exited chan struct{}
	log    *logTail
}

func (d *dovecotBackend) conf() string { return filepath.Join(d.dir, "dovecot.conf") }

func (d *dovecotBackend) writeConf() error {
	f, err := os.Create(d.conf())
	if err != nil {
		return err
	}
	err = dovecotConf.Execute(f, map[string]any{
		"Dir": d.dir, "Port": d.port, "NonRoot": d.acct.nonRoot,
		"RunUser": d.acct.name, "RunGroup": d.acct.groupName,
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (d *dovecotBackend) start() error {
	cmd := exec.Command(d.bin, "-F", "-c", d.conf())
	cmd.Dir = d.dir
	cmd.SysProcAttr = sysProcAttr()
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return fmt.Errorf("start dovecot: %w", err)
	}
	w.Close()
	d.cmd, d.exited, d.log = cmd, make(chan struct{}), &logTail{}
	ready := make(chan struct{})
	go d.log.follow(r, dovecotReadyText, ready)
	go func(exited chan struct{}) {
		cmd.Wait()
		close(exited)
	}(d.exited)

	select {
	case <-ready:
		return nil
	case <-d.exited:
		return fmt.Errorf("dovecot exited during start-up:\n%s", d.log.String())
	case <-time.After(dovecotStartTimeout):
		d.stop()
		return fmt.Errorf("dovecot not ready after %v:\n%s", dovecotStartTimeout, d.log.String())
	}
}

// restart stops Dovecot and starts it on the same port. Sockets of the old
// instance may hold the port for a moment, so a failed bind is retried.
func (d *dovecotBackend) restart() error {
	if err := d.stop(); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	return retryBind(d.start)
}

func (d *dovecotBackend) stop() error {
	select {
	case <-d.exited:
		return fmt.Errorf("dovecot had died:\n%s", d.log.String())
	default:
	}
	// Signalled alone, the master gives its children a second or more to go,
	// so the whole group (Dovecot's own, see Setpgid) is signalled, again
	// every so often for children forked in the meantime.
	term := func() {
		if err := syscall.Kill(-d.cmd.Process.Pid, syscall.SIGTERM); err != nil {
			d.cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	term()
	deadline := time.After(dovecotStopTimeout)
	resend := time.NewTicker(dovecotTermInterval)
	defer resend.Stop()
	for {
		select {
		case <-d.exited:
			return nil
		case <-resend.C:
			term()
		case <-deadline:
			syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
			<-d.exited
			return fmt.Errorf("dovecot did not stop within %v; killed", dovecotStopTimeout)
		}
	}
}

func freePort() (int, error) {
	ln, err := loopbackListen()
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return hex.EncodeToString(b)
}

// logTail keeps the last lines of a server's log for error messages.
type logTail struct {
	mu    sync.Mutex
	lines []string
}

const tailLines = 30

// follow reads r to its end, keeping the tail, and closes ready on the first
// line containing readyText.
func (l *logTail) follow(r io.ReadCloser, readyText string, ready chan<- struct{}) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		l.mu.Lock()
		l.lines = append(l.lines, line)
		if len(l.lines) > tailLines {
			l.lines = l.lines[len(l.lines)-tailLines:]
		}
		l.mu.Unlock()
		if ready != nil && strings.Contains(line, readyText) {
			close(ready)
			ready = nil
		}
	}
	io.Copy(io.Discard, r)
}

func (l *logTail) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}
