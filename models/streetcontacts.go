package models

import (
	"context"
	"errors"
	"slices"
	"time"
)

// StreetContact is an outreach worker meeting someone sleeping rough: where
// (a point, its base map tile and the LA it falls in), when, what kind of
// sleeping site, and who, or a description when the person is not known.
// Confidential copies the recording service's flag, as involvements do.
type StreetContact struct {
	ID           int64     `json:"id"`
	PersonID     *int64    `json:"person_id"`
	Description  string    `json:"description"`
	ServiceID    int64     `json:"service_id"`
	UserID       *int64    `json:"-"`
	Confidential bool      `json:"-"`
	SeenAt       time.Time `json:"seen_at"`
	Lat          float64   `json:"lat"`
	Lon          float64   `json:"lon"`
	TileX        int       `json:"-"`
	TileY        int       `json:"-"`
	LAID         *int64    `json:"la_id" gorm:"column:la_id"`
	SiteType     string    `json:"site_type"`
	AlertID      *int64    `json:"-"`
	WithOthers   *bool     `json:"with_others"`
	WithDog      *bool     `json:"with_dog"`
	Outcome      string    `json:"outcome"`
	Note         string    `json:"note"` // read by the recording service (and in a subject access export), never on pins
	CreatedAt    time.Time `json:"created_at"`
}

// outcomes are what came of a contact, in CHAIN's terms, in the order the
// form offers them.
var outcomes = []Option{
	{"engaged", "Spoke and engaged with support"},
	{"declined", "Spoke but declined support"},
	{"asleep", "Asleep, not woken"},
	{"referred", "Referred to a service"},
	{"accommodated", "Taken into accommodation tonight"},
	{"services_called", "Emergency services called"},
	{"moved_on", "Had moved on when we arrived"},
}

// Outcomes are the outcomes' keys, in the form's order.
var Outcomes = keysOf(outcomes)

// OutcomeLabel is the outcome as people say it.
func OutcomeLabel(o string) string {
	if o == "" {
		return "Not recorded"
	}
	return LabelOf(outcomes, o)
}

// MaxContactNote is how long a contact's note may be: a line or two; case
// notes are for more.
const MaxContactNote = MaxReason

// siteTypes are the kinds of sleeping site an outreach worker records, in
// the order the form offers them. The last one is for someone met on the
// street but not bedded down, which CHAIN also counts.
var siteTypes = []Option{
	{"doorway", "Doorway (shop, office, church)"},
	{"bus_shelter", "Bus shelter or bench"},
	{"station", "Station or transport hub"},
	{"car_park", "Car park"},
	{"park", "Park or green space"},
	{"woodland", "Woodland or field"},
	{"tent", "Tent or encampment"},
	{"vehicle", "Car, van or caravan"},
	{"stairwell", "Stairwell, bin store or communal area"},
	{"derelict_building", "Derelict or empty building"},
	{"underpass", "Underpass or bridge"},
	{"riverside", "Riverside or canal"},
	{"other", "Other sleeping site"},
	{"not_bedded_down", "Met on the street, not bedded down"},
}

// SiteTypes are the site types' keys, in the form's order.
var SiteTypes = keysOf(siteTypes)

// SiteLabel is the site type as people say it.
func SiteLabel(t string) string { return LabelOf(siteTypes, t) }

// StreetContactInput records a contact. Exactly one of PersonID (someone
// already recorded), NewPerson (record them now) and Description (not known)
// says who. The server fills TileX, TileY and LAID from the point with
// package geo; models never does geometry.
type StreetContactInput struct {
	Lat         *float64     `json:"lat"`
	Lon         *float64     `json:"lon"`
	SeenAt      *time.Time   `json:"seen_at"`
	SiteType    string       `json:"site_type"`
	PersonID    *int64       `json:"person_id"`
	NewPerson   *PersonInput `json:"new_person"`
	Description string       `json:"description"`
	WithOthers  *bool        `json:"with_others"`
	WithDog     *bool        `json:"with_dog"`
	Outcome     string       `json:"outcome"`
	Note        string       `json:"note"`

	TileX, TileY int    `json:"-"`
	LAID         *int64 `json:"-"`
	// AlertID links the contact to the public alert it answers; the caller
	// has checked the alert is its service's.
	AlertID *int64 `json:"-"`
}

// MaxContactAge is how far back a contact may be recorded: workers write up
// a shift afterwards, but a contact weeks old is a data-entry mistake.
const MaxContactAge = 30 * 24 * time.Hour

