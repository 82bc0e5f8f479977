package models

import (
	"context"
	"time"
)

// CategoryCount is a count of people (or records) in one category.
type CategoryCount struct {
	Category string
	N        int
}

// StatisticsExtract is an LA's anonymised figures for a period: counts
// only, drawn through the commissioner's count scopes (so nothing of a
// confidential service is counted), for the reports package to suppress.
type StatisticsExtract struct {
	RoughSleepersByGender []CategoryCount // distinct people met rough sleeping
	ContactsBySite        []CategoryCount // street contacts by sleeping site
	PlacementsByType      []CategoryCount // people placed, by service type
	MoveOnsByDestination  []CategoryCount // people moved on, by destination
	UnidentifiedContacts  int             // street contacts with no person recorded
}

// StatisticsExtract counts, through the scopes, what happened in laID in
// [start, end): contacts (policy.StreetContactCounts) and placements
// (policy.AreaPlacements).
func (s *Store) StatisticsExtract(ctx context.Context, contacts, placements Scope, laID int64, start, end time.Time) (*StatisticsExtract, error) {
	out := &StatisticsExtract{}
	inPeriod := func(col string) (string, []any) {
		return col + " >= ? AND " + col + " < ?", []any{start.UTC(), end.UTC()}
	}
	w, args := inPeriod("street_contacts.seen_at")
	err := s.with(ctx).Table("street_contacts").Scopes(contacts.Apply).Where("street_contacts.la_id = ?", laID).Where(w, args...).
		Where("street_contacts.person_id IS NOT NULL").
		Joins("JOIN people ON people.id = street_contacts.person_id").
		Select("COALESCE(NULLIF(people.gender, ''), 'not_recorded') AS category, COUNT(DISTINCT street_contacts.person_id) AS n").
		Group("COALESCE(NULLIF(people.gender, ''), 'not_recorded')").Order("category").Scan(&out.RoughSleepersByGender).Error
	if err != nil {
		return nil, err
	}
	err = s.with(ctx).Table("street_contacts").Scopes(contacts.Apply).Where("street_contacts.la_id = ?", laID).Where(w, args...).
		Select("street_contacts.site_type AS category, COUNT(*) AS n").Group("street_contacts.site_type").Order("category").Scan(&out.ContactsBySite).Error
	if err != nil {
		return nil, err
	}
	var unknown int64
	err = s.with(ctx).Table("street_contacts").Scopes(contacts.Apply).Where("street_contacts.la_id = ?", laID).Where(w, args...).
		Where("street_contacts.person_id IS NULL").Count(&unknown).Error
	if err != nil {
		return nil, err
	}
	out.UnidentifiedContacts = int(unknown)
	inLA := "placements.service_id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id = ?)"
	w, args = inPeriod("placements.started_at")
	err = s.with(ctx).Model(&Placement{}).Scopes(placements.Apply).Where(inLA, laID).Where(w, args...).
		Joins("JOIN services ON services.id = placements.service_id").
		Select("services.type AS category, COUNT(DISTINCT placements.person_id) AS n").Group("services.type").Order("category").Scan(&out.PlacementsByType).Error
	if err != nil {
		return nil, err
	}
	w, args = inPeriod("placements.moved_on_at")
	err = s.with(ctx).Model(&Placement{}).Scopes(placements.Apply).Where(inLA, laID).Where(w, args...).
		Select("COALESCE(NULLIF(placements.move_on_destination, ''), 'not_recorded') AS category, COUNT(DISTINCT placements.person_id) AS n").
		Group("COALESCE(NULLIF(placements.move_on_destination, ''), 'not_recorded')").Order("category").Scan(&out.MoveOnsByDestination).Error
	return out, err
}
