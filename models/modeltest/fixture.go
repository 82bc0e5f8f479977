package modeltest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"testing"

	"golang.org/x/crypto/argon2"

	"gateway/models"
)

// Builder makes records for tests with as little ceremony as possible.
// Every helper fails the test on error.
type Builder struct {
	t testing.TB
	S *models.Store
	n int
}

// Build wraps a store for building fixtures.
func Build(t testing.TB, s *models.Store) *Builder { return &Builder{t: t, S: s} }

func (b *Builder) next() int { b.n++; return b.n }

// LA makes a local authority.
func (b *Builder) LA(name string) *models.LocalAuthority {
	b.t.Helper()
	la, err := b.S.CreateLA(context.Background(), models.LAInput{Code: fmt.Sprintf("E0690%04d", b.next()), Name: name})
	if err != nil {
		b.t.Fatalf("LA %s: %v", name, err)
	}
	return la
}

// Org makes an organisation.
func (b *Builder) Org(name string) *models.Organisation {
	b.t.Helper()
	o, err := b.S.CreateOrganisation(context.Background(), models.OrganisationInput{Name: name})
	if err != nil {
		b.t.Fatalf("org %s: %v", name, err)
	}
	return o
}

// Service makes a service of type typ covering las.
func (b *Builder) Service(org *models.Organisation, name string, typ models.ServiceType, las ...*models.LocalAuthority) *models.Service {
	b.t.Helper()
	in := models.ServiceInput{OrganisationID: org.ID, Name: name, Type: typ, Phone: "01632 960" + fmt.Sprintf("%03d", b.next())}
	for _, la := range las {
		in.LAIDs = append(in.LAIDs, la.ID)
	}
	sv, err := b.S.CreateService(context.Background(), in)
	if err != nil {
		b.t.Fatalf("service %s: %v", name, err)
	}
	return sv
}

// TestPassword is every fixture user's password.
const TestPassword = "correct horse battery"

// TestPasswordHash is TestPassword hashed at a cost only tests use.
var TestPasswordHash = CheapPasswordHash(TestPassword)

// CheapPasswordHash hashes a password for fixture users only: argon2id in
// the same encoding as models.HashPassword, but with 64 KiB and one pass
// instead of production's 19 MiB and two. models.CheckPassword reads the
// cost from the stored hash, so logging in as a fixture user (hundreds of
// times per test run, each ~1 s of CPU at production cost under -race)
// is cheap, while every password the application hashes itself (adding a
// user, changing or resetting a password) still uses the production cost,
// which models' TestHashPasswordUsesProductionCost pins. No production code
// path produces or needs such a hash; only test fixtures store it.
func CheapPasswordHash(password string) string {
	const memoryKiB, passes, lanes, keyLen = 64, 1, 1, 32
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(password), salt, passes, memoryKiB, lanes, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memoryKiB, passes, lanes,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// User makes a user with a role at a service.
func (b *Builder) User(name string, sv *models.Service, role models.Role) *models.User {
	b.t.Helper()
	u, err := b.S.CreateUserWithHash(context.Background(), models.UserInput{Email: fmt.Sprintf("user%d@example.org", b.next()), Name: name}, TestPasswordHash)
	if err != nil {
		b.t.Fatalf("user %s: %v", name, err)
	}
	if _, err := b.S.AddMembership(context.Background(), u.ID, sv.ID, role); err != nil {
		b.t.Fatalf("membership %s: %v", name, err)
	}
	return u
}

// Person makes a person created by a user acting for sv (which opens an
// involvement for sv).
func (b *Builder) Person(given, family string, by *models.User, sv *models.Service) *models.Person {
	b.t.Helper()
	p, err := b.S.CreatePerson(context.Background(), models.Author{UserID: by.ID, ServiceID: sv.ID},
		models.PersonInput{GivenName: given, FamilyName: family})
	if err != nil {
		b.t.Fatalf("person %s: %v", given, err)
	}
	return p
}
