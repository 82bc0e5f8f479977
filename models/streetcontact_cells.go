package models

import (
	"context"
	"fmt"
	"time"
	_ "time/tzdata" // Europe/London must resolve on a bare machine or container
)

// London is the area's time zone: months, days and "last 90 days" are
// counted in it, so a contact at 00:30 BST on the 1st is in the new month.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("models: Europe/London: " + err.Error())
	}
	return loc
}()

// MonthStart is the month t falls in (in London), as midnight UTC on its
// first day: the key the hotspot rollup stores.
func MonthStart(t time.Time) time.Time {
	l := t.In(London)
	return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// monthBounds is the instant range [start, end) of the month keyed m.
func monthBounds(m time.Time) (time.Time, time.Time) {
	start := time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, London)
	return start.UTC(), start.AddDate(0, 1, 0).UTC()
}

// monthArg is a month key as each database compares it: a DATE on
// PostgreSQL, YYYY-MM-DD text on SQLite.
func (s *Store) monthArg(m time.Time) any {
	if s.dialect == SQLite {
		return m.Format("2006-01-02")
	}
	return m
}

// cellKey is one row of the rollup.
type cellKey struct {
	month               time.Time
	la, service, person int64
	tileX, tileY        int
	confidential        bool
}

func keyOf(sc *StreetContact) cellKey {
	k := cellKey{month: MonthStart(sc.SeenAt), service: sc.ServiceID, tileX: sc.TileX, tileY: sc.TileY, confidential: sc.Confidential}
	if sc.LAID != nil {
		k.la = *sc.LAID
	}
	if sc.PersonID != nil {
		k.person = *sc.PersonID
	}
	return k
}

const cellColumns = "month, la_id, service_id, tile_x, tile_y, person_id, confidential, contacts"

// countInCell adds one contact to the rollups. It runs in the transaction
// that stores the contact, so they never disagree.
func (s *Store) countInCell(sc *StreetContact) error {
	k := keyOf(sc)
	err := s.db.Exec("INSERT INTO street_contact_cells ("+cellColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, 1) "+
		"ON CONFLICT (month, la_id, service_id, tile_x, tile_y, person_id) DO UPDATE SET contacts = street_contact_cells.contacts + 1",
		s.monthArg(k.month), k.la, k.service, k.tileX, k.tileY, k.person, k.confidential).Error
	if err != nil || k.person == 0 {
		return err
	}
	epoch, bit := epochOf(monthIndex(k.month))
	return s.db.Exec("INSERT INTO street_contact_presence (epoch, la_id, service_id, tile_x, tile_y, person_id, confidential, months) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "+
		"ON CONFLICT (epoch, la_id, service_id, tile_x, tile_y, person_id) DO UPDATE SET months = street_contact_presence.months | excluded.months",
		epoch, k.la, k.service, k.tileX, k.tileY, k.person, k.confidential, bit).Error
}

// monthIndex counts months from January of year 0, so months subtract.
func monthIndex(m time.Time) int { return m.Year()*12 + int(m.Month()) - 1 }

// epochOf splits a month index into the presence row's epoch and the
// month's bit in it.
func epochOf(idx int) (epoch int, bit int64) {
	return idx / 64, int64(uint64(1) << uint(idx%64))
}

// monthIndexSQL is monthIndex of the rollup's month column in each dialect.
func (s *Store) monthIndexSQL(col string) string {
	if s.dialect == SQLite {
		return "(CAST(substr(" + col + ", 1, 4) AS INTEGER) * 12 + CAST(substr(" + col + ", 6, 2) AS INTEGER) - 1)"
	}
	return "(CAST(EXTRACT(YEAR FROM " + col + ") AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM " + col + ") AS INTEGER) - 1)"
}

