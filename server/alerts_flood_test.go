package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

type floodAnswer struct {
	Reference  string `json:"reference"`
	Challenge  string `json:"challenge"`
	Difficulty int    `json:"difficulty"`
}

func postAlert(t *testing.T, c *client, from string, body map[string]any) (response, floodAnswer) {
	t.Helper()
	r := c.do("POST", "/api/v1/alerts", string(mustJSON(body)), "application/json", "X-Forwarded-For", from)
	var a floodAnswer
	if strings.HasPrefix(r.body, "{") {
		r.decode(t, &a)
	}
	return r, a
}

// 50 networks sending 5 alerts each into one area spend its budget in a
// moment. A genuine reporter from a fresh address is still served: asked
// for the check, which takes their browser a second or two, then taken.
// A reporter in another area is not even asked.
func TestAnAlertFloodCannotCloseTheForm(t *testing.T) {
	w := newWorld(t)
	trustLoopbackProxy(t, w.srv)
	api := w.api("")
	north, south := w.las[0].ID, w.las[1].ID
	created, challenged, refused := 0, 0, 0
	start := time.Now()
	for i := 0; i < 50; i++ {
		from := fmt.Sprintf("198.18.%d.%d", i/200, i%200+1)
		for j := 0; j < 5; j++ {
			r, _ := postAlert(t, api, from, map[string]any{"location": "Market Place", "la_id": north,
				"description": fmt.Sprintf("Flood alert %d from sender %d", j, i)})
			switch r.status {
			case http.StatusCreated:
				created++
			case http.StatusTooManyRequests:
				if strings.Contains(r.body, `"challenge"`) {
					challenged++
				} else {
					refused++
				}
			default:
				t.Fatalf("flood alert: %d %s", r.status, r.body)
			}
		}
	}
	t.Logf("flood of 250 alerts from 50 networks in %v: %d taken, %d asked for the check, %d refused", time.Since(start).Round(time.Millisecond), created, challenged, refused)
	if created != 30 || challenged != 220 || refused != 0 {
		t.Fatalf("the area's budget of 30 is spent, then each alert needs the check: %d %d %d", created, challenged, refused)
	}

	// A genuine reporter from a fresh address.
	genuine := map[string]any{"location": "Bus shelter, Station Road", "la_id": north, "description": "Older man with a dog, looked unwell this morning"}
	r, ch := postAlert(t, api, "192.0.2.200", genuine)
	if r.status != http.StatusTooManyRequests || ch.Challenge == "" || ch.Difficulty != 18 || r.header.Get("Retry-After") == "" {
		t.Fatalf("the reporter is asked for the check: %d %s", r.status, r.body)
	}
	solveStart := time.Now()
	genuine["pow_challenge"], genuine["pow_nonce"] = ch.Challenge, solveChallenge(ch.Challenge, ch.Difficulty)
	t.Logf("the check took %v in Go", time.Since(solveStart).Round(time.Millisecond))
	r, got := postAlert(t, api, "192.0.2.200", genuine)
	if r.status != http.StatusCreated || got.Reference == "" {
		t.Fatalf("with the check done the reporter is served: %d %s", r.status, r.body)
	}
	// An answer works once.
	genuine["description"] = "A second person in the same shelter"
	if r, _ := postAlert(t, api, "192.0.2.200", genuine); r.status != http.StatusTooManyRequests {
		t.Fatalf("a used answer is not accepted again: %d", r.status)
	}
	// A wrong answer, or a forged challenge, is not accepted either.
	genuine["pow_nonce"] = "0"
	if r, _ := postAlert(t, api, "192.0.2.201", genuine); r.status != http.StatusTooManyRequests {
		t.Fatalf("a wrong answer: %d", r.status)
	}
	// Another area's reporter is not asked.
	if r, _ := postAlert(t, api, "192.0.2.202", map[string]any{"location": "Southvale bus station", "la_id": south, "description": "Young woman in a doorway, no coat"}); r.status != http.StatusCreated {
		t.Fatalf("a reporter in another area: %d", r.status)
	}
	// On the web the form comes back with everything typed and the check.
	web := w.web("")
	page := web.do("POST", "/report-rough-sleeping", url.Values{"location": {"Church porch"}, "la_id": {fmt.Sprint(north)},
		"description": {"Man in a grey hoodie asleep"}}.Encode(), "application/x-www-form-urlencoded", "X-Forwarded-For", "192.0.2.203")
	if page.status != http.StatusTooManyRequests || !strings.Contains(page.body, `name="pow_challenge"`) ||
		!strings.Contains(page.body, "Man in a grey hoodie asleep") || !strings.Contains(page.body, "<noscript>") ||
		!strings.Contains(page.body, "/static/alert_check.js") {
		t.Fatalf("the web form under a flood: %d", page.status)
	}
}

// The same words from one network within a day are one alert, with one
// reference; a sender's network is its IPv6 /64.
func TestTheSameAlertTwiceIsOneAlert(t *testing.T) {
	w := newWorld(t)
	trustLoopbackProxy(t, w.srv)
	api := w.api("")
	alerts := func() (n int64) { w.store.Gorm().Table("public_alerts").Count(&n); return }
	before := alerts()
	body := map[string]any{"location": "Market Place", "description": "Man in a green sleeping bag by the bank"}
	_, a := postAlert(t, api, "2001:db8:5:5::1", body)
	body["description"] = "  man in a GREEN sleeping bag   by the bank "
	r, b := postAlert(t, api, "2001:db8:5:5::99", body)
	if r.status != http.StatusCreated || a.Reference == "" || a.Reference != b.Reference || alerts() != before+1 {
		t.Fatalf("one alert: %s and %s, %d stored", a.Reference, b.Reference, alerts()-before)
	}
	// From another network it is another report of the same person, kept.
	if _, c := postAlert(t, api, "2001:db8:5:6::1", body); c.Reference == a.Reference || alerts() != before+2 {
		t.Fatalf("another sender's alert is its own: %s", c.Reference)
	}
	// Five alerts in a burst from one /64, whatever the address, then 429.
	for i := 0; i < 4; i++ {
		postAlert(t, api, fmt.Sprintf("2001:db8:5:5::%x", 100+i), map[string]any{"location": "Park", "description": fmt.Sprintf("Another person here, number %d", i)})
	}
	if r, _ := postAlert(t, api, "2001:db8:5:5:ffff::1", map[string]any{"location": "Park", "description": "One more from the same network"}); r.status != http.StatusTooManyRequests || strings.Contains(r.body, "challenge") {
		t.Fatalf("a sixth alert from one /64 is refused outright: %d %s", r.status, r.body)
	}
	// The fingerprints go after a day.
	w.store.Gorm().Exec("UPDATE alert_submissions SET created_at = ?", time.Now().Add(-25*time.Hour))
	w.srv.maintenance().PurgeExpired(ctx)
	var n int64
	w.store.Gorm().Table("alert_submissions").Count(&n)
	if n != 0 {
		t.Fatalf("fingerprints purged: %d left", n)
	}
}
