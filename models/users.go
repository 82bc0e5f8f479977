package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// User is a person who logs in. AuthEpoch rises whenever their sessions
// and tokens must end (disabled, password changed), and every request
// checks it, so ending them takes effect at once.
type User struct {
	ID           int64      `json:"id"`
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	PasswordHash string     `json:"-"`
	AuthEpoch    int64      `json:"-"`
	DisabledAt   *time.Time `json:"disabled_at"`
	LastLoginAt  *time.Time `json:"last_login_at"`
	// A second factor (totp.go): the TOTP secret, when
	// it was turned on, and the last time step a code was accepted for, so
	// a code cannot be used twice.
	TOTPSecret    string     `json:"-" gorm:"column:totp_secret"`
	TOTPEnabledAt *time.Time `json:"two_factor_since" gorm:"column:totp_enabled_at"`
	TOTPLastStep  int64      `json:"-" gorm:"column:totp_last_step"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Disabled reports whether the user may no longer log in.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

// Membership says a user works for a service in a role.
type Membership struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	ServiceID int64     `json:"service_id"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`

	Service *Service `json:"service,omitempty" gorm:"foreignKey:ServiceID"`
}

// UserInput creates a user. Password is only used on create; it is
// judged against the email, the name and PasswordContext (the service the
// user will work for), as well as the common password list.
type UserInput struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`

	PasswordContext []string `json:"-"`
}

func (in *UserInput) validate(withPassword bool) error {
	c := newCheck()
	c.email("email", &in.Email, true)
	c.text("name", &in.Name, true, MaxName)
	if withPassword {
		if err := checkPassword(in.Password, append([]string{in.Email, in.Name}, in.PasswordContext...)...); err != nil {
			for k, v := range err.(FieldErrors) {
				c.Add(k, v)
			}
		}
	}
	return c.Err()
}

// CreateUser adds a user with an argon2id password hash.
func (s *Store) CreateUser(ctx context.Context, in UserInput) (*User, error) {
	if err := in.validate(true); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	return s.CreateUserWithHash(ctx, in, hash)
}

// CreateUserWithHash adds a user whose password was hashed already; the
// demo uses it to hash one shared demo password once, not a thousand times.
func (s *Store) CreateUserWithHash(ctx context.Context, in UserInput, hash string) (*User, error) {
	if err := in.validate(false); err != nil {
		return nil, err
	}
	u := &User{Email: in.Email, Name: in.Name, PasswordHash: hash}
	if err := s.with(ctx).Create(u).Error; err != nil {
		return nil, clashAs(err, "email", "another user has this email")
	}
	return u, nil
}

// UpdateUser changes a user's name and email.
func (s *Store) UpdateUser(ctx context.Context, id int64, in UserInput) (*User, error) {
	if err := in.validate(false); err != nil {
		return nil, err
	}
	u, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	u.Email, u.Name = in.Email, in.Name
	if err := s.with(ctx).Save(u).Error; err != nil {
		return nil, clashAs(err, "email", "another user has this email")
	}
	return u, nil
}

// User finds a user by id.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	var u User
	return &u, notFound(s.with(ctx).First(&u, id).Error)
}

// UserByEmail finds a user by email, ignoring case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.with(ctx).Where("lower(email) = ?", strings.ToLower(strings.TrimSpace(email))).First(&u).Error
	return &u, notFound(err)
}

// UserFilter narrows the user list.
type UserFilter struct {
	OrganisationID int64 // users with a membership at one of its services
	Query          string
	Limit, Offset  int
}

// Users lists users by name.
func (s *Store) Users(ctx context.Context, f UserFilter) ([]User, int64, error) {
	q := s.with(ctx).Model(&User{})
	if f.OrganisationID > 0 {
		q = q.Where("id IN (SELECT m.user_id FROM memberships m JOIN services sv ON sv.id = m.service_id WHERE sv.organisation_id = ?)", f.OrganisationID)
	}
	if t := strings.TrimSpace(strings.ToLower(f.Query)); t != "" {
		like := "%" + escapeLike(t) + "%"
		q = q.Where("(lower(name) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\')", like, like)
	}
	return countedPage[User](q, nil, func(q *gorm.DB) *gorm.DB {
		return q.Order("lower(name), id").Limit(limitOr(f.Limit, 50)).Offset(f.Offset)
	})
}

// Authenticate checks an email and password. Unknown emails, disabled users
// and wrong passwords are one answer, ErrNotFound, so a login form cannot be
// used to find out who has an account.
func (s *Store) Authenticate(ctx context.Context, email, password string) (*User, error) {
	u, err := s.UserByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		CheckPassword(dummyHash, password)
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !CheckPassword(u.PasswordHash, password) || u.Disabled() || u.IsSystem() {
		return nil, ErrNotFound
	}
	now := Now()
	u.LastLoginAt = &now
	s.with(quiet(ctx)).Model(u).UpdateColumn("last_login_at", now) // bookkeeping: no cache drops
	return u, nil
}

