package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

func TestPartitionsCommandRefusesWhatItCannotDo(t *testing.T) {
	for _, args := range [][]string{
		{"partitions"},
		{"partitions", "prune"},
		{"partitions", "detach", "--db", "postgres://x/y", "--before", "2020-01"},
		{"partitions", "detach", "--db", "postgres://x/y", "--table", "audit_events", "--before", "January"},
		{"partitions", "detach", "--db", "postgres://x/y", "--table", "audit_events", "--before", "2020-01", "--drop"},
	} {
		if _, err := runCmd(t, "", args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: want a usage error, got %v", args, err)
		}
	}
	out, err := runCmd(t, "", "partitions", "list", "--db", filepath.Join(t.TempDir(), "g.db"))
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Errorf("list on SQLite: %v\n%s", err, out)
	}
}

// list shows every month with its rows; ensure makes the month of an old
// audit event that sat in DEFAULT; detach --drop takes it out once past
// the audit period, and is audited.
func TestPartitionsCommandListsEnsuresAndDetaches(t *testing.T) {
	dsn := modeltest.PostgresDSN(t) // skips without GATEWAY_TEST_POSTGRES
	s := modeltest.Open(t, dsn)
	old := time.Now().AddDate(-7, 0, 0).UTC()
	if err := s.Audit(context.Background(), models.AuditEvent{At: old, Action: models.AuditRead}); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", "partitions", "list", "--db", dsn)
	if err != nil || !strings.Contains(out, "audit_events_default") || !strings.Contains(out, "street_contacts_p"+models.MonthStart(time.Now()).Format("2006_01")) {
		t.Fatalf("list: %v\n%s", err, out)
	}
	oldPart := "audit_events_p" + models.MonthStart(old).Format("2006_01")
	out, err = runCmd(t, "", "partitions", "ensure", "--db", dsn)
	if err != nil || !strings.Contains(out, "made "+oldPart) {
		t.Fatalf("ensure: %v\n%s", err, out)
	}
	if out, err = runCmd(t, "", "partitions", "ensure", "--db", dsn); err != nil || !strings.Contains(out, "Every partition needed exists") {
		t.Errorf("ensure again: %v\n%s", err, out)
	}
	if out, err = runCmd(t, "", "partitions", "detach", "--db", dsn, "--table", "audit_events", "--before", models.MonthStart(time.Now()).AddDate(0, 1, 0).Format("2006-01")); !errors.Is(err, models.ErrPartitionRetention) {
		t.Errorf("detach this month: %v\n%s", err, out)
	}
	before := models.MonthStart(old).AddDate(0, 1, 0).Format("2006-01")
	out, err = runCmd(t, "", "partitions", "detach", "--db", dsn, "--table", "audit_events", "--before", before, "--drop", "--yes")
	if err != nil || !strings.Contains(out, "dropped  "+oldPart+" (1 rows)") {
		t.Fatalf("detach: %v\n%s", err, out)
	}
	var n int64
	s.Gorm().Raw("SELECT count(*) FROM audit_events WHERE action = ?", models.AuditDetachPartition).Scan(&n)
	if n != 1 {
		t.Errorf("%d detach_partition events, want 1", n)
	}
}
