package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// HotspotQuery asks for street contacts counted per map cell: contacts in
// [From, To), in the base-tile rectangle Tiles, binned into cells of
// 2^Shift × 2^Shift base tiles (Shift = geo.BaseZoom - cell zoom).
type HotspotQuery struct {
	From, To time.Time
	Tiles    TileRange
	Shift    uint
	// LAIDs narrows to some LAs; the scope has the last word.
	LAIDs []int64
}

// CellCount is one cell's counts. People counts distinct known people,
// plus every contact with someone not known (each could be someone else,
// so a small cell is never made to look smaller than it is).
type CellCount struct {
	X, Y     int
	Contacts int
	People   int
}

// HotspotCells counts contacts and people per cell. Whole months of the
// range come from the rollups, each read through its own scope: contacts
// from the monthly cells, who was there from presence (one row per person
// and tile, with a bit per month). The partial months at either end come
// from the contacts themselves through contacts. Each person is counted
// once per cell however many months and rows they appear in. Cells come
// ordered north to south, west to east, and are not yet suppressed: the
// caller applies the small-numbers rule.
func (s *Store) HotspotCells(ctx context.Context, contacts, cells, presence Scope, q HotspotQuery) ([]CellCount, error) {
	if q.Shift > 16 {
		return nil, fmt.Errorf("hotspots: shift %d out of range", q.Shift)
	}
	if !q.To.After(q.From) {
		return []CellCount{}, nil
	}
	first, last, edges := splitMonths(q.From, q.To)
	db := s.with(ctx)
	// Shift is a small integer we computed, written into the SQL so both
	// databases see integer arithmetic.
	bin := func(table string) string {
		return fmt.Sprintf("(%[1]s.tile_x >> %[2]d) AS cx, (%[1]s.tile_y >> %[2]d) AS cy", table, q.Shift)
	}
	narrow := func(d *gorm.DB, table string) *gorm.DB {
		d = tilesWhere(d, table, q.Tiles)
		if q.LAIDs != nil {
			d = d.Where(table+".la_id IN ?", q.LAIDs)
		}
		return d
	}
	// counts: per cell, contacts and contacts with someone not known.
	// people: (cell, person) pairs of known people, repeats allowed.
	var counts, people []*gorm.DB
	if !first.IsZero() {
		counts = append(counts, narrow(db.Table("street_contact_cells").Scopes(cells.Apply).
			Select(bin("street_contact_cells")+", SUM(street_contact_cells.contacts) AS n, "+
				"SUM(CASE WHEN street_contact_cells.person_id = 0 THEN street_contact_cells.contacts ELSE 0 END) AS u").
			Where("street_contact_cells.month >= ? AND street_contact_cells.month <= ?", s.monthArg(first), s.monthArg(last)),
			"street_contact_cells").Group("cx, cy"))
		a, b := monthIndex(first), monthIndex(last)
		var conds []string
		var condArgs []any
		for e := a / 64; e <= b/64; e++ {
			var mask uint64
			for i := max(a, e*64); i <= min(b, e*64+63); i++ {
				mask |= 1 << uint(i%64)
			}
			conds = append(conds, "(street_contact_presence.epoch = ? AND (street_contact_presence.months & ?) <> 0)")
			condArgs = append(condArgs, e, int64(mask))
		}
		people = append(people, narrow(db.Table("street_contact_presence").Scopes(presence.Apply).
			Select(bin("street_contact_presence")+", street_contact_presence.person_id AS pk").
			Where(strings.Join(conds, " OR "), condArgs...), "street_contact_presence"))
	}
	for _, e := range edges { // one part per edge, so each is an index range scan
		raw := func() *gorm.DB {
			return narrow(db.Table("street_contacts").Scopes(contacts.Apply).
				Where("street_contacts.seen_at >= ? AND street_contacts.seen_at < ?", e[0], e[1]), "street_contacts")
		}
		counts = append(counts, raw().Select(bin("street_contacts")+", 1 AS n, CASE WHEN street_contacts.person_id IS NULL THEN 1 ELSE 0 END AS u"))
		people = append(people, raw().Select(bin("street_contacts")+", street_contacts.person_id AS pk").Where("street_contacts.person_id IS NOT NULL"))
	}
	union := func(parts []*gorm.DB) string {
		return strings.TrimSuffix(strings.Repeat("? UNION ALL ", len(parts)), " UNION ALL ")
	}
	var args []any
	for _, p := range append(counts, people...) {
		args = append(args, p)
	}
	sql := `SELECT c.cx AS x, c.cy AS y, c.contacts, c.unknown + COALESCE(p.people, 0) AS people
		FROM (SELECT cx, cy, SUM(n) AS contacts, SUM(u) AS unknown FROM (` + union(counts) + `) cu GROUP BY cx, cy) c
		LEFT JOIN (SELECT cx, cy, COUNT(*) AS people FROM (SELECT DISTINCT cx, cy, pk FROM (` + union(people) + `) pu) pd GROUP BY cx, cy) p
			ON p.cx = c.cx AND p.cy = c.cy
		ORDER BY c.cy, c.cx`
	var out []CellCount
	var err error
	if s.dialect == Postgres {
		// A county over two years still de-duplicates a few hundred
		// thousand (cell, person) pairs: enough memory keeps the hash in
		// RAM, and the plan is too short-lived to repay JIT compilation.
		// SET LOCAL needs a transaction; on SQLite one would take the
		// write lock, so there the query runs on its own.
		err = s.readTx(ctx, func(tx *Store) error {
			if err := tx.db.Exec("SET LOCAL work_mem = '64MB'").Error; err != nil {
				return err
			}
			if err := tx.db.Exec("SET LOCAL jit = off").Error; err != nil {
				return err
			}
			// pgx prepares statements, and after five runs PostgreSQL may
			// switch to a generic plan that cannot see which months and
			// tiles are asked for: measured at 5M contacts over two years,
			// 0.9 s with the custom plan, 2-3.5 s once the generic one
			// took over.
			if err := tx.db.Exec("SET LOCAL plan_cache_mode = force_custom_plan").Error; err != nil {
				return err
			}
			return tx.with(ctx).Raw(sql, args...).Scan(&out).Error
		})
	} else {
		err = s.with(ctx).Raw(sql, args...).Scan(&out).Error
	}
	if out == nil {
		out = []CellCount{}
	}
	return out, err
}

// splitMonths divides [from, to) into the whole London months inside it
// (first..last, zero when there are none) and the partial stretches left at
// either end.
func splitMonths(from, to time.Time) (first, last time.Time, edges [][2]time.Time) {
	m := MonthStart(from)
	if start, _ := monthBounds(m); start.Before(from) {
		m = m.AddDate(0, 1, 0)
	}
	for {
		_, end := monthBounds(m)
		if end.After(to) {
			break
		}
		if first.IsZero() {
			first = m
		}
		last = m
		m = m.AddDate(0, 1, 0)
	}
	if first.IsZero() {
		return first, last, [][2]time.Time{{from, to}}
	}
	if start, _ := monthBounds(first); from.Before(start) {
		edges = append(edges, [2]time.Time{from, start})
	}
	if _, end := monthBounds(last); end.Before(to) {
		edges = append(edges, [2]time.Time{end, to})
	}
	return first, last, edges
}

// tilesWhere keeps rows whose base tile is inside r.
func tilesWhere(q *gorm.DB, table string, r TileRange) *gorm.DB {
	if r.all() {
		return q
	}
	return q.Where(table+".tile_x BETWEEN ? AND ? AND "+table+".tile_y BETWEEN ? AND ?", r.MinX, r.MaxX, r.MinY, r.MaxY)
}
