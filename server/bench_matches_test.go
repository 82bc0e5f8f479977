package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// BenchmarkMatchesAtDemoScale times GET /api/v1/people/{id}/matches over
// HTTP against the demo area (27,000 people, 144 services), as the demo
// hostel's worker ranking the people open to the hostel, and reports the
// 50th, 95th and 99th percentile latency. It builds the demo first (about
// 7 s on SQLite), so it is a benchmark, not a test:
//
//	go test -run '^$' -bench MatchesAtDemoScale -benchtime 400x ./server/
//
// The postgres run needs GATEWAY_TEST_POSTGRES.
func BenchmarkMatchesAtDemoScale(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var store *models.Store
			if db == "sqlite" {
				store = modeltest.SQLite(b)
			} else {
				store = modeltest.Postgres(b)
			}
			if _, err := demo.Build(context.Background(), store, demo.Options{People: 27000}); err != nil {
				b.Fatal(err)
			}
			pol, err := policy.New(ctx, store, policy.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer pol.Close()
			srv, err := New(store, pol, Config{Version: "bench"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			defer ts.Close()
			token := benchToken(b, ts.URL, "hostel@demo.example")
			var hostel int64
			store.Gorm().Table("services").Where("name = ?", "Moorhampton Central Hostel").Select("id").Scan(&hostel)
			var people []int64
			store.Gorm().Table("involvements").Where("service_id = ? AND ended_at IS NULL", hostel).Order("person_id").Pluck("person_id", &people)
			if len(people) == 0 {
				b.Fatal("nobody is open to the demo hostel")
			}
			client := &http.Client{}
			get := func(id int64) time.Duration {
				req, _ := http.NewRequest("GET", ts.URL+"/api/v1/people/"+itoa(id)+"/matches", nil)
				req.Header.Set("Authorization", "Bearer "+token)
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				took := time.Since(start)
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"available"`) {
					b.Fatalf("matches for %d: %d %.200s", id, resp.StatusCode, body)
				}
				return took
			}
			for i := 0; i < 10 && i < len(people); i++ {
				get(people[i]) // warm the connection pool and caches
			}
			var took []time.Duration
			i := 0
			b.ResetTimer()
			for b.Loop() {
				took = append(took, get(people[i%len(people)]))
				i++
			}
			b.StopTimer()
			slices.Sort(took)
			at := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
			b.ReportMetric(at(0.50), "p50-ms")
			b.ReportMetric(at(0.95), "p95-ms")
			b.ReportMetric(at(0.99), "p99-ms")
			b.ReportMetric(float64(len(people)), "people-ranked")
		})
	}
}

func benchToken(b *testing.B, base, email string) string {
	body := `{"email":"` + email + `","password":"` + demo.Password + `"}`
	resp, err := http.Post(base+"/api/v1/tokens", "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&tok)
	if tok.Token == "" {
		b.Fatalf("no token for %s: %d", email, resp.StatusCode)
	}
	return tok.Token
}
