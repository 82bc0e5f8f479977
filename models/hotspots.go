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
// range are read from the monthly rollup through cells (the rollup's scope)
// and the partial months at either end from the contacts through contacts
// (the same rule over street_contacts); each person is counted once per
// cell across both. Cells come ordered north to south, west to east, and
// are not yet suppressed: the caller applies the small-numbers rule.
func (s *Store) HotspotCells(ctx context.Context, contacts, cells Scope, q HotspotQuery) ([]CellCount, error) {
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
	var parts []*gorm.DB
	if !first.IsZero() {
		c := db.Table("street_contact_cells").Scopes(cells.Apply).
			Select(bin("street_contact_cells")+", street_contact_cells.person_id AS pk, street_contact_cells.contacts AS n").
			Where("street_contact_cells.month >= ? AND street_contact_cells.month <= ?", s.monthArg(first), s.monthArg(last))
		c = tilesWhere(c, "street_contact_cells", q.Tiles)
		if q.LAIDs != nil {
			c = c.Where("street_contact_cells.la_id IN ?", q.LAIDs)
		}
		parts = append(parts, c)
	}
	for _, e := range edges { // one part per edge, so each is an index range scan
		r := db.Table("street_contacts").Scopes(contacts.Apply).
			Select(bin("street_contacts")+", COALESCE(street_contacts.person_id, 0) AS pk, 1 AS n").
			Where("street_contacts.seen_at >= ? AND street_contacts.seen_at < ?", e[0], e[1])
		r = tilesWhere(r, "street_contacts", q.Tiles)
		if q.LAIDs != nil {
			r = r.Where("street_contacts.la_id IN ?", q.LAIDs)
		}
		parts = append(parts, r)
	}
	union := strings.TrimSuffix(strings.Repeat("? UNION ALL ", len(parts)), " UNION ALL ")
	args := make([]any, len(parts))
	for i, p := range parts {
		args[i] = p
	}
	var out []CellCount
	sql := `SELECT cx AS x, cy AS y, SUM(n) AS contacts, SUM(CASE WHEN pk = 0 THEN n ELSE 1 END) AS people
		FROM (SELECT cx, cy, pk, SUM(n) AS n FROM (` + union + `) u GROUP BY cx, cy, pk) g
		GROUP BY cx, cy ORDER BY cy, cx`
	var err error
	if s.dialect == Postgres {
		// A county over two years groups a few hundred thousand (cell,
		// person) pairs: enough memory keeps the hash in RAM, and the plan
		// is too short-lived to repay JIT compilation. SET LOCAL needs a
		// transaction; on SQLite one would take the write lock, so there
		// the query runs on its own.
		err = s.Tx(ctx, func(tx *Store) error {
			if err := tx.db.Exec("SET LOCAL work_mem = '64MB'").Error; err != nil {
				return err
			}
			if err := tx.db.Exec("SET LOCAL jit = off").Error; err != nil {
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
