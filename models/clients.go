package models

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/netip"
	"strings"
	"time"
)

// APIClient is a partner organisation's system. It
// acts through its own system account (UserID), a member of one partner
// service in the partner role, so everything it does is checked by the
// same policy and audited under it. Only the SHA-256 of its secret is kept:
// the secret is 256 random bits, so a slow hash adds nothing.
type APIClient struct {
	ID               int64      `json:"id"`
	ClientKey        string     `json:"client_id"`
	SecretHash       string     `json:"-"`
	Name             string     `json:"name"`
	UserID           int64      `json:"-"`
	ServiceID        int64      `json:"service_id"`
	Permissions      string     `json:"-"`
	AllowedAddresses string     `json:"-"`
	ExpiresAt        time.Time  `json:"expires_at"`
	CreatedBy        *int64     `json:"created_by"`
	CreatedAt        time.Time  `json:"created_at"`
	LastUsedAt       *time.Time `json:"last_used_at"`
	RevokedAt        *time.Time `json:"revoked_at"`

	Service *Service `json:"-" gorm:"foreignKey:ServiceID"`
}

// Limits are the permissions the client was given.
func (c *APIClient) Limits() []string { return splitList(c.Permissions) }

// Addresses are the networks the client may call from; none means any.
func (c *APIClient) Addresses() []string { return splitList(c.AllowedAddresses) }

// Live reports whether the client may still get tokens at t.
func (c *APIClient) Live(t time.Time) bool { return c.RevokedAt == nil && t.Before(c.ExpiresAt) }

