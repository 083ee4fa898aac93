package storagetest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	// startTimeout bounds initdb and the start of the postmaster.
	startTimeout = 60 * time.Second
	// stopTimeout is how long an immediate shutdown may take before the
	// postmaster is killed.
	stopTimeout = 10 * time.Second
	// dirPrefix starts the name of every cluster directory in os.TempDir.
	dirPrefix = "zapisy-pg-"
	// readyLine is what the postmaster logs once it accepts connections
	// (lc_messages=C keeps it in English).
	readyLine = "database system is ready to accept connections"
)

var errNoBinaries = errors.New("no PostgreSQL server binaries")

// cluster is a private PostgreSQL cluster in a temporary directory.
type cluster struct {
	dir    string // removed by stop
	port   int
	cmd    *exec.Cmd
	exited chan struct{} // closed when the postmaster has exited
	log    *logTail
}

func (c *cluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// findBinDir returns the directory of the newest initdb+postgres pair.
func findBinDir() (string, error) {
	ok := func(dir string) bool {
		for _, b := range []string{"initdb", "postgres"} {
			if fi, err := os.Stat(filepath.Join(dir, b)); err != nil || fi.IsDir() {
				return false
			}
		}
		return true
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { // newest version first
		return versionLess(filepath.Base(filepath.Dir(dirs[j])), filepath.Base(filepath.Dir(dirs[i])))
	})
	for _, d := range dirs {
		if ok(d) {
			return d, nil
		}
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); ok(d) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil && ok(filepath.Dir(p)) {
		return filepath.Dir(p), nil
	}
	return "", errNoBinaries
}

// versionLess compares dotted numeric versions such as "9.6" and "15".
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// runAs returns the account the cluster must run as: nil for the current
// one, or, for root, `postgres` (or `nobody` where it does not exist).
func runAs() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var errs []error
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
	}
	return nil, fmt.Errorf("running as root and no user to run PostgreSQL as: %w", errors.Join(errs...))
}

func startCluster() (*cluster, error) {
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	sweepStale()
	cred, err := runAs()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(clusterBase(), dirPrefix)
	if err != nil {
		return nil, err
	}
	c, err := initAndStart(bin, dir, cred)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

func initAndStart(bin, dir string, cred *syscall.Credential) (*cluster, error) {
	// The owner's pid lets a later run recognise this directory as stale.
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("give %s to uid %d: %w", dir, cred.Uid, err)
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C")
	initdb.Dir = dir
	initdb.SysProcAttr = sysProcAttr(cred)
	if out, err := runWithTimeout(initdb, startTimeout); err != nil {
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	var lastErr error
	for range 3 { // another process may take the free port before postgres binds it
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		c, err := startPostmaster(bin, dir, port, cred)
		if err == nil {
			return c, nil
		}
		lastErr = err
		if !strings.Contains(err.Error(), "already in use") {
			break
		}
	}
	return nil, lastErr
}

func startPostmaster(bin, dir string, port int, cred *syscall.Credential) (*cluster, error) {
	cmd := exec.Command(filepath.Join(bin, "postgres"),
		"-D", filepath.Join(dir, "data"),
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=", // TCP only: no socket path length limits
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=200",
		"-c", "lc_messages=C",
	)
	cmd.Dir = dir
	cmd.SysProcAttr = sysProcAttr(cred)
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	w.Close()

	c := &cluster{dir: dir, port: port, cmd: cmd, exited: make(chan struct{}), log: &logTail{}}
	ready := make(chan struct{})
	logFile, _ := os.Create(filepath.Join(dir, "postgres.log")) // best effort
	go c.log.follow(r, logFile, readyLine, ready)
	go func() {
		cmd.Wait()
		close(c.exited)
	}()

	select {
	case <-ready:
		return c, nil
	case <-c.exited:
		return nil, fmt.Errorf("postgres exited during start-up:\n%s", c.log.String())
	case <-time.After(startTimeout):
		c.stop()
		return nil, fmt.Errorf("postgres not ready after %v:\n%s", startTimeout, c.log.String())
	}
}

// stop shuts the cluster down at once (its data is thrown away) and removes
// its directory.
func (c *cluster) stop() error {
	c.cmd.Process.Signal(syscall.SIGQUIT) // immediate shutdown
	select {
	case <-c.exited:
	case <-time.After(stopTimeout):
		c.cmd.Process.Kill()
		<-c.exited
	}
	return os.RemoveAll(c.dir)
}

// shmDir is a RAM file system on Linux. Creating a database there takes a
// tenth of the time it takes on disk, fsync=off notwithstanding.
const shmDir = "/dev/shm"

// minShmFree is the free space below which shmDir is not used.
const minShmFree = 1 << 30

// clusterBase returns the directory to create cluster directories in.
func clusterBase() string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(shmDir, &st); err == nil &&
		uint64(st.Bavail)*uint64(st.Bsize) >= minShmFree &&
		syscall.Access(shmDir, 2 /* W_OK */) == nil {
		return shmDir
	}
	return os.TempDir()
}

// sweepStale removes cluster directories of test binaries that died without
// cleaning up. A directory whose owner or postmaster still lives is kept.
func sweepStale() {
	var dirs []string
	for _, base := range []string{shmDir, os.TempDir()} {
		d, _ := filepath.Glob(filepath.Join(base, dirPrefix+"*"))
		dirs = append(dirs, d...)
	}
	for _, d := range dirs {
		if pidAlive(readPid(filepath.Join(d, "owner.pid"))) ||
			pidAlive(readPid(filepath.Join(d, "data", "postmaster.pid"))) {
			continue
		}
		os.RemoveAll(d)
	}
}

// readPid reads the number on the first line of a pid file, 0 if none.
func readPid(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}

func pidAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func runWithTimeout(cmd *exec.Cmd, d time.Duration) ([]byte, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	timer := time.AfterFunc(d, func() { cmd.Process.Kill() })
	defer timer.Stop()
	err := cmd.Wait()
	return out.Bytes(), err
}

// logTail keeps the last lines of a server's log for error messages.
type logTail struct {
	mu    sync.Mutex
	lines []string
}

const tailLines = 30

// follow reads r to its end, copying it to file (if any) and keeping the
// tail, and closes ready on the first line containing readyText.
func (l *logTail) follow(r io.ReadCloser, file *os.File, readyText string, ready chan<- struct{}) {
	defer r.Close()
	if file != nil {
		defer file.Close()
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if file != nil {
			fmt.Fprintln(file, line)
		}
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
