package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm/clause"
)

// IdentityProvider is an OpenID Connect provider the area trusts, for
// single sign-on. The client secret is read from the environment variable
// SecretEnv when a login starts; it is never stored.
type IdentityProvider struct {
	ID int64 `json:"id"`
	// What an admin sets: flattened into the row and the JSON here.
	ProviderInput
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ProviderInput adds or changes an identity provider.
type ProviderInput struct {
	Slug       string `json:"slug" form:"slug"`
	Name       string `json:"name" form:"name"`
	Issuer     string `json:"issuer" form:"issuer"`
	ClientID   string `json:"client_id" form:"client_id"`
	SecretEnv  string `json:"secret_env" form:"secret_env"`
	TrustEmail bool   `json:"trust_email" form:"trust_email"`
}

var (
	slugRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	envVarRe = regexp.MustCompile(`^[A-Z_][A-Z0-9_]{0,99}$`)
)

func (in *ProviderInput) validate() error {
	c := newCheck()
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if !slugRe.MatchString(in.Slug) {
		c.Add("slug", "use lower-case letters, digits and dashes, like entra")
	}
	c.text("name", &in.Name, true, MaxName)
	in.Issuer = strings.TrimSpace(in.Issuer)
	if u, err := url.Parse(in.Issuer); err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		c.Add("issuer", "give the issuer URL, https://..., as the provider publishes it")
	}
	c.text("client_id", &in.ClientID, true, 200)
	in.SecretEnv = strings.TrimSpace(in.SecretEnv)
	if !envVarRe.MatchString(in.SecretEnv) {
		c.Add("secret_env", "name the environment variable holding the client secret, like GATEWAY_OIDC_ENTRA_SECRET")
	}
	return c.Err()
}

// isLoopback lets a provider on this machine use plain http (tests, a
// development provider); anything else must be https.
func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// CreateProvider adds an identity provider.
func (s *Store) CreateProvider(ctx context.Context, in ProviderInput) (*IdentityProvider, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	now := Now()
	p := &IdentityProvider{ProviderInput: in, CreatedAt: now, UpdatedAt: now}
	if err := s.with(ctx).Create(p).Error; err != nil {
		return nil, clashAs(err, "slug", "another provider has this slug")
	}
	return p, nil
}

// Providers lists the identity providers by name.
func (s *Store) Providers(ctx context.Context) ([]IdentityProvider, error) {
	var ps []IdentityProvider
	return ps, s.with(ctx).Order("lower(name), id").Find(&ps).Error
}

// ProviderBySlug finds one provider.
func (s *Store) ProviderBySlug(ctx context.Context, slug string) (*IdentityProvider, error) {
	var p IdentityProvider
	return &p, notFound(s.with(ctx).Where("slug = ?", slug).Take(&p).Error)
}

// DeleteProvider removes a provider no organisation uses any more.
func (s *Store) DeleteProvider(ctx context.Context, id int64) error {
	return s.Tx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.db.Model(&OrganisationSSO{}).Where("provider_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Conflict("provider", "organisations still sign in with this provider; change them first")
		}
		res := tx.db.Delete(&IdentityProvider{}, id)
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrNotFound
		}
		return res.Error
	})
}

