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
	"gateway/server/app"
)

// reportRun is what `gateway report` was asked for, once its flags are
// checked.
type reportRun struct {
	c        config
	kind     string // "compliance" or "pack"
	month    string
	la       string
	out      string
	format   string // "pdf" or "csv", from --out's extension
	progress string
}

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
	run, err := parseReportFlags(args[0], args[1:], stderr)
	if err != nil {
		return err
	}
	m, err := run.reportMonth()
	if err != nil {
		return err
	}
	store, err := openReading(ctx, &run.c)
	if err != nil {
		return err
	}
	defer store.Close()
	pol, err := policy.New(ctx, store, policy.Options{Grace: run.c.grace()})
	if err != nil {
		return err
	}
	defer pol.Close()
	area, las, err := run.reportArea(ctx, store)
	if err != nil {
		return err
	}
	// Aggregates from the replica when there is one; the scores a closed
	// month publishes, and the rules, on the primary.
	rep := &app.Reporter{Store: store.Replica(), Primary: store, Now: time.Now, Log: run.c.logger(stderr), ReturnerGapMonths: run.c.ReturnerGap}
	began := time.Now()
	body, services, records, err := run.compute(ctx, rep, pol.Scheduled(las, time.Now()), m, area, stderr)
	if err != nil {
		return err
	}
	computed := time.Since(began)
	if err := writeAtomically(run.out, body); err != nil {
		return err
	}
	what := "every LA"
	if area != nil {
		what = area.Code
	}
	if err := store.Audit(ctx, models.AuditEvent{Action: "export_" + map[string]string{"compliance": "compliance_report", "pack": "commissioner_pack"}[run.kind],
		ObjectType: "report", Outcome: models.Allowed, Reason: "scheduled run: " + m.String() + " " + what + " " + run.format}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s: %s for %s, %s; %d services, %d records checked, in %s.\n",
		run.out, run.kind, what, m.Label(), services, records, computed.Round(time.Millisecond))
	return nil
}

// parseReportFlags reads the flags of `gateway report compliance|pack` and
// refuses a combination the kind cannot write.
func parseReportFlags(kind string, args []string, stderr io.Writer) (*reportRun, error) {
	run := &reportRun{kind: kind}
	c := &run.c
	summary := map[string]string{
		"compliance": "Writes the monthly data-compliance report for an LA (or every LA) as PDF or CSV, by the\nextension of --out. Computing a closed month publishes its scores (see README.md).",
		"pack":       "Writes the commissioner pack for an LA and month as a PDF: hotspots, flows, gaps in\nprovision, placements and move-on, and data compliance.",
	}[kind]
	fs := c.dbFlags("report "+kind, summary, "gateway.db", stderr)
	c.replicaFlag(fs, "the report's aggregates are read from it; the scores a closed month publishes and the audit row are written to --db")
	fs.StringVar(&run.month, "month", "", "month as YYYY-MM (default: last month)")
	fs.StringVar(&run.la, "la", "", "local authority code"+map[string]string{"compliance": " (default: every LA)", "pack": " (required)"}[kind])
	fs.StringVar(&run.out, "out", "", "file to write: .pdf"+map[string]string{"compliance": " or .csv", "pack": ""}[kind])
	fs.StringVar(&run.progress, "progress", "auto", "progress bar on standard error: auto (when it is a terminal), always or never")
	fs.IntVar(&c.GraceDays, "grace-days", envInt("GATEWAY_GRACE_DAYS", 90), "days a service stays involved after closing its involvement (env GATEWAY_GRACE_DAYS)")
	if kind == "pack" {
		c.returnerGapFlag(fs)
	}
	c.logFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := c.validateDB(); err != nil {
		return nil, err
	}
	if err := c.validateReplica(); err != nil {
		return nil, err
	}
	if c.GraceDays < 0 || c.GraceDays > 3650 {
		return nil, fmt.Errorf("%w: --grace-days must be between 0 and 3650", errUsage)
	}
	if kind == "pack" {
		if err := c.validateReturnerGap(); err != nil {
			return nil, err
		}
	}
	run.format = strings.TrimPrefix(strings.ToLower(filepath.Ext(run.out)), ".")
	switch {
	case run.out == "":
		return nil, fmt.Errorf("%w: --out is required (a .pdf%s file)", errUsage, map[string]string{"compliance": " or .csv"}[kind])
	case run.format != "pdf" && (run.format != "csv" || kind == "pack"):
		return nil, fmt.Errorf("%w: --out must end in .pdf%s", errUsage, map[string]string{"compliance": " or .csv"}[kind])
	case kind == "pack" && run.la == "":
		return nil, fmt.Errorf("%w: --la is required: a pack is for one local authority", errUsage)
	case run.progress != "auto" && run.progress != "always" && run.progress != "never":
		return nil, fmt.Errorf("%w: --progress must be auto, always or never", errUsage)
	}
	return run, nil
}