// rebuildPresence recomputes presence from the monthly rollup. Within one
// key each month appears once, so summing distinct powers of two is a
// bitwise OR (and it never overflows: the top bit is the negative one).
func (s *Store) rebuildPresence(personIDs []int64) error {
	if err := s.deleteRollup("street_contact_presence", personIDs); err != nil {
		return err
	}
	sum := "SUM(CAST(1 AS BIGINT) << (idx % 64))"
	if s.dialect == Postgres {
		sum = "CAST(" + sum + " AS BIGINT)"
	}
	where, args := "person_id <> 0", []any{}
	if len(personIDs) > 0 {
		where, args = where+" AND person_id IN ?", append(args, personIDs)
	}
	return s.db.Exec(`INSERT INTO street_contact_presence (epoch, la_id, service_id, tile_x, tile_y, person_id, confidential, months)
		SELECT idx / 64, la_id, service_id, tile_x, tile_y, person_id, confidential, `+sum+`
		FROM (SELECT `+s.monthIndexSQL("month")+` AS idx, la_id, service_id, tile_x, tile_y, person_id, confidential
			FROM street_contact_cells WHERE `+where+`) m
		GROUP BY idx / 64, la_id, service_id, tile_x, tile_y, person_id, confidential`, args...).Error
}

// RebuildStreetContactCells recomputes the rollups (monthly cells, then
// presence) from the contacts, a month at a time, after a bulk load or when contacts moved LA or person
// (a boundary import, a merge). personIDs limits it to those people's rows;
// none means every row. It runs in one transaction.
func (s *Store) RebuildStreetContactCells(ctx context.Context, personIDs ...int64) error {
	return s.Tx(ctx, func(tx *Store) error {
		if err := tx.deleteRollup("street_contact_cells", personIDs); err != nil {
			return err
		}
		var bounds struct{ First, Last Time }
		q := tx.db.Table("street_contacts").Select("MIN(seen_at) AS first, MAX(seen_at) AS last")
		if len(personIDs) > 0 {
			q = q.Where("person_id IN ?", personIDs)
		}
		if err := q.Scan(&bounds).Error; err != nil {
			return err
		}
		if !bounds.First.IsZero() {
			for m := MonthStart(bounds.First.Time); !m.After(MonthStart(bounds.Last.Time)); m = m.AddDate(0, 1, 0) {
				if err := tx.rebuildMonth(ctx, m, personIDs); err != nil {
					return err
				}
			}
		}
		return tx.rebuildPresence(personIDs)
	})
}

// deleteRollup empties a rollup table, or only the rows of personIDs when
// any are given. gorm's Exec runs at once, so the choice must be made
// before a statement is built: building the whole-table DELETE "just in
// case" once emptied the area's hotspots on every merge.
func (s *Store) deleteRollup(table string, personIDs []int64) error {
	if len(personIDs) > 0 {
		return s.db.Exec("DELETE FROM "+table+" WHERE person_id IN ?", personIDs).Error
	}
	return s.db.Exec("DELETE FROM " + table).Error
}

func (s *Store) rebuildMonth(ctx context.Context, m time.Time, personIDs []int64) error {
	from, to := monthBounds(m)
	q := s.db.Table("street_contacts").
		Select("COALESCE(la_id, 0) AS la, service_id AS service, tile_x, tile_y, COALESCE(person_id, 0) AS person, confidential, COUNT(*) AS contacts").
		Where("seen_at >= ? AND seen_at < ?", from, to).
		Group("COALESCE(la_id, 0), service_id, tile_x, tile_y, COALESCE(person_id, 0), confidential")
	if len(personIDs) > 0 {
		q = q.Where("person_id IN ?", personIDs)
	}
	var rows []struct {
		La, Service, Person int64
		TileX, TileY        int
		Confidential        bool
		Contacts            int
	}
	if err := q.Scan(&rows).Error; err != nil {
		return fmt.Errorf("rollup %s: %w", m.Format("2006-01"), err)
	}
	load := make([][]any, len(rows))
	for i, r := range rows {
		load[i] = []any{s.monthArg(m), r.La, r.Service, r.TileX, r.TileY, r.Person, r.Confidential, r.Contacts}
	}
	return s.insertRows(ctx, "street_contact_cells", []string{"month", "la_id", "service_id", "tile_x", "tile_y", "person_id", "confidential", "contacts"}, load)
}

// insertRows writes rows with multi-row INSERTs on this store's connection,
// so, unlike the Loader's COPY, it joins the caller's transaction.
func (s *Store) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	limit := 32000 // SQLite's parameter limit; PostgreSQL allows 65535
	return multiRowInserts(table, cols, rows, max(1, limit/len(cols)), func(query string, args []any) error {
		if err := s.with(ctx).Exec(query, args...).Error; err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
		return nil
	})
}
