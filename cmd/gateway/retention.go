package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gateway/models"
)

// retentionCmd reports what is past its retention period and, with
// --apply, deals with it in batches. A dry run is the default.
func retentionCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := c.dbFlags("retention", "Reports records past their retention period (a dry run, the default) and, with --apply,\nremoves or anonymises them in batches. Aggregates keep their counts; each run is audited with counts only.\n\n  gateway retention [flags]", "gateway.db", stderr)
	apply := fs.Bool("apply", false, "remove or anonymise what is due (without it: a dry run)")
	dryRun := fs.Bool("dry-run", true, "only report what is due (the default; --apply overrides)")
	batch := fs.Int("batch", 500, "records per transaction")
	progress := fs.String("progress", "auto", "progress bar: auto (when a terminal), always or never")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_ = dryRun
	if *batch <= 0 {
		return fmt.Errorf("%w: --batch must be at least 1", errUsage)
	}
	return withStore(c.DB, func(store *models.Store) error {
		now := models.Now()
		start := time.Now()
		plan, v, err := store.RetentionPlan(ctx, now)
		if err != nil {
			return err
		}
		ver := "defaults"
		if v.Version > 0 {
			ver = fmt.Sprintf("version %d", v.Version)
		}
		fmt.Fprintf(stdout, "Retention periods in force: %s.\n", ver)
		for _, t := range models.RetentionTypes {
			fmt.Fprintf(stdout, "  %-15s kept %5d days; past it now: %s\n", t.Key, v.Periods[t.Key], thousands(plan[t.Key]))
		}
		if !*apply {
			fmt.Fprintf(stdout, "Dry run: nothing changed (%s). Run again with --apply to deal with these.\n", time.Since(start).Round(time.Millisecond))
			return nil
		}
		b := newBar(stderr, *progress)
		b.what = "retiring records"
		done, err := store.ApplyRetention(ctx, now, *batch, b.fn())
		b.finish()
		if err != nil {
			return err
		}
		for _, t := range models.RetentionTypes {
			fmt.Fprintf(stdout, "  %-15s dealt with: %s\n", t.Key, thousands(done[t.Key]))
		}
		fmt.Fprintf(stdout, "Done in %s; the run is in the audit log (counts only).\n", time.Since(start).Round(time.Millisecond))
		return nil
	})
}
