package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm/clause"
)

// GapEvent is one time the system could not place someone: a declined
// referral, or a ranking that found no eligible service with a place.
// PersonID is who it happened to (the report counts people, not events);
// Need and TargetGroup classify the person by keys; LAID is the LA the gap
// is counted in. Only aggregates of these leave the database.
type GapEvent struct {
	ID           int64     `json:"-"`
	PersonID     *int64    `json:"-"`
	Kind         string    `json:"kind"`
	Reason       string    `json:"reason"`
	Need         string    `json:"need"`
	TargetGroup  string    `json:"target_group"`
	LAID         *int64    `json:"la_id" gorm:"column:la_id"`
	Confidential bool      `json:"-"`
	DedupeKey    string    `json:"-"`
	At           time.Time `json:"at"`
}

// Kinds of gap event (the same keys as reports.GapDecline and GapNoMatch).
const (
	GapDecline = "decline"
	GapNoMatch = "no_match"
)

// RecordGap stores a gap event once per DedupeKey: a second event with the
// same key (the same person's failed match on the same day, the same
// declined referral) is dropped. Every event names its person.
func (s *Store) RecordGap(ctx context.Context, ev GapEvent) error {
	if ev.PersonID == nil || *ev.PersonID <= 0 {
		return errors.New("a gap event names the person it is about")
	}
	if ev.At.IsZero() {
		ev.At = Now()
	}
	ev.ID = 0
	return s.with(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "dedupe_key"}}, DoNothing: true}).Create(&ev).Error
}

// GapEventRow is a gap event with its LA's name, for aggregation.
// PersonID is there to count each person once; it never leaves the server.
type GapEventRow struct {
	PersonID    int64
	Kind        string
	Reason      string
	Need        string
	TargetGroup string
	LAName      string
	At          Time
}

// GapEvents lists the events in [from, to) through scope, for
// aggregation by package reports; never for showing one by one. Events
// recorded before migration 00006 that could not be traced to a person are
// left out: without one they cannot be counted as people.
func (s *Store) GapEvents(ctx context.Context, scope Scope, from, to time.Time) ([]GapEventRow, error) {
	var out []GapEventRow
	err := s.with(ctx).Model(&GapEvent{}).Scopes(scope.Apply).
		Select("gap_events.person_id, gap_events.kind, gap_events.reason, gap_events.need, gap_events.target_group, COALESCE(la.name, '') AS la_name, gap_events.at").
		Joins("LEFT JOIN local_authorities la ON la.id = gap_events.la_id").
		Where("gap_events.at >= ? AND gap_events.at < ? AND gap_events.person_id IS NOT NULL", from.UTC(), to.UTC()).
		Order("gap_events.at, gap_events.id").Scan(&out).Error
	return out, err
}
