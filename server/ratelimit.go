package server

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// LoginLimits tune the login rate limits.
type LoginLimits struct {
	// PerAccount: attempts allowed in a burst for one email, then one per
	// AccountEvery. Defaults: 5, one a minute.
	PerAccount   int
	AccountEvery time.Duration
	// PerIP: attempts in a burst from one address, then one per IPEvery.
	// Defaults: 20, one every 6 seconds (an office shares an address).
	PerIP   int
	IPEvery time.Duration
}

func (l LoginLimits) withDefaults() LoginLimits {
	if l.PerAccount <= 0 {
		l.PerAccount, l.AccountEvery = 5, time.Minute
	}
	if l.PerIP <= 0 {
		l.PerIP, l.IPEvery = 20, 6*time.Second
	}
	return l
}

// loginLimiter keeps a token bucket per account and per client address.
// Buckets idle for an hour are forgotten so the maps do not grow forever.
type loginLimiter struct {
	limits LoginLimits
	mu     sync.Mutex
	byKey  map[string]*bucket
	swept  time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLoginLimiter(l LoginLimits) *loginLimiter {
	return &loginLimiter{limits: l.withDefaults(), byKey: map[string]*bucket{}, swept: time.Now()}
}

// allow takes one attempt for the account and the address. When either is
// over its limit it says which, and how long to wait.
func (l *loginLimiter) allow(account, ip string) (ok bool, which string, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > 10*time.Minute {
		for k, b := range l.byKey {
			if now.Sub(b.seen) > time.Hour {
				delete(l.byKey, k)
			}
		}
		l.swept = now
	}
	acct := l.get("a:"+account, l.limits.PerAccount, l.limits.AccountEvery, now)
	addr := l.get("i:"+ip, l.limits.PerIP, l.limits.IPEvery, now)
	ra, ri := acct.ReserveN(now, 1), addr.ReserveN(now, 1)
	da, di := ra.DelayFrom(now), ri.DelayFrom(now)
	if da == 0 && di == 0 {
		return true, "", 0
	}
	ra.CancelAt(now)
	ri.CancelAt(now)
	if da >= di {
		return false, "account", da
	}
	return false, "address", di
}

func (l *loginLimiter) get(key string, burst int, every time.Duration, now time.Time) *rate.Limiter {
	b, ok := l.byKey[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Every(every), burst)}
		l.byKey[key] = b
	}
	b.seen = now
	return b.lim
}
