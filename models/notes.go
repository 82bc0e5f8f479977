package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// CaseNote is a note on a person. Notes are never edited: a correction is
// a new note that amends the old one (the database refuses edits).
type CaseNote struct {
	ID           int64     `json:"id"`
	PersonID     int64     `json:"person_id"`
	ServiceID    int64     `json:"service_id"`
	AuthorUserID int64     `json:"author_user_id"`
	Confidential bool      `json:"-"`
	Body         string    `json:"body"`
	AmendsID     *int64    `json:"amends_id"`
	CreatedAt    time.Time `json:"created_at"`

	AuthorName  string `json:"author_name" gorm:"->;-:migration"`
	ServiceName string `json:"service_name" gorm:"->;-:migration"`
}

func (CaseNote) TableName() string { return "case_notes" }

// NoteInput is a new note, or an amendment when AmendsID is set.
type NoteInput struct {
	Body     string `json:"body"`
	AmendsID *int64 `json:"amends_id"`
}

// Notes lists a person's notes through scope, newest first, with who wrote them.
func (s *Store) Notes(ctx context.Context, scope Scope, personID int64, limit, offset int) ([]CaseNote, int64, error) {
	q := func() *gorm.DB {
		return s.with(ctx).Model(&CaseNote{}).Scopes(scope.Apply).Where("case_notes.person_id = ?", personID)
	}
	limit = limitOr(limit, 50)
	var notes []CaseNote
	err := q().Select("case_notes.*, u.name AS author_name, sv.name AS service_name").
		Joins("JOIN users u ON u.id = case_notes.author_user_id").
		Joins("JOIN services sv ON sv.id = case_notes.service_id").
		Order("case_notes.created_at DESC, case_notes.id DESC").
		Limit(limit).Offset(offset).Find(&notes).Error
	if err != nil {
		return nil, 0, err
	}
	// Most people's notes fit on the first page: then the page is the
	// count, and the scoped query runs once instead of twice.
	total := int64(offset + len(notes))
	if len(notes) == limit || (offset > 0 && len(notes) == 0) {
		if err := q().Count(&total).Error; err != nil {
			return nil, 0, err
		}
	}
	return notes, total, nil
}

// AddNote writes a note for the author's service. readable must be the
// author's note scope: an amendment may only point at a note the author
// can read, on the same person.
func (s *Store) AddNote(ctx context.Context, readable Scope, by Author, personID int64, in NoteInput) (*CaseNote, error) {
	if err := textField("body", &in.Body, true, MaxNote); err != nil {
		return nil, err
	}
	var note *CaseNote
	err := s.Tx(ctx, func(tx *Store) error {
		if in.AmendsID != nil {
			var n int64
			err := tx.db.Model(&CaseNote{}).Scopes(readable.Apply).
				Where("case_notes.id = ? AND case_notes.person_id = ?", *in.AmendsID, personID).Count(&n).Error
			if err != nil {
				return err
			}
			if n == 0 {
				return Invalid("amends_id", "no such note on this person")
			}
		}
		sv, err := tx.Service(ctx, by.ServiceID)
		if errors.Is(err, ErrNotFound) {
			return Invalid("service_id", "no such service")
		} else if err != nil {
			return err
		}
		note = &CaseNote{PersonID: personID, ServiceID: by.ServiceID, AuthorUserID: by.UserID,
			Confidential: sv.Confidential, Body: in.Body, AmendsID: in.AmendsID}
		return tx.db.Omit("AuthorName", "ServiceName").Create(note).Error
	})
	return note, err
}
