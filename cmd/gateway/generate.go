package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gateway/cmd/gateway/demo"
)

// generateCmd fills an empty database with the demo area at any size, for
// benchmarks: a national deployment is about 400,000 people and 5 million
// street contacts. Everything is bulk-loaded (COPY on
// PostgreSQL), then the planner's statistics are refreshed.
func generateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var people, contacts, alerts int
	fs := c.dbFlags("generate", "Builds the demo area at benchmark scale into an empty database: people with their involvements\nand notes, street contacts over 24 months around the county's hotspots, and public alerts.\nExample: gateway generate --db postgres://… --people 400000 --street-contacts 5000000", "gateway-generated.db", stderr)
	fs.IntVar(&people, "people", 400_000, "people to generate")
	fs.IntVar(&contacts, "street-contacts", 5_000_000, "street contacts to generate over the last 24 months")
	fs.IntVar(&alerts, "alerts", 2_000, "public alerts to generate over the last 60 days")
	if err := c.parseDB(fs, args); err != nil {
		return err
	}
	if people < 1 || people > 5_000_000 || contacts < 0 || contacts > 50_000_000 || alerts < 0 || alerts > 1_000_000 {
		return fmt.Errorf("%w: --people must be 1..5,000,000, --street-contacts 0..50,000,000, --alerts 0..1,000,000", errUsage)
	}
	store, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stdout, "Generating %d people, %d street contacts and %d alerts in %s:\n", people, contacts, alerts, describeDB(c.DB))
	opt := demo.Options{People: people, StreetContacts: contacts, Alerts: alerts, Progress: stdout}
	if contacts == 0 {
		opt.StreetContacts = -1
	}
	if alerts == 0 {
		opt.Alerts = -1
	}
	sum, err := demo.Build(ctx, store, opt)
	if err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprint(stdout, "  vacuuming and refreshing planner statistics…")
	if err := store.VacuumAnalyze(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, " done (%s)\n", time.Since(start).Round(10*time.Millisecond))
	fmt.Fprintf(stdout, "Generated in %s: %d people (%d open), %d involvements, %d case notes, %d street contacts, %d public alerts.\n",
		(sum.Took + time.Since(start)).Round(100*time.Millisecond), sum.People, sum.Open, sum.Involvements, sum.Notes, sum.StreetContacts, sum.Alerts)
	return nil
}
