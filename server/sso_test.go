package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// ssoWorld is the fixture area with a local identity provider that the
// hostel's organisation (Northmoor Housing Trust) signs in with for the
// domain test.example.
func ssoWorld(t *testing.T) (*world, *testIdP, *models.IdentityProvider) {
	t.Helper()
	t.Setenv(idpSecretEv, idpSecret)
	w := newWorld(t)
	idp := newTestIdP(t)
	ip, err := w.store.CreateProvider(ctx, models.ProviderInput{Slug: "test", Name: "Test IdP", Issuer: idp.srv.URL, ClientID: idpClientID, SecretEnv: idpSecretEv})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.SetOrganisationSSO(ctx, w.svcs["hostel"].OrganisationID, models.OrgSSOInput{ProviderID: ip.ID, EmailDomains: "test.example"}); err != nil {
		t.Fatal(err)
	}
	return w, idp, ip
}

// ssoLogin walks the browser through the flow: Gateway → provider →
// Gateway's callback, and answers the callback's response and its URL.
func ssoLogin(t *testing.T, c *client, idp *testIdP) (response, string) {
	t.Helper()
	start := c.get("/login/sso/test")
	if start.status != http.StatusSeeOther {
		t.Fatalf("start: %d %s", start.status, start.body)
	}
	loc := start.header.Get("Location")
	u, _ := url.Parse(loc)
	q := u.Query()
	if !strings.HasPrefix(loc, idp.srv.URL+"/authorize") || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" {
		t.Fatalf("the provider must be sent a PKCE challenge, a state and a nonce: %s", loc)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(loc)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(back, c.w.ts.URL+"/login/sso/test/callback?") {
		t.Fatalf("the provider should send the browser back to the callback: %d %s", resp.StatusCode, back)
	}
	path := strings.TrimPrefix(back, c.w.ts.URL)
	return c.get(path), path
}

func TestSSOLoginMatchesVerifiedEmailToTheAccount(t *testing.T) {
	w, idp, ip := ssoWorld(t)
	c := w.web("")
	login := c.get("/login")
	if !strings.Contains(login.body, "Sign in with Test IdP") || !strings.Contains(login.body, `href="/login/sso/test"`) {
		t.Fatalf("the login page offers the provider's button")
	}
	assertCleanPage(t, login.body)
	idp.set(func(p *testIdP) { p.Email = "Hostel@Test.Example" })
	r, callback := ssoLogin(t, c, idp)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Fatalf("a verified email of an existing account logs in: %d %s", r.status, r.body)
	}
	me := c.json("GET", "/me", nil)
	home := c.get("/")
	if home.status != http.StatusOK || !strings.Contains(home.body, "User hostel") {
		t.Fatalf("the session is the hostel worker's: %d %s", home.status, me.body)
	}
	var n int64
	w.store.Gorm().Model(&models.AuditEvent{}).Where("action = 'sso_login' AND outcome = 'allowed' AND actor_user_id = ? AND object_id = ?", w.users["hostel"].ID, ip.ID).Count(&n)
	if n != 1 {
		t.Errorf("the sign-in is audited: %d", n)
	}

	// The same callback again, in the same browser: its state was used.
	again := c.get(callback)
	if again.status != http.StatusBadRequest || !strings.Contains(again.body, "already been used") || !strings.Contains(again.body, "Back to the login page") {
		t.Fatalf("a replayed state is refused with a clear page: %d %s", again.status, again.body)
	}
	assertCleanPage(t, again.body)
	// And in another browser, which never started it.
	other := w.web("").get(callback)
	if other.status != http.StatusBadRequest || !strings.Contains(other.body, "state does not match") {
		t.Fatalf("a callback from another browser is refused: %d", other.status)
	}
	w.store.Gorm().Model(&models.AuditEvent{}).Where("action = 'sso_login' AND outcome = 'denied' AND reason = 'state'").Count(&n)
	if n != 2 {
		t.Errorf("refused sign-ins are audited by reason: %d", n)
	}
	if strings.Contains(w.logs.String(), "hostel@test.example") {
		t.Errorf("no email in the log")
	}
}