// AllowsAddress reports whether a call from ip is allowed.
func (c *APIClient) AllowsAddress(ip string) bool {
	nets := c.Addresses()
	if len(nets) == 0 {
		return true
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, n := range nets {
		if p, err := netip.ParsePrefix(n); err == nil && p.Contains(addr) {
			return true
		}
		if a, err := netip.ParseAddr(n); err == nil && a == addr {
			return true
		}
	}
	return false
}

// SystemAccountDomain is the email domain of partner systems' accounts.
// Nothing is ever delivered there (.invalid), and such an account never
// logs in with a password or single sign-on: only through its client.
const SystemAccountDomain = "clients.gateway.invalid"

// IsSystem reports whether u is a partner system's account.
func (u *User) IsSystem() bool {
	return strings.HasSuffix(strings.ToLower(u.Email), "@"+SystemAccountDomain)
}

// ClientTokenLifetime is how long a client's access token lives.
const ClientTokenLifetime = 15 * time.Minute

// ClientInput creates a client. Permissions were checked against what the
// partner role may do by the caller, which holds the policy.
type ClientInput struct {
	Name             string    `json:"name"`
	ServiceID        int64     `json:"service_id"`
	Permissions      []string  `json:"permissions"`
	ExpiresAt        time.Time `json:"expires_at"`
	AllowedAddresses []string  `json:"allowed_addresses"`
}

// MaxClientLifetime is the longest a client may be valid for before an
// area admin renews it with a new one.
const MaxClientLifetime = 2 * 366 * 24 * time.Hour

func (in *ClientInput) validate(now time.Time) error {
	c := newCheck()
	c.text("name", &in.Name, true, MaxName)
	switch {
	case in.ExpiresAt.IsZero():
		c.Add("expires_at", "is required: when should this system's access end?")
	case !in.ExpiresAt.After(now):
		c.Add("expires_at", "must be in the future")
	case in.ExpiresAt.Sub(now) > MaxClientLifetime:
		c.Add("expires_at", "can be at most two years away")
	}
	if len(in.Permissions) == 0 {
		c.Add("permissions", "choose at least one permission")
	}
	var clean []string
	for _, a := range in.AllowedAddresses {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if _, err := netip.ParsePrefix(a); err != nil {
			if _, err := netip.ParseAddr(a); err != nil {
				c.Add("allowed_addresses", "give IP addresses or ranges like 203.0.113.7 or 203.0.113.0/24")
				break
			}
		}
		clean = append(clean, a)
	}
	in.AllowedAddresses = clean
	return c.Err()
}

// CreateClient adds a client with its system account and membership in
// one transaction, and returns the secret, which is shown once.
func (s *Store) CreateClient(ctx context.Context, in ClientInput, by int64) (string, *APIClient, error) {
	now := Now()
	if err := in.validate(now); err != nil {
		return "", nil, err
	}
	sv, err := s.Service(ctx, in.ServiceID)
	if err != nil {
		return "", nil, Invalid("service_id", "choose a partner service")
	}
	if sv.Type != PartnerAgency {
		return "", nil, Invalid("service_id", "partner systems belong to a partner agency's service")
	}
	key, secret := "gwc_"+randomText(12), "gws_"+randomText(32)
	cl := &APIClient{ClientKey: key, SecretHash: hashToken(secret), Name: in.Name, ServiceID: sv.ID,
		Permissions: strings.Join(in.Permissions, ","), AllowedAddresses: strings.Join(in.AllowedAddresses, ","),
		ExpiresAt: in.ExpiresAt.UTC().Truncate(time.Microsecond), CreatedBy: &by, CreatedAt: now}
	err = s.Tx(ctx, func(tx *Store) error {
		u, err := tx.CreateUserWithHash(ctx, UserInput{Email: strings.ToLower(key) + "@" + SystemAccountDomain, Name: "Partner system: " + in.Name}, unusableHash())
		if err != nil {
			return err
		}
		// Directly: AddMembership refuses system accounts any other role.
		if err := tx.db.Create(&Membership{UserID: u.ID, ServiceID: sv.ID, Role: RolePartner}).Error; err != nil {
			return err
		}
		cl.UserID = u.ID
		return tx.db.Create(cl).Error
	})
	if err != nil {
		return "", nil, err
	}
	cl.Service = sv
	return secret, cl, nil
}

// Clients lists every client, newest first, with its service.
func (s *Store) Clients(ctx context.Context) ([]APIClient, error) {
	var cs []APIClient
	return cs, s.with(ctx).Preload("Service").Order("created_at DESC, id DESC").Find(&cs).Error
}

// Client finds one client.
func (s *Store) Client(ctx context.Context, id int64) (*APIClient, error) {
	var c APIClient
	return &c, notFound(s.with(ctx).Preload("Service").Take(&c, id).Error)
}

// RevokeClient stops a client at once: no new tokens, its live tokens
// revoked and its system account disabled, in one transaction.
func (s *Store) RevokeClient(ctx context.Context, id int64) error {
	return s.Tx(ctx, func(tx *Store) error {
		var c APIClient
		if err := tx.db.Take(&c, id).Error; err != nil {
			return notFound(err)
		}
		if c.RevokedAt != nil {
			return nil
		}
		now := Now()
		if err := tx.db.Model(&c).Update("revoked_at", now).Error; err != nil {
			return err
		}
		return tx.endAccess(ctx, c.UserID, map[string]any{"disabled_at": now})
	})
}

// ClientToken is the OAuth client-credentials grant: a live client whose
// secret matches gets a short-lived token. Unknown, wrong, revoked and
// expired all answer ErrNotFound; the client found (if any) comes back so
// the caller can audit the attempt under it.
func (s *Store) ClientToken(ctx context.Context, key, secret string) (string, *APIToken, *APIClient, error) {
	var c APIClient
	if err := s.with(ctx).Where("client_key = ?", key).Take(&c).Error; err != nil {
		hashToken(secret) // the same work as a known client
		return "", nil, nil, notFound(err)
	}
	now := Now()
	if subtle.ConstantTimeCompare([]byte(c.SecretHash), []byte(hashToken(secret))) != 1 || !c.Live(now) {
		return "", nil, &c, ErrNotFound
	}
	exp := now.Add(ClientTokenLifetime)
	if c.ExpiresAt.Before(exp) {
		exp = c.ExpiresAt
	}
	token, t, err := s.newToken(c.UserID, c.ServiceID, exp)
	if err != nil {
		return "", nil, &c, err
	}
	t.Name, t.Permissions, t.ClientID, t.Client = "client credentials", c.Permissions, &c.ID, &c
	if err := s.with(quiet(ctx)).Create(t).Error; err != nil { // a new token: no cache holds it
		return "", nil, &c, err
	}
	s.with(quiet(ctx)).Model(&c).UpdateColumn("last_used_at", now)
	return token, t, &c, nil
}

func randomText(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	if n <= 12 {
		return hex.EncodeToString(b)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
