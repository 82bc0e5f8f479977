package models

import (
	"context"
	"time"
	_ "time/tzdata" // Europe/London must resolve on a bare machine

	"gorm.io/gorm"
)

// london dates move-on: "today" is the UK's day, not UTC's.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Placement is a person's stay at a service, started by accepting a
// referral into a vacancy and ended by recording move-on: the date, why,
// and where the person went (the outcome commissioners follow).
type Placement struct {
	ID                int64      `json:"id"`
	PersonID          int64      `json:"person_id"`
	ServiceID         int64      `json:"service_id"`
	VacancyID         *int64     `json:"vacancy_id"`
	ReferralID        *int64     `json:"referral_id"`
	Confidential      bool       `json:"-"`
	StartedAt         time.Time  `json:"started_at"`
	CreatedByUserID   int64      `json:"-"`
	MoveOnDate        *Date      `json:"move_on_date"`
	MoveOnReason      string     `json:"move_on_reason,omitempty"`
	MoveOnDestination string     `json:"move_on_destination,omitempty"`
	MoveOnNote        string     `json:"move_on_note,omitempty"`
	MovedOnAt         *time.Time `json:"moved_on_at"`
	MovedOnByUserID   *int64     `json:"-"`
	// PlaceReturned answers a move-on that asked for the place back:
	// false when the service's beds were already all counted (free or
	// taken), so the place was not added. Not stored.
	PlaceReturned *bool `json:"place_returned,omitempty" gorm:"-"`

	GivenName    string `json:"given_name" gorm:"->;-:migration"`
	FamilyName   string `json:"family_name" gorm:"->;-:migration"`
	ServiceName  string `json:"service" gorm:"->;-:migration"`
	VacancyLabel string `json:"vacancy_label,omitempty" gorm:"->;-:migration"`
	SafetyMark
}

// Open reports whether the person is still placed.
func (p *Placement) Open() bool { return p.MovedOnAt == nil }

var placementJoined = []string{"GivenName", "FamilyName", "ServiceName", "VacancyLabel", "SafetyFlag", "SafetyContact"}

// MoveOnReasons say why a placement ended.
var MoveOnReasons = []Option{
	{"planned", "Planned move-on"},
	{"transfer", "Transferred to another service"},
	{"chose_to_leave", "Chose to leave"},
	{"abandoned", "Abandoned the placement"},
	{"evicted", "Evicted or excluded"},
	{"custody", "Taken into custody"},
	{"hospital", "Admitted to hospital"},
	{"died", "Died"},
	{OptionOther, "Other (say what)"},
}

// MoveOnDestinations say where the person went.
var MoveOnDestinations = []Option{
	{"social_tenancy", "Own tenancy: social housing"},
	{"private_tenancy", "Own tenancy: private rented"},
	{"supported_housing", "Supported housing"},
	{"housing_first", "Housing First"},
	{"hostel", "Another hostel"},
	{"refuge", "Refuge"},
	{"family_friends", "Family or friends"},
	{"hospital", "Hospital"},
	{"prison", "Prison"},
	{"rough_sleeping", "Rough sleeping"},
	{"out_of_area", "Left the area"},
	{"unknown", "Not known"},
	{OptionOther, "Other (say where)"},
}

// PlacementFilter narrows a list of placements.
type PlacementFilter struct {
	ServiceID     int64
	PersonID      int64
	Open          *bool
	Limit, Offset int
}

func (s *Store) placementQuery(ctx context.Context, scope Scope) *gorm.DB {
	return s.with(ctx).Model(&Placement{}).Scopes(scope.Apply)
}

func placementNames(q *gorm.DB) *gorm.DB {
	return q.Joins("JOIN people pp ON pp.id = placements.person_id").
		Joins("JOIN services ps ON ps.id = placements.service_id").
		Joins("LEFT JOIN vacancies pv ON pv.id = placements.vacancy_id").
		Select("placements.*, pp.given_name, pp.family_name, ps.name AS service_name, COALESCE(pv.label, '') AS vacancy_label, " + safetyMarkOf("pp"))
}