// SetPassword changes a password and ends every session and token.
func (s *Store) SetPassword(ctx context.Context, id int64, password string) error {
	if u, err := s.User(ctx, id); err == nil && u.IsSystem() {
		return Invalid("password", "a partner system has no password; it uses its client credentials")
	}
	words, err := s.passwordContext(ctx, id)
	if err != nil {
		return err
	}
	if err := checkPassword(password, words...); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.endAccess(ctx, id, map[string]any{"password_hash": hash})
}

// DisableUser stops a user logging in and ends their sessions and tokens at once.
func (s *Store) DisableUser(ctx context.Context, id int64) error {
	return s.endAccess(ctx, id, map[string]any{"disabled_at": Now()})
}

// EnableUser lets a disabled user log in again.
func (s *Store) EnableUser(ctx context.Context, id int64) error {
	res := s.with(ctx).Model(&User{}).Where("id = ?", id).Updates(map[string]any{"disabled_at": nil, "updated_at": Now()})
	if res.Error == nil && res.RowsAffected == 0 {
		return ErrNotFound
	}
	return res.Error
}

func (s *Store) endAccess(ctx context.Context, id int64, set map[string]any) error {
	return s.Tx(ctx, func(tx *Store) error {
		set["auth_epoch"] = gorm.Expr("auth_epoch + 1")
		set["updated_at"] = Now()
		res := tx.db.Model(&User{}).Where("id = ?", id).Updates(set)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return tx.db.Model(&APIToken{}).Where("user_id = ? AND revoked_at IS NULL", id).Update("revoked_at", Now()).Error
	})
}

// AddMembership lets a user act for a service in a role.
func (s *Store) AddMembership(ctx context.Context, userID, serviceID int64, role Role) (*Membership, error) {
	sv, err := s.Service(ctx, serviceID)
	if errors.Is(err, ErrNotFound) {
		return nil, Invalid("service_id", "no such service")
	} else if err != nil {
		return nil, err
	}
	if ok, why := RoleFits(role, sv.Type); !ok {
		return nil, Invalid("role", why)
	}
	if u, err := s.User(ctx, userID); err != nil {
		return nil, err
	} else if u.IsSystem() {
		return nil, Invalid("service_id", "a partner system acts for its one service; create another system for another service")
	}
	m := &Membership{UserID: userID, ServiceID: serviceID, Role: role}
	if err := s.with(ctx).Create(m).Error; err != nil {
		return nil, clashAs(err, "service_id", "the user already has a role at this service")
	}
	m.Service = sv
	return m, nil
}

// RemoveMembership ends a user's role at a service.
func (s *Store) RemoveMembership(ctx context.Context, id int64) error {
	res := s.with(ctx).Delete(&Membership{}, id)
	if res.Error == nil && res.RowsAffected == 0 {
		return ErrNotFound
	}
	return res.Error
}

// Membership finds one membership with its service.
func (s *Store) Membership(ctx context.Context, id int64) (*Membership, error) {
	var m Membership
	if err := s.with(ctx).Preload("Service").First(&m, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &m, nil
}

// Memberships lists a user's memberships with their services.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	var ms []Membership
	err := s.with(ctx).Preload("Service").Where("user_id = ?", userID).Order("id").Find(&ms).Error
	return ms, err
}

// MembershipsWithLAs is Memberships with each service's local
// authorities, in three statements however many memberships there are:
// what building a caller's actor needs.
func (s *Store) MembershipsWithLAs(ctx context.Context, userID int64) ([]Membership, error) {
	ms, err := s.Memberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	svs := make([]*Service, 0, len(ms))
	for i := range ms {
		if ms[i].Service != nil {
			svs = append(svs, ms[i].Service)
		}
	}
	return ms, s.loadLAs(ctx, svs)
}

func limitOr(n, def int) int {
	if n <= 0 {
		return def
	}
	return min(n, 500)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// passwordContext is what a user's password must not be built on: their
// email and name, and the names of their services and organisations.
func (s *Store) passwordContext(ctx context.Context, id int64) ([]string, error) {
	u, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	words := []string{u.Email, u.Name}
	var names []string
	err = s.with(ctx).Table("memberships").Joins("JOIN services ON services.id = memberships.service_id").
		Where("memberships.user_id = ?", id).Pluck("services.name", &names).Error
	return append(words, names...), err
}
