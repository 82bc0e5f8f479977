package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gateway/models"
)

// A month is generated, then reported on from the shell as cron would:
// the compliance report as CSV and PDF and the commissioner pack, each
// audited, a closed month published for every service, confidential ones
// included, while the files leave them out.
func TestReportCommandsOnAGeneratedMonth(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	out, err := runCmd(t, "", "generate-month", "--db", db, "--records", "3000", "--month", "2026-09")
	if err != nil || !strings.Contains(out, "3000 records in September 2026") {
		t.Fatalf("generate-month: %v\n%s", err, out)
	}
	if _, err := runCmd(t, "", "generate-month", "--db", db, "--records", "10"); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("generating into a database with data: %v", err)
	}

	csvFile := filepath.Join(dir, "all.csv")
	out, err = runCmd(t, "", "report", "compliance", "--db", db, "--month", "2026-09", "--out", csvFile)
	if err != nil || !strings.Contains(out, "Wrote "+csvFile) {
		t.Fatalf("report compliance: %v\n%s", err, out)
	}
	f, _ := os.ReadFile(csvFile)
	rows, err := csv.NewReader(bytes.NewReader(f)).ReadAll()
	if err != nil || len(rows) < 10 || rows[0][4] != "score_percent" || rows[len(rows)-1][3] != "All services" {
		t.Fatalf("CSV: %v %q", err, f)
	}
	s, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var published, confidential int64
	s.Gorm().Table("compliance_scores").Where("month = ?", "2026-09").Count(&published)
	s.Gorm().Table("compliance_scores cs").Joins("JOIN services sv ON sv.id = cs.service_id").
		Where("cs.month = ? AND sv.confidential = ?", "2026-09", true).Count(&confidential)
	if published == 0 || confidential == 0 {
		t.Errorf("the run published %d services' September, %d of them confidential", published, confidential)
	}
	var names []string
	s.Gorm().Model(&models.Service{}).Where("confidential = ?", true).Pluck("name", &names)
	for _, n := range names {
		if bytes.Contains(f, []byte(n)) {
			t.Errorf("the report names the confidential service %q", n)
		}
	}

	pdf := filepath.Join(dir, "la.pdf")
	if _, err := runCmd(t, "", "report", "compliance", "--db", db, "--month", "2026-09", "--la", "E06900001", "--out", pdf, "--progress", "always"); err != nil {
		t.Fatal(err)
	}
	pack := filepath.Join(dir, "pack.pdf")
	if _, err := runCmd(t, "", "report", "pack", "--db", db, "--month", "2026-09", "--la", "E06900001", "--out", pack); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{pdf, pack} {
		if b, _ := os.ReadFile(p); !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s is not a PDF", p)
		}
	}
	var audited int64
	s.Gorm().Table("audit_events").Where("action IN ? AND actor_user_id IS NULL", []string{"export_compliance_report", "export_commissioner_pack"}).Count(&audited)
	if audited != 3 {
		t.Errorf("%d scheduled runs audited, want 3", audited)
	}

	for _, bad := range [][]string{
		{"report", "compliance", "--db", db, "--out", filepath.Join(dir, "x.txt")},
		{"report", "pack", "--db", db, "--out", filepath.Join(dir, "x.pdf")},
		{"report", "compliance", "--db", db, "--month", "2099-01", "--out", filepath.Join(dir, "x.pdf")},
		{"report", "compliance", "--db", db, "--la", "NOWHERE", "--out", filepath.Join(dir, "x.pdf")},
		{"report", "sideways"},
	} {
		if _, err := runCmd(t, "", bad...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a refused run left a file behind")
	}
}
