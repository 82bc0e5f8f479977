package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/matching"
	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// Each test first makes a request that fills the identity cache, then
// changes what it rests on through the store (as an admin's page or
// another instance would) and expects the very next request refused.

func TestCachedIdentityEndsWhenTheAccountIsDisabled(t *testing.T) {
	w := newWorld(t)
	api, web := w.api("hostel"), w.web("hostel")
	path := "/api/v1/people/" + itoa(w.people["hostel_person"].ID)
	page := "/people/" + itoa(w.people["hostel_person"].ID)
	for range 2 {
		if r := api.get(path); r.status != http.StatusOK {
			t.Fatalf("before: %d", r.status)
		}
		if r := web.get(page); r.status != http.StatusOK {
			t.Fatalf("page before: %d", r.status)
		}
	}
	if err := w.store.DisableUser(ctx, w.users["hostel"].ID); err != nil {
		t.Fatal(err)
	}
	if r := api.get(path); r.status != http.StatusUnauthorized {
		t.Errorf("token of a disabled account: %d, want 401", r.status)
	}
	if r := web.get(page); r.status != http.StatusSeeOther {
		t.Errorf("session of a disabled account: %d, want 303 to the login page", r.status)
	}
}

func TestCachedIdentityEndsWhenTheMembershipIsRemoved(t *testing.T) {
	w := newWorld(t)
	api := w.api("hostel")
	path := "/api/v1/people/" + itoa(w.people["hostel_person"].ID)
	for range 2 {
		if r := api.get(path); r.status != http.StatusOK {
			t.Fatalf("before: %d", r.status)
		}
	}
	ms, err := w.store.Memberships(ctx, w.users["hostel"].ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("memberships: %v %v", ms, err)
	}
	if err := w.store.RemoveMembership(ctx, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := api.get(path); r.status != http.StatusForbidden {
		t.Errorf("after the membership was removed: %d, want 403", r.status)
	}
}

func TestCachedIdentityEndsWhenTheTokenIsRevoked(t *testing.T) {
	w := newWorld(t)
	api := w.api("hostel")
	path := "/api/v1/people/" + itoa(w.people["hostel_person"].ID)
	for range 2 {
		if r := api.get(path); r.status != http.StatusOK {
			t.Fatalf("before: %d", r.status)
		}
	}
	toks, err := w.store.Tokens(ctx, w.users["hostel"].ID)
	if err != nil || len(toks) == 0 {
		t.Fatalf("tokens: %v", err)
	}
	for _, tok := range toks {
		if err := w.store.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
	}
	if r := api.get(path); r.status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", r.status)
	}
}

// A change to the acting service reaches the actor on the next request:
// the cache holds each membership's service, and the actor is built from it.
func TestCachedIdentityFollowsAChangeToItsService(t *testing.T) {
	w := newWorld(t)
	api := w.api("hostel")
	path := "/api/v1/people/" + itoa(w.people["hostel_person"].ID)
	if r := api.get(path); r.status != http.StatusOK {
		t.Fatalf("before: %d", r.status)
	}
	if err := w.store.Gorm().Exec("UPDATE services SET confidential = ? WHERE id = ?", true, w.svcs["hostel"].ID).Error; err != nil {
		t.Fatal(err)
	}
	a := whoFor(t, w, api)
	if !a.Confidential {
		t.Error("the cached actor kept the service's old confidential flag")
	}
}

// whoFor runs one request as c and returns the actor authenticate built.
func whoFor(t *testing.T, w *world, c *client) policy.Actor {
	t.Helper()
	var got policy.Actor
	w.srv.engine.GET("/api/v1/test-who", w.srv.authenticate, func(gc *gin.Context) {
		got, _ = actorOf(gc)
	})
	req := httptest.NewRequest("GET", "/api/v1/test-who", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	w.srv.ServeHTTP(httptest.NewRecorder(), req)
	return got
}

// TestCachesEndOnOtherInstances: two app instances on one PostgreSQL
// database; new weights saved and an account disabled through one are
// seen by the other as soon as the NOTIFY arrives, not after the caches'
// lifetime.
func TestCachesEndOnOtherInstances(t *testing.T) {
	if os.Getenv(modeltest.PostgresEnv) == "" {
		t.Skip(modeltest.PostgresEnv + " is not set")
	}
	dsn := modeltest.PostgresDSN(t)
	w := newWorldOn(t, modeltest.Open(t, dsn))
	other := modeltest.Open(t, dsn)
	pol, err := policy.New(ctx, other, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pol.Close)
	srv, err := New(other, pol, Config{Version: "test"}, slog.New(slog.NewTextHandler(w.logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	api := w.api("hostel")
	path := "/api/v1/people/" + itoa(w.people["hostel_person"].ID)
	fetch := func(path string) (int, []byte) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+api.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	get := func() int { status, _ := fetch(path); return status }
	for range 2 {
		if got := get(); got != http.StatusOK {
			t.Fatalf("other instance before: %d", got)
		}
	}

	weightsVersion := func() int {
		status, body := fetch(path + "/matches")
		var m matchesPage
		if status != http.StatusOK || json.Unmarshal(body, &m) != nil {
			t.Fatalf("matches on the other instance: %d %s", status, body)
		}
		return m.Facts.WeightsVersion
	}
	before := weightsVersion()
	weightsVersion() // from its cache
	weights, _ := json.Marshal(matching.DefaultWeights())
	start := time.Now()
	if _, err := w.store.AddWeightsVersion(ctx, w.users["admin"].ID, string(weights), models.RulesInput{Based: before, Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	for weightsVersion() == before {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the other instance still ranks with the old weights after 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("new weights used by the other instance after %v", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	if err := w.store.DisableUser(ctx, w.users["hostel"].ID); err != nil {
		t.Fatal(err)
	}
	for get() != http.StatusUnauthorized {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the other instance still serves a disabled account after 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("refused by the other instance after %v", time.Since(start).Round(time.Millisecond))
	if _, ok := other.Generation(models.TopicIdentity); !ok {
		t.Error("the other instance is not listening")
	}
}
