package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Login throttles live in the database, so they hold
// across a restart and across every instance behind a load balancer. Each
// counts attempts for one thing (an account tried from one address, or
// one address): the first Free attempts pass, then each further one waits
// Base, doubling every time, up to Max. Nothing counts an account on its
// own, so guessing from one network can never lock its owner out from
// another.

// Throttle is one counter a login attempt is charged to.
type Throttle struct {
	Key  string // what is counted; stored only as a hash
	Free int
	Base time.Duration
	Max  time.Duration
}

type loginThrottle struct {
	Key       string `gorm:"primaryKey"`
	Failures  int
	NextAt    *time.Time
	UpdatedAt time.Time
}

func (loginThrottle) TableName() string { return "login_throttles" }

func throttleKey(k string) string {
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:])
}

// TakeLoginAttempt charges one attempt to every throttle, or to none: if
// any of them says wait, it answers which (its index) and how long, and
// nothing is counted. blocked is -1 when the attempt may go ahead.
func (s *Store) TakeLoginAttempt(ctx context.Context, now time.Time, throttles []Throttle) (blocked int, wait time.Duration, err error) {
	blocked = -1
	err = s.Tx(ctx, func(tx *Store) error {
		rows := make([]loginThrottle, len(throttles))
		for i, t := range throttles {
			k := throttleKey(t.Key)
			if err := tx.db.Clauses(clause.OnConflict{DoNothing: true}).
				Create(&loginThrottle{Key: k, UpdatedAt: now}).Error; err != nil {
				return err
			}
			if err := tx.db.Clauses(clause.Locking{Strength: "UPDATE"}).Where("key = ?", k).Take(&rows[i]).Error; err != nil {
				return err
			}
			if rows[i].NextAt != nil && rows[i].NextAt.After(now) {
				if d := rows[i].NextAt.Sub(now); d > wait {
					blocked, wait = i, d
				}
			}
		}
		if blocked >= 0 {
			return nil
		}
		for i, t := range throttles {
			r := &rows[i]
			r.Failures++
			r.NextAt = nil
			if over := r.Failures - t.Free; over >= 0 {
				d := t.Base << min(over, 30)
				if d > t.Max || d <= 0 {
					d = t.Max
				}
				next := now.Add(d)
				r.NextAt = &next
			}
			if err := tx.db.Model(&loginThrottle{}).Where("key = ?", r.Key).
				Updates(map[string]any{"failures": r.Failures, "next_at": r.NextAt, "updated_at": now}).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return blocked, wait, err
}

// LoginSucceeded forgets the failures counted under clear (the account at
// this address: its owner got in) and takes back the attempt just charged
// under refund (the address: an office whose staff log in all day is not
// slowed down by their own successes).
func (s *Store) LoginSucceeded(ctx context.Context, clear []string, refund []string) error {
	return s.Tx(ctx, func(tx *Store) error {
		for _, k := range clear {
			if err := tx.db.Where("key = ?", throttleKey(k)).Delete(&loginThrottle{}).Error; err != nil {
				return err
			}
		}
		for _, k := range refund {
			if err := tx.db.Model(&loginThrottle{}).Where("key = ? AND failures > 0", throttleKey(k)).
				Update("failures", gorm.Expr("failures - 1")).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// PurgeLoginThrottles forgets counters untouched since before and no
// longer holding anyone back.
func (s *Store) PurgeLoginThrottles(ctx context.Context, before time.Time) (int64, error) {
	res := s.with(ctx).Where("updated_at < ? AND (next_at IS NULL OR next_at < ?)", before, before).Delete(&loginThrottle{})
	return res.RowsAffected, res.Error
}
