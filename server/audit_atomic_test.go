package server

import (
	"net/http"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// refuseAuditOf makes the audit insert of one action fail, as a full disk
// or a lost connection would at the worst moment, until the subtest ends.
func refuseAuditOf(t *testing.T, w *world, action string) {
	t.Helper()
	if err := w.store.Gorm().Exec(`CREATE TRIGGER audit_refused_` + action + ` BEFORE INSERT ON audit_events
WHEN NEW.action = '` + action + `' BEGIN SELECT RAISE(ABORT, 'audit refused for the test'); END;`).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.store.Gorm().Exec("DROP TRIGGER audit_refused_" + action) })
}

func countRows(t *testing.T, w *world, table string) int64 {
	t.Helper()
	var n int64
	if err := w.store.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// A write and its audit event commit together. When the
// event cannot be written the write is rolled back: the caller gets a
// server error and nothing is left that the audit log cannot account for.
func TestWritesAndTheirAuditCommitTogether(t *testing.T) {
	w := newWorld(t)
	admin := w.api("admin")
	serverError := func(t *testing.T, r response) {
		t.Helper()
		if r.status < 500 {
			t.Fatalf("want a server error when the audit cannot be written, got %d %s", r.status, r.body)
		}
	}
	unchanged := func(t *testing.T, table string, before int64) {
		t.Helper()
		if n := countRows(t, w, table); n != before {
			t.Errorf("%s: %d rows before, %d after a write whose audit failed", table, before, n)
		}
	}

	t.Run("token creation", func(t *testing.T) {
		before := countRows(t, w, "api_tokens")
		refuseAuditOf(t, w, "create_token")
		c := w.api("")
		serverError(t, c.json("POST", "/api/v1/tokens", map[string]any{"email": "hostel@test.example", "password": modeltest.TestPassword}))
		unchanged(t, "api_tokens", before)
	})

	t.Run("named token", func(t *testing.T) {
		hostel := w.api("hostel")
		before := countRows(t, w, "api_tokens")
		refuseAuditOf(t, w, "create_named_token")
		serverError(t, hostel.json("POST", "/api/v1/tokens/named", map[string]any{"name": "spreadsheet", "permissions": []string{"person:read"},
			"expires_at": time.Now().Add(24 * time.Hour)}))
		unchanged(t, "api_tokens", before)
	})

	t.Run("partner system creation", func(t *testing.T) {
		before := countRows(t, w, "api_clients")
		refuseAuditOf(t, w, "create_api_client")
		serverError(t, admin.json("POST", "/api/v1/clients", map[string]any{"name": "Police case system", "service_id": w.svcs["police"].ID,
			"permissions": []string{"partner_lookup:read"}, "expires_at": time.Now().Add(30 * 24 * time.Hour)}))
		unchanged(t, "api_clients", before)
	})

	t.Run("partner system token", func(t *testing.T) {
		_, key, secret := createPartnerSystem(t, w, []string{"partner_lookup:read"}, nil)
		before := countRows(t, w, "api_tokens")
		refuseAuditOf(t, w, "client_token")
		r, _ := clientToken(t, w, key, secret, "client_credentials")
		serverError(t, r)
		unchanged(t, "api_tokens", before)
	})

	t.Run("permission grant", func(t *testing.T) {
		before := countRows(t, w, "casbin_rule")
		refuseAuditOf(t, w, "grant_permission")
		serverError(t, admin.json("POST", "/api/v1/policy/grant", map[string]any{"role": "partner", "service_type": "*", "resource": "audit", "action": "read"}))
		unchanged(t, "casbin_rule", before)
		for _, r := range w.srv.pol.Rules() {
			if r.String() == "p, partner, *, audit, read" {
				t.Error("the enforcer holds a permission whose row was rolled back")
			}
		}
	})

	t.Run("erasure", func(t *testing.T) {
		pid := w.people["hostel_person"].ID
		before := countRows(t, w, "erasures")
		refuseAuditOf(t, w, "person_erased")
		serverError(t, admin.json("POST", "/api/v1/people/"+itoa(pid)+"/erasure", map[string]any{"reason": "the person asked for the record to go",
			"requested_via_service_id": w.svcs["hostel"].ID, "open_work_reason": "consent to all processing withdrawn"}))
		unchanged(t, "erasures", before)
		var p models.Person
		if err := w.store.Gorm().Take(&p, pid).Error; err != nil || p.ErasedAt != nil || p.GivenName != w.people["hostel_person"].GivenName {
			t.Errorf("the person was erased although the erasure's audit failed: %v %+v", err, p.ErasedAt)
		}
	})

	// With the audit working again each write lands with exactly its event.
	t.Run("and when the audit works", func(t *testing.T) {
		c := w.api("")
		if r := c.json("POST", "/api/v1/tokens", map[string]any{"email": "hostel@test.example", "password": modeltest.TestPassword}); r.status != http.StatusCreated {
			t.Fatalf("token: %d %s", r.status, r.body)
		}
		if n := len(eventsOf(t, w, "hostel", "create_token", models.Allowed)); n == 0 {
			t.Error("the token's creation is audited")
		}
		// A permission granted and revoked through our own transaction is
		// in force at once, on this instance, and audited each time.
		hasRule := func() bool {
			for _, r := range w.srv.pol.Rules() {
				if r.String() == "p, partner, *, audit, read" {
					return true
				}
			}
			return false
		}
		rule := map[string]any{"role": "partner", "service_type": "*", "resource": "audit", "action": "read"}
		if r := admin.json("POST", "/api/v1/policy/grant", rule); r.status != http.StatusOK || !hasRule() {
			t.Fatalf("grant: %d, in force %v", r.status, hasRule())
		}
		if r := admin.json("POST", "/api/v1/policy/grant", rule); r.status != http.StatusConflict && r.status != http.StatusUnprocessableEntity {
			t.Errorf("granting twice: %d %s", r.status, r.body)
		}
		if r := admin.json("POST", "/api/v1/policy/revoke", rule); r.status != http.StatusOK || hasRule() {
			t.Fatalf("revoke: %d, in force %v", r.status, hasRule())
		}
		if r := admin.json("POST", "/api/v1/policy/revoke", rule); r.status != http.StatusNotFound {
			t.Errorf("revoking what is not there: %d %s", r.status, r.body)
		}
		if g, v := len(eventsOf(t, w, "admin", "grant_permission", models.Allowed)), len(eventsOf(t, w, "admin", "revoke_permission", models.Allowed)); g != 1 || v != 1 {
			t.Errorf("one grant and one revoke event, got %d and %d", g, v)
		}
	})
}
