package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"gateway/models/modeltest"
)

// With --db-replica a report and a statistical extract read their
// aggregates from the replica, as the server's reports do: pointed at an
// empty (migrated) database instead of a copy, the pack finds nothing,
// while the same run on the primary alone finds the month's records.
func TestReportsReadTheirAggregatesFromTheReplica(t *testing.T) {
	primary, empty := modeltest.PostgresDSN(t), modeltest.PostgresDSN(t) // skip without GATEWAY_TEST_POSTGRES
	if _, err := runCmd(t, "", "generate-month", "--db", primary, "--records", "500", "--month", "2026-09"); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "", "migrate", "--db", empty, "up"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out, err := runCmd(t, "", "report", "pack", "--db", primary, "--month", "2026-09", "--la", "E06900001", "--out", filepath.Join(dir, "p.pdf"))
	if err != nil || strings.Contains(out, " 0 records checked") {
		t.Fatalf("on the primary: %v %s", err, out)
	}
	out, err = runCmd(t, "", "report", "pack", "--db", primary, "--db-replica", empty, "--month", "2026-09", "--la", "E06900001", "--out", filepath.Join(dir, "r.pdf"))
	if err != nil || !strings.Contains(out, " 0 records checked") {
		t.Errorf("with the replica: %v %s", err, out)
	}
	own, err := runCmd(t, "", "export", "statistics", "--db", primary, "--month", "2026-09", "--la", "E06900001")
	if err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "export", "statistics", "--db", primary, "--db-replica", empty, "--month", "2026-09", "--la", "E06900001")
	if err != nil || out == own {
		t.Errorf("the extract read the primary, not the replica: %v\n%s", err, out)
	}
	for _, bad := range [][]string{
		{"report", "pack", "--db", filepath.Join(dir, "g.db"), "--db-replica", empty, "--la", "E06900001", "--out", filepath.Join(dir, "x.pdf")},
		{"export", "statistics", "--db", primary, "--db-replica", filepath.Join(dir, "g.db"), "--la", "E06900001"},
	} {
		if _, err := runCmd(t, "", bad...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error (a replica is PostgreSQL beside PostgreSQL)", bad, err)
		}
	}
}
