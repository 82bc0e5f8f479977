package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gateway/models"
)

// parseFile reads a command's flags and its one positional argument (a
// file), which may stand before the flags or after them; "" when none.
func parseFile(fs *flag.FlagSet, args []string) (string, error) {
	file, rest := "", args
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, rest = args[0], args[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return "", err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	return file, nil
}

// importDirectory reads an Open Referral (HSDS 3.0) directory and stores it
// in one transaction, or only checks it with --dry-run.
func importDirectory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var dryRun bool
	fs := c.dbFlags("import directory PATH", "Imports a service directory in Open Referral HSDS 3.0: PATH is an HSDS JSON file or a\ntabular datapackage.json with its CSV files beside it. Every row is checked against the\nHSDS 3 schema first; any problem (named by file, row and field) imports nothing.", "gateway.db", stderr)
	fs.BoolVar(&dryRun, "dry-run", false, "check the directory and report what would be imported, without saving")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if file == "" {
		fs.Usage()
		return fmt.Errorf("%w: give the directory file", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	d, err := models.ReadDirectory(file)
	if err != nil {
		return err
	}
	if dryRun {
		fmt.Fprintf(stdout, "Dry run: %s is a valid HSDS 3.0 directory: %s. Nothing was saved.\n", file, countsLine(d.Count()))
		return nil
	}
	store, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	counts, err := store.ImportDirectory(ctx, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported %s: %s.\n", file, countsLine(counts))
	return nil
}

func countsLine(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", m[k], k)
	}
	if len(parts) == 0 {
		return "no rows"
	}
	return strings.Join(parts, ", ")
}

// exportDirectory writes the area's directory as HSDS JSON or as the
// tabular datapackage (a folder of CSV files with datapackage.json).
func exportDirectory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var format, out, conf string
	fs := c.dbFlags("export directory", "Exports the area's service directory in Open Referral HSDS 3.0 (Open Referral UK):\norganisations, services, locations, contacts, eligibility, service areas and schedules.", "gateway.db", stderr)
	fs.StringVar(&format, "format", "json", "json (one HSDS JSON document) or tabular (CSV files and datapackage.json in the --out folder)")
	fs.StringVar(&out, "out", "", "file (json) or folder (tabular) to write; json goes to standard output without it")
	fs.StringVar(&conf, "confidential", "", "confidential services: omit, or without-location (default: the area's setting, omit unless set)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if format != "json" && format != "tabular" {
		return fmt.Errorf("%w: --format is json or tabular", errUsage)
	}
	if format == "tabular" && out == "" {
		return fmt.Errorf("%w: --format tabular needs --out FOLDER", errUsage)
	}
	if conf != "" && conf != models.DirConfidentialOmit && conf != models.DirConfidentialNoLocation {
		return fmt.Errorf("%w: --confidential is omit or without-location", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	store, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	if conf == "" {
		if conf, err = store.DirectoryConfidentialMode(ctx); err != nil {
			return err
		}
	}
	d, err := store.ExportDirectory(ctx, conf)
	if err != nil {
		return err
	}
	if format == "json" {
		js, err := d.JSON()
		if err != nil {
			return err
		}
		js = append(js, '\n')
		if out == "" {
			_, err = stdout.Write(js)
			return err
		}
		return os.WriteFile(out, js, 0o644)
	}
	files, err := d.Tabular()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Wrote %s/datapackage.json and %d CSV files: %s.\n", out, len(files)-1, countsLine(d.Count()))
	return nil
}