// monthFlag is the month a --month flag names as YYYY-MM, or last month
// where it is empty: the month the reporting commands cover by default.
func monthFlag(month string) (reports.Month, error) {
	if month == "" {
		return reports.MonthOf(time.Now().In(app.Zone)).Prev(), nil
	}
	m, err := reports.ParseMonth(month)
	if err != nil {
		return m, fmt.Errorf("%w: --month: %v", errUsage, err)
	}
	return m, nil
}

// reportMonth is --month, or last month; a month that has not begun has
// nothing to report.
func (run *reportRun) reportMonth() (reports.Month, error) {
	m, err := monthFlag(run.month)
	if err != nil || run.month == "" {
		return m, err
	}
	if m.After(reports.MonthOf(time.Now().In(app.Zone))) {
		return m, fmt.Errorf("%w: --month %s has not begun yet", errUsage, m)
	}
	return m, nil
}

// reportArea is the LA of --la (nil for every LA) and the LAs the
// scheduled commissioner acts for.
func (run *reportRun) reportArea(ctx context.Context, store *models.Store) (*models.LocalAuthority, []int64, error) {
	if run.la != "" {
		area, err := store.LAByCode(ctx, run.la)
		if errors.Is(err, models.ErrNotFound) {
			return nil, nil, fmt.Errorf("%w: --la %s: no local authority has this code", errUsage, run.la)
		} else if err != nil {
			return nil, nil, err
		}
		return area, []int64{area.ID}, nil
	}
	all, err := store.LAs(ctx)
	if err != nil {
		return nil, nil, err
	}
	var las []int64
	for _, l := range all {
		las = append(las, l.ID)
	}
	return nil, las, nil
}

// compute builds the report or pack with a progress bar and renders it,
// counting the services and records it checked for the closing line.
func (run *reportRun) compute(ctx context.Context, rep *app.Reporter, actor policy.Actor, m reports.Month, area *models.LocalAuthority, stderr io.Writer) (body []byte, services, records int, err error) {
	bar := newBar(stderr, run.progress)
	var buf bytes.Buffer
	switch run.kind {
	case "compliance":
		r, err := rep.ComplianceReport(ctx, actor, m, area, bar.fn())
		if err != nil {
			return nil, 0, 0, err
		}
		services, records = len(r.Services), countRecords(r.Services)
		bar.finish()
		if err := app.WriteComplianceReport(&buf, r, run.format); err != nil {
			return nil, 0, 0, err
		}
	case "pack":
		p, err := rep.Pack(ctx, actor, m, area, bar.fn())
		if err != nil {
			return nil, 0, 0, err
		}
		services, records = len(p.Compliance), countRecords(p.Compliance)
		bar.finish()
		if err := reports.CommissionerPackPDF(&buf, p); err != nil {
			return nil, 0, 0, err
		}
	}
	return buf.Bytes(), services, records, nil
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
