package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models"
)

func TestNamedTokensCarryASubsetAndCanBeListedAndRevoked(t *testing.T) {
	w := newWorld(t)
	me := w.api("manager")
	r := me.json("POST", "/api/v1/tokens/named", map[string]any{"name": "Vacancy spreadsheet", "expires_at": time.Now().Add(7 * 24 * time.Hour), "permissions": []string{"vacancy:read"}})
	if r.status != http.StatusCreated {
		t.Fatalf("named token: %d %s", r.status, r.body)
	}
	var created struct {
		Token string `json:"token"`
		ID    int64  `json:"id"`
	}
	r.decode(t, &created)
	named := &client{w: w, http: http.DefaultClient, token: created.Token}
	if r := named.get("/api/v1/services/" + itoa(w.svcs["hostel"].ID) + "/vacancies"); r.status != http.StatusOK {
		t.Fatalf("the token does what it carries: %d %s", r.status, r.body)
	}
	for _, path := range []string{"/api/v1/people?q=Harriet", "/api/v1/tokens", "/api/v1/people/" + itoa(w.people["hostel_person"].ID)} {
		if r := named.get(path); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Errorf("%s is beyond the token: %d", path, r.status)
		}
	}
	if r := named.json("POST", "/api/v1/tokens/named", map[string]any{"name": "x", "expires_at": time.Now().Add(time.Hour), "permissions": []string{"vacancy:read"}}); r.status != http.StatusForbidden {
		t.Errorf("a token without token:manage makes no tokens: %d", r.status)
	}

	list := me.json("GET", "/api/v1/tokens", nil)
	var got struct {
		Tokens []tokenView `json:"tokens"`
	}
	list.decode(t, &got)
	if list.status != http.StatusOK || len(got.Tokens) != 2 || strings.Contains(list.body, created.Token) {
		t.Fatalf("the caller's two tokens, never the token itself: %d %s", list.status, list.body)
	}
	var sawNamed, sawCurrent bool
	for _, tv := range got.Tokens {
		sawNamed = sawNamed || (tv.ID == created.ID && tv.Kind == "named" && tv.Name == "Vacancy spreadsheet" && len(tv.Permissions) == 1 && tv.Status == "live")
		sawCurrent = sawCurrent || (tv.Kind == "login" && tv.Current)
	}
	if !sawNamed || !sawCurrent {
		t.Errorf("named and current login token listed: %s", list.body)
	}
	// Another person's tokens are not theirs to see or revoke.
	other := w.api("hostel").json("GET", "/api/v1/tokens", nil)
	if strings.Contains(other.body, "Vacancy spreadsheet") {
		t.Error("only the caller's own tokens")
	}
	hidden := w.api("hostel").json("DELETE", "/api/v1/tokens/"+itoa(created.ID), nil)
	missing := w.api("hostel").json("DELETE", "/api/v1/tokens/987654321", nil)
	if hidden.status != http.StatusNotFound || hidden.body != missing.body {
		t.Errorf("another person's token answers like a missing one: %d %s", hidden.status, hidden.body)
	}
	if r := me.json("DELETE", "/api/v1/tokens/"+itoa(created.ID), nil); r.status != http.StatusNoContent {
		t.Fatalf("revoke: %d", r.status)
	}
	if r := named.get("/api/v1/services/" + itoa(w.svcs["hostel"].ID) + "/vacancies"); r.status != http.StatusUnauthorized {
		t.Errorf("a revoked token stops at once: %d", r.status)
	}
}

