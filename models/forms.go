package models

import (
	"context"
	"errors"
	"time"
)

// Idempotency keys. A create form's one-time token
// (hidden field _form) or an API call's Idempotency-Key is claimed in the
// transaction that creates the record, with what the request was (user,
// method, route, a hash of its body) and what was answered (status,
// location and body), so a resent request gets the first answer again and
// never a second record. A key belongs to one user: two users' "1" do not
// meet. Keys are kept for IdempotencyWindow and then forgotten.

// IdempotencyWindow is how long a key is remembered.
const IdempotencyWindow = 24 * time.Hour

// IdempotencyKey is a claimed key and the answer its request got.
type IdempotencyKey struct {
	UserID    int64  `gorm:"primaryKey"`
	Key       string `gorm:"primaryKey"`
	Method    string
	Route     string
	BodyHash  string
	Status    int
	Location  string
	Response  string
	CreatedAt time.Time
}

func (IdempotencyKey) TableName() string { return "idempotency_keys" }

// SameRequest reports whether k was claimed by the same request.
func (k *IdempotencyKey) SameRequest(method, route, bodyHash string) bool {
	return k.Method == method && k.Route == route && k.BodyHash == bodyHash
}

// ClaimedKey finds a user's key claimed within the window (ErrNotFound
// when there is none, or it is older).
func (s *Store) ClaimedKey(ctx context.Context, userID int64, key string, now time.Time) (*IdempotencyKey, error) {
	return takeOne[IdempotencyKey](s.with(ctx).Where("user_id = ? AND key = ? AND created_at > ?", userID, key, now.Add(-IdempotencyWindow)))
}

// ErrAlreadySubmitted is returned by ClaimKey when a concurrent request
// with the same key won the race.
var ErrAlreadySubmitted = errors.New("form already submitted")

// ClaimKey records a key inside the transaction that creates the record;
// the primary key makes two concurrent requests collide, so only one
// creates anything. An expired claim of the same key is replaced.
func (s *Store) ClaimKey(ctx context.Context, k IdempotencyKey) error {
	if k.Key == "" {
		return nil
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = Now()
	}
	if err := s.with(ctx).Where("user_id = ? AND key = ? AND created_at <= ?", k.UserID, k.Key, k.CreatedAt.Add(-IdempotencyWindow)).
		Delete(&IdempotencyKey{}).Error; err != nil {
		return err
	}
	err := s.with(ctx).Create(&k).Error
	if uniqueViolation(err) {
		return ErrAlreadySubmitted
	}
	return err
}

// PurgeIdempotencyKeys forgets keys claimed before before.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context, before time.Time) (int64, error) {
	res := s.with(ctx).Where("created_at < ?", before).Delete(&IdempotencyKey{})
	return res.RowsAffected, res.Error
}
