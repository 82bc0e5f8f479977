package main

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// The flows' returner window is one server setting (--returner-gap-months,
// GATEWAY_RETURNER_GAP_MONTHS, default 12), never a query parameter: two
// windows side by side would give away the people last seen between them.
func TestReturnerGapIsAServerSetting(t *testing.T) {
	parse := func(args ...string) (config, error) {
		var c config
		fs := newFlags("serve", "", io.Discard)
		c.dbFlag(fs, "g.db")
		c.serverFlags(fs)
		if err := fs.Parse(args); err != nil {
			return c, err
		}
		return c, c.validate()
	}
	if c, err := parse(); err != nil || c.ReturnerGap != 12 {
		t.Errorf("default: %d %v", c.ReturnerGap, err)
	}
	t.Setenv("GATEWAY_RETURNER_GAP_MONTHS", "18")
	if c, err := parse(); err != nil || c.ReturnerGap != 18 {
		t.Errorf("from the environment: %d %v", c.ReturnerGap, err)
	}
	if c, err := parse("--returner-gap-months", "6"); err != nil || c.ReturnerGap != 6 {
		t.Errorf("the flag wins: %d %v", c.ReturnerGap, err)
	}
	for _, v := range []string{"0", "61"} {
		if _, err := parse("--returner-gap-months", v); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--returner-gap-months") {
			t.Errorf("--returner-gap-months %s: %v", v, err)
		}
	}
	out, _ := runCmd(t, "", "report", "pack", "--help")
	if !strings.Contains(out, "-returner-gap-months") {
		t.Errorf("report pack --help does not offer the window:\n%s", out)
	}
	t.Setenv("GATEWAY_RETURNER_GAP_MONTHS", "a year")
	if _, err := runCmd(t, "", "serve", "--db", filepath.Join(t.TempDir(), "g.db")); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "GATEWAY_RETURNER_GAP_MONTHS") {
		t.Errorf("a malformed setting: %v", err)
	}
}

// Read audit is batched unless the operator says otherwise.
func TestAuditBatchIsAServerSetting(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{{nil, true}, {[]string{"--audit-batch=false"}, false}} {
		var c config
		fs := newFlags("serve", "", io.Discard)
		c.serverFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if c.AuditBatch != tc.want {
			t.Errorf("%v: audit batch %v, want %v", tc.args, c.AuditBatch, tc.want)
		}
	}
}

// --db-replica (GATEWAY_DB_REPLICA) is a PostgreSQL replica of a
// PostgreSQL --db, or nothing.
func TestDBReplicaIsAServerSetting(t *testing.T) {
	parse := func(args ...string) (config, error) {
		var c config
		fs := newFlags("serve", "", io.Discard)
		c.dbFlag(fs, "g.db")
		c.serverFlags(fs)
		if err := fs.Parse(args); err != nil {
			return c, err
		}
		return c, c.validate()
	}
	pg := "postgres://127.0.0.1/gw"
	if c, err := parse("--db", pg); err != nil || c.DBReplica != "" {
		t.Errorf("default: %q %v", c.DBReplica, err)
	}
	t.Setenv("GATEWAY_DB_REPLICA", "postgres://replica/gw")
	if c, err := parse("--db", pg); err != nil || c.DBReplica != "postgres://replica/gw" {
		t.Errorf("from the environment: %q %v", c.DBReplica, err)
	}
	if c, err := parse("--db", pg, "--db-replica", "postgres://other/gw"); err != nil || c.DBReplica != "postgres://other/gw" {
		t.Errorf("the flag wins: %q %v", c.DBReplica, err)
	}
	if _, err := parse("--db", "g.db"); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--db-replica") {
		t.Errorf("a replica of SQLite: %v", err)
	}
}