// Each bad ID token is refused with a page saying what was wrong, and no
// session starts.
func TestSSORefusesBadTokensWithAClearPage(t *testing.T) {
	w, idp, _ := ssoWorld(t)
	for _, tc := range []struct {
		name   string
		set    func(*testIdP)
		status int
		want   string
	}{
		{"bad signature", func(p *testIdP) { p.BadSignature = true }, http.StatusUnauthorized, "did not carry a valid signature"},
		{"wrong audience", func(p *testIdP) { p.Audience = "another-app" }, http.StatusUnauthorized, "issued for another application"},
		{"expired", func(p *testIdP) { p.ExpiresIn = -time.Minute }, http.StatusUnauthorized, "had already expired"},
		{"unverified email", func(p *testIdP) { p.EmailVerified = false }, http.StatusForbidden, "is not verified"},
		{"unverified email as text", func(p *testIdP) { p.EmailVerified = "false" }, http.StatusForbidden, "is not verified"},
		{"no email_verified claim", func(p *testIdP) { p.EmailVerified = nil }, http.StatusForbidden, "is not verified"},
		{"another nonce", func(p *testIdP) { p.Nonce = "not-the-one" }, http.StatusUnauthorized, "nonce does not match"},
		{"domain not vouched for", func(p *testIdP) { p.Email = "hostel@elsewhere.example" }, http.StatusForbidden, "domain is not one the area lets sign in"},
		{"no account", func(p *testIdP) { p.Email = "newcomer@test.example" }, http.StatusForbidden, "no Gateway account for newcomer@test.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idp.set(func(p *testIdP) {
				p.Email, p.EmailVerified, p.Audience, p.ExpiresIn, p.BadSignature, p.Nonce = "hostel@test.example", true, "", 5*time.Minute, false, ""
			})
			idp.set(tc.set)
			c := w.web("")
			r, _ := ssoLogin(t, c, idp)
			if r.status != tc.status || !strings.Contains(r.body, tc.want) || !strings.Contains(r.body, "Sign-in refused") {
				t.Fatalf("%s: want %d %q, got %d %s", tc.name, tc.status, tc.want, r.status, r.body)
			}
			assertCleanPage(t, r.body)
			if home := c.get("/"); home.status != http.StatusSeeOther {
				t.Errorf("%s: no session may start: %d", tc.name, home.status)
			}
		})
	}
}

func TestSSOProviderTrustedForEmailsAcceptsAMissingClaimButNotFalse(t *testing.T) {
	w, idp, ip := ssoWorld(t)
	w.store.Gorm().Model(ip).Update("trust_email", true)
	idp.set(func(p *testIdP) { p.Email, p.EmailVerified = "hostel@test.example", nil })
	if r, _ := ssoLogin(t, w.web(""), idp); r.status != http.StatusSeeOther {
		t.Fatalf("Entra ID style: no email_verified claim, trusted provider: %d %s", r.status, r.body)
	}
	idp.set(func(p *testIdP) { p.UPN = "hostel@test.example" })
	if r, _ := ssoLogin(t, w.web(""), idp); r.status != http.StatusSeeOther {
		t.Fatalf("Entra ID without an email claim: preferred_username from a trusted provider: %d %s", r.status, r.body)
	}
	idp.set(func(p *testIdP) { p.UPN, p.EmailVerified = "", false })
	if r, _ := ssoLogin(t, w.web(""), idp); r.status != http.StatusForbidden {
		t.Fatalf("an explicit false is refused even from a trusted provider: %d", r.status)
	}
	w.store.Gorm().Model(ip).Update("trust_email", false)
	idp.set(func(p *testIdP) { p.UPN, p.EmailVerified = "hostel@test.example", true })
	if r, _ := ssoLogin(t, w.web(""), idp); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "did not tell Gateway your email address") {
		t.Fatalf("preferred_username counts only from a trusted provider: %d %s", r.status, r.body)
	}
}

