package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

// importPeople loads people from a legacy system's CSV export through a
// column mapping: a dry run reports invalid rows, likely duplicates of
// people already held and what would be created; the real run creates
// them in batches (each one transaction), resumes where a stopped run
// left off, and writes a report file.
func importPeople(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var mapFile, email, report, progress string
	var serviceID int64
	var batch int
	var dryRun, skipInvalid, createDups bool
	fs := c.dbFlags("import people FILE.csv", "Imports people from a legacy system's CSV export. --map names the mapping file (lines\n\"field = Column heading\"; see docs/IMPORT.md). Run with --dry-run first: it lists invalid rows\nby line and field, likely duplicates of people already held, and what would be created.", "gateway.db", stderr)
	fs.StringVar(&mapFile, "map", "", "the column-mapping file (required)")
	fs.Int64Var(&serviceID, "service", 0, "id of the service the people are recorded by: each gets an involvement with it (required)")
	fs.StringVar(&email, "user", "", "email of the account the import is recorded as; it must be a member of --service (required)")
	fs.BoolVar(&dryRun, "dry-run", false, "report what would happen, saving nothing")
	fs.IntVar(&batch, "batch", 500, "rows per transaction")
	fs.StringVar(&report, "report", "", "report file (CSV: line, legacy_id, outcome, person_id, detail); default FILE.report.csv")
	fs.BoolVar(&skipInvalid, "skip-invalid", false, "import the valid rows even when some are invalid (they are listed in the report)")
	fs.BoolVar(&createDups, "create-duplicates", false, "create rows that strongly match someone already held, instead of leaving them for review")
	fs.StringVar(&progress, "progress", "auto", "progress bar on standard error: auto, always or never")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if file == "" || mapFile == "" || serviceID == 0 || email == "" {
		fs.Usage()
		return fmt.Errorf("%w: give FILE.csv, --map, --service and --user", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	if report == "" {
		report = file + ".report.csv"
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	mapData, err := os.ReadFile(mapFile)
	if err != nil {
		return err
	}
	mapping, err := app.ParsePeopleMapping(mapData)
	if err != nil {
		return fmt.Errorf("%s: %w", mapFile, err)
	}
	rows, err := app.ReadPeopleCSV(data, mapping, time.Now())
	if err != nil {
		return fmt.Errorf("%s %w", file, err)
	}
	invalid := 0
	for _, r := range rows {
		if len(r.Problems) > 0 {
			invalid++
		}
	}
	store, pol, err := openWithPolicy(ctx, c.DB, policy.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	defer pol.Close()
	actor, err := importActor(ctx, store, pol, email, serviceID)
	if err != nil {
		return err
	}
	b := newBar(stderr, progress)
	pi := &app.PeopleImport{Store: store, Policy: pol, Actor: actor, Rows: rows, Batch: batch, CreateDuplicates: createDups,
		RunID: app.RunID(data, mapData, serviceID), Progress: func(done, total int) { b.update(int64(done), int64(total)) }}
	start := time.Now()
	var outcomes []app.ImportOutcome
	resumed := 0
	if dryRun {
		outcomes, err = pi.DryRun(ctx)
	} else {
		if invalid > 0 && !skipInvalid {
			for _, r := range rows {
				if len(r.Problems) > 0 {
					fmt.Fprintf(stderr, "line %d: %s\n", r.Line, r.Problems.Error())
				}
			}
			return fmt.Errorf("%s: %d invalid row(s), listed above; correct them, or import the rest with --skip-invalid. Nothing was imported", file, invalid)
		}
		outcomes, resumed, err = pi.Run(ctx)
	}
	b.finish()
	if werr := writeImportReport(report, outcomes); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return fmt.Errorf("%w (the batches before it are saved; run the same command again to resume)", err)
	}
	count := map[string]int{}
	for _, o := range outcomes {
		count[o.Outcome]++
		if dryRun && o.Outcome != "would_create" {
			fmt.Fprintf(stdout, "line %d: %s: %s\n", o.Line, o.Outcome, o.Detail)
		}
	}
	elapsed := time.Since(start)
	rate := float64(len(outcomes)) / elapsed.Seconds()
	if dryRun {
		fmt.Fprintf(stdout, "Dry run of %s: %d rows: %d would be created, %d invalid, %d likely duplicates of people already held. Nothing was saved. Report: %s\n",
			file, len(rows), count["would_create"], count["invalid"], count["duplicate"], report)
		return nil
	}
	if resumed > 0 {
		fmt.Fprintf(stdout, "Resumed after line %d (rows already imported by an earlier run).\n", rows[resumed-1].Line)
	}
	fmt.Fprintf(stdout, "Imported %s: %d created, %d invalid, %d likely duplicates left for review, in %s (%.0f rows/s). Report: %s\n",
		file, count["created"], count["invalid"], count["duplicate"], elapsed.Round(10*time.Millisecond), rate, report)
	return nil
}

func importActor(ctx context.Context, store *models.Store, pol *policy.Policy, email string, serviceID int64) (policy.Actor, error) {
	u, err := store.UserByEmail(ctx, email)
	if err != nil {
		return policy.Actor{}, fmt.Errorf("--user %s: no such account", email)
	}
	ms, err := store.Memberships(ctx, u.ID)
	if err != nil {
		return policy.Actor{}, err
	}
	for _, m := range ms {
		if m.ServiceID == serviceID {
			a := pol.Actor(u, m, time.Now())
			if !a.Valid() {
				return a, fmt.Errorf("--user %s cannot act for service %d (disabled?)", email, serviceID)
			}
			if !policy.Can(a, policy.Create, policy.ResourcePerson) {
				return a, fmt.Errorf("--user %s may not record people for service %d", email, serviceID)
			}
			return a, nil
		}
	}
	return policy.Actor{}, fmt.Errorf("--user %s is not a member of service %d", email, serviceID)
}

// writeImportReport lists every row's outcome by line: ids, never names.
func writeImportReport(path string, outcomes []app.ImportOutcome) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"line", "legacy_id", "outcome", "person_id", "detail"})
	for _, o := range outcomes {
		pid := ""
		if o.PersonID != 0 {
			pid = strconv.FormatInt(o.PersonID, 10)
		}
		_ = w.Write([]string{strconv.Itoa(o.Line), o.LegacyID, o.Outcome, pid, o.Detail})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
