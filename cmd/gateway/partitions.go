package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"gateway/models"
)

const partitionsUsage = `Usage: gateway partitions list|ensure|detach --db URL [flags]

The monthly partitions of street_contacts and audit_events (PostgreSQL only):

  gateway partitions list   --db URL        each partition, its London month and exact row count
  gateway partitions ensure --db URL        make this month's and the next 3 (the server does this itself)
  gateway partitions detach --db URL --table audit_events --before 2020-01 [--drop --yes]
                                            detach every month before --before, if retention allows
`

// partitionsCmd lists, makes and detaches the monthly partitions.
func partitionsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, partitionsUsage)
		return fmt.Errorf("%w: say list, ensure or detach", errUsage)
	}
	sub, rest := args[0], args[1:]
	var c config
	fs := c.dbFlags("partitions "+sub, "The monthly partitions of street_contacts and audit_events on PostgreSQL (see docs/OPERATIONS.md).\n"+
		"detach takes every month of --table before --before out of the table: it stays a table of its own named\n"+
		"detached_<partition> (to archive with pg_dump -t, then drop) or, with --drop --yes, is dropped. Only months\n"+
		"wholly past the retention period in force go; street-contact months must be anonymised by\n"+
		"`gateway retention --apply` first, and their roll-up rows go with them. Each detach is audited.", "gateway.db", stderr)
	table := fs.String("table", "", "detach: street_contacts or audit_events")
	before := fs.String("before", "", "detach: the first month to keep, YYYY-MM (London months)")
	drop := fs.Bool("drop", false, "detach: drop the detached partitions instead of keeping them as tables (needs --yes)")
	yes := fs.Bool("yes", false, "detach --drop: confirm that the rows are deleted for good")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	switch sub {
	case "list", "ensure", "detach":
	default:
		fmt.Fprint(stderr, partitionsUsage)
		return fmt.Errorf("%w: unknown partitions command %q", errUsage, sub)
	}
	var month time.Time
	if sub == "detach" {
		if *table == "" || *before == "" {
			return fmt.Errorf("%w: detach needs --table and --before", errUsage)
		}
		m, err := time.Parse("2006-01", *before)
		if err != nil {
			return fmt.Errorf("%w: --before %q is not a month (YYYY-MM)", errUsage, *before)
		}
		month = m
		if *drop && !*yes {
			return fmt.Errorf("%w: --drop deletes the detached months' rows for good; add --yes (or leave out --drop to keep them as tables)", errUsage)
		}
	}
	if !models.IsPostgres(c.DB) {
		return fmt.Errorf("partitions are PostgreSQL's; %s is SQLite, whose tables are not partitioned", describeDB(c.DB))
	}
	return withStore(c.DB, func(store *models.Store) error {
		switch sub {
		case "ensure":
			made, err := store.EnsurePartitions(ctx, models.Now())
			if err != nil {
				return err
			}
			if len(made) == 0 {
				fmt.Fprintln(stdout, "Every partition needed exists.")
			}
			for _, p := range made {
				fmt.Fprintln(stdout, "made", p)
			}
			return nil
		case "detach":
			done, err := store.DetachPartitions(ctx, *table, month, models.Now(), *drop)
			for _, p := range done {
				if *drop {
					fmt.Fprintf(stdout, "dropped  %s (%s rows)\n", p.Name, thousands(p.Rows))
				} else {
					fmt.Fprintf(stdout, "detached %s (%s rows), now the table detached_%s\n", p.Name, thousands(p.Rows), p.Name)
				}
			}
			if err != nil {
				return err
			}
			if len(done) == 0 {
				fmt.Fprintf(stdout, "No month of %s before %s to detach.\n", *table, *before)
			}
			return nil
		}
		parts, err := store.Partitions(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-16s %-28s %-8s %12s\n", "table", "partition", "month", "rows")
		for _, p := range parts {
			m := "default"
			if !p.Default {
				m = p.Month.Format("2006-01")
			}
			fmt.Fprintf(stdout, "%-16s %-28s %-8s %12s\n", p.Table, p.Name, m, thousands(p.Rows))
		}
		return nil
	})
}
