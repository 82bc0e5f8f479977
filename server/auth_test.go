package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

func TestLoginWrongPasswordReadsLikeUnknownAccount(t *testing.T) {
	w := newWorld(t)
	c := w.web("")
	wrong := c.form("/login", url.Values{"email": {"hostel@test.example"}, "password": {"not the password"}})
	unknown := c.form("/login", url.Values{"email": {"nobody@test.example"}, "password": {"not the password"}})
	// The form keeps what was typed in the email box; apart from that the
	// answers are the same.
	same := strings.ReplaceAll(wrong.body, "hostel@test.example", "E") == strings.ReplaceAll(unknown.body, "nobody@test.example", "E")
	if wrong.status != http.StatusUnauthorized || unknown.status != wrong.status || !same {
		t.Fatalf("a wrong password and an unknown email must answer the same: %d vs %d", wrong.status, unknown.status)
	}
	if !strings.Contains(wrong.body, "email or password is not right") {
		t.Errorf("the login page should say what went wrong")
	}
}

func TestLoginIsRateLimitedPerAccountWithAClearMessage(t *testing.T) {
	w := newWorld(t)
	w.srv.limits = newLoginLimiter(LoginLimits{PerAccount: 3, AccountEvery: time.Hour, PerIP: 100, IPEvery: time.Hour})
	c := w.web("")
	var last response
	for i := 0; i < 4; i++ {
		last = c.form("/login", url.Values{"email": {"hostel@test.example"}, "password": {"guess"}})
	}
	if last.status != http.StatusTooManyRequests || !strings.Contains(last.body, "Too many login attempts for this account") || last.header.Get("Retry-After") == "" {
		t.Fatalf("the 4th attempt should be refused with a clear message: %d %q", last.status, last.header.Get("Retry-After"))
	}
	// Even the right password waits, so guessing cannot continue.
	ok := c.form("/login", url.Values{"email": {"hostel@test.example"}, "password": {modeltest.TestPassword}})
	if ok.status != http.StatusTooManyRequests {
		t.Errorf("a limited account stays limited: %d", ok.status)
	}
	// Another account is not affected.
	other := c.form("/login", url.Values{"email": {"outreach@test.example"}, "password": {modeltest.TestPassword}})
	if other.status != http.StatusSeeOther {
		t.Errorf("other accounts log in: %d", other.status)
	}
}

func TestLoginIsRateLimitedPerAddress(t *testing.T) {
	w := newWorld(t)
	w.srv.limits = newLoginLimiter(LoginLimits{PerAccount: 100, AccountEvery: time.Hour, PerIP: 2, IPEvery: time.Hour})
	c := w.web("")
	var last response
	for i, e := range []string{"a@test.example", "b@test.example", "c@test.example"} {
		// Each attempt names a different client address; none is believed.
		last = c.do("POST", "/login", url.Values{"email": {e}, "password": {"x"}}.Encode(), "application/x-www-form-urlencoded", "X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
	}
	if last.status != http.StatusTooManyRequests || !strings.Contains(last.body, "from your network") {
		t.Fatalf("the third attempt from one address should be limited: %d", last.status)
	}
}

func TestSessionsAreConfiguredForThirtyMinutesIdleTwelveHoursAbsolute(t *testing.T) {
	w := newWorld(t)
	if w.srv.sessions.IdleTimeout != 30*time.Minute || w.srv.sessions.Lifetime != 12*time.Hour {
		t.Fatalf("idle %v, lifetime %v", w.srv.sessions.IdleTimeout, w.srv.sessions.Lifetime)
	}
	if !w.srv.sessions.Cookie.HttpOnly || w.srv.sessions.Cookie.SameSite != http.SameSiteLaxMode {
		t.Errorf("the session cookie must be HttpOnly and SameSite=Lax")
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	w := newWorld(t)
	c := w.web("hostel")
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("home after login: %d", r.status)
	}
	if r := c.form("/logout", nil); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if r := c.get("/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
		t.Fatalf("after logout the home page sends to login: %d %s", r.status, r.header.Get("Location"))
	}
}

func TestDisablingAUserEndsTheirSessionsAndTokensAtOnce(t *testing.T) {
	w := newWorld(t)
	page, api := w.web("hostel"), w.api("hostel")
	if page.get("/").status != http.StatusOK || api.get("/api/v1/me").status != http.StatusOK {
		t.Fatal("both work before")
	}
	admin := w.api("admin")
	if r := admin.json("POST", "/api/v1/users/"+itoa(w.users["hostel"].ID)+"/disable", nil); r.status != http.StatusOK {
		t.Fatalf("disable: %d %s", r.status, r.body)
	}
	if r := page.get("/"); r.status != http.StatusSeeOther {
		t.Errorf("the session should end at once, got %d", r.status)
	}
	if r := api.get("/api/v1/me"); r.status != http.StatusUnauthorized {
		t.Errorf("the token should end at once, got %d", r.status)
	}
	if r := w.web("").form("/login", url.Values{"email": {"hostel@test.example"}, "password": {modeltest.TestPassword}}); r.status != http.StatusUnauthorized {
		t.Errorf("a disabled user cannot log in: %d", r.status)
	}
}

func TestChangingAPasswordEndsOtherSessions(t *testing.T) {
	w := newWorld(t)
	page := w.web("hostel")
	if err := w.store.SetPassword(ctx, w.users["hostel"].ID, "a brand new password"); err != nil {
		t.Fatal(err)
	}
	if r := page.get("/"); r.status != http.StatusSeeOther {
		t.Errorf("the old session should end, got %d", r.status)
	}
}

func TestTokensIdentifyTheCallerAndNameBadFields(t *testing.T) {
	w := newWorld(t)
	c := w.api("")
	r := c.json("POST", "/api/v1/tokens", map[string]any{"email": "", "password": ""})
	var e apiError
	r.decode(t, &e)
	if r.status != http.StatusUnprocessableEntity || e.Fields["email"] == "" || e.Fields["password"] == "" {
		t.Fatalf("missing email and password should be named: %d %s", r.status, r.body)
	}
	r = c.json("POST", "/api/v1/tokens", map[string]any{"email": "hostel@test.example", "password": "wrong"})
	if r.status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", r.status)
	}
	api := w.api("hostel")
	var me meResponse
	r = api.get("/api/v1/me")
	r.decode(t, &me)
	if me.User.Email != "hostel@test.example" || me.ActingFor != w.svcs["hostel"].ID || me.Role != models.RoleWorker {
		t.Fatalf("me: %+v", me)
	}
	if r := api.json("DELETE", "/api/v1/tokens/current", nil); r.status != http.StatusNoContent {
		t.Fatalf("revoke: %d", r.status)
	}
	if r := api.get("/api/v1/me"); r.status != http.StatusUnauthorized {
		t.Fatalf("a revoked token is refused: %d", r.status)
	}
}

