// Command gateway runs Gateway, the area-wide shared gateway for
// homelessness services: the web app and JSON API, migrations, the demo
// area, imports, reports and account management.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `Gateway: the shared gateway for homelessness services.

Usage:
  gateway <command> [flags]

Commands:
  serve      run the web app and JSON API
  demo       build (or reuse) the demo area and serve it
  migrate    apply, roll back or list database migrations (up|down|status)
  backup     write a consistent backup while the database is in use (--out FILE)
  restore    restore a backup into a fresh database (--from FILE --db TARGET)
  retention  report records past their retention period; --apply removes or anonymises them
  partitions list, make or detach the monthly partitions of street contacts and the audit log
             (PostgreSQL): list|ensure|detach --table T --before YYYY-MM [--drop --yes]
  user       manage accounts: add, passwd, disable
  import     load data from files: boundaries (LA boundaries GeoJSON), directory (Open
             Referral HSDS), people (legacy CSV), transfer (a record from another area)
  export     write data for others: directory (HSDS), statistics (LA extract), transfer
  generate   fill an empty database at benchmark scale (COPY on PostgreSQL)
  bench      time API queries against a generated database: hotspots
  report     commissioner reports for cron: compliance (PDF/CSV), pack (PDF)
  generate-month  fill an empty database with one month of records (compliance benchmark)
  duplicates review  find likely duplicates among people already recorded, for the review list
  eval-duplicates    measure the duplicate check through the API on an evaluation set
  version    print the version

Run "gateway <command> --help" for a command's flags. Every flag can also be
set by an environment variable (GATEWAY_DB, GATEWAY_ADDR, ...); see README.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gateway:", err)
		}
		os.Exit(exitCode(err))
	}
}

// errUsage marks a mistake in how the command was called (exit status 2).
var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// commands are gateway's subcommands by name (user, which also reads
// stdin, is run on its own).
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"serve":           serveCmd,
	"demo":            demoCmd,
	"retention":       retentionCmd,
	"partitions":      partitionsCmd,
	"migrate":         migrateCmd,
	"import":          importCmd,
	"export":          exportCmd,
	"generate":        generateCmd,
	"bench":           benchCmd,
	"report":          reportCmd,
	"generate-month":  generateMonthCmd,
	"duplicates":      duplicatesCmd,
	"backup":          backupCmd,
	"restore":         restoreCmd,
	"eval-duplicates": evalDuplicatesCmd,
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	if err := checkEnv(); err != nil {
		return err
	}
	cmd, rest := args[0], args[1:]
	if cmd == "user" { // the one command that reads stdin (a password)
		return userCmd(ctx, rest, stdin, stdout, stderr)
	}
	if command, ok := commands[cmd]; ok {
		return command(ctx, rest, stdout, stderr)
	}
	switch cmd {
	case "version", "--version", "-v":
		if len(rest) > 0 && (rest[0] == "-h" || rest[0] == "--help" || rest[0] == "help") {
			fmt.Fprint(stdout, "Usage: gateway version\n\nPrints the version of this build (set with -ldflags \"-X main.version=...\").\n")
			return nil
		}
		fmt.Fprintln(stdout, "gateway", version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}
