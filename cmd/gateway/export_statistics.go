package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"gateway/policy"
	"gateway/server/app"
)

// exportStatistics writes an LA's anonymised statistical extract for a
// month as CSV, small numbers suppressed as the reports do.
func exportStatistics(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var la, month, out string
	fs := c.dbFlags("export statistics", "Writes an LA's anonymised statistical extract for a month as CSV: people seen rough sleeping,\nstreet contacts, people placed and moved on. Counts only, as the LA's commissioners see them:\nnothing of a confidential service, every count below 5 shown as <5.", "gateway.db", stderr)
	c.replicaFlag(fs, "the counts are read from it")
	fs.StringVar(&la, "la", "", "local authority code (required)")
	fs.StringVar(&month, "month", "", "month as YYYY-MM (default: last month)")
	fs.StringVar(&out, "out", "", "CSV file to write (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if la == "" {
		fs.Usage()
		return fmt.Errorf("%w: --la is required", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	if err := c.validateReplica(); err != nil {
		return err
	}
	m, err := monthFlag(month)
	if err != nil {
		return err
	}
	store, err := openReading(ctx, &c)
	if err != nil {
		return err
	}
	defer store.Close()
	area, err := store.LAByCode(ctx, la)
	if err != nil {
		return fmt.Errorf("--la %s: no such local authority", la)
	}
	pol, err := policy.New(ctx, store, policy.Options{})
	if err != nil {
		return err
	}
	defer pol.Close()
	csv, err := app.StatisticsExtract(ctx, store.Replica(), pol, area, m.Start(app.Zone), m.Next().Start(app.Zone), m.String())
	if err != nil {
		return err
	}
	if out == "" {
		_, err = stdout.Write(csv)
		return err
	}
	return os.WriteFile(out, csv, 0o644)
}
