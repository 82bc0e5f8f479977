package models

import (
	"context"
	"crypto/rand"
	"strings"
	"time"
)

// PublicAlert is a member of the public's report of someone sleeping rough:
// where (a pin, or words), what the person looks like, and when. It is
// routed to the outreach service covering the place, which works it
// through statuses to an outcome. The reporter holds only the reference,
// which tells them the status and never anything about the person.
type PublicAlert struct {
	ID              int64      `json:"id"`
	Reference       string     `json:"reference"`
	Lat             *float64   `json:"lat"`
	Lon             *float64   `json:"lon"`
	LocationText    string     `json:"location_text"`
	LAID            *int64     `json:"la_id" gorm:"column:la_id"`
	Description     string     `json:"description"`
	SeenAt          *time.Time `json:"seen_at"`
	ReporterName    string     `json:"reporter_name"`
	ReporterContact string     `json:"reporter_contact"`
	ServiceID       *int64     `json:"service_id"`
	Status          string     `json:"status"`
	OutcomeNote     string     `json:"outcome_note"`
	Version         int        `json:"version"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// AlertEvent is one step in an alert's history.
type AlertEvent struct {
	ID        int64     `json:"-"`
	AlertID   int64     `json:"-"`
	Status    string    `json:"status"`
	Note      string    `json:"note"`
	UserID    *int64    `json:"-"`
	ServiceID *int64    `json:"-"`
	At        time.Time `json:"at"`

	UserName string `json:"user_name" gorm:"->;-:migration"`
}

func (AlertEvent) TableName() string { return "public_alert_events" }

// Alert statuses: received → looking → one of the four outcomes.
const (
	AlertReceived     = "received"
	AlertLooking      = "looking"
	AlertFound        = "found_and_contacted"
	AlertNotFound     = "not_found"
	AlertAlreadyKnown = "already_known"
	AlertNoAction     = "no_action"
)

// AlertStatuses lists every status in the order a worklist shows them.
var AlertStatuses = []string{AlertReceived, AlertLooking, AlertFound, AlertNotFound, AlertAlreadyKnown, AlertNoAction}

// AlertOutcome reports whether a status is an outcome, after which the
// alert is closed.
func AlertOutcome(status string) bool {
	switch status {
	case AlertFound, AlertNotFound, AlertAlreadyKnown, AlertNoAction:
		return true
	}
	return false
}

// AlertNext lists the statuses an alert may move to from status.
func AlertNext(status string) []string {
	switch status {
	case AlertReceived:
		return []string{AlertLooking, AlertFound, AlertNotFound, AlertAlreadyKnown, AlertNoAction}
	case AlertLooking:
		return []string{AlertFound, AlertNotFound, AlertAlreadyKnown, AlertNoAction}
	}
	return nil
}

// AlertFollowedUp is the one status the public reads for an alert found and
// contacted or already known: telling a stranger that the person is
// "already known to the outreach team" would tell them a fact about the
// person (that they are a client of services), so both read alike.
const AlertFollowedUp = "followed_up"

// AlertPublicStatus is the status as the reporter may read it: the outcomes
// that concern the person collapse into AlertFollowedUp. Staff read the
// real status.
func AlertPublicStatus(status string) string {
	if status == AlertFound || status == AlertAlreadyKnown {
		return AlertFollowedUp
	}
	return status
}

// AlertStatusLabel is the status as staff read it, and the public status
// (AlertPublicStatus) as the public reads it.
func AlertStatusLabel(status string) string {
	switch status {
	case AlertFollowedUp:
		return "Followed up"
	case AlertReceived:
		return "Received"
	case AlertLooking:
		return "Outreach team looking"
	case AlertFound:
		return "Found and contacted"
	case AlertNotFound:
		return "Not found"
	case AlertAlreadyKnown:
		return "Already known to services"
	case AlertNoAction:
		return "No action needed"
	}
	return status
}

// AlertPublicMessage is what the reporter is told for a status. It is fixed
// text, never a worker's note, and the same for every outcome that found
// the person, so nothing about the person can reach the public through it.
func AlertPublicMessage(status string) string {
	switch AlertPublicStatus(status) {
	case AlertReceived:
		return "Thank you. Your alert has reached the local street outreach team, who will look into it."
	case AlertLooking:
		return "The street outreach team is looking for the person you told us about."
	case AlertFollowedUp:
		return "The outreach team found the person and followed up. Thank you."
	case AlertNotFound:
		return "The street outreach team went to the place you described but could not find anyone sleeping rough there."
	case AlertNoAction:
		return "The street outreach team looked into your alert; no further action was needed."
	}
	return ""
}

// AlertInput is a public report. LAID is the LA the reporter chose when
// they gave no pin; the server sets it from the pin otherwise.
type AlertInput struct {
	Lat             *float64   `json:"lat"`
	Lon             *float64   `json:"lon"`
	LocationText    string     `json:"location"`
	LAID            *int64     `json:"la_id"`
	Description     string     `json:"description"`
	SeenAt          *time.Time `json:"seen_at"`
	ReporterName    string     `json:"reporter_name"`
	ReporterContact string     `json:"reporter_contact"`
}

// MaxAlertText bounds the free-text fields of an alert.
const MaxAlertText = 2000

func (in *AlertInput) validate(now time.Time) error {
	c := newCheck()
	c.point(in.Lat, in.Lon)
	c.text("location", &in.LocationText, false, MaxAlertText)
	if in.Lat == nil && in.LocationText == "" {
		c.Add("location", "is required: drop a pin on the map or describe where the person is (street, landmark, town)")
	}
	c.text("description", &in.Description, true, MaxAlertText)
	if in.Description != "" && len([]rune(in.Description)) < 10 {
		c.Add("description", "say a little more: what the person looks like and exactly where they are sleeping")
	}
	if in.SeenAt != nil {
		switch {
		case in.SeenAt.After(now.Add(10 * time.Minute)):
			c.Add("seen_at", "cannot be in the future")
		case in.SeenAt.Before(now.AddDate(0, 0, -30)):
			c.Add("seen_at", "must be within the last 30 days; for anything older, contact your council")
		}
	}
	c.text("reporter_name", &in.ReporterName, false, MaxName)
	c.text("reporter_contact", &in.ReporterContact, false, MaxText)
	return c.Err()
}

// referenceAlphabet is Crockford's base 32: no I, L, O or U, so a reference
// read out over the phone is not misheard.
const referenceAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewReference is ten random characters (50 bits) as XXXXX-XXXXX: too many
// to guess, few enough to read out.
func NewReference() string {
	b := make([]byte, 10)
	rand.Read(b)
	out := make([]byte, 0, 11)
	for i, x := range b {
		if i == 5 {
			out = append(out, '-')
		}
		out = append(out, referenceAlphabet[x&31])
	}
	return string(out)
}

// NormaliseReference reads a reference as people type it: any case, with
// or without the dash or spaces, O for 0 and I or L for 1.
func NormaliseReference(s string) string {
	s = strings.NewReplacer(" ", "", "-", "", "O", "0", "I", "1", "L", "1").Replace(strings.ToUpper(strings.TrimSpace(s)))
	if len(s) != 10 {
		return ""
	}
	for _, r := range s {
		if !strings.ContainsRune(referenceAlphabet, r) {
			return ""
		}
	}
	return s[:5] + "-" + s[5:]
}

// CreateAlert stores a public alert routed to serviceID (nil when no
// outreach service covers the place) with its first status, in one
// transaction, under a fresh reference.
func (s *Store) CreateAlert(ctx context.Context, in AlertInput, serviceID *int64) (*PublicAlert, error) {
	now := Now()
	if err := in.validate(now); err != nil {
		return nil, err
	}
	if in.LAID != nil {
		if _, err := s.LA(ctx, *in.LAID); err != nil {
			return nil, Invalid("la_id", "no such local authority")
		}
	}
	a := &PublicAlert{Lat: in.Lat, Lon: in.Lon, LocationText: in.LocationText, LAID: in.LAID, Description: in.Description,
		SeenAt: in.SeenAt, ReporterName: in.ReporterName, ReporterContact: in.ReporterContact, ServiceID: serviceID,
		Status: AlertReceived, Version: 1, CreatedAt: now, UpdatedAt: now}
	var err error
	for range 5 { // a clash in 2^50 is unlikely; retrying is cheap
		a.ID, a.Reference = 0, NewReference()
		err = s.Tx(ctx, func(tx *Store) error {
			if err := tx.db.Create(a).Error; err != nil {
				return err
			}
			return tx.db.Create(&AlertEvent{AlertID: a.ID, Status: AlertReceived, ServiceID: serviceID, At: now}).Error
		})
		if !uniqueViolation(err) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// AlertByReference finds an alert by its reference, for the reporter's
// status check. The caller shows only the status.
func (s *Store) AlertByReference(ctx context.Context, reference string) (*PublicAlert, error) {
	ref := NormaliseReference(reference)
	if ref == "" {
		return nil, ErrNotFound
	}
	var a PublicAlert
	return &a, notFound(s.with(ctx).Where("reference = ?", ref).First(&a).Error)
}

// RouteAlert picks the outreach service an alert at la goes to: of the
// non-confidential outreach services covering la, the most local (fewest
// LAs), then the oldest. Without an LA it is the one covering the most LAs,
// the area-wide team. nil means no outreach service could take it.
func (s *Store) RouteAlert(ctx context.Context, la *int64) (*int64, error) {
	q := s.with(ctx).Table("services").
		Select("services.id").
		Joins("JOIN service_las sl ON sl.service_id = services.id").
		Where("services.type = ? AND services.confidential = ?", Outreach, false).
		Group("services.id")
	if la != nil {
		q = q.Where("services.id IN (SELECT service_id FROM service_las WHERE la_id = ?)", *la).Order("COUNT(sl.la_id), services.id")
	} else {
		q = q.Order("COUNT(sl.la_id) DESC, services.id")
	}
	var ids []int64
	if err := q.Limit(1).Pluck("services.id", &ids).Error; err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return &ids[0], nil
}
