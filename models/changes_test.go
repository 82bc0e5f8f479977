package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// gens reads both topics' generations, failing if a cache may not trust them.
func gens(t *testing.T, s *models.Store) (identity, catalogue uint64) {
	t.Helper()
	i, ok1 := s.Generation(models.TopicIdentity)
	c, ok2 := s.Generation(models.TopicCatalogue)
	if !ok1 || !ok2 {
		t.Fatal("generations not to be trusted: the store is not listening")
	}
	return i, c
}

func TestWritesRaiseTheirTopics(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		if !s.ListenForChanges() {
			t.Fatal("not listening")
		}
		ctx := context.Background()
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		sv := b.Service(b.Org("Trust"), "Hostel", models.Hostel, la)
		u := b.User("worker", sv, models.RoleWorker)
		p := b.Person("Harriet", "Hostel", u, sv)
		author := models.Author{UserID: u.ID, ServiceID: sv.ID}

		step := func(name string, wantIdentity, wantCatalogue bool, write func() error) {
			t.Helper()
			i0, c0 := gens(t, s)
			if err := write(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			i1, c1 := gens(t, s)
			if (i1 != i0) != wantIdentity || (c1 != c0) != wantCatalogue {
				t.Errorf("%s: identity changed %v (want %v), catalogue changed %v (want %v)", name, i1 != i0, wantIdentity, c1 != c0, wantCatalogue)
			}
		}
		var token string
		step("a case note", false, false, func() error {
			_, err := s.AddNote(ctx, models.Nothing, author, p.ID, models.NoteInput{Body: "Settled."})
			return err
		})
		step("a new login token", false, false, func() error {
			var err error
			token, _, err = s.CreateToken(ctx, u.ID, sv.ID)
			return err
		})
		step("using a token", false, false, func() error {
			_, _, err := s.TokenUser(ctx, token)
			return err
		})
		day := b.Service(b.Org("Other"), "Day Centre", models.DayCentre, la)
		step("a membership", true, false, func() error {
			_, err := s.AddMembership(ctx, u.ID, day.ID, models.RoleWorker)
			return err
		})
		step("disabling an account", true, false, func() error { return s.DisableUser(ctx, u.ID) })
		step("a service's rules", false, true, func() error {
			_, err := s.AddEligibilityVersion(ctx, sv.ID, u.ID, `{}`, `[]`, models.RulesInput{Reason: "test"})
			return err
		})
		step("a hand-written update of a service's LAs", true, true, func() error {
			return s.Gorm().Exec("DELETE FROM service_las WHERE service_id = ?", sv.ID).Error
		})
	})
}

// A transaction's write raises its topics at once and again at commit: a
// request that loaded in between read the old rows and must not keep them.
func TestTransactionRaisesAgainAtCommit(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		if !s.ListenForChanges() {
			t.Fatal("not listening")
		}
		ctx := context.Background()
		b := modeltest.Build(t, s)
		u := b.User("worker", b.Service(b.Org("Trust"), "Hostel", models.Hostel, b.LA("Northmoor")), models.RoleWorker)
		var inside uint64
		before, _ := gens(t, s)
		err := s.Tx(ctx, func(tx *models.Store) error {
			if err := tx.Gorm().Exec("UPDATE users SET auth_epoch = auth_epoch + 1 WHERE id = ?", u.ID).Error; err != nil {
				return err
			}
			inside, _ = gens(t, s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := gens(t, s)
		if !(before < inside && inside < after) {
			t.Errorf("generations before %d, inside %d, after commit %d: want each higher", before, inside, after)
		}
		// A rolled-back write leaves the rows as they were; it may raise the
		// generation but must not be remembered as an open transaction.
		boom := errors.New("roll back")
		if err := s.Tx(ctx, func(tx *models.Store) error {
			tx.Gorm().Exec("UPDATE users SET auth_epoch = auth_epoch + 1 WHERE id = ?", u.ID)
			return boom
		}); !errors.Is(err, boom) {
			t.Fatal(err)
		}
	})
}

// TestChangesReachOtherInstances: a change through one Store reaches
// another on the same PostgreSQL database by NOTIFY, and not a third on
// another schema (tests share one database).
func TestChangesReachOtherInstances(t *testing.T) {
	dsn := modeltest.PostgresDSN(t)
	a, b := modeltest.Open(t, dsn), modeltest.Open(t, dsn)
	other := modeltest.Postgres(t)
	for _, s := range []*models.Store{a, b, other} {
		if !s.ListenForChanges() {
			t.Fatal("not listening")
		}
	}
	bu := modeltest.Build(t, a)
	u := bu.User("worker", bu.Service(bu.Org("Trust"), "Hostel", models.Hostel, bu.LA("Northmoor")), models.RoleWorker)
	time.Sleep(200 * time.Millisecond) // let the fixture's own announcements arrive
	bi, bc := gens(t, b)
	oi, _ := gens(t, other)
	if err := a.DisableUser(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		i, c := gens(t, b)
		if i != bi {
			if c != bc {
				t.Error("disabling an account raised the catalogue too")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the other instance never heard of the change")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	if i, _ := gens(t, other); i != oi {
		t.Error("a store on another schema heard the change")
	}
}
