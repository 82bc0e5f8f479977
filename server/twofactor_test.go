package server

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"gateway/models/modeltest"
)

// testClock lets a test move the server's clock between requests, so one
// code per 30-second step can be used more than once in a test.
func testClock(w *world) *atomic.Int64 {
	var at atomic.Int64
	at.Store(time.Now().Unix())
	w.srv.cfg.Now = func() time.Time { return time.Unix(at.Load(), 0) }
	return &at
}

func codeAt(t *testing.T, secret string, at *atomic.Int64) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Unix(at.Load(), 0))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

var secretRe = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)

// enrolOn reads the secret from an enrolment page and confirms it with a
// code, as a person with an authenticator app would.
func enrolOn(t *testing.T, c *client, page string, at *atomic.Int64) (string, response) {
	t.Helper()
	r := c.get(page)
	m := secretRe.FindStringSubmatch(r.body)
	if r.status != http.StatusOK || m == nil || !strings.Contains(r.body, `src="data:image/png;base64,`) {
		t.Fatalf("%s shows a QR code and the key: %d", page, r.status)
	}
	return m[1], c.form(page, url.Values{"code": {codeAt(t, m[1], at)}})
}

func anonymous(w *world) *client {
	jar, _ := cookiejar.New(nil)
	return &client{w: w, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func TestSecondFactorIsSetUpByTheUserAndAskedForAtLogin(t *testing.T) {
	w := newWorld(t)
	at := testClock(w)
	c := w.web("hostel")
	secret, r := enrolOn(t, c, "/account/two-factor", at)
	if r.status != http.StatusSeeOther {
		t.Fatalf("enrolled: %d %s", r.status, r.body)
	}
	if r := c.get("/account/two-factor"); !strings.Contains(r.body, "Your account has a second factor") {
		t.Fatal("the account page says it is on")
	}
	at.Add(30)

	// The password alone does not log in.
	c = anonymous(w)
	r = c.form("/login", url.Values{"email": {"hostel@test.example"}, "password": {modeltest.TestPassword}, "next": {"/people"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login/code" {
		t.Fatalf("after the password: %d %s", r.status, r.header.Get("Location"))
	}
	if r := c.get("/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
		t.Fatalf("half logged in opens nothing: %d", r.status)
	}
	if r := c.get("/login/code"); r.status != http.StatusOK || !strings.Contains(r.body, "authenticator app") {
		t.Fatalf("the code page: %d", r.status)
	} else {
		assertTruth(t, "/login/code", r.body) // truth_test.go
	}
	if r := c.form("/login/code", url.Values{"code": {"000000"}}); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "not right") {
		t.Fatalf("a wrong code: %d", r.status)
	}
	code := codeAt(t, secret, at)
	if r := c.form("/login/code", url.Values{"code": {code}}); r.status != http.StatusSeeOther || r.header.Get("Location") != "/people" {
		t.Fatalf("the right code logs in and goes on: %d %s", r.status, r.header.Get("Location"))
	}
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("logged in: %d", r.status)
	}

	// A code works once.
	c2 := anonymous(w)
	c2.form("/login", url.Values{"email": {"hostel@test.example"}, "password": {modeltest.TestPassword}})
	if r := c2.form("/login/code", url.Values{"code": {code}}); r.status != http.StatusUnauthorized {
		t.Fatalf("a used code is refused: %d", r.status)
	}

	// The API asks for the code with the password.
	at.Add(30)
	r = w.api("").json("POST", "/api/v1/tokens", map[string]any{"email": "hostel@test.example", "password": modeltest.TestPassword})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, `"code":"is required"`) {
		t.Fatalf("a token without the code: %d %s", r.status, r.body)
	}
	r = w.api("").json("POST", "/api/v1/tokens", map[string]any{"email": "hostel@test.example", "password": modeltest.TestPassword, "code": codeAt(t, secret, at)})
	if r.status != http.StatusCreated {
		t.Fatalf("a token with the code: %d %s", r.status, r.body)
	}
}

func TestAreaCanRequireASecondFactorOfAdminsAndCommissioners(t *testing.T) {
	w := newWorld(t)
	at := testClock(w)
	admin := w.api("admin")
	if r := admin.json("PUT", "/api/v1/security", map[string]any{"require_two_factor": true}); r.status != http.StatusOK || !strings.Contains(r.body, `"require_two_factor":true`) {
		t.Fatalf("turning it on: %d %s", r.status, r.body)
	}
	if r := w.api("hostel").json("PUT", "/api/v1/security", map[string]any{"require_two_factor": false}); r.status != http.StatusForbidden {
		t.Fatalf("only area admins: %d", r.status)
	}
	// A commissioner without one is sent to set it up before anything.
	c := anonymous(w)
	r := c.form("/login", url.Values{"email": {"commissioner@test.example"}, "password": {modeltest.TestPassword}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login/two-factor" {
		t.Fatalf("to enrolment: %d %s", r.status, r.header.Get("Location"))
	}
	if r := c.get("/"); r.status != http.StatusSeeOther {
		t.Fatalf("nothing opens before enrolment: %d", r.status)
	}
	if r := c.get("/login/two-factor"); !strings.Contains(r.body, "Your role needs a second factor") {
		t.Fatal("the page says why")
	}
	if _, r := enrolOn(t, c, "/login/two-factor", at); r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Fatalf("enrolling finishes the login: %d %s", r.status, r.body)
	}
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("logged in: %d", r.status)
	}
	// Their token needs the web enrolment first; an admin without one
	// cannot get a token either. A worker is not affected.
	if r := w.api("").json("POST", "/api/v1/tokens", map[string]any{"email": "partner@test.example", "password": modeltest.TestPassword}); r.status != http.StatusCreated {
		t.Fatalf("a partner is not asked: %d", r.status)
	}
	if r := w.api("").json("POST", "/api/v1/tokens", map[string]any{"email": "admin@test.example", "password": modeltest.TestPassword}); r.status != http.StatusForbidden || !strings.Contains(r.body, "set it up") {
		t.Fatalf("an area admin without one: %d %s", r.status, r.body)
	}
	w.web("hostel") // logs in with the password alone
	// Turning it off is refused while the role requires it.
	if r := c.form("/account/two-factor/off", url.Values{"code": {"123456"}}); r.status != http.StatusForbidden {
		t.Fatalf("a required second factor stays on: %d", r.status)
	}
	// The settings page lists who has one.
	adminWeb := anonymous(w)
	adminWeb.form("/login", url.Values{"email": {"admin@test.example"}, "password": {modeltest.TestPassword}})
	if _, r := enrolOn(t, adminWeb, "/login/two-factor", at); r.status != http.StatusSeeOther {
		t.Fatalf("admin enrols: %d", r.status)
	}
	page := adminWeb.get("/admin/security")
	if page.status != http.StatusOK || !strings.Contains(page.body, "User commissioner") || !strings.Contains(page.body, "checked") {
		t.Fatalf("security page: %d", page.status)
	}
}

