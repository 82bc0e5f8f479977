package models

import (
	"context"
	"errors"
	"time"
)

// formSubmission remembers a submitted create form by its one-time token.
type formSubmission struct {
	Token     string `gorm:"primaryKey"`
	UserID    int64
	Location  string
	CreatedAt time.Time
}

func (formSubmission) TableName() string { return "form_submissions" }

// Submitted returns where a form with this token already led, if it was
// submitted before by the same user, so a double submit does not create a
// second record.
func (s *Store) Submitted(ctx context.Context, token string, userID int64) (string, bool) {
	if token == "" {
		return "", false
	}
	var f formSubmission
	if err := s.with(ctx).Where("token = ? AND user_id = ?", token, userID).First(&f).Error; err != nil {
		return "", false
	}
	return f.Location, true
}

// ErrAlreadySubmitted is returned by ClaimSubmission when a concurrent
// submit of the same form won the race.
var ErrAlreadySubmitted = errors.New("form already submitted")

// ClaimSubmission records a form token inside the transaction that creates
// the record; the primary key makes two concurrent submits collide, so
// only one creates anything.
func (s *Store) ClaimSubmission(ctx context.Context, token string, userID int64, location string) error {
	if token == "" {
		return nil
	}
	err := s.with(ctx).Create(&formSubmission{Token: token, UserID: userID, Location: location, CreatedAt: Now()}).Error
	if uniqueViolation(err) {
		return ErrAlreadySubmitted
	}
	return err
}
