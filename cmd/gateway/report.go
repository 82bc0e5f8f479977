package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server"
)

// reportCmd runs the commissioner reports from the shell, for cron:
//
//	gateway report compliance --month 2026-10 [--la CODE] --out FILE.pdf|.csv
//	gateway report pack --la CODE --month 2026-10 --out FILE.pdf
//
// A run acts as a commissioner of the LA (or of every LA): what it writes
// is what they may see, never a name, never a confidential service, small
// numbers suppressed. Computing a closed month publishes every service's
// score for it, confidential services included (counts only), so run it on
// the 1st for last month and the month is fixed from then on.
func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "compliance" && args[0] != "pack") {
		fmt.Fprint(stderr, "Usage: gateway report compliance|pack [flags]\n\n  compliance  the monthly data-compliance report (PDF or CSV) for an LA, or every LA\n  pack        the commissioner pack (PDF) for an LA\n")
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return fmt.Errorf("%w: report needs compliance or pack", errUsage)
	}
	kind := args[0]
	var c config
	var month, la, out, progress string
	summary := map[string]string{
		"compliance": "Writes the monthly data-compliance report for an LA (or every LA) as PDF or CSV, by the\nextension of --out. Computing a closed month publishes its scores (see README.md).",
		"pack":       "Writes the commissioner pack for an LA and month as a PDF: hotspots, flows, gaps in\nprovision, placements and move-on, and data compliance.",
	}[kind]
	fs := newFlags("report "+kind, summary, stderr)
	c.dbFlag(fs, "gateway.db")
	fs.StringVar(&month, "month", "", "month as YYYY-MM (default: last month)")
	fs.StringVar(&la, "la", "", "local authority code"+map[string]string{"compliance": " (default: every LA)", "pack": " (required)"}[kind])
	fs.StringVar(&out, "out", "", "file to write: .pdf"+map[string]string{"compliance": " or .csv", "pack": ""}[kind])
	fs.StringVar(&progress, "progress", "auto", "progress bar on standard error: auto (when it is a terminal), always or never")
	fs.IntVar(&c.GraceDays, "grace-days", envInt("GATEWAY_GRACE_DAYS", 90), "days a service stays involved after closing its involvement (env GATEWAY_GRACE_DAYS)")
	if kind == "pack" {
		c.returnerGapFlag(fs)
	}
	c.logFlags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	if c.GraceDays < 0 || c.GraceDays > 3650 {
		return fmt.Errorf("%w: --grace-days must be between 0 and 3650", errUsage)
	}
	if kind == "pack" {
		if err := c.validateReturnerGap(); err != nil {
			return err
		}
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	switch {
	case out == "":
		return fmt.Errorf("%w: --out is required (a .pdf%s file)", errUsage, map[string]string{"compliance": " or .csv"}[kind])
	case format != "pdf" && (format != "csv" || kind == "pack"):
		return fmt.Errorf("%w: --out must end in .pdf%s", errUsage, map[string]string{"compliance": " or .csv"}[kind])
	case kind == "pack" && la == "":
		return fmt.Errorf("%w: --la is required: a pack is for one local authority", errUsage)
	case progress != "auto" && progress != "always" && progress != "never":
		return fmt.Errorf("%w: --progress must be auto, always or never", errUsage)
	}
	rep := &server.Reporter{Now: time.Now, Log: c.logger(stderr), ReturnerGapMonths: c.ReturnerGap}
	m := reports.MonthOf(time.Now().In(server.Zone)).Prev()
	if month != "" {
		var err error
		if m, err = reports.ParseMonth(month); err != nil {
			return fmt.Errorf("%w: --month: %v", errUsage, err)
		}
		if m.After(reports.MonthOf(time.Now().In(server.Zone))) {
			return fmt.Errorf("%w: --month %s has not begun yet", errUsage, m)
		}
	}

	store, err := openStore(c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Migrate(ctx, io.Discard); err != nil {
		return err
	}
	rep.Store = store
	pol, err := policy.New(ctx, store, policy.Options{Grace: c.grace()})
	if err != nil {
		return err
	}
	defer pol.Close()
	var area *models.LocalAuthority
	var las []int64
	if la != "" {
		if area, err = store.LAByCode(ctx, la); errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("%w: --la %s: no local authority has this code", errUsage, la)
		} else if err != nil {
			return err
		}
		las = []int64{area.ID}
	} else {
		all, err := store.LAs(ctx)
		if err != nil {
			return err
		}
		for _, l := range all {
			las = append(las, l.ID)
		}
	}
	actor := pol.Scheduled(las, time.Now())

	bar := newBar(stderr, progress)
	began := time.Now()
	var buf bytes.Buffer
	var services, records int
	switch kind {
	case "compliance":
		r, err := rep.ComplianceReport(ctx, actor, m, area, bar.fn())
		if err != nil {
			return err
		}
		services, records = len(r.Services), countRecords(r.Services)
		bar.finish()
		if err := server.WriteComplianceReport(&buf, r, format); err != nil {
			return err
		}
	case "pack":
		p, err := rep.Pack(ctx, actor, m, area, bar.fn())
		if err != nil {
			return err
		}
		services, records = len(p.Compliance), countRecords(p.Compliance)
		bar.finish()
		if err := reports.CommissionerPackPDF(&buf, p); err != nil {
			return err
		}
	}
	computed := time.Since(began)
	if err := writeAtomically(out, buf.Bytes()); err != nil {
		return err
	}
	what := "every LA"
	if area != nil {
		what = area.Code
	}
	if err := store.Audit(ctx, models.AuditEvent{Action: map[string]string{"compliance": models.AuditExportComplianceReport, "pack": models.AuditExportCommissionerPack}[kind],
		ObjectType: "report", Outcome: models.Allowed, Reason: "scheduled run: " + m.String() + " " + what + " " + format}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s: %s for %s, %s; %d services, %d records checked, in %s.\n",
		out, kind, what, m.Label(), services, records, computed.Round(time.Millisecond))
	return nil
}

func countRecords(scores []reports.ServiceScore) int {
	n := 0
	for _, s := range scores {
		n += s.Records
	}
	return n
}

// writeAtomically writes to a temporary file beside path and renames it,
// so a reader (or the next cron step) never sees half a report.
func writeAtomically(path string, b []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
