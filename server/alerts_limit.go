package server

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// AlertLimits tune the rate limits on the public alert endpoints, which
// anyone may call without logging in.
type AlertLimits struct {
	// PerIP: alerts in a burst from one address, then one per IPEvery.
	// Defaults: 5, then one every 2 minutes (a person reporting several
	// people on one street gets through; a script does not).
	PerIP   int
	IPEvery time.Duration
	// Total: alerts in a burst from everyone, then one per TotalEvery, so a
	// flood from many addresses cannot bury the outreach worklists.
	// Defaults: 200, then one every 2 seconds.
	Total      int
	TotalEvery time.Duration
	// Checks: status look-ups by reference from one address in a burst,
	// then one per CheckEvery, so references cannot be guessed by trying.
	// Defaults: 30, then one every 2 seconds.
	Checks     int
	CheckEvery time.Duration
}

func (l AlertLimits) withDefaults() AlertLimits {
	if l.PerIP <= 0 {
		l.PerIP, l.IPEvery = 5, 2*time.Minute
	}
	if l.Total <= 0 {
		l.Total, l.TotalEvery = 200, 2*time.Second
	}
	if l.Checks <= 0 {
		l.Checks, l.CheckEvery = 30, 2*time.Second
	}
	return l
}

// alertLimiter keeps token buckets per address and one for everyone.
// Buckets idle for an hour are forgotten.
type alertLimiter struct {
	limits AlertLimits
	total  *rate.Limiter
	mu     sync.Mutex
	byKey  map[string]*bucket
	swept  time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newAlertLimiter(l AlertLimits) *alertLimiter {
	l = l.withDefaults()
	return &alertLimiter{limits: l, total: rate.NewLimiter(rate.Every(l.TotalEvery), l.Total), byKey: map[string]*bucket{}, swept: time.Now()}
}

// allowAlert takes one submission for ip; false says wait that long.
func (l *alertLimiter) allowAlert(ip string) (bool, time.Duration) {
	now := time.Now()
	per := l.bucket("a:"+ip, l.limits.PerIP, l.limits.IPEvery, now)
	rp, rt := per.ReserveN(now, 1), l.total.ReserveN(now, 1)
	dp, dt := rp.DelayFrom(now), rt.DelayFrom(now)
	if dp == 0 && dt == 0 {
		return true, 0
	}
	rp.CancelAt(now)
	rt.CancelAt(now)
	return false, max(dp, dt)
}

// allowCheck takes one status look-up for ip.
func (l *alertLimiter) allowCheck(ip string) (bool, time.Duration) {
	now := time.Now()
	r := l.bucket("c:"+ip, l.limits.Checks, l.limits.CheckEvery, now).ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

func (l *alertLimiter) bucket(key string, burst int, every time.Duration, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > 10*time.Minute {
		for k, b := range l.byKey {
			if now.Sub(b.seen) > time.Hour {
				delete(l.byKey, k)
			}
		}
		l.swept = now
	}
	b, ok := l.byKey[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Every(every), burst)}
		l.byKey[key] = b
	}
	b.seen = now
	return b.lim
}
