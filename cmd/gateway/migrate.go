package main

import (
	"context"
	"fmt"
	"io"
)

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlags("migrate", "Applies (up), rolls back one (down) or lists (status) database migrations.\n\n  gateway migrate [flags] up|down|status", stderr)
	c.dbFlag(fs, "gateway.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	action := "up"
	if fs.NArg() > 0 {
		action = fs.Arg(0)
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: migrate takes one action (up, down or status)", errUsage)
	}
	store, err := openStore(c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	switch action {
	case "up":
		if err := store.Migrate(ctx, stdout); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Database is up to date.")
		return nil
	case "down":
		return store.MigrateDown(ctx, stdout)
	case "status":
		return store.MigrationStatus(ctx, stdout)
	}
	return fmt.Errorf("%w: unknown migrate action %q (use up, down or status)", errUsage, action)
}
