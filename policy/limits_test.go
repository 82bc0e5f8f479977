package policy_test

import (
	"slices"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// A named token or partner system narrows its user's role and never
// widens it.
func TestLimitedActorNarrowsAndNeverWidens(t *testing.T) {
	store := modeltest.SQLite(t)
	pol, err := policy.New(ctx, store, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pol.Close()
	b := modeltest.Build(t, store)
	la := b.LA("Northmoor")
	police := b.Service(b.Org("Police"), "Police Partnership", models.PartnerAgency, la)
	u, err := store.CreateUserWithHash(ctx, models.UserInput{Email: "p@test.example", Name: "P"}, "x")
	if err != nil {
		t.Fatal(err)
	}
	m, err := store.AddMembership(ctx, u.ID, police.ID, models.RolePartner)
	if err != nil {
		t.Fatal(err)
	}
	full := pol.Actor(u, *m, models.Now())
	if !policy.Can(full, policy.Read, policy.ResourcePartnerLookup) || !policy.Can(full, policy.Manage, policy.ResourceToken) {
		t.Fatal("a partner looks people up and manages their own tokens")
	}
	lookup := full.Limited([]string{"partner_lookup:read", "audit:read"})
	if !policy.Can(lookup, policy.Read, policy.ResourcePartnerLookup) {
		t.Error("the limit keeps what it names")
	}
	if policy.Can(lookup, policy.Manage, policy.ResourceToken) {
		t.Error("the limit drops what it does not name")
	}
	if policy.Can(lookup, policy.Read, policy.ResourceAudit) {
		t.Error("a limit naming what the role may not do must not widen it")
	}
	perms := pol.Permissions(models.RolePartner, models.PartnerAgency)
	if !slices.Contains(perms, "partner_lookup:read") || slices.Contains(perms, "person:read") {
		t.Errorf("a partner's grantable permissions: %v", perms)
	}
}