// Check reports every problem with the input at once, in plain words, so
// a worker on a phone fixes them all in one go.
func (in *StreetContactInput) Check(now time.Time) FieldErrors {
	if err := in.validate(now); err != nil {
		var fe FieldErrors
		if errors.As(err, &fe) {
			return fe
		}
	}
	return nil
}

func (in *StreetContactInput) validate(now time.Time) error {
	c := newCheck()
	switch {
	case in.Lat == nil && in.Lon == nil:
		c.Add("lat", "Put a pin on the map (tap where the person was) or use your location")
	case in.Lat == nil:
		c.Add("lat", "is required when lon is given")
	case in.Lon == nil:
		c.Add("lon", "is required when lat is given")
	default:
		c.point(in.Lat, in.Lon)
	}
	if in.SeenAt == nil {
		t := now
		in.SeenAt = &t
	}
	switch {
	case in.SeenAt.After(now.Add(5 * time.Minute)):
		c.Add("seen_at", "The contact cannot be in the future")
	case in.SeenAt.Before(now.Add(-MaxContactAge)):
		c.Add("seen_at", "Record contacts within 30 days of meeting the person")
	}
	if !slices.Contains(SiteTypes, in.SiteType) {
		c.Add("site_type", "Choose where the person was sleeping, or \"met on the street, not bedded down\"")
	}
	if in.Outcome != "" && !slices.Contains(Outcomes, in.Outcome) {
		c.Add("outcome", "Choose what came of the contact from the list")
	}
	c.text("description", &in.Description, false, MaxText)
	c.text("note", &in.Note, false, MaxContactNote)
	who := 0
	if in.PersonID != nil {
		who++
	}
	if in.NewPerson != nil {
		who++
	}
	if in.Description != "" {
		who++
	}
	switch {
	case who == 0:
		c.Add("person", "Choose the person, record them as new, or describe someone not known")
	case who > 1:
		c.Add("person", "give only one of: an existing person, a new person, or a description")
	case in.PersonID != nil && *in.PersonID <= 0:
		c.Add("person_id", "no such person")
	}
	return c.Err()
}

// CreateStreetContact records a contact for the author's outreach service
// and opens (or keeps) the service's involvement with the person, all in
// one transaction. people is the author's identity scope: an existing
// person the author cannot see is "no such person", exactly as a missing id.
func (s *Store) CreateStreetContact(ctx context.Context, people Scope, by Author, in StreetContactInput) (*StreetContact, error) {
	now := Now()
	if err := in.validate(now); err != nil {
		return nil, err
	}
	var sc *StreetContact
	err := s.Tx(ctx, func(tx *Store) error {
		sv, err := tx.Service(ctx, by.ServiceID)
		if errors.Is(err, ErrNotFound) {
			return Invalid("service_id", "no such service")
		} else if err != nil {
			return err
		}
		personID := in.PersonID
		switch {
		case in.PersonID != nil:
			if _, err := tx.Person(ctx, people, *in.PersonID); errors.Is(err, ErrNotFound) {
				return Invalid("person_id", "no such person")
			} else if err != nil {
				return err
			}
		case in.NewPerson != nil:
			p, err := tx.CreatePerson(ctx, by, *in.NewPerson)
			if err != nil {
				return prefixFields("new_person.", err)
			}
			personID = &p.ID
		}
		if personID != nil {
			_, _, err := tx.OpenInvolvement(ctx, InvolvementStart{PersonID: *personID, ServiceID: by.ServiceID,
				UserID: by.UserID, Source: SourceStreetContact, Reason: "street contact"})
			if err != nil {
				return err
			}
		}
		uid := by.UserID
		sc = &StreetContact{PersonID: personID, Description: in.Description, ServiceID: by.ServiceID, UserID: &uid,
			Confidential: sv.Confidential, SeenAt: in.SeenAt.UTC().Truncate(time.Microsecond), Lat: *in.Lat, Lon: *in.Lon,
			TileX: in.TileX, TileY: in.TileY, LAID: in.LAID, SiteType: in.SiteType, AlertID: in.AlertID, CreatedAt: now,
			WithOthers: in.WithOthers, WithDog: in.WithDog, Outcome: in.Outcome, Note: in.Note}
		if err := tx.db.Create(sc).Error; err != nil {
			return err
		}
		return tx.countInCell(sc)
	})
	if err != nil {
		return nil, err
	}
	return sc, nil
}
