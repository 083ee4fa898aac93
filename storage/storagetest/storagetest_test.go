package storagetest_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"

	"zapisy/storage/storagetest"
)

func TestMain(m *testing.M) { storagetest.Main(m) }

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestPostgresURL(t *testing.T) {
	urls := make([]string, 3)
	dbs := make([]*sqlx.DB, 3)
	for i := range urls {
		urls[i] = storagetest.PostgresURL(t)
		db, err := sqlx.Open("postgres", urls[i])
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	for i, db := range dbs {
		var name string
		var tables int
		if err := db.GetContext(ctx(t), &name, "SELECT current_database()"); err != nil {
			t.Fatalf("database %d (%s): %v", i, urls[i], err)
		}
		if !strings.Contains(urls[i], "/"+name+"?") {
			t.Errorf("connected to %q through %q", name, urls[i])
		}
		if err := db.GetContext(ctx(t), &tables, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("database %d has %d tables, want a fresh one", i, tables)
		}
		if _, err := db.ExecContext(ctx(t), "CREATE TABLE t (id int primary key, s text)"); err != nil {
			t.Fatalf("database %d: create table: %v", i, err)
		}
		var s string
		if err := db.GetContext(ctx(t), &s, "SELECT 'zażółć gęślą jaźń'::text"); err != nil || s != "zażółć gęślą jaźń" {
			t.Errorf("UTF-8 round trip: %q, %v", s, err)
		}
	}
	for i := 1; i < len(urls); i++ {
		if urls[i] == urls[0] {
			t.Errorf("PostgresURL returned %q twice", urls[i])
		}
	}
}

func TestPostgresURLParallel(t *testing.T) {
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			db, err := sql.Open("postgres", storagetest.PostgresURL(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.ExecContext(ctx(t), "CREATE TABLE only_mine (id int)"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDatabaseDroppedWithOpenConnections(t *testing.T) {
	// A test that forgets to close its pool must not break clean-up.
	var url string
	t.Run("leaky", func(t *testing.T) {
		url = storagetest.PostgresURL(t)
		db, err := sql.Open("postgres", url)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.PingContext(ctx(t)); err != nil {
			t.Fatal(err)
		}
	})
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PingContext(ctx(t)); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("database still reachable after its test ended: %v", err)
	}
}

func TestSQLitePath(t *testing.T) {
	p := storagetest.SQLitePath(t)
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatalf("%s exists before use: %v", p, err)
	}
	db, err := sql.Open("sqlite", "file:"+p+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx(t), "CREATE TABLE t (id integer)"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
}

// TestClusterDiesWithTestBinary kills a test binary that holds a cluster and
// checks that the cluster goes down with it.
func TestClusterDiesWithTestBinary(t *testing.T) {
	if os.Getenv(storagetest.EnvPostgresURL) != "" {
		t.Skip("uses the server from " + storagetest.EnvPostgresURL)
	}
	storagetest.PostgresURL(t) // skips here where there are no binaries

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldCluster$", "-test.count=1")
	cmd.Env = append(os.Environ(), "STORAGETEST_HELPER=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var url string
	for sc := bufio.NewScanner(out); sc.Scan(); {
		if u, ok := strings.CutPrefix(sc.Text(), "URL "); ok {
			url = u
			break
		}
	}
	if url == "" {
		cmd.Process.Kill()
		t.Fatalf("helper printed no URL (exit: %v)", cmd.Wait())
	}

	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A session that outlives the kill only if the cluster does.
	conn, err := db.Conn(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sleepErr := make(chan error, 1)
	go func() {
		_, err := conn.ExecContext(context.Background(), "SELECT pg_sleep(60)")
		sleepErr <- err
	}()

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	select {
	case err := <-sleepErr:
		if err == nil {
			t.Fatal("pg_sleep finished normally: the server outlived its test binary")
		}
	case <-ctx(t).Done():
		t.Fatal("the cluster still serves 30 s after its test binary was killed")
	}
	if err := db.PingContext(ctx(t)); err == nil {
		t.Fatal("the cluster still accepts connections after its test binary was killed")
	}
	removeClusterDirsOf(cmd.Process.Pid)
}

// removeClusterDirsOf removes what the killed helper left (the next start of
// a cluster would remove it too).
func removeClusterDirsOf(pid int) {
	for _, base := range []string{"/dev/shm", os.TempDir()} {
		dirs, _ := filepath.Glob(filepath.Join(base, "zapisy-pg-*"))
		for _, d := range dirs {
			if b, _ := os.ReadFile(filepath.Join(d, "owner.pid")); string(b) == strconv.Itoa(pid) {
				os.RemoveAll(d)
			}
		}
	}
}

// TestHelperHoldCluster is the test binary that TestClusterDiesWithTestBinary
// kills; it does nothing in a normal run.
func TestHelperHoldCluster(t *testing.T) {
	if os.Getenv("STORAGETEST_HELPER") != "1" {
		t.Skip("helper process for TestClusterDiesWithTestBinary")
	}
	fmt.Printf("URL %s\n", storagetest.PostgresURL(t))
	select {} // until killed
}
