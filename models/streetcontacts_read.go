package models

import (
	"context"
	"slices"
	"time"
)

// TileRange is a rectangle of base tiles (geo.BaseZoom), inclusive: the
// viewport a map asks about. The zero TileRange means everywhere.
type TileRange struct {
	MinX, MinY, MaxX, MaxY int
}

func (r TileRange) all() bool { return r == TileRange{} }

// Pin is a street contact as the outreach map shows it. PersonName is set
// only for a known person, and the scope has already decided the reader may
// see them.
type Pin struct {
	ID          int64   `json:"id"`
	PersonID    *int64  `json:"person_id"`
	GivenName   string  `json:"-"`
	FamilyName  string  `json:"-"`
	Description string  `json:"description"`
	SeenAt      Time    `json:"seen_at"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	LAID        *int64  `json:"la_id"`
	LAName      string  `json:"la_name"`
	SiteType    string  `json:"site_type"`
	ServiceID   int64   `json:"service_id"`
	ServiceName string  `json:"service_name"`
	// SafetyMark is the person's safety symbol (and who to contact before
	// visiting), false for someone not known.
	SafetyMark
}

// PinFilter narrows the pins: when (half-open [From, To)) and where.
type PinFilter struct {
	From, To time.Time
	Tiles    TileRange
	IDs      []int64 // only these contacts (one contact's page)
	Limit    int
}

// MaxPins bounds one answer of StreetContactPins: a map of more pins than
// this is unreadable and slow to draw, so the map asks the user to zoom in.
const MaxPins = 5000

// StreetContactPins lists contacts through scope, newest first. truncated
// says more matched than Limit (default 2,000, at most MaxPins): the map
// asks the user to zoom in or shorten the time range. (Not limitOr: that
// caps a list page at 500.)
func (s *Store) StreetContactPins(ctx context.Context, scope Scope, f PinFilter) (pins []Pin, truncated bool, err error) {
	limit := min(f.Limit, MaxPins)
	if limit <= 0 {
		limit = 2000
	}
	q := s.with(ctx).Table("street_contacts").Scopes(scope.Apply).
		Select(`street_contacts.id, street_contacts.person_id, pp.given_name, pp.family_name, street_contacts.description,
			street_contacts.seen_at, street_contacts.lat, street_contacts.lon, street_contacts.la_id, lap.name AS la_name,
			street_contacts.site_type, street_contacts.service_id, svp.name AS service_name,
			COALESCE(pp.safety_flag, FALSE) AS safety_flag, CASE WHEN pp.safety_flag THEN pp.safety_contact ELSE '' END AS safety_contact`).
		Joins("LEFT JOIN people pp ON pp.id = street_contacts.person_id").
		Joins("LEFT JOIN local_authorities lap ON lap.id = street_contacts.la_id").
		Joins("JOIN services svp ON svp.id = street_contacts.service_id").
		Where("street_contacts.seen_at >= ? AND street_contacts.seen_at < ?", f.From.UTC(), f.To.UTC())
	q = tilesWhere(q, "street_contacts", f.Tiles)
	if f.IDs != nil {
		q = q.Where("street_contacts.id IN ?", f.IDs)
	}
	err = q.Order("street_contacts.seen_at DESC, street_contacts.id DESC").Limit(limit + 1).Scan(&pins).Error
	if len(pins) > limit {
		pins, truncated = pins[:limit], true
	}
	return pins, truncated, err
}

// ContactSummary is the date and LA of a street contact, never the place:
// what a partner's card shows (docs/ACCESS.md rule 8).
type ContactSummary struct {
	SeenAt Time   `json:"seen_at"`
	LAName string `json:"la"`
}

// LastStreetContact is a person's latest street contact through scope, or
// ErrNotFound when there is none the reader may know of.
func (s *Store) LastStreetContact(ctx context.Context, scope Scope, personID int64) (*ContactSummary, error) {
	var out []ContactSummary
	err := s.with(ctx).Table("street_contacts").Scopes(scope.Apply).
		Select("street_contacts.seen_at, COALESCE(lal.name, '') AS la_name").
		Joins("LEFT JOIN local_authorities lal ON lal.id = street_contacts.la_id").
		Where("street_contacts.person_id = ?", personID).
		Order("street_contacts.seen_at DESC, street_contacts.id DESC").Limit(1).Scan(&out).Error
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return &out[0], nil
}

// StreetContact finds one contact through scope.
func (s *Store) StreetContact(ctx context.Context, scope Scope, id int64) (*StreetContact, error) {
	var sc StreetContact
	err := s.with(ctx).Scopes(scope.Apply).Where("street_contacts.id = ?", id).First(&sc).Error
	return &sc, notFound(err)
}

// StreetContactIDs lists the ids of every contact scope lets through, for
// the access-matrix tests that compare scopes with Can.
func (s *Store) StreetContactIDs(ctx context.Context, scope Scope) ([]int64, error) {
	var ids []int64
	err := s.with(ctx).Table("street_contacts").Scopes(scope.Apply).Order("street_contacts.id").Pluck("street_contacts.id", &ids).Error
	return ids, err
}

// FlowSighting is a known person seen rough sleeping in an LA in a month
// (the month's key, as MonthStart gives it).
type FlowSighting struct {
	PersonID int64
	LAID     int64
	Month    time.Time
}

// FlowQuery says whose history FlowSightings reads: the people seen in
// one of LAIDs in a month from From to Until (month keys, as MonthStart
// gives them), every sighting of theirs up to Until in any LA. A person's
// flow category rests on their own sightings alone (reports.Flows), so
// the rows of those LAs and months come out as from everyone's history:
// a pack for one LA of five read a fifth of it and took half the time.
type FlowQuery struct {
	LAIDs       []int64
	From, Until time.Time
}

// FlowSightings calls fn once per person, LA and month with a contact
// through cells (a scope over the monthly rollup), for the people and
// months q says. Rows stream, so the whole history is never held at once;
// the order is unspecified.
func (s *Store) FlowSightings(ctx context.Context, cells Scope, q FlowQuery, fn func(FlowSighting)) error {
	// The people, through the same scope: its conditions name
	// street_contact_cells, which in the subquery is the inner row.
	scope, scopeArgs := cells.where()
	seen := "street_contact_cells.person_id IN (SELECT street_contact_cells.person_id FROM street_contact_cells WHERE (" + scope +
		") AND street_contact_cells.la_id IN ? AND street_contact_cells.month >= ? AND street_contact_cells.month <= ?)"
	rows, err := s.with(ctx).Table("street_contact_cells").Scopes(cells.Apply).
		Distinct("street_contact_cells.person_id", "street_contact_cells.la_id", "street_contact_cells.month").
		Where("street_contact_cells.person_id <> 0 AND street_contact_cells.la_id <> 0 AND street_contact_cells.month <= ?", s.monthArg(q.Until)).
		Where(seen, slices.Concat(scopeArgs, []any{q.LAIDs, s.monthArg(q.From), s.monthArg(q.Until)})...).
		Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f FlowSighting
		var m Time
		if err := rows.Scan(&f.PersonID, &f.LAID, &m); err != nil {
			return err
		}
		f.Month = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
		fn(f)
	}
	return rows.Err()
}

// LastStreetContactPoint is where a person was last met on the street,
// through scope, for measuring distances; ok is false when there is no
// contact the scope lets through.
func (s *Store) LastStreetContactPoint(ctx context.Context, scope Scope, personID int64) (lat, lon float64, seen time.Time, ok bool, err error) {
	var sc []StreetContact
	err = s.with(ctx).Scopes(scope.Apply).Select("street_contacts.lat", "street_contacts.lon", "street_contacts.seen_at").
		Where("street_contacts.person_id = ?", personID).
		Order("street_contacts.seen_at DESC, street_contacts.id DESC").Limit(1).Find(&sc).Error
	if err != nil || len(sc) == 0 {
		return 0, 0, time.Time{}, false, err
	}
	return sc[0].Lat, sc[0].Lon, sc[0].SeenAt, true, nil
}

// PersonStreetContacts lists where and when outreach met a person through
// scope, newest first, at most limit.
func (s *Store) PersonStreetContacts(ctx context.Context, scope Scope, personID int64, limit int) ([]StreetContact, error) {
	rows := []StreetContact{}
	err := s.with(ctx).Scopes(scope.Apply).Where("street_contacts.person_id = ?", personID).
		Order("street_contacts.seen_at DESC, street_contacts.id DESC").Limit(limit).Find(&rows).Error
	return rows, err
}