// A user with several memberships chooses the service they act for, and
// can switch; what they may do follows the service.
func TestUsersWithSeveralMembershipsChooseAndSwitchService(t *testing.T) {
	w := newWorld(t)
	if _, err := w.store.AddMembership(ctx, w.users["hostel"].ID, w.svcs["refuge"].ID, models.RoleWorker); err != nil {
		t.Fatal(err)
	}
	c := w.web("hostel")
	if r := c.get("/"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/choose-service" {
		t.Fatalf("should be asked to choose: %d %s", r.status, r.header.Get("Location"))
	}
	refugePerson := "/people/" + itoa(w.people["refuge_only"].ID)
	if r := c.form("/choose-service", url.Values{"service_id": {itoa(w.svcs["hostel"].ID)}}); r.status != http.StatusSeeOther {
		t.Fatalf("choose: %d", r.status)
	}
	if r := c.get(refugePerson); r.status != http.StatusNotFound {
		t.Fatalf("acting for the hostel, the refuge's person is hidden: %d", r.status)
	}
	c.form("/choose-service", url.Values{"service_id": {itoa(w.svcs["refuge"].ID)}})
	if r := c.get(refugePerson); r.status != http.StatusOK {
		t.Fatalf("acting for the refuge, the person is visible: %d", r.status)
	}
	if r := c.form("/choose-service", url.Values{"service_id": {itoa(w.svcs["police"].ID)}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a service the user does not belong to is refused: %d", r.status)
	}
}

func TestCrossSiteFormPostsAreRefused(t *testing.T) {
	w := newWorld(t)
	c := w.web("hostel")
	req, _ := http.NewRequest("POST", w.ts.URL+"/people", strings.NewReader("given_name=Evil"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-site POST should be refused, got %d", resp.StatusCode)
	}
	var n int64
	w.store.Gorm().Model(&models.Person{}).Where("given_name = ?", "Evil").Count(&n)
	if n != 0 {
		t.Fatal("nothing may be created by a cross-site POST")
	}
}

func TestPagesCarrySecureHeaders(t *testing.T) {
	w := newWorld(t)
	r := w.web("hostel").get("/people/" + itoa(w.people["hostel_person"].ID))
	csp := r.header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %s", want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Error("CSP must not allow inline script or style")
	}
	if r.header.Get("Cache-Control") != "no-store" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("personal pages are no-store and nosniff: %v", r.header)
	}
	if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " onclick=") || strings.Contains(r.body, " style=") {
		t.Error("pages must not hold inline script or style")
	}
}

func TestHealthAndReadiness(t *testing.T) {
	w := newWorld(t)
	c := w.web("")
	if r := c.get("/healthz"); r.status != http.StatusOK {
		t.Fatalf("healthz: %d", r.status)
	}
	if r := c.get("/readyz"); r.status != http.StatusOK {
		t.Fatalf("readyz: %d", r.status)
	}
	w.store.Close()
	if r := c.get("/readyz"); r.status != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database gone: %d", r.status)
	}
	if r := c.get("/healthz"); r.status != http.StatusOK {
		t.Fatalf("healthz is the process, not the database: %d", r.status)
	}
}

// After logging in, next sends the user on only within the site. Browsers
// read "\" as "/" and drop tabs, so each of these would otherwise land the
// user on another site straight after they typed their password.
func TestLoginGoesOnOnlyToAPathOnThisSite(t *testing.T) {
	w := newWorld(t)
	w.srv.limits = newLoginLimiter(LoginLimits{PerAccount: 100, AccountEvery: time.Hour, PerIP: 100, IPEvery: time.Hour})
	for next, want := range map[string]string{
		`/\evil.example`:       "/",
		`/%5Cevil.example`:     "/",
		"/\t/evil.example":     "/",
		"/%09/evil.example":    "/",
		"//evil.example":       "/",
		"/%2F/evil.example":    "/",
		"https://evil.example": "/",
		"evil.example":         "/",
		"/login?next=/people":  "/",
		"/people?q=x":          "/people?q=x",
		"/people/12#notes":     "/people/12#notes",
	} {
		r := w.web("").form("/login", url.Values{"email": {"hostel@test.example"}, "password": {modeltest.TestPassword}, "next": {next}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("next=%q: went to %d %q, want %q", next, r.status, r.header.Get("Location"), want)
		}
	}
}
