package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// TestMain lets the test binary act as the gateway command, so a test can
// run the real server in a child process and kill it.
func TestMain(m *testing.M) {
	if args := os.Getenv("GATEWAY_TEST_RUN_AS_MAIN"); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := run(ctx, strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// An acknowledged write survives the server being killed outright (no
// graceful shutdown), on SQLite and on PostgreSQL.
func TestAcknowledgedWritesSurviveAKill(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { killAfterWrite(t, filepath.Join(t.TempDir(), "g.db")) })
	t.Run("postgres", func(t *testing.T) { killAfterWrite(t, modeltest.PostgresDSN(t)) })
}

func killAfterWrite(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	b := modeltest.Build(t, s)
	hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, b.LA("Northmoor"))
	worker := b.User("Worker", hostel, models.RoleWorker)
	s.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GATEWAY_TEST_RUN_AS_MAIN="+strings.Join([]string{"serve", "--db", dsn, "--addr", addr}, "\x1f"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := "http://" + addr
	for i := 0; ; i++ {
		if r, err := http.Get(base + "/readyz"); err == nil && r.StatusCode == 200 {
			r.Body.Close()
			break
		}
		if i > 100 {
			t.Fatalf("server did not start:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	post := func(path, token string, body any) *http.Response {
		j, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(j))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := post("/api/v1/tokens", "", map[string]string{"email": worker.Email, "password": modeltest.TestPassword})
	var tok struct{ Token string }
	json.NewDecoder(r.Body).Decode(&tok)
	r.Body.Close()
	if tok.Token == "" {
		t.Fatalf("no token (status %d):\n%s", r.StatusCode, out.String())
	}
	r = post("/api/v1/people", tok.Token, map[string]string{"given_name": "Durable", "family_name": "Record"})
	r.Body.Close()
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d", r.StatusCode)
	}
	// Acknowledged: now kill the server with no chance to flush anything.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	s, err = models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int64
	s.Gorm().Model(&models.Person{}).Where("given_name = ?", "Durable").Count(&n)
	if n != 1 {
		t.Fatalf("the acknowledged person is gone after the kill: %d", n)
	}
	var inv int64
	s.Gorm().Model(&models.Involvement{}).Count(&inv)
	if inv != 1 {
		t.Fatalf("and so is its involvement (%d): a write is whole or absent", inv)
	}
}
