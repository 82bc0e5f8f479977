package models

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Person is someone services work with, recorded once for the whole area.
type Person struct {
	ID                  int64  `json:"id"`
	GivenName           string `json:"given_name"`
	FamilyName          string `json:"family_name"`
	DOB                 Date   `json:"dob"`
	EstimatedBirthYear  *int   `json:"estimated_birth_year"`
	Gender              string `json:"gender"`
	Phone               string `json:"phone"`
	Email               string `json:"email"`
	Nationality         string `json:"nationality"`
	ImmigrationStatus   string `json:"immigration_status"`
	LocalConnectionLAID *int64 `json:"local_connection_la_id" gorm:"column:local_connection_la_id"`
	SafetyFlag          bool   `json:"safety_flag"`
	SafetyContact       string `json:"safety_contact"`
	MergedIntoID        *int64 `json:"merged_into_id,omitempty"`
	// ErasedAt: the person was erased (erasure.go); the row is a tombstone
	// that keeps the records counted and holds no identity.
	ErasedAt           *time.Time `json:"-"`
	CreatedByServiceID int64      `json:"-"`
	CreatedByUserID    int64      `json:"-"`
	Version            int        `json:"version"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`

	Aliases []Alias `json:"aliases" gorm:"foreignKey:PersonID"`
}

// FullName is how the person is shown.
func (p *Person) FullName() string { return strings.TrimSpace(p.GivenName + " " + p.FamilyName) }

// AgeOn is the person's age from their date of birth, or estimated (an
// estimated age, or a date of birth known only to the month or year).
func (p *Person) AgeOn(t time.Time) (age int, estimated, known bool) {
	switch {
	case p.DOB.IsFull():
		return p.DOB.AgeOn(t), false, true
	case !p.DOB.IsZero(): // a month or year only: "about"
		return p.DOB.AgeOn(t), true, true
	case p.EstimatedBirthYear != nil:
		return t.Year() - *p.EstimatedBirthYear, true, true
	}
	return 0, false, false
}

// Alias is another name a person is known by.
type Alias struct {
	ID         int64     `json:"-"`
	PersonID   int64     `json:"-"`
	GivenName  string    `json:"given_name"`
	FamilyName string    `json:"family_name"`
	CreatedAt  time.Time `json:"-"`
}

func (Alias) TableName() string { return "person_aliases" }

// Genders and immigration statuses offered by forms; empty means not recorded.
var (
	Genders             = []string{"female", "male", "non_binary", "other", "prefer_not_to_say"}
	ImmigrationStatuses = []string{"british_or_irish", "eu_settled", "eu_pre_settled", "leave_to_remain", "refugee", "asylum_seeker", "no_recourse", "unknown"}
)

// PersonInput creates a person, or (with pointers left nil) edits one.
type PersonInput struct {
	GivenName           string  `json:"given_name"`
	FamilyName          string  `json:"family_name"`
	DOB                 Date    `json:"dob" date:"partial"`
	EstimatedAge        *int    `json:"estimated_age"`
	Gender              string  `json:"gender"`
	Phone               string  `json:"phone"`
	Email               string  `json:"email"`
	Nationality         string  `json:"nationality"`
	ImmigrationStatus   string  `json:"immigration_status"`
	LocalConnectionLAID *int64  `json:"local_connection_la_id"`
	SafetyFlag          bool    `json:"safety_flag"`
	SafetyContact       string  `json:"safety_contact"`
	Aliases             []Alias `json:"aliases"`
}

func (in *PersonInput) validate(now time.Time) error {
	c := newCheck()
	c.text("given_name", &in.GivenName, true, MaxName)
	c.text("family_name", &in.FamilyName, false, MaxName)
	if !in.DOB.IsZero() {
		switch {
		case in.DOB.After(now.In(London)):
			c.Add("dob", "cannot be in the future")
		case in.DOB.Year < 1900:
			c.Add("dob", "must be after 1900")
		}
		if in.EstimatedAge != nil {
			c.Add("estimated_age", "leave empty when the date of birth is known")
		}
	}
	if in.EstimatedAge != nil && (*in.EstimatedAge < 0 || *in.EstimatedAge > 120) {
		c.Add("estimated_age", "must be between 0 and 120")
	}
	if in.Gender != "" {
		c.oneOf("gender", in.Gender, Genders)
	}
	c.text("phone", &in.Phone, false, 30)
	c.email("email", &in.Email, false)
	c.text("nationality", &in.Nationality, false, MaxName)
	if in.ImmigrationStatus != "" {
		c.oneOf("immigration_status", in.ImmigrationStatus, ImmigrationStatuses)
	}
	c.text("safety_contact", &in.SafetyContact, false, MaxText)
	if in.SafetyFlag && in.SafetyContact == "" {
		c.Add("safety_contact", "say who to contact before visiting when the safety flag is set")
	}
	if len(in.Aliases) > 10 {
		c.Add("aliases", "at most 10 aliases")
	}
	for i := range in.Aliases {
		a := &in.Aliases[i]
		c.text("aliases", &a.GivenName, false, MaxName)
		c.text("aliases", &a.FamilyName, false, MaxName)
		if a.GivenName == "" && a.FamilyName == "" {
			c.Add("aliases", "an alias needs a given or family name")
		}
	}
	return c.Err()
}