func TestSSOCreatesAccountsOnlyWhenTheOrganisationAllows(t *testing.T) {
	w, idp, ip := ssoWorld(t)
	idp.set(func(p *testIdP) { p.Email = "newcomer@test.example" })
	if r, _ := ssoLogin(t, w.web(""), idp); r.status != http.StatusForbidden {
		t.Fatalf("never created silently: %d", r.status)
	}
	if _, err := w.store.UserByEmail(ctx, "newcomer@test.example"); err == nil {
		t.Fatal("no account may have been made")
	}
	if _, err := w.store.SetOrganisationSSO(ctx, w.svcs["hostel"].OrganisationID, models.OrgSSOInput{ProviderID: ip.ID, EmailDomains: "test.example",
		JITServiceID: w.svcs["hostel"].ID, JITRole: string(models.RoleWorker)}); err != nil {
		t.Fatal(err)
	}
	c := w.web("")
	if r, _ := ssoLogin(t, c, idp); r.status != http.StatusSeeOther {
		t.Fatalf("just in time, when allowed: %d %s", r.status, r.body)
	}
	u, err := w.store.UserByEmail(ctx, "newcomer@test.example")
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := w.store.Memberships(ctx, u.ID)
	if len(ms) != 1 || ms[0].ServiceID != w.svcs["hostel"].ID || ms[0].Role != models.RoleWorker {
		t.Fatalf("the new account works for the default service in the default role: %+v", ms)
	}
	if home := c.get("/"); home.status != http.StatusOK {
		t.Fatalf("and is logged in: %d", home.status)
	}
	// Its unusable password never logs in.
	if r := c.form("/login", url.Values{"email": {"newcomer@test.example"}, "password": {""}}); r.status == http.StatusSeeOther {
		t.Fatal("an SSO account has no password")
	}
	// An admin role is never handed out just in time.
	if _, err := w.store.SetOrganisationSSO(ctx, w.svcs["area"].OrganisationID, models.OrgSSOInput{ProviderID: ip.ID, EmailDomains: "area.example",
		JITServiceID: w.svcs["area"].ID, JITRole: string(models.RoleAreaAdmin)}); err == nil || !strings.Contains(err.Error(), "jit_role") {
		t.Fatalf("just-in-time area admins must be refused naming jit_role: %v", err)
	}
}

func TestDisablingTheAccountEndsItsSSOSession(t *testing.T) {
	w, idp, _ := ssoWorld(t)
	idp.set(func(p *testIdP) { p.Email = "hostel@test.example" })
	c := w.web("")
	if r, _ := ssoLogin(t, c, idp); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	if home := c.get("/"); home.status != http.StatusOK {
		t.Fatalf("logged in: %d", home.status)
	}
	if err := w.store.DisableUser(ctx, w.users["hostel"].ID); err != nil {
		t.Fatal(err)
	}
	if home := c.get("/"); home.status != http.StatusSeeOther || !strings.HasPrefix(home.header.Get("Location"), "/login") {
		t.Fatalf("a disabled account's SSO session ends at once: %d", home.status)
	}
	r, _ := ssoLogin(t, w.web(""), idp)
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "account is disabled") {
		t.Fatalf("and cannot sign in again: %d %s", r.status, r.body)
	}
}

