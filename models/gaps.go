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
// is counted in: the person's local connection, else where they were last
// met on the street, else the LA of the service that ranked or declined
// them (the server decides). Only aggregates of these leave the database.
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

// GapEventRow is a gap event with its LA, for aggregation. PersonID is
// there to count each person once; it never leaves the server.
type GapEventRow struct {
	PersonID    int64
	Kind        string
	Reason      string
	Need        string
	TargetGroup string
	LAID        *int64 `gorm:"column:la_id"`
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
		Select("gap_events.person_id, gap_events.kind, gap_events.reason, gap_events.need, gap_events.target_group, gap_events.la_id, COALESCE(la.name, '') AS la_name, gap_events.at").
		Joins("LEFT JOIN local_authorities la ON la.id = gap_events.la_id").
		Where("gap_events.at >= ? AND gap_events.at < ? AND gap_events.person_id IS NOT NULL", from.UTC(), to.UTC()).
		Order("gap_events.at, gap_events.id").Scan(&out).Error
	return out, err
}

// LastStreetContactLA is the LA of the latest street contact with the
// person that scope shows and that was located in an LA, or nil: where a
// gap is counted for someone with no local connection.
func (s *Store) LastStreetContactLA(ctx context.Context, scope Scope, personID int64) (*int64, error) {
	var las []int64
	err := s.with(ctx).Model(&StreetContact{}).Scopes(scope.Apply).
		Where("street_contacts.person_id = ? AND street_contacts.la_id IS NOT NULL AND street_contacts.la_id <> 0", personID).
		Order("street_contacts.seen_at DESC, street_contacts.id DESC").Limit(1).Pluck("street_contacts.la_id", &las).Error
	if err != nil || len(las) == 0 {
		return nil, err
	}
	return &las[0], nil
}
