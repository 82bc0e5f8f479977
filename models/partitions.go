package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Monthly partitions (PostgreSQL only, migration 00025): street_contacts
// and audit_events are partitioned by range on their time column, one
// partition per London month (the months the hotspot roll-up keys on),
// named <table>_pYYYY_MM, plus <table>_default for any instant without a
// month of its own. SQLite keeps plain tables and every function here is a
// no-op or an error there.

// PartitionedTable is a table split by month, with the column that
// decides the month and the retention type whose period governs it.
type PartitionedTable struct {
	Table, Column, RetentionKey string
}

// PartitionedTables are the tables migration 00025 partitions.
var PartitionedTables = []PartitionedTable{
	{"street_contacts", "seen_at", "street_contact"},
	{"audit_events", "at", "audit_event"},
}

// PartitionsAhead is how many months after the current one
// EnsurePartitions keeps ready.
const PartitionsAhead = 3

// Partition is one partition of a PartitionedTable.
type Partition struct {
	Table string // the partitioned table
	Name  string
	// Month is the London month it holds, as MonthStart keys it; zero
	// for the DEFAULT partition. From and To are its instant range.
	Month, From, To time.Time
	Default         bool
	Rows            int64
}

// Partitioned reports whether this database has the monthly partitions
// (PostgreSQL migrated past 00025).
func (s *Store) Partitioned(ctx context.Context) (bool, error) {
	if s.dialect != Postgres {
		return false, nil
	}
	var kind string
	err := s.with(ctx).Raw("SELECT COALESCE((SELECT relkind::text FROM pg_class WHERE oid = to_regclass('street_contacts')), '')").Scan(&kind).Error
	return kind == "p", err
}

// EnsurePartitions makes the partitions of the month containing now and
// of the PartitionsAhead months after it, and of every month that has
// rows in a DEFAULT partition (a contact recorded for a month long past,
// or far ahead): those rows move into their month's partition, since
// PostgreSQL would otherwise refuse to create it later. Idempotent, safe
// to run from several servers at once (each partition is made under a
// lock on its table), and a no-op on SQLite. It returns the partitions it
// made.
func (s *Store) EnsurePartitions(ctx context.Context, now time.Time) ([]string, error) {
	return s.EnsurePartitionsSince(ctx, now, now)
}

// EnsurePartitionsSince is EnsurePartitions making every month from the
// one containing since as well: for a bulk load of past months (gateway
// generate), which would otherwise all land in DEFAULT.
func (s *Store) EnsurePartitionsSince(ctx context.Context, since, now time.Time) ([]string, error) {
	ok, err := s.Partitioned(ctx)
	if err != nil || !ok {
		return nil, err
	}
	var made []string
	for _, pt := range PartitionedTables {
		months := map[time.Time]bool{}
		for m := MonthStart(since); !m.After(MonthStart(now).AddDate(0, PartitionsAhead, 0)); m = m.AddDate(0, 1, 0) {
			months[m] = true
		}
		var stray []time.Time
		err := s.with(ctx).Raw(fmt.Sprintf(`SELECT DISTINCT date_trunc('month', %s AT TIME ZONE 'Europe/London')::date FROM %s_default`,
			pt.Column, pt.Table)).Scan(&stray).Error
		if err != nil {
			return made, fmt.Errorf("partitions of %s: %w", pt.Table, err)
		}
		for _, m := range stray {
			months[time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)] = true
		}
		sorted := make([]time.Time, 0, len(months))
		for m := range months {
			sorted = append(sorted, m)
		}
		sort.Slice(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
		for _, m := range sorted {
			var created bool
			err := s.Tx(ctx, func(tx *Store) error {
				// Making a partition locks the table: wait behind a long
				// query for a while, not for ever (the next tick tries
				// again), since every query after would queue too.
				if err := tx.db.Exec("SET LOCAL lock_timeout = '5s'").Error; err != nil {
					return err
				}
				return tx.db.Raw("SELECT gateway_month_partition(?, ?)", pt.Table, m.Format("2006-01-02")).Scan(&created).Error
			})
			if err != nil {
				return made, fmt.Errorf("partition of %s for %s: %w", pt.Table, m.Format("2006-01"), err)
			}
			if created {
				made = append(made, partitionName(pt.Table, m))
			}
		}
	}
	return made, nil
}

func partitionName(table string, month time.Time) string {
	return fmt.Sprintf("%s_p%04d_%02d", table, month.Year(), int(month.Month()))
}

var rePartition = regexp.MustCompile(`_p(\d{4})_(\d{2})$`)