// A lost phone: an area admin resets the second factor, which ends the
// user's sessions; they log in again with the password (and enrol again if
// their role requires it). An org admin cannot do it.
func TestAnAreaAdminResetsALostSecondFactor(t *testing.T) {
	w := newWorld(t)
	at := testClock(w)
	user := w.web("daycentre")
	enrolOn(t, user, "/account/two-factor", at)
	id := itoa(w.users["daycentre"].ID)
	if r := w.api("orgadmin").json("POST", "/api/v1/users/"+id+"/two-factor/reset", nil); r.status != http.StatusForbidden {
		t.Fatalf("an org admin may not: %d", r.status)
	}
	if r := w.api("admin").json("POST", "/api/v1/users/"+id+"/two-factor/reset", nil); r.status != http.StatusOK {
		t.Fatalf("reset: %d %s", r.status, r.body)
	}
	if r := user.get("/"); r.status != http.StatusSeeOther {
		t.Fatalf("the old session has ended: %d", r.status)
	}
	w.web("daycentre") // the password alone works again
	if !auditHas(t, w, "reset_two_factor") {
		t.Error("the reset is audited")
	}
}

func auditHas(t *testing.T, w *world, action string) bool {
	var n int64
	w.store.Gorm().Table("audit_events").Where("action = ?", action).Count(&n)
	return n > 0
}
