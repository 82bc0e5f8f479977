package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Thirty people posting 9 MB at once to the public report form (and to the
// API) are turned away with 413 before their bodies are read, so the
// server's memory does not grow with them (it went from 118 to 628 MB before
// the limit).
// The figure is the child server's peak resident memory (VmHWM).
func TestThirtyLargeBodiesDoNotGrowTheServer(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to read the server's memory")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dsn := filepath.Join(t.TempDir(), "g.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GATEWAY_TEST_RUN_AS_MAIN="+strings.Join([]string{"serve", "--db", dsn, "--addr", addr}, "\x1f"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	base := "http://" + addr
	for i := 0; ; i++ {
		if r, err := http.Get(base + "/readyz"); err == nil && r.StatusCode == 200 {
			r.Body.Close()
			break
		}
		if i > 300 {
			t.Fatalf("server did not start:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Warm up the routes once, so the baseline holds what any server holds.
	for _, p := range []string{"/report-rough-sleeping", "/login"} {
		if r, err := http.Get(base + p); err == nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
	}
	before := memoryOf(t, cmd.Process.Pid, "VmRSS")

	body := bytes.Repeat([]byte("a"), 9<<20)
	var wg sync.WaitGroup
	statuses := make(chan int, 30)
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path, ctype := "/report-rough-sleeping", "application/x-www-form-urlencoded"
			if i%3 == 0 {
				path, ctype = "/api/v1/people", "application/json"
			}
			r, err := http.Post(base+path, ctype, bytes.NewReader(body))
			if err != nil {
				statuses <- 0 // the server may close the connection before reading the rest
				return
			}
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			statuses <- r.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != 0 && st != http.StatusRequestEntityTooLarge {
			t.Errorf("a 9 MB body was answered %d, want 413", st)
		}
	}
	peak := memoryOf(t, cmd.Process.Pid, "VmHWM")
	t.Logf("server resident memory: %d MB before, peak %d MB during 30 parallel 9 MB posts", before>>10, peak>>10)
	if grew := peak - before; grew > 64<<10 {
		t.Errorf("the server grew by %d MB under 30 bodies of 9 MB: they were read", grew>>10)
	}
}

// memoryOf reads a kB figure (VmRSS, VmHWM) of a process from /proc.
func memoryOf(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
