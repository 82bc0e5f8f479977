package server

import (
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/cmd/gateway/demo"
	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// BenchmarkCaseworkAtDemoScale times the casework reads a worker makes
// most, on the 27,000-person demo: the dashboard's review lists for the
// service with the most open cases, a person's assessments and cases, and
// a duplicate check. Run with
//
//	go test ./server -run '^$' -bench CaseworkAtDemoScale -benchtime 200x
//
// and GATEWAY_TEST_POSTGRES set to measure PostgreSQL too.
func BenchmarkCaseworkAtDemoScale(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchCasework(b, modeltest.SQLite(b)) })
	if os.Getenv(modeltest.PostgresEnv) != "" {
		b.Run("postgres", func(b *testing.B) { benchCasework(b, modeltest.Postgres(b)) })
	}
}

func benchCasework(b *testing.B, s *models.Store) {
	if _, err := demo.Build(ctx, s, demo.Options{People: 27000}); err != nil {
		b.Fatal(err)
	}
	pol, err := policy.New(ctx, s, policy.Options{})
	if err != nil {
		b.Fatal(err)
	}
	// A worker of the service with the most open cases.
	var row struct{ ServiceID, UserID int64 }
	s.Gorm().Raw(`SELECT c.service_id, m.user_id FROM cases c JOIN memberships m ON m.service_id = c.service_id AND m.role = 'worker'
		WHERE c.closed_at IS NULL GROUP BY c.service_id, m.user_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&row)
	u, err := s.User(ctx, row.UserID)
	if err != nil {
		b.Fatal(err)
	}
	ms, _ := s.Memberships(ctx, u.ID)
	var m models.Membership
	for _, x := range ms {
		if x.ServiceID == row.ServiceID {
			m = x
		}
	}
	m.Service, _ = s.Service(ctx, m.ServiceID)
	a := pol.Actor(u, m, time.Now())
	var personID int64
	s.Gorm().Raw(`SELECT person_id FROM cases WHERE service_id = ? AND closed_at IS NULL ORDER BY id LIMIT 1`, row.ServiceID).Scan(&personID)
	p, err := s.Person(ctx, policy.People(a), personID)
	if err != nil {
		b.Fatal(err)
	}
	srv := &Server{store: s, pol: pol, cfg: Config{Now: time.Now}}
	gin.SetMode(gin.ReleaseMode)
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest("GET", "/", nil)

	f := models.ReviewFilter{ServiceID: a.ServiceID, Now: time.Now(), Limit: 25}
	b.Run("review/stale", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.StaleCases(ctx, policy.Cases(a), policy.People(a), f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("review/red", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.RedCases(ctx, policy.Cases(a), policy.People(a), f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("review/open-to-several", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.OpenToSeveral(ctx, policy.People(a), policy.Involvements(a), a.ServiceID, 25); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("person-casework", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Assessments(ctx, policy.Assessments(a), personID); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Cases(ctx, policy.Cases(a), personID); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Consents(ctx, policy.Consents(a), personID); err != nil {
				b.Fatal(err)
			}
			if _, err := s.LatestSafetyPlan(ctx, policy.SafetyPlans(a), personID); err != nil && err != models.ErrNotFound {
				b.Fatal(err)
			}
		}
	})
	b.Run("duplicate-check", func(b *testing.B) {
		in := models.PersonInput{GivenName: p.GivenName + "e", FamilyName: p.FamilyName, DOB: p.DOB}
		for b.Loop() {
			if _, _, err := srv.rankDuplicates(c, a, in, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}