// Placements lists placements through scope, open ones first, newest first.
func (s *Store) Placements(ctx context.Context, scope Scope, f PlacementFilter) ([]Placement, int64, error) {
	q := s.placementQuery(ctx, scope)
	if f.ServiceID > 0 {
		q = q.Where("placements.service_id = ?", f.ServiceID)
	}
	if f.PersonID > 0 {
		q = q.Where("placements.person_id = ?", f.PersonID)
	}
	if f.Open != nil {
		if *f.Open {
			q = q.Where("placements.moved_on_at IS NULL")
		} else {
			q = q.Where("placements.moved_on_at IS NOT NULL")
		}
	}
	return countedPage(q, []Placement{}, func(q *gorm.DB) *gorm.DB {
		return placementNames(q).Order("CASE WHEN placements.moved_on_at IS NULL THEN 0 ELSE 1 END, placements.started_at DESC, placements.id DESC").
			Limit(limitOr(f.Limit, 50)).Offset(f.Offset)
	})
}

// Placement finds one placement through scope; hidden is ErrNotFound.
func (s *Store) Placement(ctx context.Context, scope Scope, id int64) (*Placement, error) {
	var p Placement
	if err := placementNames(s.placementQuery(ctx, scope)).Where("placements.id = ?", id).Take(&p).Error; err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// MoveOnInput records the end of a placement.
type MoveOnInput struct {
	Date        Date   `json:"date"`
	Reason      string `json:"reason"`
	Destination string `json:"destination"`
	Note        string `json:"note"`
	// FreePlace returns the place to the vacancy line it came from.
	FreePlace bool `json:"free_place"`
}

func (in *MoveOnInput) validate(started, now time.Time) error {
	c := newCheck()
	switch {
	case in.Date.IsZero():
		c.Add("date", "is required: the day the person left")
	case !c.fullDate("date", in.Date):
	case in.Date.Time().After(DateOf(now.In(london)).Time()):
		c.Add("date", "cannot be in the future; record move-on on or after the day it happens")
	case in.Date.Time().Before(DateOf(started.In(london)).Time()):
		c.Add("date", "is before the placement started ("+started.In(london).Format("2 Jan 2006")+")")
	}
	checkMoveOnOutcome(c, in.Reason, in.Destination, &in.Note)
	return c.Err()
}

// checkMoveOnOutcome checks why a placement ended and where the person
// went, as recorded at move-on or amended later.
func checkMoveOnOutcome(c *check, reason, destination string, note *string) {
	if reason == "" {
		c.Add("reason", "choose why the placement ended")
	} else {
		c.oneOf("reason", reason, keysOf(MoveOnReasons))
	}
	if destination == "" {
		c.Add("destination", "choose where the person went (or \"Not known\")")
	} else {
		c.oneOf("destination", destination, keysOf(MoveOnDestinations))
	}
	c.text("note", note, reason == OptionOther || destination == OptionOther, MaxReason)
}

// MoveOn ends a placement for by's service: it records the date, reason
// and destination, closes the service's involvement, and, when asked,
// returns the place to the vacancy line unless that would list more beds
// than the service has (PlaceReturned says which). scope must be the
// reader's placements they may end.
func (s *Store) MoveOn(ctx context.Context, scope Scope, by Author, id int64, in MoveOnInput) (*Placement, error) {
	load := func(tx *Store) (*Placement, error) { return tx.Placement(ctx, scope, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, p *Placement) error {
		if !p.Open() {
			return Conflict("placement", "move-on was already recorded for this placement")
		}
		now := Now()
		if err := in.validate(p.StartedAt, now); err != nil {
			return err
		}
		res := tx.db.Exec(`UPDATE placements SET move_on_date = ?, move_on_reason = ?, move_on_destination = ?, move_on_note = ?,
			moved_on_at = ?, moved_on_by_user_id = ? WHERE id = ? AND moved_on_at IS NULL`,
			in.Date, in.Reason, in.Destination, in.Note, now, by.UserID, p.ID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("placement", "move-on was recorded for this placement a moment ago")
		}
		d := in.Date
		p.MoveOnDate, p.MoveOnReason, p.MoveOnDestination, p.MoveOnNote, p.MovedOnAt, p.MovedOnByUserID =
			&d, in.Reason, in.Destination, in.Note, &now, &by.UserID
		end := "moved on: " + LabelOf(MoveOnReasons, in.Reason)
		err := tx.db.Exec("UPDATE involvements SET ended_at = ?, end_reason = ?, closed_by_user_id = ? WHERE person_id = ? AND service_id = ? AND ended_at IS NULL",
			now, end, by.UserID, p.PersonID, p.ServiceID).Error
		if err != nil {
			return err
		}
		if in.FreePlace && p.VacancyID != nil {
			returned, err := tx.returnPlace(ctx, *p.VacancyID, by.UserID)
			p.PlaceReturned = &returned
			return err
		}
		return nil
	})
}
