package policy_test

import (
	"os"
	"testing"

	"gateway/cmd/gateway/demo"
	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// BenchmarkScopeCost measures what the access rules cost at demo scale
// (27,000 people, 98,000 notes): a person search and a note list with the
// hostel worker's scope against the same query with no scope. The target
// is at most 2×. Run with
//
//	go test ./policy -run '^$' -bench ScopeCost -benchtime 200x
//
// and GATEWAY_TEST_POSTGRES set to measure PostgreSQL too.
func BenchmarkScopeCost(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchScopes(b, modeltest.SQLite(b)) })
	if os.Getenv(modeltest.PostgresEnv) != "" {
		b.Run("postgres", func(b *testing.B) { benchScopes(b, modeltest.Postgres(b)) })
	}
}

func benchScopes(b *testing.B, s *models.Store) {
	if _, err := demo.Build(ctx, s, demo.Options{People: 27000}); err != nil {
		b.Fatal(err)
	}
	pol, err := policy.New(ctx, s, policy.Options{})
	if err != nil {
		b.Fatal(err)
	}
	u, err := s.UserByEmail(ctx, "hostel@demo.example")
	if err != nil {
		b.Fatal(err)
	}
	ms, err := s.Memberships(ctx, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	ms[0].Service, _ = s.Service(ctx, ms[0].ServiceID)
	a := pol.Actor(u, ms[0], models.Now())
	all := models.NewScope("bench: no scope", "1 = 1", nil)

	// The person on the hostel's caseload with the most notes.
	var personID int64
	s.Gorm().Raw(`SELECT n.person_id FROM case_notes n JOIN involvements i ON i.person_id = n.person_id
		WHERE i.service_id = ? AND i.ended_at IS NULL GROUP BY n.person_id ORDER BY COUNT(*) DESC LIMIT 1`, a.ServiceID).Scan(&personID)

	search := models.PersonSearch{Text: "smith", Limit: 25}
	b.Run("search/scoped", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.SearchPeople(ctx, policy.People(a), search); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search/unscoped", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.SearchPeople(ctx, all, search); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("notes/scoped", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.Notes(ctx, policy.Notes(a), personID, 50, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("notes/unscoped", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.Notes(ctx, all, personID, 50, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
