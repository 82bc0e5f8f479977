package server

import (
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// AlertLimits tune the limits on the public alert endpoints, which anyone
// may call without logging in. Three budgets, kept
// apart so that no one of them can close the form for everyone:
//   - per sender's network (an IPv4 address, or an IPv6 /64): a person
//     reporting several people on one street gets through, a script from
//     one place does not; over it is a plain 429;
//   - per local authority the alert falls in, and overall: a flood from
//     many networks spends these, and then each further alert needs a
//     proof of work its browser computes in a second or two (alerts_pow.go)
//     instead of being refused, so a genuine reporter from a fresh address
//     is still served while a flood costs its sender real work per alert.
type AlertLimits struct {
	// PerIP: alerts in a burst from one network, then one per IPEvery.
	// Defaults: 5, then one every 2 minutes.
	PerIP   int
	IPEvery time.Duration
	// PerArea: alerts in a burst for one local authority (or for "no
	// local authority given"), then one per AreaEvery, before a proof of
	// work is asked for. Defaults: 30, then one every 30 seconds.
	PerArea   int
	AreaEvery time.Duration
	// Total: alerts in a burst from everyone, then one per TotalEvery,
	// before a proof of work is asked for. Defaults: 200, then one every 2
	// seconds.
	Total      int
	TotalEvery time.Duration
	// ChallengeBits is the proof of work's difficulty: leading zero bits
	// of a SHA-256 hash, about 2^bits tries. Default 18 (a second or two
	// in a phone's browser).
	ChallengeBits int
	// Checks: status look-ups by reference from one network in a burst,
	// then one per CheckEvery, so references cannot be guessed by trying.
	// Defaults: 30, then one every 2 seconds.
	Checks     int
	CheckEvery time.Duration
}

func (l AlertLimits) withDefaults() AlertLimits {
	if l.PerIP <= 0 {
		l.PerIP, l.IPEvery = 5, 2*time.Minute
	}
	if l.PerArea <= 0 {
		l.PerArea, l.AreaEvery = 30, 30*time.Second
	}
	if l.Total <= 0 {
		l.Total, l.TotalEvery = 200, 2*time.Second
	}
	if l.ChallengeBits <= 0 {
		l.ChallengeBits = 18
	}
	if l.Checks <= 0 {
		l.Checks, l.CheckEvery = 30, 2*time.Second
	}
	return l
}

// alertLimiter keeps token buckets per network, per area and one for
// everyone, in memory (a flood is a burst: a restart resetting them costs
// little). Buckets idle for an hour are forgotten.
type alertLimiter struct {
	limits AlertLimits
	total  *rate.Limiter
	mu     sync.Mutex
	byKey  map[string]*bucket
	swept  time.Time
	used   usedChallenges    // alerts_pow.go
	key    challengeKeyCache // alerts_pow.go
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newAlertLimiter(l AlertLimits) *alertLimiter {
	l = l.withDefaults()
	return &alertLimiter{limits: l, total: rate.NewLimiter(rate.Every(l.TotalEvery), l.Total), byKey: map[string]*bucket{},
		swept: time.Now(), used: usedChallenges{seen: map[string]time.Time{}}}
}

// allowSender takes one submission for the sender's network; false says
// wait that long.
func (l *alertLimiter) allowSender(ip string) (bool, time.Duration) {
	return take(l.bucket("a:"+clientNetwork(ip), l.limits.PerIP, l.limits.IPEvery, time.Now()))
}

// allowArea takes one alert from the area's budget and the overall one,
// both or neither; false means the area or everyone is under a flood and
// the alert needs a proof of work.
func (l *alertLimiter) allowArea(laID *int64) bool {
	now := time.Now()
	area := "none"
	if laID != nil {
		area = strconv.FormatInt(*laID, 10)
	}
	per := l.bucket("la:"+area, l.limits.PerArea, l.limits.AreaEvery, now)
	ra, rt := per.ReserveN(now, 1), l.total.ReserveN(now, 1)
	if ra.DelayFrom(now) == 0 && rt.DelayFrom(now) == 0 {
		return true
	}
	ra.CancelAt(now)
	rt.CancelAt(now)
	return false
}

// allowCheck takes one status look-up for ip.
func (l *alertLimiter) allowCheck(ip string) (bool, time.Duration) {
	return take(l.bucket("c:"+clientNetwork(ip), l.limits.Checks, l.limits.CheckEvery, time.Now()))
}

func take(lim *rate.Limiter) (bool, time.Duration) {
	now := time.Now()
	r := lim.ReserveN(now, 1)
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
