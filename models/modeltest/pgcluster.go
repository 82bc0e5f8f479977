package modeltest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Cluster is a private PostgreSQL server a test starts for itself, so it
// can stop, freeze and kill it without touching the shared one.
type Cluster struct {
	t      testing.TB
	bin    string
	dir    string
	Port   int
	asUser string // run the server as this user when the test runs as root
}

// PrivatePostgres starts a fresh PostgreSQL cluster in a temporary folder
// on a free port, or skips the test when no PostgreSQL binaries are
// installed (or, as root, when there is no postgres user to run them as)
// and GATEWAY_TEST_POSTGRES is unset. It is stopped when the test ends.
func PrivatePostgres(t testing.TB) *Cluster {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		if os.Getenv(PostgresEnv) == "" {
			t.Skipf("private PostgreSQL: "+format, args...)
		}
		t.Fatalf("private PostgreSQL: "+format, args...)
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			bins = []string{p}
		} else {
			fail("no initdb found")
			return nil
		}
	}
	c := &Cluster{t: t, bin: filepath.Dir(bins[len(bins)-1])}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			fail("running as root and there is no postgres user to run the server as")
			return nil
		}
		c.asUser = "postgres"
	}
	dir, err := os.MkdirTemp("", "gwpg")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	c.dir = filepath.Join(dir, "data")
	t.Cleanup(func() {
		c.signalAll(syscall.SIGCONT) // a test that failed while frozen
		c.Stop()
		os.RemoveAll(dir)
	})
	if c.asUser != "" {
		if out, err := exec.Command("chown", c.asUser, dir).CombinedOutput(); err != nil {
			fail("chown: %v %s", err, out)
			return nil
		}
	}
	out, err := c.cmd("initdb", "-D", c.dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C").CombinedOutput()
	if err != nil {
		fail("initdb: %v\n%s", err, out)
		return nil
	}
	c.Port = freePort(t)
	conf := fmt.Sprintf("\nport = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nfsync = on\nmax_connections = 60\nshared_buffers = 16MB\n", c.Port, dir)
	f, err := os.OpenFile(filepath.Join(c.dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(conf)
	f.Close()
	c.Start()
	return c
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func (c *Cluster) cmd(name string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, name)
	if c.asUser != "" {
		return exec.Command("runuser", append([]string{"-u", c.asUser, "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// DSN is the URL of the cluster's postgres database.
func (c *Cluster) DSN() string { return c.DSNFor("postgres") }

// DSNFor is the URL of one of the cluster's databases.
func (c *Cluster) DSNFor(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, db)
}

// CreateDatabase makes an empty database and returns its URL.
func (c *Cluster) CreateDatabase(name string) string {
	c.t.Helper()
	db, err := sql.Open("pgx", c.DSN())
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		c.t.Fatal(err)
	}
	return c.DSNFor(name)
}

// Bin is the folder of the cluster's PostgreSQL programs (pg_dump of the
// same version).
func (c *Cluster) Bin() string { return c.bin }

// Start starts the server and waits until it accepts connections.
func (c *Cluster) Start() {
	c.t.Helper()
	out, err := c.cmd("pg_ctl", "-D", c.dir, "-w", "-t", "30", "-l", filepath.Join(filepath.Dir(c.dir), "log"), "start").CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(filepath.Dir(c.dir), "log"))
		c.t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		db, _ := sql.Open("pgx", c.DSN())
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		db.Close()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("private PostgreSQL did not accept connections: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop shuts the server down (fast mode: sessions are ended).
func (c *Cluster) Stop() {
	if _, err := os.Stat(filepath.Join(c.dir, "postmaster.pid")); err != nil {
		return
	}
	c.cmd("pg_ctl", "-D", c.dir, "-w", "-t", "30", "-m", "fast", "stop").Run()
}

// Freeze stops (SIGSTOP) the postmaster and every backend, as a network
// partition or a hung host would look; Thaw resumes them.
func (c *Cluster) Freeze() { c.signalAll(syscall.SIGSTOP) }

// Thaw resumes a frozen cluster.
func (c *Cluster) Thaw() { c.signalAll(syscall.SIGCONT) }

func (c *Cluster) signalAll(sig syscall.Signal) {
	b, err := os.ReadFile(filepath.Join(c.dir, "postmaster.pid"))
	if err != nil {
		return
	}
	pm, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pm <= 1 {
		return
	}
	pids := append([]int{pm}, children(pm)...)
	for _, p := range pids {
		syscall.Kill(p, sig)
	}
}

// children lists the processes whose parent is pid.
func children(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 2 {
			if pp, _ := strconv.Atoi(f[1]); pp == pid {
				out = append(out, p)
			}
		}
	}
	return out
}
