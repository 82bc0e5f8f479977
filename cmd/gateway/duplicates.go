package main

import (
	"context"
	"fmt"
	"io"

	"gateway/policy"
	"gateway/server/app"
)

// duplicatesCmd runs the duplicate review on demand (the server runs it
// every night): people created or changed since the last run are checked
// against everyone, and likely duplicate pairs go to the review list.
func duplicatesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "review" {
		fmt.Fprint(stderr, "Usage: gateway duplicates review [flags]\n\n  review  find likely duplicates among people already recorded, for the area's review list\n")
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return fmt.Errorf("%w: duplicates needs review", errUsage)
	}
	var c config
	var all bool
	var progress string
	fs := c.dbFlags("duplicates review", "Checks the people created or changed since the last run (everyone, the first time) against\neveryone else, as the create form's duplicate check does, and adds the likely duplicate\npairs to the area's review list (/duplicates/review). A pair already decided is never\noffered again.", "gateway.db", stderr)
	fs.BoolVar(&all, "all", false, "check everyone, not only those changed since the last run")
	fs.StringVar(&progress, "progress", "auto", "progress bar on standard error: auto (when it is a terminal), always or never")
	c.logFlags(fs)
	if err := c.parseDB(fs, args[1:]); err != nil {
		return err
	}
	if progress != "auto" && progress != "always" && progress != "never" {
		return fmt.Errorf("%w: --progress must be auto, always or never", errUsage)
	}
	store, pol, err := openWithPolicy(ctx, c.DB, policy.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	defer pol.Close()
	b := newBar(stderr, progress)
	run, err := app.ReviewDuplicates(ctx, store, pol, all, func(checked, total, _ int) { b.update(int64(checked), int64(total)) })
	b.finish()
	if err != nil {
		return err
	}
	since := "everyone"
	if run.Since != nil {
		since = "people changed since " + run.Since.Format("2 Jan 2006 15:04")
	}
	fmt.Fprintf(stdout, "checked %d people (%s) in %s: %d new likely duplicate pairs for review\n",
		run.PeopleChecked, since, run.FinishedAt.Sub(run.StartedAt).Round(1e7), run.PairsFound)
	return nil
}