// Partitions lists the partitions of each partitioned table, oldest month
// first and DEFAULT last, with exact row counts (one count per partition:
// on a large table this reads every row, so it is for the operator's
// command, not for requests).
func (s *Store) Partitions(ctx context.Context) ([]Partition, error) {
	ok, err := s.Partitioned(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("this database has no partitions (PostgreSQL only, from migration 00025)")
	}
	var out []Partition
	for _, pt := range PartitionedTables {
		var rows []struct {
			Name    string
			Default bool
		}
		err := s.with(ctx).Raw(`SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' AS "default"
			FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE i.inhparent = to_regclass(?) ORDER BY c.relname`, pt.Table).Scan(&rows).Error
		if err != nil {
			return nil, err
		}
		var dflt *Partition
		for _, r := range rows {
			p := Partition{Table: pt.Table, Name: r.Name, Default: r.Default}
			if err := s.with(ctx).Raw(`SELECT count(*) FROM "` + r.Name + `"`).Scan(&p.Rows).Error; err != nil {
				return nil, err
			}
			if p.Default {
				dflt = &p
				continue
			}
			m := rePartition.FindStringSubmatch(r.Name)
			if m == nil {
				return nil, fmt.Errorf("partition %s of %s is not named for a month", r.Name, pt.Table)
			}
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			p.Month = time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
			p.From, p.To = monthBounds(p.Month)
			out = append(out, p)
		}
		if dflt != nil {
			out = append(out, *dflt)
		}
	}
	return out, nil
}

// ErrPartitionRetention is returned for a detach the retention periods
// or the data do not allow.
var ErrPartitionRetention = errors.New("partition still within its retention period")

// DetachPartitions detaches from table every month partition wholly
// before the London month before (its last instant earlier than the
// month's start), and drops them when drop is set; otherwise each stays
// as a table of its own named detached_<partition>, out of every query,
// for the operator to archive (pg_dump -t) and drop. The DEFAULT
// partition is never detached.
//
// Retention decides what may go: every row of a partition must be past
// the period in force for its type (docs/DATA-PROTECTION.md), so the month
// must end before now minus that period. Street contacts are anonymised,
// not deleted, when their period ends, and their roll-ups keep counting
// them; a street-contact month therefore goes only when retention has
// anonymised every contact in it, and its roll-up rows (cells, and the
// month's bit in presence) go with it in the same transaction, so the
// roll-ups still equal a rebuild from the contacts that remain. Each
// detached partition is audited (detach_partition, with its name and row
// count only).
func (s *Store) DetachPartitions(ctx context.Context, table string, before, now time.Time, drop bool) ([]Partition, error) {
	var pt *PartitionedTable
	for i := range PartitionedTables {
		if PartitionedTables[i].Table == table {
			pt = &PartitionedTables[i]
		}
	}
	if pt == nil {
		return nil, fmt.Errorf("%s is not partitioned (choose street_contacts or audit_events)", table)
	}
	before = MonthStart(before)
	all, err := s.Partitions(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.Retention(ctx)
	if err != nil {
		return nil, err
	}
	days := v.Periods[pt.RetentionKey]
	cutoff := now.AddDate(0, 0, -days)
	var due []Partition
	for _, p := range all {
		if p.Table != table || p.Default || !p.Month.Before(before) {
			continue
		}
		if p.To.After(cutoff) {
			return nil, fmt.Errorf("%w: %s holds %s up to %s, but %s are kept %d days (until before %s)",
				ErrPartitionRetention, p.Name, p.Month.Format("2006-01"), p.To.Format(time.RFC3339), pt.RetentionKey, days, cutoff.Format("2006-01-02"))
		}
		due = append(due, p)
	}
	var done []Partition
	for _, p := range due {
		err := s.Tx(ctx, func(tx *Store) error {
			if table == "street_contacts" {
				var open int64
				if err := tx.db.Raw(`SELECT count(*) FROM "` + p.Name + `" WHERE anonymised_at IS NULL`).Scan(&open).Error; err != nil {
					return err
				}
				if open > 0 {
					return fmt.Errorf("%w: %s has %d street contacts not yet anonymised; run gateway retention --apply first",
						ErrPartitionRetention, p.Name, open)
				}
				if err := tx.forgetRollupMonth(p.Month); err != nil {
					return err
				}
			}
			if err := tx.db.Exec(fmt.Sprintf(`ALTER TABLE %s DETACH PARTITION "%s"`, table, p.Name)).Error; err != nil {
				return err
			}
			if drop {
				if err := tx.db.Exec(`DROP TABLE "` + p.Name + `"`).Error; err != nil {
					return err
				}
			} else if err := tx.db.Exec(fmt.Sprintf(`ALTER TABLE "%s" RENAME TO "detached_%s"`, p.Name, p.Name)).Error; err != nil {
				return err
			}
			what, _ := json.Marshal(map[string]any{"partition": p.Name, "rows": p.Rows, "dropped": drop})
			return tx.Audit(ctx, AuditEvent{Action: AuditDetachPartition, ObjectType: "partition", Reason: string(what)})
		})
		if err != nil {
			return done, err
		}
		done = append(done, p)
	}
	return done, nil
}

// forgetRollupMonth removes one month from the street-contact roll-ups:
// its cells, and its bit from every presence row (rows left with no month
// go).
func (s *Store) forgetRollupMonth(m time.Time) error {
	if err := s.db.Exec("DELETE FROM street_contact_cells WHERE month = ?", s.monthArg(m)).Error; err != nil {
		return err
	}
	epoch, bit := epochOf(monthIndex(m))
	if err := s.db.Exec("UPDATE street_contact_presence SET months = months & ~CAST(? AS BIGINT) WHERE epoch = ? AND months & CAST(? AS BIGINT) <> 0",
		bit, epoch, bit).Error; err != nil {
		return err
	}
	return s.db.Exec("DELETE FROM street_contact_presence WHERE epoch = ? AND months = 0", epoch).Error
}
