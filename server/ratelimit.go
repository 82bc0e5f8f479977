package server

import (
	"context"
	"net/netip"
	"time"

	"gateway/models"
)

// LoginLimits tune the login throttles. They are kept
// in the database (models.TakeLoginAttempt), so they hold across restarts
// and instances. Two counters, never one per account alone, so that
// guessing an account's password from one network cannot lock its owner
// out from another:
//   - an account tried from one address (IPv6: its /64): PerAccount
//     attempts, then a wait of AccountEvery that doubles with each further
//     attempt, up to AccountMax; the owner logging in from there clears it;
//   - an address, whatever account it tries: PerIP attempts (an office
//     shares an address), then IPEvery doubling up to IPMax.
type LoginLimits struct {
	PerAccount   int
	AccountEvery time.Duration
	AccountMax   time.Duration
	PerIP        int
	IPEvery      time.Duration
	IPMax        time.Duration
}

func (l LoginLimits) withDefaults() LoginLimits {
	if l.PerAccount <= 0 {
		l.PerAccount, l.AccountEvery = 5, time.Minute
	}
	if l.AccountMax < l.AccountEvery {
		l.AccountMax = max(time.Hour, l.AccountEvery)
	}
	if l.PerIP <= 0 {
		l.PerIP, l.IPEvery = 20, 6*time.Second
	}
	if l.IPMax < l.IPEvery {
		l.IPMax = max(15*time.Minute, l.IPEvery)
	}
	return l
}

// loginLimiter charges login attempts to the database's throttles.
type loginLimiter struct {
	limits LoginLimits
}

func newLoginLimiter(l LoginLimits) *loginLimiter {
	return &loginLimiter{limits: l.withDefaults()}
}

func (l *loginLimiter) throttles(account, ip string) []models.Throttle {
	network := clientNetwork(ip)
	return []models.Throttle{
		{Key: "account-at:" + account + "|" + network, Free: l.limits.PerAccount, Base: l.limits.AccountEvery, Max: l.limits.AccountMax},
		{Key: "address:" + network, Free: l.limits.PerIP, Base: l.limits.IPEvery, Max: l.limits.IPMax},
	}
}

// allow charges one attempt for the account from ip. When either counter
// says wait it answers which ("account" or "address") and how long, and
// charges nothing.
func (l *loginLimiter) allow(ctx context.Context, store *models.Store, account, ip string) (ok bool, which string, wait time.Duration, err error) {
	blocked, wait, err := store.TakeLoginAttempt(ctx, models.Now(), l.throttles(account, ip))
	switch {
	case err != nil:
		return false, "", 0, err
	case blocked < 0:
		return true, "", 0, nil
	case blocked == 0:
		return false, "account", wait, nil
	}
	return false, "address", wait, nil
}

// succeeded forgets the account's failures from this address and takes
// back the address's charge for this attempt.
func (l *loginLimiter) succeeded(ctx context.Context, store *models.Store, account, ip string) error {
	t := l.throttles(account, ip)
	return store.LoginSucceeded(ctx, []string{t[0].Key}, []string{t[1].Key})
}

// clientNetwork is what an address is counted as: an IPv4 address itself,
// an IPv6 address by its /64 (one household or phone is given a whole /64,
// so counting single IPv6 addresses would count nothing).
func clientNetwork(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
