package server

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// createPartnerSystem makes a client for the police partnership through
// the API, as an area admin.
func createPartnerSystem(t *testing.T, w *world, perms []string, addresses []string) (id int64, clientID, secret string) {
	t.Helper()
	r := w.api("admin").json("POST", "/api/v1/clients", map[string]any{"name": "Police case system", "service_id": w.svcs["police"].ID,
		"permissions": perms, "expires_at": time.Now().Add(30 * 24 * time.Hour), "allowed_addresses": addresses})
	if r.status != http.StatusCreated {
		t.Fatalf("create client: %d %s", r.status, r.body)
	}
	var out struct {
		ID           int64  `json:"id"`
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	r.decode(t, &out)
	return out.ID, out.ClientID, out.ClientSecret
}

// clientToken asks POST /api/v1/oauth/token as an OAuth library would:
// a form body with HTTP Basic client authentication.
func clientToken(t *testing.T, w *world, clientID, secret, grant string) (response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", w.ts.URL+"/api/v1/oauth/token", strings.NewReader(url.Values{"grant_type": {grant}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(clientID, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
	}
	raw, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, body: string(raw), header: resp.Header}
	if resp.StatusCode == http.StatusOK {
		r.decode(t, &body)
	}
	return r, body.AccessToken
}

func TestPartnerSystemClientCredentials(t *testing.T) {
	w := newWorld(t)
	id, key, secret := createPartnerSystem(t, w, []string{"partner_lookup:read"}, nil)
	if !strings.HasPrefix(secret, "gws_") || len(secret) < 40 {
		t.Fatalf("a long random secret: %q", secret)
	}
	var stored models.APIClient
	w.store.Gorm().First(&stored, id)
	sum := sha256.Sum256([]byte(secret))
	if stored.SecretHash != hex.EncodeToString(sum[:]) || strings.Contains(stored.SecretHash, secret) {
		t.Fatal("only the secret's hash is stored")
	}
	list := w.api("admin").json("GET", "/api/v1/clients", nil)
	if list.status != http.StatusOK || !strings.Contains(list.body, key) || strings.Contains(list.body, secret) {
		t.Fatalf("the list never shows the secret again: %d", list.status)
	}

	r, tok := clientToken(t, w, key, secret, "client_credentials")
	if r.status != http.StatusOK || tok == "" || !strings.Contains(r.body, `"token_type":"Bearer"`) || !strings.Contains(r.body, `"expires_in":900`) {
		t.Fatalf("client credentials give a 15-minute token: %d %s", r.status, r.body)
	}
	sys := &client{w: w, http: http.DefaultClient, token: tok}
	look := sys.get("/api/v1/partner/lookup?" + url.Values{"name": {"Harriet Hostel"}, "dob": {"1990-06-01"}, "reason": {"custody check"}}.Encode())
	if look.status != http.StatusOK || !strings.Contains(look.body, "Harriet") {
		t.Fatalf("the system looks people up: %d %s", look.status, look.body)
	}
	for _, path := range []string{"/api/v1/tokens", "/api/v1/audit", "/api/v1/people?q=Harriet"} {
		if r := sys.get(path); r.status != http.StatusForbidden {
			t.Errorf("%s is beyond the client's permissions: %d", path, r.status)
		}
	}
	// Every use is audited under the client and its service.
	var uses, lookups int64
	w.store.Gorm().Model(&models.AuditEvent{}).Where("client_id = ? AND action = 'client_request' AND acting_service_id = ?", id, w.svcs["police"].ID).Count(&uses)
	w.store.Gorm().Model(&models.AuditEvent{}).Where("client_id = ? AND action <> 'client_request' AND action <> 'client_token'", id).Count(&lookups)
	if uses != 4 || lookups < 4 {
		t.Errorf("every use audited under the client: %d requests, %d other events", uses, lookups)
	}

	trail := w.web("admin").get("/audit?user_id=" + itoa(stored.UserID))
	if trail.status != http.StatusOK || !(strings.Contains(trail.body, "client_request") || strings.Contains(strings.ToLower(trail.body), "client request")) || !strings.Contains(trail.body, "Partner system: Police case system") {
		t.Errorf("the area admin reads the system's trail in the audit log: %d", trail.status)
	}
	assertCleanPage(t, trail.body)

	// Wrong secret, wrong grant.
	if r, _ := clientToken(t, w, key, secret+"x", "client_credentials"); r.status != http.StatusUnauthorized || !strings.Contains(r.body, `"invalid_client"`) {
		t.Errorf("a wrong secret: %d %s", r.status, r.body)
	}
	if r, _ := clientToken(t, w, key, secret, "password"); r.status != http.StatusBadRequest || !strings.Contains(r.body, `"unsupported_grant_type"`) {
		t.Errorf("another grant: %d %s", r.status, r.body)
	}

	// Revoking stops it at once: the live token and any new one.
	if r := w.api("admin").json("POST", "/api/v1/clients/"+itoa(id)+"/revoke", nil); r.status != http.StatusOK || !strings.Contains(r.body, `"status":"revoked"`) {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	if r := sys.get("/api/v1/partner/lookup?" + url.Values{"name": {"Harriet Hostel"}, "dob": {"1990-06-01"}, "reason": {"custody check"}}.Encode()); r.status != http.StatusUnauthorized {
		t.Errorf("a revoked client's token stops at once: %d", r.status)
	}
	if r, _ := clientToken(t, w, key, secret, "client_credentials"); r.status != http.StatusUnauthorized {
		t.Errorf("and gets no new one: %d", r.status)
	}
	var denied int64
	w.store.Gorm().Model(&models.AuditEvent{}).Where("client_id = ? AND action = 'client_token' AND outcome = 'denied' AND reason = 'revoked'", id).Count(&denied)
	if denied != 1 {
		t.Errorf("the refused token request is audited under the client: %d", denied)
	}
}

func TestPartnerSystemPermissionsAddressesAndWhoMayCreate(t *testing.T) {
	w := newWorld(t)
	admin := w.api("admin")
	r := admin.json("POST", "/api/v1/clients", map[string]any{"name": "Too much", "service_id": w.svcs["police"].ID,
		"permissions": []string{"person:read"}, "expires_at": time.Now().Add(time.Hour)})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"permissions"`) {
		t.Errorf("permissions beyond a partner's are refused naming the field: %d %s", r.status, r.body)
	}
	r = admin.json("POST", "/api/v1/clients", map[string]any{"name": "Hostel system", "service_id": w.svcs["hostel"].ID,
		"permissions": []string{"partner_lookup:read"}, "expires_at": time.Now().Add(time.Hour)})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"service_id"`) {
		t.Errorf("clients belong to partner agencies: %d %s", r.status, r.body)
	}
	r = admin.json("POST", "/api/v1/clients", map[string]any{"name": "Past", "service_id": w.svcs["police"].ID,
		"permissions": []string{"partner_lookup:read"}, "expires_at": time.Now().Add(-time.Hour), "allowed_addresses": []string{"not-an-ip"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"expires_at"`) || !strings.Contains(r.body, `"allowed_addresses"`) {
		t.Errorf("expiry and addresses named: %d %s", r.status, r.body)
	}
	for _, role := range []string{"partner", "hostel", "orgadmin", "commissioner"} {
		if r := w.api(role).json("POST", "/api/v1/clients", map[string]any{"name": "x"}); r.status != http.StatusForbidden {
			t.Errorf("%s may not create partner systems: %d", role, r.status)
		}
	}
	// A client allowed only from elsewhere gets nothing from here.
	_, key, secret := createPartnerSystem(t, w, []string{"partner_lookup:read"}, []string{"203.0.113.0/24"})
	if r, _ := clientToken(t, w, key, secret, "client_credentials"); r.status != http.StatusUnauthorized {
		t.Errorf("a call from an address not allowed is refused: %d %s", r.status, r.body)
	}
	_, key, secret = createPartnerSystem(t, w, []string{"partner_lookup:read"}, []string{"127.0.0.1", "::1"})
	if r, _ := clientToken(t, w, key, secret, "client_credentials"); r.status != http.StatusOK {
		t.Errorf("and allowed from its own: %d %s", r.status, r.body)
	}
}

func TestPartnerSystemsAdminPageShowsTheSecretOnce(t *testing.T) {
	w := newWorld(t)
	admin := w.web("admin")
	page := admin.get("/admin/clients")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Add a partner system") || !strings.Contains(page.body, "read: partner lookup") || !strings.Contains(page.body, "Police Partnership") {
		t.Fatalf("the page: %d", page.status)
	}
	if strings.Contains(page.body, "manage: token") {
		t.Error("a system's credentials cannot manage tokens")
	}
	assertCleanPage(t, page.body)
	r := admin.form("/admin/clients", url.Values{"name": {"Hospital discharge system"}, "service_id": {itoa(w.svcs["police"].ID)},
		"permissions": {"partner_lookup:read"}, "expires_on": {time.Now().AddDate(0, 6, 0).Format("2006-01-02")}, "allowed_addresses": {"203.0.113.0/24\n198.51.100.7"}})
	if r.status != http.StatusCreated || !strings.Contains(r.body, "shown only this once") || !strings.Contains(r.body, "gws_") || !strings.Contains(r.body, "203.0.113.0/24, 198.51.100.7") {
		t.Fatalf("created, secret shown: %d %s", r.status, r.body)
	}
	assertCleanPage(t, r.body)
	again := admin.get("/admin/clients")
	if strings.Contains(again.body, "gws_") || !strings.Contains(again.body, "Hospital discharge system") {
		t.Fatal("the secret is never shown again")
	}
	bad := admin.form("/admin/clients", url.Values{"name": {""}, "service_id": {itoa(w.svcs["police"].ID)}, "expires_on": {"31/12/2027"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "give a date like") || !strings.Contains(bad.body, "Nothing was saved") {
		t.Fatalf("bad input named: %d", bad.status)
	}
	if r := w.web("partner").get("/admin/clients"); r.status != http.StatusForbidden {
		t.Errorf("area admins only: %d", r.status)
	}
}

// A partner system's account is not a person's: no password can be set
// for it and none logs in, so its limits cannot be stepped around.
func TestPartnerSystemAccountsNeverLogInAsPeople(t *testing.T) {
	w := newWorld(t)
	id, _, _ := createPartnerSystem(t, w, []string{"partner_lookup:read"}, nil)
	cl, err := w.store.Client(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	err = w.store.SetPassword(ctx, cl.UserID, "a perfectly long passphrase 93!")
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("no password for a system account: %v", err)
	}
	u, _ := w.store.User(ctx, cl.UserID)
	hash := modeltest.CheapPasswordHash("a perfectly long passphrase 93!")
	w.store.Gorm().Model(u).Update("password_hash", hash)
	if r := w.web("").form("/login", url.Values{"email": {u.Email}, "password": {"a perfectly long passphrase 93!"}}); r.status == http.StatusSeeOther {
		t.Fatal("a system account never logs in with a password, even one planted in the database")
	}
}

// A partner system acts for its one service as a partner: it cannot be
// given other roles nor switch service.
func TestPartnerSystemActsForItsOneServiceOnly(t *testing.T) {
	w := newWorld(t)
	id, key, secret := createPartnerSystem(t, w, []string{"partner_lookup:read"}, nil)
	cl, _ := w.store.Client(ctx, id)
	if _, err := w.store.AddMembership(ctx, cl.UserID, w.svcs["area"].ID, models.RoleAreaAdmin); err == nil {
		t.Fatal("no other role for a system account")
	}
	_, tok := clientToken(t, w, key, secret, "client_credentials")
	sys := &client{w: w, http: http.DefaultClient, token: tok}
	if r := sys.json("PUT", "/api/v1/tokens/current/service", map[string]any{"service_id": w.svcs["area"].ID}); r.status != http.StatusForbidden {
		t.Errorf("no switching: %d %s", r.status, r.body)
	}
	if r := sys.get("/api/v1/me"); r.status != http.StatusOK || !strings.Contains(r.body, `"partner"`) {
		t.Errorf("acts as a partner: %d %s", r.status, r.body)
	}
}
