package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gateway/models"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestEveryCommandExplainsItselfWithHelp(t *testing.T) {
	for _, cmd := range []string{"serve", "demo", "migrate", "user add", "backup", "restore"} {
		out, err := runCmd(t, "", append(strings.Fields(cmd), "--help")...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: gateway "+cmd) || !strings.Contains(out, "-db") {
			t.Errorf("%s --help: %v\n%s", cmd, err, out)
		}
	}
	if out, err := runCmd(t, "", "version"); err != nil || !strings.Contains(out, "gateway ") {
		t.Errorf("version: %v %s", err, out)
	}
	if out, err := runCmd(t, "", "version", "--help"); err != nil || !strings.Contains(out, "Usage: gateway version") {
		t.Errorf("version --help: %v %s", err, out)
	}
	if _, err := runCmd(t, "", "frobnicate"); !errors.Is(err, errUsage) || exitCode(err) != 2 {
		t.Errorf("an unknown command is a usage error: %v", err)
	}
}

// A malformed setting stops the command, naming it, rather than quietly
// falling back to a default (an insecure one, for cookies).
func TestMalformedSettingsAreRefused(t *testing.T) {
	for name, v := range map[string]string{"GATEWAY_SECURE_COOKIES": "yes", "GATEWAY_GRACE_DAYS": "ninety", "GATEWAY_LOG_LEVEL": "loud", "GATEWAY_REQUEST_TIMEOUT": "soon", "GATEWAY_SHUTDOWN_TIMEOUT": "20"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, v)
			if _, err := runCmd(t, "", "serve", "--db", filepath.Join(t.TempDir(), "g.db")); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%s: %v", name, v, err)
			}
		})
	}
	if _, err := runCmd(t, "", "serve", "--log-format", "xml", "--db", filepath.Join(t.TempDir(), "g.db")); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--log-format") {
		t.Errorf("--log-format xml: %v", err)
	}
}

func TestMigrateUpStatusDown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if out, err := runCmd(t, "", "migrate", "--db", db, "up"); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("up: %v %s", err, out)
	}
	if out, err := runCmd(t, "", "migrate", "--db", db, "status"); err != nil || !strings.Contains(out, "applied") {
		t.Fatalf("status: %v %s", err, out)
	}
	if out, err := runCmd(t, "", "migrate", "--db", db, "down"); err != nil || !strings.Contains(out, "rolled back") {
		t.Fatalf("down: %v %s", err, out)
	}
	if _, err := runCmd(t, "", "migrate", "--db", db, "sideways"); !errors.Is(err, errUsage) {
		t.Fatalf("a bad action is a usage error: %v", err)
	}
}

// The first area admin of a fresh installation is made from the shell,
// with the password on standard input; passwd and disable follow.
func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	out, err := runCmd(t, "a long enough password\n", "user", "add", "--db", db, "--email", "first@area.example", "--name", "First Admin", "--role", "area_admin")
	if err != nil || !strings.Contains(out, "Added user") {
		t.Fatalf("add: %v %s", err, out)
	}
	s, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Authenticate(ctx, "first@area.example", "a long enough password"); err != nil {
		t.Fatalf("the new admin can log in: %v", err)
	}
	u, _ := s.UserByEmail(ctx, "first@area.example")
	ms, _ := s.Memberships(ctx, u.ID)
	if len(ms) != 1 || ms[0].Role != models.RoleAreaAdmin || ms[0].Service.Type != models.AreaTeam {
		t.Fatalf("the first admin acts for the area team: %+v", ms)
	}
	if _, err := runCmd(t, "", "user", "add", "--db", db, "--email", "x@area.example", "--name", "X"); !errors.Is(err, errUsage) {
		t.Errorf("a missing password is a usage error: %v", err)
	}
	if out, err := runCmd(t, "short\n", "user", "add", "--db", db, "--email", "y@area.example", "--name", "Y"); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("a short password names the field: %v %s", err, out)
	}
	if out, err := runCmd(t, "another good password\n", "user", "passwd", "--db", db, "--email", "first@area.example"); err != nil || !strings.Contains(out, "Password changed") {
		t.Fatalf("passwd: %v %s", err, out)
	}
	if _, err := s.Authenticate(ctx, "first@area.example", "another good password"); err != nil {
		t.Fatalf("the new password works: %v", err)
	}
	if out, err := runCmd(t, "", "user", "disable", "--db", db, "--email", "first@area.example"); err != nil || !strings.Contains(out, "Disabled") {
		t.Fatalf("disable: %v %s", err, out)
	}
	if _, err := s.Authenticate(ctx, "first@area.example", "another good password"); err == nil {
		t.Fatal("a disabled user cannot log in")
	}
	if _, err := runCmd(t, "", "user", "disable", "--db", db, "--email", "nobody@area.example"); err == nil || !strings.Contains(err.Error(), "no such user") {
		t.Errorf("an unknown user is named as such: %v", err)
	}
}

// The demo builds into its data folder, then is reused.
func TestDemoBuildsThenReuses(t *testing.T) {
	dir := t.TempDir()
	out, err := runCmd(t, "", "demo", "--data-dir", dir, "--people", "300", "--build-only")
	if err != nil || !strings.Contains(out, "Built in") || !strings.Contains(out, "300 people (100 open)") {
		t.Fatalf("build: %v\n%s", err, out)
	}
	out, err = runCmd(t, "", "demo", "--data-dir", dir, "--build-only")
	if err != nil || !strings.Contains(out, "Reusing the demo") {
		t.Fatalf("reuse: %v\n%s", err, out)
	}
	s, err := models.Open(filepath.Join(dir, "gateway-demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The demo seeds its gazetteer and writes its own basemap.
	if ps, err := s.Places(context.Background()); err != nil || len(ps) < 40 {
		t.Errorf("the demo gazetteer: %d places, %v", len(ps), err)
	}
	if st, err := os.Stat(filepath.Join(dir, "gateway-demo-basemap.pmtiles")); err != nil || st.Size() < 10000 {
		t.Errorf("the demo basemap: %v", err)
	}
	var refuges int64
	s.Gorm().Model(&models.Service{}).Where("type IN ? AND confidential = ?", []string{"refuge", "sex_work_support"}, true).Count(&refuges)
	if refuges < 2 {
		t.Errorf("the demo has confidential refuges and sex-work services: %d", refuges)
	}
	for _, l := range []string{"admin", "hostel", "refuge", "sexwork", "outreach", "manager", "commissioner", "partner", "orgadmin"} {
		if _, err := s.Authenticate(context.Background(), l+"@demo.example", "gateway-demo"); err != nil {
			t.Errorf("demo login %s: %v", l, err)
		}
	}
}