func TestNamedTokensRefuseMoreThanTheCallerHas(t *testing.T) {
	w := newWorld(t)
	me := w.api("hostel")
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "x", "expires_at": time.Now().Add(time.Hour), "permissions": []string{"audit:read"}}, "permissions"},
		{map[string]any{"name": "x", "expires_at": time.Now().Add(400 * 24 * time.Hour), "permissions": []string{"person:search"}}, "expires_at"},
		{map[string]any{"name": "x", "expires_at": time.Now().Add(-time.Hour), "permissions": []string{"person:search"}}, "expires_at"},
		{map[string]any{"name": "", "expires_at": time.Now().Add(time.Hour), "permissions": []string{"person:search"}}, "name"},
		{map[string]any{"name": "x", "expires_at": time.Now().Add(time.Hour), "permissions": []string{}}, "permissions"},
		{map[string]any{"name": "x", "expires_at": "next week", "permissions": []string{"person:search"}}, "expires_at"},
	} {
		r := me.json("POST", "/api/v1/tokens/named", tc.body)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"`+tc.field+`"`) {
			t.Errorf("%v: want 422 naming %s, got %d %s", tc.body, tc.field, r.status, r.body)
		}
	}
	// A limited token cannot mint a wider one.
	r := me.json("POST", "/api/v1/tokens/named", map[string]any{"name": "tokens only", "expires_at": time.Now().Add(time.Hour), "permissions": []string{"token:manage"}})
	var created struct{ Token string }
	r.decode(t, &created)
	narrow := &client{w: w, http: http.DefaultClient, token: created.Token}
	if r := narrow.json("POST", "/api/v1/tokens/named", map[string]any{"name": "wider", "expires_at": time.Now().Add(time.Hour), "permissions": []string{"person:search"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a limited token cannot widen itself: %d %s", r.status, r.body)
	}
}

func TestTokensPageCreatesShowsOnceAndRevokes(t *testing.T) {
	w := newWorld(t)
	c := w.web("hostel")
	page := c.get("/account/tokens")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Your API tokens") || !strings.Contains(page.body, "search: person") || !strings.Contains(page.body, "You have no API tokens") {
		t.Fatalf("tokens page: %d", page.status)
	}
	if strings.Contains(page.body, "read: audit") {
		t.Error("only the caller's own permissions are offered")
	}
	assertCleanPage(t, page.body)
	r := c.form("/account/tokens", url.Values{"name": {"Weekly export"}, "expires_on": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}, "permissions": {"person:search", "vacancy:read"}})
	if r.status != http.StatusCreated || !strings.Contains(r.body, "shown only this once") || !strings.Contains(r.body, "gw_") {
		t.Fatalf("created: %d %s", r.status, r.body)
	}
	assertCleanPage(t, r.body)
	again := c.get("/account/tokens")
	if strings.Contains(again.body, "gw_") || !strings.Contains(again.body, "Weekly export") || !strings.Contains(again.body, "search: person, read: vacancy") && !strings.Contains(again.body, "person:search, vacancy:read") {
		t.Fatalf("listed without the token: %s", again.body)
	}
	var tok models.APIToken
	w.store.Gorm().Where("name = ?", "Weekly export").First(&tok)
	if r := c.form("/account/tokens/"+itoa(tok.ID)+"/revoke", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.status)
	}
	if after := c.get("/account/tokens"); !strings.Contains(after.body, "revoked") {
		t.Error("shown as revoked")
	}
	bad := c.form("/account/tokens", url.Values{"name": {"x"}, "expires_on": {"next week"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "give a date like") || !strings.Contains(bad.body, "No token was made") {
		t.Fatalf("bad input named: %d", bad.status)
	}
	if nav := c.get("/"); !strings.Contains(nav.body, `href="/account/tokens"`) {
		t.Error("the menu links to API tokens")
	}
}

// A named token works for the service it was made for; when its owner
// no longer works there, it does nothing rather than act for another.
func TestNamedTokenDoesNotFollowItsOwnerToAnotherService(t *testing.T) {
	w := newWorld(t)
	r := w.api("hostel").json("POST", "/api/v1/tokens/named", map[string]any{"name": "search", "expires_at": "2099-01-01", "permissions": []string{"person:search"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "expires_at") {
		t.Fatalf("over a year away is refused: %d %s", r.status, r.body)
	}
	r = w.api("hostel").json("POST", "/api/v1/tokens/named", map[string]any{"name": "search", "expires_at": time.Now().AddDate(0, 1, 0).Format("2006-01-02"), "permissions": []string{"person:search"}})
	var created struct{ Token string }
	r.decode(t, &created)
	named := &client{w: w, http: http.DefaultClient, token: created.Token}
	if r := named.get("/api/v1/people?q=Harriet"); r.status != http.StatusOK {
		t.Fatalf("searches as the hostel: %d %s", r.status, r.body)
	}
	ms, _ := w.store.Memberships(ctx, w.users["hostel"].ID)
	if _, err := w.store.AddMembership(ctx, w.users["hostel"].ID, w.svcs["daycentre"].ID, models.RoleWorker); err != nil {
		t.Fatal(err)
	}
	if err := w.store.RemoveMembership(ctx, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := named.get("/api/v1/people?q=Harriet"); r.status == http.StatusOK {
		t.Fatalf("the token must not act for the day centre instead: %d", r.status)
	}
	if r := named.json("PUT", "/api/v1/tokens/current/service", map[string]any{"service_id": w.svcs["daycentre"].ID}); r.status != http.StatusForbidden || !strings.Contains(r.body, "cannot switch") {
		t.Fatalf("nor be switched to it: %d %s", r.status, r.body)
	}
}