// Check names the fields a new person's details get wrong, without
// saving anything: the server asks before it looks for likely duplicates.
func (in PersonInput) Check(now time.Time) error {
	in.Aliases = append([]Alias(nil), in.Aliases...) // validate trims them in place
	return in.validate(now)
}

func (in PersonInput) apply(p *Person, now time.Time) {
	p.GivenName, p.FamilyName, p.DOB = in.GivenName, in.FamilyName, in.DOB
	p.EstimatedBirthYear = nil
	if in.EstimatedAge != nil {
		y := now.Year() - *in.EstimatedAge
		p.EstimatedBirthYear = &y
	}
	p.Gender, p.Phone, p.Email = in.Gender, in.Phone, in.Email
	p.Nationality, p.ImmigrationStatus = in.Nationality, in.ImmigrationStatus
	p.LocalConnectionLAID = in.LocalConnectionLAID
	p.SafetyFlag, p.SafetyContact = in.SafetyFlag, in.SafetyContact
}

// InputOf turns a person back into the input that would recreate them, so
// an edit can start from what is stored.
func InputOf(p *Person, now time.Time) PersonInput {
	in := PersonInput{
		GivenName: p.GivenName, FamilyName: p.FamilyName, DOB: p.DOB, Gender: p.Gender,
		Phone: p.Phone, Email: p.Email, Nationality: p.Nationality, ImmigrationStatus: p.ImmigrationStatus,
		LocalConnectionLAID: p.LocalConnectionLAID, SafetyFlag: p.SafetyFlag, SafetyContact: p.SafetyContact,
		Aliases: p.Aliases,
	}
	if p.EstimatedBirthYear != nil {
		age := now.Year() - *p.EstimatedBirthYear
		in.EstimatedAge = &age
	}
	return in
}

// Author is who writes: the user and the service they act for.
type Author struct {
	UserID    int64
	ServiceID int64
}

// CreatePerson records a new person and opens an involvement for the
// creator's service, in one transaction.
func (s *Store) CreatePerson(ctx context.Context, by Author, in PersonInput) (*Person, error) {
	now := Now()
	if err := in.validate(now); err != nil {
		return nil, err
	}
	p := &Person{CreatedByServiceID: by.ServiceID, CreatedByUserID: by.UserID, Version: 1}
	in.apply(p, now)
	err := s.Tx(ctx, func(tx *Store) error {
		if err := tx.checkLA(ctx, in.LocalConnectionLAID); err != nil {
			return err
		}
		if err := tx.db.Omit("Aliases").Create(p).Error; err != nil {
			return err
		}
		if err := tx.replaceAliases(p, in.Aliases); err != nil {
			return err
		}
		_, _, err := tx.OpenInvolvement(ctx, InvolvementStart{PersonID: p.ID, ServiceID: by.ServiceID, UserID: by.UserID, Source: SourceCreated})
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// UpdatePerson edits identity. version must match the stored version, so
// two workers editing at once cannot silently overwrite each other.
func (s *Store) UpdatePerson(ctx context.Context, scope Scope, id int64, version int, in PersonInput) (*Person, error) {
	now := Now()
	if err := in.validate(now); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*Person, error) { return tx.Person(ctx, scope, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, p *Person) error {
		if version != 0 && version != p.Version {
			return Conflict("version", "someone else changed this person since you opened it; reload and try again")
		}
		if err := tx.checkLA(ctx, in.LocalConnectionLAID); err != nil {
			return err
		}
		in.apply(p, now)
		res := tx.db.Model(&Person{}).Where("id = ? AND version = ?", p.ID, p.Version).Updates(map[string]any{
			"given_name": p.GivenName, "family_name": p.FamilyName, "dob": p.DOB, "estimated_birth_year": p.EstimatedBirthYear,
			"gender": p.Gender, "phone": p.Phone, "email": p.Email, "nationality": p.Nationality,
			"immigration_status": p.ImmigrationStatus, "local_connection_la_id": p.LocalConnectionLAID,
			"safety_flag": p.SafetyFlag, "safety_contact": p.SafetyContact,
			"version": p.Version + 1, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("version", "someone else changed this person since you opened it; reload and try again")
		}
		p.Version++
		p.UpdatedAt = now
		return tx.replaceAliases(p, in.Aliases)
	})
}

func (s *Store) checkLA(ctx context.Context, id *int64) error {
	if id == nil {
		return nil
	}
	if _, err := s.LA(ctx, *id); errors.Is(err, ErrNotFound) {
		return Invalid("local_connection_la_id", "no such local authority")
	} else if err != nil {
		return err
	}
	return nil
}

// replaceAliases stores the aliases and rebuilds the person's search keys.
func (s *Store) replaceAliases(p *Person, aliases []Alias) error {
	if err := s.db.Where("person_id = ?", p.ID).Delete(&Alias{}).Error; err != nil {
		return err
	}
	p.Aliases = make([]Alias, 0, len(aliases))
	for _, a := range aliases {
		a.ID, a.PersonID, a.CreatedAt = 0, p.ID, Now()
		if err := s.db.Create(&a).Error; err != nil {
			return err
		}
		p.Aliases = append(p.Aliases, a)
	}
	return s.indexNames(p)
}
