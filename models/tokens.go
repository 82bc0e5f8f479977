package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// APIToken is a bearer token for /api/v1. Only its SHA-256 is stored, so a
// leaked database does not leak working tokens.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"-"`
	TokenHash  string     `json:"-"`
	ServiceID  *int64     `json:"service_id"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	// Named tokens: a name the owner chose, and the permissions
	// ("resource:action", comma separated) the token is limited to; empty
	// for a login token, which carries all of its user's permissions.
	Name        string `json:"name"`
	Permissions string `json:"-"`
	// ClientID: a partner system's token (clients.go); Client is loaded
	// with it.
	ClientID *int64     `json:"-"`
	Client   *APIClient `json:"-" gorm:"-"`
}

// Limits are the permissions the token is limited to; nil means all of
// its user's.
func (t *APIToken) Limits() []string { return splitList(t.Permissions) }

// TokenLifetime matches the absolute session lifetime.
const TokenLifetime = 12 * time.Hour

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateToken issues a new bearer token for a user acting for serviceID.
func (s *Store) CreateToken(ctx context.Context, userID, serviceID int64) (string, *APIToken, error) {
	token, t, err := s.newToken(userID, serviceID, Now().Add(TokenLifetime))
	if err != nil {
		return "", nil, err
	}
	return token, t, s.with(quiet(ctx)).Create(t).Error // nobody holds it yet, so no cache is stale
}

// TokenUser resolves a bearer token to its live token and user. Expired,
// revoked and disabled all answer ErrNotFound.
func (s *Store) TokenUser(ctx context.Context, token string) (*APIToken, *User, error) {
	var t APIToken
	now := Now()
	err := s.with(ctx).Where("token_hash = ? AND revoked_at IS NULL AND expires_at > ?", hashToken(token), now).First(&t).Error
	if err != nil {
		return nil, nil, notFound(err)
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil {
		// ErrNotFound stays ErrNotFound; a database failure is returned as
		// it is, so the caller answers 503, not "token is not valid".
		return nil, nil, err
	}
	if u.Disabled() {
		return nil, nil, ErrNotFound
	}
	if t.ClientID != nil {
		// A partner system's token dies with its client: revoked or
		// expired answers like an unknown token, at once.
		var cl APIClient
		err := s.with(ctx).Where("id = ? AND revoked_at IS NULL AND expires_at > ?", *t.ClientID, now).Take(&cl).Error
		if err != nil {
			return nil, nil, notFound(err)
		}
		t.Client = &cl
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		s.with(quiet(ctx)).Model(&t).UpdateColumn("last_used_at", now)
	}
	return &t, u, nil
}

// SetTokenService switches the service a token acts for.
func (s *Store) SetTokenService(ctx context.Context, tokenID, serviceID int64) error {
	return s.with(ctx).Model(&APIToken{}).Where("id = ?", tokenID).Update("service_id", serviceID).Error
}

// RevokeToken ends one token (logout for API clients).
func (s *Store) RevokeToken(ctx context.Context, tokenID int64) error {
	return s.with(ctx).Model(&APIToken{}).Where("id = ? AND revoked_at IS NULL", tokenID).Update("revoked_at", Now()).Error
}

// MaxTokenLifetime is the longest a named token may live.
const MaxTokenLifetime = 366 * 24 * time.Hour

// NamedTokenInput creates a person's own named token.
type NamedTokenInput struct {
	Name        string    `json:"name"`
	ExpiresAt   time.Time `json:"expires_at"`
	Permissions []string  `json:"permissions"`
}

// CreateNamedToken issues a named token for userID acting for serviceID,
// limited to perms (already checked to be a subset of the user's own by
// the caller, which holds the policy).
func (s *Store) CreateNamedToken(ctx context.Context, userID, serviceID int64, in NamedTokenInput) (string, *APIToken, error) {
	c := newCheck()
	c.text("name", &in.Name, true, MaxName)
	now := Now()
	switch {
	case in.ExpiresAt.IsZero():
		c.Add("expires_at", "is required: when should the token stop working?")
	case !in.ExpiresAt.After(now):
		c.Add("expires_at", "must be in the future")
	case in.ExpiresAt.Sub(now) > MaxTokenLifetime:
		c.Add("expires_at", "can be at most a year away")
	}
	if len(in.Permissions) == 0 {
		c.Add("permissions", "choose at least one permission")
	}
	if err := c.Err(); err != nil {
		return "", nil, err
	}
	token, t, err := s.newToken(userID, serviceID, in.ExpiresAt.UTC().Truncate(time.Microsecond))
	if err != nil {
		return "", nil, err
	}
	t.Name, t.Permissions = in.Name, strings.Join(in.Permissions, ",")
	return token, t, s.with(quiet(ctx)).Create(t).Error // nobody holds it yet, so no cache is stale
}

func (s *Store) newToken(userID, serviceID int64, expires time.Time) (string, *APIToken, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	token := "gw_" + base64.RawURLEncoding.EncodeToString(raw)
	t := &APIToken{UserID: userID, TokenHash: hashToken(token), CreatedAt: Now(), ExpiresAt: expires}
	if serviceID > 0 {
		t.ServiceID = &serviceID
	}
	return token, t, nil
}

// Tokens lists a person's own tokens, newest first: login and named ones,
// live or not (a partner system's tokens belong to its client).
func (s *Store) Tokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var ts []APIToken
	err := s.with(ctx).Where("user_id = ? AND client_id IS NULL", userID).Order("created_at DESC, id DESC").Limit(200).Find(&ts).Error
	return ts, err
}

// RevokeOwnToken ends one of userID's tokens. Another person's token, or
// one that does not exist, is ErrNotFound alike.
func (s *Store) RevokeOwnToken(ctx context.Context, userID, id int64) error {
	var t APIToken
	if err := s.with(ctx).Where("id = ? AND user_id = ? AND client_id IS NULL", id, userID).Take(&t).Error; err != nil {
		return notFound(err)
	}
	return s.RevokeToken(ctx, id)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
