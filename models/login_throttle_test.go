package models_test

import (
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// After the free attempts each further one waits twice as long as the
// last, up to the cap; a refused attempt counts nothing; success clears
// the counter it names.
func TestLoginThrottleBacksOffExponentiallyAndNeverLocksForGood(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		now := models.Now()
		th := []models.Throttle{{Key: "account-at:a|1.2.3.4", Free: 2, Base: time.Second, Max: 8 * time.Second}}
		take := func(at time.Time) (int, time.Duration) {
			b, w, err := s.TakeLoginAttempt(ctx, at, th)
			if err != nil {
				t.Fatal(err)
			}
			return b, w
		}
		if b, _ := take(now); b != -1 {
			t.Fatal("the first attempt passes")
		}
		if b, _ := take(now); b != -1 {
			t.Fatal("the second (last free) attempt passes")
		}
		if b, w := take(now); b != 0 || w != time.Second {
			t.Fatalf("then wait 1s: %d %v", b, w)
		}
		at := now
		for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
			at = at.Add(want)
			if b, _ := take(at); b != -1 {
				t.Fatalf("after waiting %v the attempt passes", want)
			}
			next := want * 2
			if next > 8*time.Second {
				next = 8 * time.Second
			}
			if b, w := take(at); b != 0 || w != next {
				t.Fatalf("after an attempt at +%v: wait %v, want %v", at.Sub(now), w, next)
			}
		}
		if err := s.LoginSucceeded(ctx, []string{th[0].Key}, nil); err != nil {
			t.Fatal(err)
		}
		if b, _ := take(at); b != -1 {
			t.Fatal("after the owner logs in the counter starts again")
		}
	})
}

// Two counters are charged together or not at all.
func TestLoginThrottleChargesAllOrNothing(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		now := models.Now()
		acct := models.Throttle{Key: "account-at:b|5.6.7.8", Free: 100, Base: time.Minute, Max: time.Hour}
		addr := models.Throttle{Key: "address:5.6.7.8", Free: 1, Base: time.Minute, Max: time.Hour}
		if b, _, _ := s.TakeLoginAttempt(ctx, now, []models.Throttle{acct, addr}); b != -1 {
			t.Fatal("first passes")
		}
		if b, w, _ := s.TakeLoginAttempt(ctx, now, []models.Throttle{acct, addr}); b != 1 || w != time.Minute {
			t.Fatalf("the address says wait: %d %v", b, w)
		}
		if n, err := s.PurgeLoginThrottles(ctx, now.Add(30*time.Second)); err != nil || n != 1 {
			t.Fatalf("only the counter holding no one back goes: %d %v", n, err)
		}
		if n, err := s.PurgeLoginThrottles(ctx, now.Add(2*time.Hour)); err != nil || n != 1 {
			t.Fatalf("purged: %d %v", n, err)
		}
	})
}