// OrganisationSSO is how one organisation's people sign in.
type OrganisationSSO struct {
	OrganisationID int64     `json:"organisation_id" gorm:"primaryKey;autoIncrement:false"`
	ProviderID     *int64    `json:"provider_id"`
	EmailDomains   string    `json:"email_domains"`
	PasswordsOff   bool      `json:"passwords_off"`
	JITServiceID   *int64    `json:"jit_service_id" gorm:"column:jit_service_id"`
	JITRole        Role      `json:"jit_role" gorm:"column:jit_role"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// TableName: one row per organisation.
func (OrganisationSSO) TableName() string { return "organisation_sso" }

// Domains are the organisation's email domains.
func (o OrganisationSSO) Domains() []string {
	var out []string
	for _, d := range strings.Split(o.EmailDomains, ",") {
		if d = strings.TrimSpace(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

// OrgSSOInput sets an organisation's sign-in rules.
type OrgSSOInput struct {
	ProviderID   int64  `json:"provider_id" form:"provider_id"`
	EmailDomains string `json:"email_domains" form:"email_domains"`
	PasswordsOff bool   `json:"passwords_off" form:"passwords_off"`
	JITServiceID int64  `json:"jit_service_id" form:"jit_service_id"`
	JITRole      string `json:"jit_role" form:"jit_role"`
}

var domainRe = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// SetOrganisationSSO writes an organisation's sign-in rules.
func (s *Store) SetOrganisationSSO(ctx context.Context, orgID int64, in OrgSSOInput) (*OrganisationSSO, error) {
	c := newCheck()
	row := &OrganisationSSO{OrganisationID: orgID, PasswordsOff: in.PasswordsOff, UpdatedAt: Now()}
	var domains []string
	for _, d := range strings.FieldsFunc(strings.ToLower(in.EmailDomains), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == ';' }) {
		d = strings.TrimPrefix(strings.TrimSpace(d), "@")
		if !domainRe.MatchString(d) {
			c.Add("email_domains", "give domains like council.gov.uk, separated by commas")
			break
		}
		if !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	row.EmailDomains = strings.Join(domains, ",")
	if _, err := s.Organisation(ctx, orgID); err != nil {
		return nil, err
	}
	if in.ProviderID > 0 {
		var n int64
		if err := s.with(ctx).Model(&IdentityProvider{}).Where("id = ?", in.ProviderID).Count(&n).Error; err != nil {
			return nil, err
		}
		if n == 0 {
			c.Add("provider_id", "no such identity provider")
		}
		row.ProviderID = &in.ProviderID
	}
	if row.ProviderID != nil && len(domains) == 0 {
		c.Add("email_domains", "say which email domains this organisation signs in with")
	}
	if in.PasswordsOff && row.ProviderID == nil {
		c.Add("passwords_off", "choose an identity provider before turning local passwords off")
	}
	if in.JITServiceID > 0 {
		sv, err := s.Service(ctx, in.JITServiceID)
		switch {
		case errors.Is(err, ErrNotFound) || (err == nil && sv.OrganisationID != orgID):
			c.Add("jit_service_id", "choose one of this organisation's services")
		case err != nil:
			return nil, err
		default:
			if ok, why := RoleFits(Role(in.JITRole), sv.Type); !ok || in.JITRole == string(RoleAreaAdmin) || in.JITRole == string(RoleOrgAdmin) {
				if ok {
					why = "new accounts cannot start as admins; give them a working role"
				}
				c.Add("jit_role", why)
			}
		}
		row.JITServiceID, row.JITRole = &in.JITServiceID, Role(in.JITRole)
	} else if in.JITRole != "" {
		c.Add("jit_service_id", "choose the service new accounts join")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	err := s.with(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "organisation_id"}}, UpdateAll: true}).Create(row).Error
	return row, err
}

// OrganisationSSOs lists every organisation's sign-in rules, by organisation.
func (s *Store) OrganisationSSOs(ctx context.Context) (map[int64]OrganisationSSO, error) {
	var rows []OrganisationSSO
	if err := s.with(ctx).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := map[int64]OrganisationSSO{}
	for _, r := range rows {
		out[r.OrganisationID] = r
	}
	return out, nil
}

// SSOOrganisation is the organisation that vouches for an email's domain
// through provider: the one whose domains include it.
func (s *Store) SSOOrganisation(ctx context.Context, providerID int64, email string) (*OrganisationSSO, error) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return nil, ErrNotFound
	}
	domain := strings.ToLower(email[at+1:])
	var rows []OrganisationSSO
	if err := s.with(ctx).Where("provider_id = ?", providerID).Order("organisation_id").Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		if slices.Contains(r.Domains(), domain) {
			return &r, nil
		}
	}
	return nil, ErrNotFound
}

// PasswordsOff reports whether any organisation the user works in has
// turned local passwords off: such users sign in through their provider.
func (s *Store) PasswordsOff(ctx context.Context, userID int64) (bool, error) {
	var n int64
	err := s.with(ctx).Model(&OrganisationSSO{}).
		Where("passwords_off AND organisation_id IN (SELECT sv.organisation_id FROM memberships m JOIN services sv ON sv.id = m.service_id WHERE m.user_id = ?)", userID).
		Count(&n).Error
	return n > 0, err
}

// CreateSSOUser makes the account an organisation allows just in time: no
// password (an unusable hash), one membership at the default service in
// the default role, in one transaction.
func (s *Store) CreateSSOUser(ctx context.Context, email, name string, org OrganisationSSO) (*User, error) {
	if org.JITServiceID == nil || org.JITRole == "" {
		return nil, ErrNotFound
	}
	if strings.TrimSpace(name) == "" {
		name = email[:strings.IndexByte(email, '@')]
	}
	in := UserInput{Email: email, Name: name}
	if len([]rune(in.Name)) > MaxName {
		in.Name = string([]rune(in.Name)[:MaxName])
	}
	var u *User
	err := s.Tx(ctx, func(tx *Store) error {
		var err error
		if u, err = tx.CreateUserWithHash(ctx, in, unusableHash()); err != nil {
			return err
		}
		_, err = tx.AddMembership(ctx, u.ID, *org.JITServiceID, org.JITRole)
		return err
	})
	return u, err
}

// unusableHash is a password hash no password matches: "!" and random
// bytes, which CheckPassword cannot parse as argon2id.
func unusableHash() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "!sso:" + base64.RawURLEncoding.EncodeToString(b)
}
