package policy_test

import (
	"errors"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// With two app instances on one PostgreSQL, a permission granted on one is
// in force on the other within a second (LISTEN/NOTIFY).
func TestPolicyChangeReachesOtherInstancesWithinASecond(t *testing.T) {
	dsn := modeltest.PostgresDSN(t)
	open := func() *policy.Policy {
		s, err := models.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(ctx, testWriter{t}); err != nil {
			t.Fatal(err)
		}
		p, err := policy.New(ctx, s, policy.Options{Watch: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return p
	}
	a, b := open(), open()
	// Ask the decision, not just the rows: decisions are remembered, and a
	// change must reach them too.
	partner := &models.User{ID: 1}
	svc := &models.Service{ID: 1, Type: models.PartnerAgency}
	has := func(p *policy.Policy) bool {
		actor := p.Actor(partner, models.Membership{ServiceID: 1, Role: models.RolePartner, Service: svc}, time.Now())
		return policy.Can(actor, policy.Read, policy.ResourceAudit)
	}
	if has(b) {
		t.Fatal("the fixture already grants partners the audit log")
	}
	start := time.Now()
	if err := a.Grant("partner", "*", "audit", "read"); err != nil {
		t.Fatal(err)
	}
	for !has(b) {
		if time.Since(start) > time.Second {
			t.Fatal("the grant did not reach the other instance within a second")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("grant reached the other instance in %v", time.Since(start).Round(time.Millisecond))
	if err := a.Revoke("partner", "*", "audit", "read"); err != nil {
		t.Fatal(err)
	}
	for has(b) {
		if time.Since(start) > 2*time.Second {
			t.Fatal("the revoke did not reach the other instance")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Default rows removed by an admin stay removed after a restart.
func TestRemovedDefaultRowsStayRemoved(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		p, err := policy.New(ctx, s, policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Revoke("worker", "*", "notification", "read"); err != nil {
			t.Fatal(err)
		}
		p2, err := policy.New(ctx, s, policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p2.Rules() {
			if r.Type == "p" && r.Values[0] == "worker" && r.Values[2] == "notification" {
				t.Fatal("a revoked default row came back on restart")
			}
		}
		if len(p2.Rules()) != len(policy.DefaultRules())-1 {
			t.Errorf("want every other default row, got %d of %d", len(p2.Rules()), len(policy.DefaultRules()))
		}
	})
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { return len(b), nil }

// Decisions are remembered between requests; granting or revoking a row,
// a wildcard one included, changes them at once.
func TestGrantAndRevokeChangeRememberedDecisions(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		p, err := policy.New(ctx, s, policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		hostel := &models.Service{ID: 1, Type: models.Hostel}
		worker := p.Actor(&models.User{ID: 1}, models.Membership{ServiceID: 1, Role: models.RoleWorker, Service: hostel}, time.Now())
		auditLog := policy.ResourceAudit
		if policy.Can(worker, policy.Read, auditLog) || policy.Can(worker, policy.Read, auditLog) {
			t.Fatal("workers must not read the audit log")
		}
		if err := p.Grant("worker", "*", "audit", "*"); err != nil {
			t.Fatal(err)
		}
		if !policy.Can(worker, policy.Read, auditLog) {
			t.Fatal("a wildcard grant must take effect at once")
		}
		if err := p.Revoke("worker", "*", "audit", "*"); err != nil {
			t.Fatal(err)
		}
		if policy.Can(worker, policy.Read, auditLog) {
			t.Fatal("a revoke must take effect at once")
		}
	})
}

// A permission changed inside the caller's transaction (GrantIn, with its
// audit event) reaches the other instance only if that transaction
// commits: the NOTIFY is sent in it.
func TestPolicyChangeInATransactionReachesOthersOnlyOnCommit(t *testing.T) {
	dsn := modeltest.PostgresDSN(t)
	open := func() (*models.Store, *policy.Policy) {
		s, err := models.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(ctx, testWriter{t}); err != nil {
			t.Fatal(err)
		}
		p, err := policy.New(ctx, s, policy.Options{Watch: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return s, p
	}
	sa, a := open()
	_, b := open()
	partner := &models.User{ID: 1}
	svc := &models.Service{ID: 1, Type: models.PartnerAgency}
	has := func(p *policy.Policy) bool {
		actor := p.Actor(partner, models.Membership{ServiceID: 1, Role: models.RolePartner, Service: svc}, time.Now())
		return policy.Can(actor, policy.Read, policy.ResourceAudit)
	}
	if has(b) {
		t.Fatal("the fixture already grants partners the audit log")
	}
	// Rolled back: neither instance ever holds the rule.
	rollback := errors.New("the audit event could not be written")
	err := sa.Tx(ctx, func(tx *models.Store) error {
		if err := a.GrantIn(ctx, tx, "partner", "*", "audit", "read"); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if err := a.Changed(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if has(a) || has(b) {
		t.Fatalf("a rolled-back grant is in force: here %v, there %v", has(a), has(b))
	}
	// Committed: in force here at once, there within a second.
	start := time.Now()
	if err := sa.Tx(ctx, func(tx *models.Store) error { return a.GrantIn(ctx, tx, "partner", "*", "audit", "read") }); err != nil {
		t.Fatal(err)
	}
	if err := a.Changed(); err != nil || !has(a) {
		t.Fatalf("the grant is in force on its own instance after Changed: %v", err)
	}
	for !has(b) {
		if time.Since(start) > time.Second {
			t.Fatal("the committed grant did not reach the other instance within a second")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := sa.Tx(ctx, func(tx *models.Store) error { return a.RevokeIn(ctx, tx, "partner", "*", "audit", "read") }); err != nil {
		t.Fatal(err)
	}
	a.Changed()
	for has(b) {
		if time.Since(start) > 2*time.Second {
			t.Fatal("the revoke did not reach the other instance")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
