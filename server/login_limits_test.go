package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models/modeltest"
)

// fromAddress logs in through the form as if from addr: the test server
// trusts the loopback proxy, so X-Forwarded-For names the client.
func (c *client) loginFrom(addr, email, password string) response {
	return c.do("POST", "/login", url.Values{"email": {email}, "password": {password}}.Encode(),
		"application/x-www-form-urlencoded", "X-Forwarded-For", addr)
}

func trustLoopbackProxy(t *testing.T, s *Server) {
	if err := s.engine.SetTrustedProxies([]string{"127.0.0.1", "::1"}); err != nil {
		t.Fatal(err)
	}
}

// Fifty wrong passwords from one network slow that network down for that
// account; the owner, from anywhere else, logs straight in (five
// wrong passwords used to lock the account for everyone).
func TestGuessingFromOneNetworkNeverLocksTheOwnerOut(t *testing.T) {
	w := newWorld(t)
	w.srv.limits = newLoginLimiter(LoginLimits{PerAccount: 5, AccountEvery: time.Minute, PerIP: 1000, IPEvery: time.Second})
	trustLoopbackProxy(t, w.srv)
	attacker := w.web("")
	limited := 0
	for i := 0; i < 50; i++ {
		r := attacker.loginFrom("203.0.113.7", "hostel@test.example", fmt.Sprintf("guess number %d", i))
		if r.status == http.StatusTooManyRequests {
			limited++
			if !strings.Contains(r.body, "logging in from elsewhere is not affected") || r.header.Get("Retry-After") == "" {
				t.Fatalf("the refusal says why and for how long: %s", r.header.Get("Retry-After"))
			}
		}
	}
	if limited != 45 {
		t.Errorf("after 5 free guesses every further one waits: %d of 50 refused", limited)
	}
	owner := w.web("")
	if r := owner.loginFrom("198.51.100.20", "hostel@test.example", modeltest.TestPassword); r.status != http.StatusSeeOther {
		t.Fatalf("the owner, from elsewhere, logs in: %d", r.status)
	}
	// Nor is the API from another address (here the loopback itself).
	if r := owner.json("POST", "/api/v1/tokens", map[string]any{"email": "hostel@test.example", "password": modeltest.TestPassword}); r.status != http.StatusCreated {
		t.Fatalf("token from the owner's address: %d", r.status)
	}
	// From the guessing network, even the right password waits.
	if r := attacker.loginFrom("203.0.113.7", "hostel@test.example", modeltest.TestPassword); r.status != http.StatusTooManyRequests {
		t.Errorf("the right password from the guessing network still waits: %d", r.status)
	}
}

// Many accounts from one address: that address waits, others do not.
// Addresses in one IPv6 /64 count as one.
func TestOneAddressTryingManyAccountsIsSlowed(t *testing.T) {
	w := newWorld(t)
	w.srv.limits = newLoginLimiter(LoginLimits{PerAccount: 100, AccountEvery: time.Minute, PerIP: 3, IPEvery: time.Minute})
	trustLoopbackProxy(t, w.srv)
	c := w.web("")
	for i := 0; i < 3; i++ {
		if r := c.loginFrom(fmt.Sprintf("2001:db8:1:2::%x", i+1), fmt.Sprintf("u%d@test.example", i), "not it at all"); r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.status)
		}
	}
	if r := c.loginFrom("2001:db8:1:2:ffff::9", "u9@test.example", "not it at all"); r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "from your network") {
		t.Fatalf("a fourth address in the same /64 waits: %d", r.status)
	}
	if r := c.loginFrom("2001:db8:1:3::1", "outreach@test.example", modeltest.TestPassword); r.status != http.StatusSeeOther {
		t.Fatalf("the next /64 is not affected: %d", r.status)
	}
}

// The counters are in the database: a restarted server, or another
// instance on the same database, keeps them.
func TestLoginThrottleHoldsAcrossRestartsAndInstances(t *testing.T) {
	w := newWorld(t)
	limits := LoginLimits{PerAccount: 3, AccountEvery: time.Hour}
	w.srv.limits = newLoginLimiter(limits)
	c := w.web("")
	for i := 0; i < 3; i++ {
		c.form("/login", url.Values{"email": {"outreach@test.example"}, "password": {"wrong guess here"}})
	}
	other, err := New(w.store, w.pol, Config{Version: "test", LoginLimits: limits}, w.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(other)
	defer ts.Close()
	resp, err := http.PostForm(ts.URL+"/login", url.Values{"email": {"outreach@test.example"}, "password": {modeltest.TestPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a second instance sees the first one's count: %d", resp.StatusCode)
	}
}

func TestClientNetworkCountsIPv6ByItsSlash64(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":               "192.0.2.1",
		"::ffff:192.0.2.1":        "192.0.2.1",
		"2001:db8:1:2::1":         "2001:db8:1:2::/64",
		"2001:db8:1:2:aaaa::ffff": "2001:db8:1:2::/64",
		"not an address":          "not an address",
	} {
		if got := clientNetwork(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}
