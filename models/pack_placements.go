package models

import (
	"context"
	"time"
)

// PlacementOutcomes is what happened to placements in a period: people
// placed, and people who moved on, by destination and reason. Counts only,
// for a commissioner's pack.
type PlacementOutcomes struct {
	Started int
	MoveOns []MoveOnCount
}

// MoveOnCount counts people who moved on to a destination for a reason
// (keys, as stored).
type MoveOnCount struct {
	Destination, Reason string
	People              int
}

// PlacementOutcomes counts, through scope, placements started in [start,
// end) and move-ons recorded in it, at services covering laID. A person
// placed twice in the period counts once.
func (s *Store) PlacementOutcomes(ctx context.Context, scope Scope, laID int64, start, end time.Time) (PlacementOutcomes, error) {
	var out PlacementOutcomes
	inLA := "placements.service_id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id = ?)"
	var started int64
	err := s.with(ctx).Model(&Placement{}).Scopes(scope.Apply).Where(inLA, laID).
		Where("placements.started_at >= ? AND placements.started_at < ?", start.UTC(), end.UTC()).
		Distinct("placements.person_id").Count(&started).Error
	if err != nil {
		return out, err
	}
	out.Started = int(started)
	err = s.with(ctx).Model(&Placement{}).Scopes(scope.Apply).Where(inLA, laID).
		Where("placements.moved_on_at >= ? AND placements.moved_on_at < ?", start.UTC(), end.UTC()).
		Select("placements.move_on_destination AS destination, placements.move_on_reason AS reason, COUNT(DISTINCT placements.person_id) AS people").
		Group("placements.move_on_destination, placements.move_on_reason").
		Order("placements.move_on_destination, placements.move_on_reason").Scan(&out.MoveOns).Error
	return out, err
}
