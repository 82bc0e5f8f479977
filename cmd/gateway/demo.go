package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/geo"
	"gateway/models"
)

func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var people, contacts int
	var build bool
	fs := newFlags("demo", "Builds the demo area (the fictional county of Elmshire) into a new database, or reuses\none built before, and serves it. Log in with a demo account from README.md.", stderr)
	fs.StringVar(&c.DataDir, "data-dir", env("GATEWAY_DATA_DIR", "."), "folder for the demo's SQLite file (env GATEWAY_DATA_DIR)")
	c.dbFlag(fs, "")
	c.serverFlags(fs)
	fs.IntVar(&people, "people", envInt("GATEWAY_DEMO_PEOPLE", 27000), "how many people the demo area holds (env GATEWAY_DEMO_PEOPLE)")
	fs.IntVar(&contacts, "street-contacts", envInt("GATEWAY_DEMO_STREET_CONTACTS", 0), "street contacts over the last 24 months; 0: in proportion to --people (40,000 for 27,000) (env GATEWAY_DEMO_STREET_CONTACTS)")
	fs.BoolVar(&build, "build-only", false, "build (or find) the demo database, then exit without serving")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.DB == "" {
		c.DB = filepath.Join(c.DataDir, "gateway-demo.db")
	}
	if err := c.validate(); err != nil {
		return err
	}
	if people < 1 || people > 5_000_000 {
		return fmt.Errorf("%w: --people must be between 1 and 5,000,000", errUsage)
	}
	if contacts < 0 || contacts > 50_000_000 {
		return fmt.Errorf("%w: --street-contacts must be between 0 and 50,000,000", errUsage)
	}
	store, err := openDemo(ctx, c.DB, demo.Options{People: people, StreetContacts: contacts}, stdout)
	if err != nil {
		return err
	}
	defer store.Close()
	if _, err := demo.SeedPlaces(ctx, store); err != nil {
		return err
	}
	if c.Basemap == "" {
		// The demo's own basemap of Elmshire, rebuilt each start (well under
		// a second), so the map reads as a map with no network.
		if c.Basemap, err = writeDemoBasemap(c.DataDir); err != nil {
			return err
		}
	}
	if build {
		return nil
	}
	fmt.Fprintf(stdout, "Log in as admin@demo.example, hostel@demo.example, refuge@demo.example, … with password %q (all logins: README.md).\n", demo.Password)
	return serve(ctx, &c, store, stdout, stderr)
}

// writeDemoBasemap writes the demo county's basemap into the data folder.
func writeDemoBasemap(dir string) (string, error) {
	data, err := geo.DemoBasemap()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "gateway-demo-basemap.pmtiles")
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// openDemo reuses a demo database or builds one. A SQLite demo is built
// into a temporary file and renamed when complete, so an interrupted
// build never leaves a half-built demo to be reused.
func openDemo(ctx context.Context, dsn string, opt demo.Options, stdout io.Writer) (*models.Store, error) {
	if models.IsPostgres(dsn) {
		store, err := openMigrated(ctx, dsn)
		if err != nil {
			return nil, err
		}
		empty, err := store.Empty(ctx)
		if err != nil || !empty {
			if err == nil {
				fmt.Fprintf(stdout, "Reusing the demo in %s.\n", describeDB(dsn))
			}
			return store, err
		}
		if err := buildDemo(ctx, store, opt, dsn, stdout); err != nil {
			store.Close()
			return nil, err
		}
		return store, nil
	}
	if _, err := os.Stat(dsn); err == nil {
		store, err := openMigrated(ctx, dsn)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "Reusing the demo in %s (delete it to build a fresh one).\n", dsn)
		return store, nil
	}
	tmp := dsn + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	store, err := openMigrated(ctx, tmp)
	if err != nil {
		return nil, err
	}
	if err := buildDemo(ctx, store, opt, dsn, stdout); err != nil {
		store.Close()
		return nil, err
	}
	if err := store.Close(); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, dsn); err != nil {
		return nil, err
	}
	store, err = openStore(dsn)
	if err != nil {
		return nil, err
	}
	return store, store.Migrate(ctx, io.Discard)
}

func buildDemo(ctx context.Context, store *models.Store, opt demo.Options, dsn string, stdout io.Writer) error {
	fmt.Fprintf(stdout, "Building the demo area (%d people) in %s:\n", opt.People, describeDB(dsn))
	opt.Progress = stdout
	sum, err := demo.Build(ctx, store, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Built in %s: %d local authorities, %d organisations, %d services, %d users, %d people (%d open), %d involvements, %d case notes, %d assessments, %d cases, %d safety plans, %d referrals, %d placements, %d street contacts, %d public alerts.\n",
		sum.Took.Round(100*time.Millisecond), sum.LAs, sum.Organisations, sum.Services, sum.Users, sum.People, sum.Open, sum.Involvements, sum.Notes,
		sum.Assessments, sum.Cases, sum.SafetyPlans, sum.Referrals, sum.Placements, sum.StreetContacts, sum.Alerts)
	return nil
}
