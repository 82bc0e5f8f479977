package main

import (
	"context"
	"fmt"
	"io"

	"gateway/models"
)

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := c.dbFlags("migrate", "Applies (up), rolls back one (down) or lists (status) database migrations.\nA rollback that deletes data lists what would go and needs --yes.\n\n  gateway migrate [flags] up|down|status [--yes]", "gateway.db", stderr)
	yes := fs.Bool("yes", false, "down: go ahead even though the rollback deletes data (it lists what first)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	action := "up"
	if fs.NArg() > 0 {
		// Flags may come after the action too: migrate down --yes.
		action = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: migrate takes one action (up, down or status)", errUsage)
	}
	return withStore(c.DB, func(store *models.Store) error {
		switch action {
		case "up":
			if err := store.Migrate(ctx, stdout); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "Database is up to date.")
			return nil
		case "down":
			src, losses, err := store.DownPlan(ctx)
			if err != nil {
				return err
			}
			if src == "" {
				fmt.Fprintln(stdout, "No migration is applied; nothing to roll back.")
				return nil
			}
			if len(losses) > 0 {
				w := stdout
				if !*yes {
					w = stderr
				}
				fmt.Fprintf(w, "Rolling back %s deletes data:\n", src)
				for _, l := range losses {
					fmt.Fprintf(w, "  %s: %d rows\n", l.What, l.Rows)
				}
				if !*yes {
					return fmt.Errorf("%w: nothing was changed. Take a backup (gateway backup --out FILE), then run again with --yes", errUsage)
				}
			}
			return store.MigrateDown(ctx, stdout)
		case "status":
			return store.MigrationStatus(ctx, stdout)
		}
		return fmt.Errorf("%w: unknown migrate action %q (use up, down or status)", errUsage, action)
	})
}
