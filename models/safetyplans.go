package models

import (
	"context"
	"errors"
	"time"
)

// SafetyPlan is a person-centred safety plan (GM Think: safety plans
// rather than risk assessments), written with the person. Everyone who can
// see the person sees the safety symbol and "contact before visiting"
// (people.safety_flag, safety_contact); only services involved with the
// person read the plan. A plan is revised by writing a new version.
type SafetyPlan struct {
	ID           int64  `json:"id"`
	PersonID     int64  `json:"person_id"`
	ServiceID    int64  `json:"service_id"`
	Confidential bool   `json:"-"`
	SupersedesID *int64 `json:"supersedes_id"`
	// What the plan says: the fields of the form, flattened into the row
	// and the JSON in this place.
	SafetyPlanInput
	CreatedByUserID int64     `json:"created_by_user_id"`
	CreatedAt       time.Time `json:"created_at"`

	ServiceName string `json:"service_name" gorm:"->;-:migration"`
	AuthorName  string `json:"author_name" gorm:"->;-:migration"`
}

// SafetyPlanInput is a new version of the plan.
type SafetyPlanInput struct {
	KeepsMeSafe     string `json:"keeps_me_safe"`
	WarningSigns    string `json:"warning_signs"`
	WhatHelps       string `json:"what_helps"`
	PeopleToContact string `json:"people_to_contact"`
	AgreedActions   string `json:"agreed_actions"`
	ReviewBy        Date   `json:"review_by"`
}

func (in *SafetyPlanInput) validate(now time.Time) error {
	c := newCheck()
	c.text("keeps_me_safe", &in.KeepsMeSafe, true, maxLongAnswer)
	c.text("warning_signs", &in.WarningSigns, false, maxLongAnswer)
	c.text("what_helps", &in.WhatHelps, false, maxLongAnswer)
	c.text("people_to_contact", &in.PeopleToContact, false, maxLongAnswer)
	c.text("agreed_actions", &in.AgreedActions, true, maxLongAnswer)
	switch {
	case in.ReviewBy.IsZero():
		c.Add("review_by", "is required: when should this plan be looked at again?")
	case !c.fullDate("review_by", in.ReviewBy):
	case in.ReviewBy.Time().Before(DateOf(now).Time()):
		c.Add("review_by", "must be today or later")
	case in.ReviewBy.Time().After(now.AddDate(1, 0, 0)):
		c.Add("review_by", "must be within a year")
	}
	return c.Err()
}

// WriteSafetyPlan stores a new version of the person's plan for the
// author's service; it supersedes the latest plan the author can read.
// records is the author's full-record scope (only services working with
// the person write their plan), readable their plan scope.
func (s *Store) WriteSafetyPlan(ctx context.Context, records, readable Scope, by Author, personID int64, in SafetyPlanInput) (*SafetyPlan, error) {
	if err := in.validate(Now()); err != nil {
		return nil, err
	}
	var id int64
	err := s.txOnPerson(ctx, records, personID, func(tx *Store) error {
		sv, err := tx.Service(ctx, by.ServiceID)
		if err != nil {
			return err
		}
		p := &SafetyPlan{PersonID: personID, ServiceID: by.ServiceID, Confidential: sv.Confidential,
			SafetyPlanInput: in, CreatedByUserID: by.UserID, CreatedAt: Now()}
		if prev, err := tx.LatestSafetyPlan(ctx, readable, personID); err == nil {
			p.SupersedesID = &prev.ID
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := tx.db.Omit("ServiceName", "AuthorName").Create(p).Error; err != nil {
			return err
		}
		id = p.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.SafetyPlan(ctx, readable, id)
}

// SafetyPlans lists a person's plan versions through scope, newest first.
func (s *Store) SafetyPlans(ctx context.Context, scope Scope, personID int64) ([]SafetyPlan, error) {
	return safetyPlanRecords.of(ctx, s, scope, personID)
}

// SafetyPlan finds one plan version through scope.
func (s *Store) SafetyPlan(ctx context.Context, scope Scope, id int64) (*SafetyPlan, error) {
	return safetyPlanRecords.one(ctx, s, scope, id)
}

// LatestSafetyPlan is the newest plan version scope shows.
func (s *Store) LatestSafetyPlan(ctx context.Context, scope Scope, personID int64) (*SafetyPlan, error) {
	return takeOne[SafetyPlan](safetyPlanRecords.through(ctx, s, scope).Where("safety_plans.person_id = ?", personID).
		Order(safetyPlanRecords.newest))
}
