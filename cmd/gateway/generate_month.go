package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/server/app"
)

// generateMonthCmd fills an empty database with the demo area and one month
// of records for the compliance benchmark:
//
//	gateway generate-month --db postgres://... --records 1000000 --month 2026-10
//	gateway report compliance --db postgres://... --month 2026-10 --out all.csv
func generateMonthCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var records int
	var month string
	fs := c.dbFlags("generate-month", "Fills an EMPTY database with the demo area and one month of records for the compliance\nbenchmark, in bulk (COPY on PostgreSQL). Then time: gateway report compliance --month M --out FILE.csv", "", stderr)
	fs.IntVar(&records, "records", 1_000_000, "records services were responsible for in the month")
	fs.StringVar(&month, "month", "", "month as YYYY-MM (default: last month)")
	if err := c.parseDB(fs, args); err != nil {
		return err
	}
	if records < 1 || records > 50_000_000 {
		return fmt.Errorf("%w: --records must be between 1 and 50,000,000", errUsage)
	}
	m, err := monthFlag(month)
	if err != nil {
		return err
	}
	store, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stdout, "Generating %d records for %s in %s:\n", records, m.Label(), describeDB(c.DB))
	sum, err := demo.GenerateMonth(ctx, store, demo.MonthOptions{Records: records, Start: m.Start(app.Zone), End: m.End(app.Zone), Progress: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Generated in %s: %d services, %d people, %d records in %s (and %d involvements outside it).\n",
		sum.Took.Round(100*time.Millisecond), sum.Services, sum.People, sum.Records, m.Label(), sum.Outside)
	return nil
}
