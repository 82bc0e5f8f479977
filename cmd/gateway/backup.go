package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gateway/models"
)

// backupCmd is `gateway backup --out FILE`.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var out, pgBin string
	fs := c.dbFlags("backup", "Writes a consistent backup of the database while it is in use: a SQLite file\n(VACUUM INTO) or a PostgreSQL custom-format dump (pg_dump -Fc). Prints every\ntable's row count and checksum, so a restore can be checked against it.\nThe drill is in docs/OPERATIONS.md.", "gateway.db", stderr)
	fs.StringVar(&out, "out", "", "file to write; must not exist (required)")
	fs.StringVar(&pgBin, "pg-bin", env("GATEWAY_PG_BIN", ""), "folder of pg_dump, of the server's version or newer (env GATEWAY_PG_BIN); default: the PATH")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if out == "" {
		return fmt.Errorf("%w: --out is required", errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: backup takes no arguments", errUsage)
	}
	return withStore(c.DB, func(store *models.Store) error {
		if err := store.Backup(ctx, out, pgBin); err != nil {
			return err
		}
		fi, err := os.Stat(out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes).\n", describeDB(c.DB), out, fi.Size())
		// The checksums are of the live database just after the backup: on a
		// quiet database they equal the restore's; under writes they may be a
		// few rows ahead.
		return printSums(ctx, store, stdout)
	})
}

// restoreCmd is `gateway restore --from FILE --db TARGET`.
func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var from, pgBin string
	fs := c.dbFlags("restore", "Restores a backup made by `gateway backup` into a fresh database: a SQLite\npath that does not exist yet, or an empty PostgreSQL database. It never\noverwrites data. Then applies pending migrations and prints every table's row\ncount and checksum, to compare with what backup printed.", "", stderr)
	fs.StringVar(&from, "from", "", "the backup file (required)")
	fs.StringVar(&pgBin, "pg-bin", env("GATEWAY_PG_BIN", ""), "folder of pg_restore (env GATEWAY_PG_BIN); default: the PATH")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if from == "" || c.DB == "" {
		return fmt.Errorf("%w: --from and --db are required", errUsage)
	}
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	if models.IsPostgres(c.DB) {
		probe, err := models.Open(c.DB)
		if err != nil {
			return err
		}
		var n int64
		err = probe.Gorm().Raw(`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n).Error
		probe.Close()
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%s already has %d tables; restore only into an empty database (create one with createdb)", describeDB(c.DB), n)
		}
		if err := models.RestorePostgres(ctx, c.DB, from, pgBin); err != nil {
			return err
		}
	} else {
		if _, err := os.Stat(c.DB); err == nil {
			return fmt.Errorf("%s already exists; restore only to a new path (move the old file aside first)", c.DB)
		}
		if err := copyFile(from, c.DB); err != nil {
			return err
		}
	}
	return withStore(c.DB, func(store *models.Store) error {
		if !models.IsPostgres(c.DB) {
			var ok string
			if err := store.Gorm().Raw("PRAGMA integrity_check").Scan(&ok).Error; err != nil || ok != "ok" {
				return fmt.Errorf("the restored file fails SQLite's integrity check: %v %s", err, ok)
			}
		}
		sums, err := store.Checksums(ctx)
		if err != nil {
			return err
		}
		if err := store.Migrate(ctx, stdout); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Restored %s into %s.\n", from, describeDB(c.DB))
		writeSums(stdout, sums)
		return nil
	})
}

func printSums(ctx context.Context, store *models.Store, w io.Writer) error {
	sums, err := store.Checksums(ctx)
	if err != nil {
		return err
	}
	writeSums(w, sums)
	return nil
}

func writeSums(w io.Writer, sums []models.TableSum) {
	var rows int64
	for _, s := range sums {
		rows += s.Rows
		fmt.Fprintf(w, "  %-36s %10d rows  %016x\n", s.Table, s.Rows, s.Sum)
	}
	fmt.Fprintf(w, "%d tables, %d rows.\n", len(sums), rows)
}

func copyFile(from, to string) error {
	if dir := filepath.Dir(to); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return err
		}
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
