package models

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// A second factor: a time-based one-time password
// (RFC 6238: six digits, 30-second steps, SHA-1, which every authenticator
// app reads from the QR code) on top of the password. Optional for
// everyone; required of area admins and commissioners when an area admin
// turns on SettingRequireTwoFactor. A lost phone is recovered by an area
// admin resetting it (ResetTOTP), after which the user enrols again.
//
// The secret is stored as the authenticator app holds it (base32): it
// must be readable to check a code, as a password hash need not be.

// TwoFactorEnabled reports whether the user logs in with a code as well.
func (u *User) TwoFactorEnabled() bool { return u.TOTPEnabledAt != nil && u.TOTPSecret != "" }

// NewTOTPKey makes a secret for a user to enrol with; nothing is stored
// until EnableTOTP sees a code from it.
func NewTOTPKey(email string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: "Gateway", AccountName: email})
}

// TOTPKey is the key (for its otpauth:// URL and QR code) of a secret
// being enrolled.
func TOTPKey(email, secret string) (*otp.Key, error) {
	v := url.Values{"secret": {secret}, "issuer": {"Gateway"}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return otp.NewKeyFromURL("otpauth://totp/" + url.PathEscape("Gateway:"+email) + "?" + v.Encode())
}

// ErrWrongCode is a code that does not match, or was used already.
var ErrWrongCode = errors.New("wrong or used code")

// totpStep finds the time step (30 s) whose code is code, allowing one
// step either side for a phone's clock; 0 if none.
func totpStep(secret, code string, now time.Time) int64 {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0
	}
	for _, skew := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(skew) * 30 * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / 30
		}
	}
	return 0
}

// EnableTOTP turns the second factor on with secret, once code shows the
// user's app has it.
func (s *Store) EnableTOTP(ctx context.Context, userID int64, secret, code string, now time.Time) error {
	step := totpStep(secret, code, now)
	if step == 0 {
		return Invalid("code", "does not match; check the time on your phone, and type the code the app shows now")
	}
	res := s.with(ctx).Model(&User{}).Where("id = ?", userID).
		Updates(map[string]any{"totp_secret": secret, "totp_enabled_at": now, "totp_last_step": step, "updated_at": Now()})
	if res.Error == nil && res.RowsAffected == 0 {
		return ErrNotFound
	}
	return res.Error
}

// VerifyTOTP checks a login code. A code is accepted once: the step it
// belongs to must be later than the last one accepted, and the update is
// conditional, so two requests racing with one code cannot both pass.
func (s *Store) VerifyTOTP(ctx context.Context, userID int64, code string, now time.Time) error {
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	if !u.TwoFactorEnabled() {
		return ErrWrongCode
	}
	step := totpStep(u.TOTPSecret, code, now)
	if step == 0 || step <= u.TOTPLastStep {
		return ErrWrongCode
	}
	// quiet: the last step guards the next login, not a cached identity.
	res := s.with(quiet(ctx)).Model(&User{}).Where("id = ? AND totp_last_step < ?", userID, step).Update("totp_last_step", step)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrWrongCode
	}
	return nil
}

// ResetTOTP removes a user's second factor (an area admin's recovery for a
// lost phone, or the user turning it off) and ends their sessions and
// tokens, so whoever holds the old phone is logged out too.
func (s *Store) ResetTOTP(ctx context.Context, userID int64) error {
	return s.endAccess(ctx, userID, map[string]any{"totp_secret": "", "totp_enabled_at": nil, "totp_last_step": 0})
}

// DisableTOTP removes the user's own second factor (they gave a current
// code); their session goes on.
func (s *Store) DisableTOTP(ctx context.Context, userID int64) error {
	return s.with(ctx).Model(&User{}).Where("id = ?", userID).
		Updates(map[string]any{"totp_secret": "", "totp_enabled_at": nil, "totp_last_step": 0, "updated_at": Now()}).Error
}

// UsersWithRoles lists enabled users holding any of roles somewhere, by name.
func (s *Store) UsersWithRoles(ctx context.Context, roles []Role) ([]User, error) {
	var users []User
	err := s.with(ctx).Where("disabled_at IS NULL AND id IN (SELECT user_id FROM memberships WHERE role IN ?)", roles).
		Order("lower(name), id").Find(&users).Error
	return users, err
}

// TwoFactorRoles are the roles that must use a second factor when the area
// requires it: those who reach the whole area's configuration, or its
// figures across services.
var TwoFactorRoles = []Role{RoleAreaAdmin, RoleCommissioner}

// NeedsTwoFactorRole reports whether any of the memberships is such a role.
func NeedsTwoFactorRole(ms []Membership) bool {
	for _, m := range ms {
		for _, r := range TwoFactorRoles {
			if m.Role == r {
				return true
			}
		}
	}
	return false
}
