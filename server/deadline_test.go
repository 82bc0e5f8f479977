package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A database that cannot answer in time is 503 with Retry-After, never a
// security answer: a bearer token is not called invalid (401) and a
// session is not ended; once the database answers, both work again.
func TestDatabaseFailureIsNeverASecurityAnswer(t *testing.T) {
	w := newWorld(t)
	web, api := w.web("hostel"), w.api("hostel")
	// The same store behind a server whose deadline has always passed:
	// every query fails as if the database were frozen.
	log := slog.New(slog.NewJSONHandler(w.logs, nil))
	frozen, err := New(w.store, w.pol, Config{Version: "test", RequestTimeout: time.Nanosecond}, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(frozen)
	defer ts.Close()
	call := func(cl *http.Client, path, token string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		r, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r, string(b)
	}
	for _, tc := range []struct {
		name, path, token string
		cl                *http.Client
	}{
		{"bearer token", "/api/v1/me", api.token, http.DefaultClient},
		{"session", "/", "", web.http},
		{"session on the API", "/api/v1/me", "", web.http},
	} {
		r, body := call(tc.cl, tc.path, tc.token)
		if !strings.Contains(body, "not answering just now") || !strings.Contains(body, "try again") || strings.Contains(body, "%!") || strings.Contains(body, "<no value>") {
			t.Errorf("%s: the 503 does not say what happened and what to do: %q", tc.name, body)
		}
		if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the database not answering: %d (Retry-After %q), want 503 with Retry-After", tc.name, r.StatusCode, r.Header.Get("Retry-After"))
		}
		if strings.Contains(r.Header.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("%s: a database failure called the token invalid", tc.name)
		}
	}
	// A browser gets a small page that says the same.
	req, _ := http.NewRequest("GET", ts.URL+"/people", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	r, err := web.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	page := string(b)
	if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(page, "<h1>Gateway is not available just now</h1>") || !strings.Contains(page, "not answering just now") ||
		!strings.Contains(page, `name="viewport"`) || strings.Contains(page, "%!") || strings.Contains(page, "<no value>") {
		t.Errorf("the browser's 503 page: %d %s\n%s", r.StatusCode, r.Header.Get("Content-Type"), page)
	}
	// The database answers again: the token and the session still work.
	if r := api.get("/api/v1/me"); r.status != http.StatusOK {
		t.Errorf("token after the outage: %d %s", r.status, r.body)
	}
	if r := web.get("/"); r.status != http.StatusOK {
		t.Errorf("session after the outage: %d (it was ended)", r.status)
	}
}

// The default deadline is 10 s.
func TestRequestsHaveADeadline(t *testing.T) {
	w := newWorld(t)
	if got := w.srv.RequestTimeout(); got != 10*time.Second {
		t.Errorf("default deadline %s, want 10s", got)
	}
}
