package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// APIToken is a bearer token for /api/v1. Only its SHA-256 is stored, so a
// leaked database does not leak working tokens.
type APIToken struct {
	ID         int64
	UserID     int64
	TokenHash  string
	ServiceID  *int64
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TokenLifetime matches the absolute session lifetime.
const TokenLifetime = 12 * time.Hour

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateToken issues a new bearer token for a user acting for serviceID.
func (s *Store) CreateToken(ctx context.Context, userID, serviceID int64) (string, *APIToken, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	token := "gw_" + base64.RawURLEncoding.EncodeToString(raw)
	now := Now()
	t := &APIToken{UserID: userID, TokenHash: hashToken(token), CreatedAt: now, ExpiresAt: now.Add(TokenLifetime)}
	if serviceID > 0 {
		t.ServiceID = &serviceID
	}
	return token, t, s.with(ctx).Create(t).Error
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
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		s.with(ctx).Model(&t).UpdateColumn("last_used_at", now)
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
