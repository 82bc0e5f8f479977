package models_test

import (
	"errors"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// Partner systems and organisations' sign-in rules on both databases:
// a client is made with its system account in one go, its
// token dies with it, and revoking disables the account.
func TestClientsAndSignInRules(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		police := b.Service(b.Org("Police"), "Police Partnership", models.PartnerAgency, la)
		hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, la)
		admin := b.User("Admin", b.Service(b.Org("Area"), "Area Team", models.AreaTeam, la), models.RoleAreaAdmin)

		secret, cl, err := s.CreateClient(ctx, models.ClientInput{Name: "Police system", ServiceID: police.ID, Permissions: []string{"partner_lookup:read"},
			ExpiresAt: time.Now().Add(time.Hour), AllowedAddresses: []string{"203.0.113.0/24", " "}}, admin.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !cl.AllowsAddress("203.0.113.9") || cl.AllowsAddress("198.51.100.1") || cl.AllowsAddress("::ffff:198.51.100.1") || !cl.AllowsAddress("::ffff:203.0.113.9") {
			t.Error("addresses: the range and nothing else, IPv4-mapped too")
		}
		if _, _, _, err := s.ClientToken(ctx, cl.ClientKey, "wrong"); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("wrong secret: %v", err)
		}
		tok, at, _, err := s.ClientToken(ctx, cl.ClientKey, secret)
		if err != nil || at.ExpiresAt.Sub(time.Now()) > models.ClientTokenLifetime+time.Second {
			t.Fatalf("a short-lived token: %v", err)
		}
		if got, u, err := s.TokenUser(ctx, tok); err != nil || got.Client == nil || got.Client.ID != cl.ID || !u.IsSystem() {
			t.Fatalf("the token is the client's, through its system account: %v", err)
		}
		if err := s.RevokeClient(ctx, cl.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.TokenUser(ctx, tok); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("a revoked client's token is gone at once: %v", err)
		}
		u, _ := s.User(ctx, cl.UserID)
		if !u.Disabled() {
			t.Error("its system account is disabled")
		}
		if _, _, err := s.CreateClient(ctx, models.ClientInput{Name: "x", ServiceID: hostel.ID, Permissions: []string{"a:b"}, ExpiresAt: time.Now().Add(time.Hour)}, admin.ID); err == nil {
			t.Error("clients belong to partner agencies")
		}

		p, err := s.CreateProvider(ctx, models.ProviderInput{Slug: "entra", Name: "Entra", Issuer: "https://login.microsoftonline.com/t/v2.0", ClientID: "c", SecretEnv: "GATEWAY_OIDC_SECRET"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetOrganisationSSO(ctx, hostel.OrganisationID, models.OrgSSOInput{ProviderID: p.ID, EmailDomains: "first.org"}); err != nil {
			t.Fatal(err)
		}
		// Saved twice: the second replaces the first.
		if _, err := s.SetOrganisationSSO(ctx, hostel.OrganisationID, models.OrgSSOInput{ProviderID: p.ID, EmailDomains: "Trust.org.uk, @trust.org.uk; other.org", PasswordsOff: true,
			JITServiceID: hostel.ID, JITRole: "worker"}); err != nil {
			t.Fatal(err)
		}
		org, err := s.SSOOrganisation(ctx, p.ID, "someone@other.org")
		if err != nil || org.OrganisationID != hostel.OrganisationID || org.EmailDomains != "trust.org.uk,other.org" {
			t.Fatalf("domains cleaned and matched: %+v %v", org, err)
		}
		worker := b.User("Worker", hostel, models.RoleWorker)
		if off, err := s.PasswordsOff(ctx, worker.ID); err != nil || !off {
			t.Errorf("passwords off for the trust's people: %v %v", off, err)
		}
		if off, _ := s.PasswordsOff(ctx, admin.ID); off {
			t.Error("but not for others")
		}
		nu, err := s.CreateSSOUser(ctx, "new@trust.org.uk", "New Person", *org)
		if err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.Memberships(ctx, nu.ID); len(ms) != 1 || ms[0].ServiceID != hostel.ID {
			t.Errorf("just-in-time membership: %+v", ms)
		}
		if err := s.DeleteProvider(ctx, p.ID); err == nil {
			t.Error("a provider in use stays")
		}
	})
}