func TestLocalPasswordsCanBeTurnedOffPerOrganisation(t *testing.T) {
	w, _, ip := ssoWorld(t)
	if _, err := w.store.SetOrganisationSSO(ctx, w.svcs["hostel"].OrganisationID, models.OrgSSOInput{ProviderID: ip.ID, EmailDomains: "test.example", PasswordsOff: true}); err != nil {
		t.Fatal(err)
	}
	c := w.web("")
	r := c.form("/login", url.Values{"email": {"hostel@test.example"}, "password": {modeltest.TestPassword}})
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "passwords are turned off") || !strings.Contains(r.body, "Sign in with Test IdP") {
		t.Fatalf("the trust's people sign in with the provider only: %d", r.status)
	}
	api := w.api("").json("POST", "/api/v1/tokens", map[string]any{"email": "hostel@test.example", "password": modeltest.TestPassword})
	if api.status != http.StatusForbidden {
		t.Fatalf("nor get a token with the password: %d", api.status)
	}
	// Another organisation's people still use passwords.
	if r := w.web("daycentre").get("/"); r.status != http.StatusOK {
		t.Fatalf("others unaffected: %d", r.status)
	}
	// Turning passwords off needs a provider.
	if _, err := w.store.SetOrganisationSSO(ctx, w.svcs["daycentre"].OrganisationID, models.OrgSSOInput{PasswordsOff: true}); err == nil || !strings.Contains(err.Error(), "passwords_off") {
		t.Fatalf("passwords off without a provider is refused naming the field: %v", err)
	}
}

func TestSSOAdminPageConfiguresProvidersAndOrganisations(t *testing.T) {
	t.Setenv("GATEWAY_OIDC_ENTRA_SECRET", "x")
	w := newWorld(t)
	admin := w.web("admin")
	r := admin.form("/admin/sso/providers", url.Values{"name": {"Northmoor Council (Microsoft)"}, "slug": {"northmoor-entra"},
		"issuer": {"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"}, "client_id": {"11111111-2222"}, "secret_env": {"GATEWAY_OIDC_ENTRA_SECRET"},
		"_has_trust_email": {"1"}, "trust_email": {"true"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add provider: %d %s", r.status, r.body)
	}
	bad := admin.form("/admin/sso/providers", url.Values{"name": {"X"}, "slug": {"Bad Slug"}, "issuer": {"http://idp.example"}, "client_id": {"a"}, "secret_env": {"lower"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "lower-case letters") || !strings.Contains(bad.body, "https://") || !strings.Contains(bad.body, "environment variable") {
		t.Fatalf("bad provider names its fields: %d", bad.status)
	}
	ps, _ := w.store.Providers(ctx)
	r = admin.form("/admin/sso/organisations", url.Values{"organisation_id": {itoa(w.svcs["commissioning"].OrganisationID)}, "provider_id": {itoa(ps[0].ID)},
		"email_domains": {"northmoor.gov.uk"}, "jit_service_id": {itoa(w.svcs["commissioning"].ID)}, "jit_role": {"commissioner"}, "_has_passwords_off": {"1"}, "passwords_off": {"true"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("org settings: %d %s", r.status, r.body)
	}
	page := admin.get("/admin/sso")
	for _, want := range []string{"Northmoor Council (Microsoft)", "/login/sso/northmoor-entra/callback", "set in GATEWAY_OIDC_ENTRA_SECRET", "Northmoor Council", "northmoor.gov.uk", "created as Commissioner at Northmoor Commissioning", "emails trusted"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the page should show %q", want)
		}
	}
	assertCleanPage(t, page.body)
	if r := w.web("hostel").get("/admin/sso"); r.status != http.StatusForbidden {
		t.Errorf("area admins only: %d", r.status)
	}
	api := w.api("admin").json("GET", "/api/v1/sso", nil)
	if api.status != http.StatusOK || !strings.Contains(api.body, `"callback_url"`) || strings.Contains(api.body, `"x"`) {
		t.Errorf("the API shows the settings, never a secret: %d %s", api.status, api.body)
	}
	if del := w.api("admin").json("DELETE", "/api/v1/sso/providers/"+itoa(ps[0].ID), nil); del.status != http.StatusConflict {
		t.Errorf("a provider in use cannot be removed: %d", del.status)
	}
}

// assertCleanPage: real text, no template debris.
func assertCleanPage(t *testing.T, body string) {
	t.Helper()
	for _, bad := range []string{"%!", "<no value>", "{{", "map["} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}
