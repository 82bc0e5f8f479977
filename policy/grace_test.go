package policy_test

import (
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// Rule 2: the grace period is configurable, and a deployment that sets
// none (--grace-days 0) gets none: a service whose involvement closed a
// minute ago reads no more notes. Left unset, it is 90 days.
func TestGraceOfZeroEndsReadingWhenTheInvolvementCloses(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		hostel := b.Service(b.Org("Org"), "Hostel", models.Hostel, b.LA("Northmoor"))
		u := b.User("Worker", hostel, models.RoleWorker)
		p := b.Person("Ann", "Example", u, hostel)
		if _, err := s.AddNote(ctx, models.Nothing, models.Author{UserID: u.ID, ServiceID: hostel.ID}, p.ID, models.NoteInput{Body: "seen today"}); err != nil {
			t.Fatal(err)
		}
		now := models.Now()
		if err := s.Gorm().Exec("UPDATE involvements SET ended_at = ? WHERE person_id = ?", now.Add(-time.Minute), p.ID).Error; err != nil {
			t.Fatal(err)
		}
		ms, err := s.Memberships(ctx, u.ID)
		if err != nil || len(ms) != 1 {
			t.Fatalf("memberships: %v", err)
		}
		if ms[0].Service, err = s.Service(ctx, hostel.ID); err != nil {
			t.Fatal(err)
		}
		zero, week := time.Duration(0), 7*24*time.Hour
		for _, tc := range []struct {
			name  string
			grace *time.Duration
			reads bool
			want  time.Duration
		}{{"unset", nil, true, policy.DefaultGrace}, {"zero", &zero, false, 0}, {"a week", &week, true, week}} {
			pol, err := policy.New(ctx, s, policy.Options{Grace: tc.grace})
			if err != nil {
				t.Fatal(err)
			}
			if pol.Grace() != tc.want {
				t.Errorf("%s: grace %s, want %s", tc.name, pol.Grace(), tc.want)
			}
			a := pol.Actor(u, ms[0], now)
			_, n, err := s.Notes(ctx, policy.Notes(a), p.ID, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			if (n == 1) != tc.reads {
				t.Errorf("grace %s: the closed service reads %d notes, want reading=%v", tc.name, n, tc.reads)
			}
			pol.Close()
		}
		negative := -time.Hour
		if _, err := policy.New(ctx, s, policy.Options{Grace: &negative}); err == nil {
			t.Error("a negative grace period is refused")
		}
	})
}
