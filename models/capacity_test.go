package models_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// A service's beds are counted once, free or taken: free places and people
// placed never add up to more than its capacity. A manager who counts a
// bed free before recording the move-on is refused, naming places; the
// move-on gives the place back; a move-on whose place is already counted
// does not add it again.
func TestBedsAreCountedOnceFreeOrTaken(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 2)
		setCapacity(t, s, w.hostel.ID, 2)
		free := func() int {
			var n int
			s.Gorm().Table("vacancies").Where("service_id = ?", w.hostel.ID).Select("COALESCE(SUM(places), 0)").Scan(&n)
			return n
		}
		accept := func(given string) *models.Placement {
			t.Helper()
			acc, err := s.AcceptReferral(ctx, everyRow, w.hostelAuthor(), w.refer(t, given).ID, models.AcceptInput{})
			if err != nil {
				t.Fatal(err)
			}
			return acc.Placement
		}
		gina, hal := accept("Gina"), accept("Hal")
		beds := models.VacancyInput{Label: "Beds", Places: 1}

		// Gina has left, but her move-on is not recorded yet.
		var fe models.FieldErrors
		if _, err := s.UpdateVacancy(ctx, w.hostel.ID, w.beds.ID, w.hostelWorker.ID, beds); !errors.As(err, &fe) || !strings.Contains(fe["places"], "2 people placed") {
			t.Fatalf("1 free with 2 placed in 2 beds is refused, naming places: %v", err)
		}
		if _, err := s.AddVacancy(ctx, w.hostel.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Annex", Places: 1}); !errors.As(err, &fe) || fe["places"] == "" {
			t.Fatalf("nor as a new line: %v", err)
		}
		moved := moveOn(t, s, w, gina.ID)
		if moved.PlaceReturned == nil || !*moved.PlaceReturned || free() != 1 {
			t.Fatalf("the move-on gives Gina's bed back: %v, %d free", moved.PlaceReturned, free())
		}
		if _, err := s.UpdateVacancy(ctx, w.hostel.ID, w.beds.ID, w.hostelWorker.ID, beds); err != nil {
			t.Fatalf("the manager confirms the one free bed: %v", err)
		}
		beds.Places = 2
		if _, err := s.UpdateVacancy(ctx, w.hostel.ID, w.beds.ID, w.hostelWorker.ID, beds); !errors.As(err, &fe) || fe["places"] == "" {
			t.Fatalf("2 free with Hal placed in 2 beds is refused: %v", err)
		}
		// The bed is taken once.
		ivy := accept("Ivy")
		if _, err := s.AcceptReferral(ctx, everyRow, w.hostelAuthor(), w.refer(t, "Jo").ID, models.AcceptInput{}); !errors.Is(err, models.ErrPlaceGone) {
			t.Fatalf("a third person for two beds: %v", err)
		}

		// Capacity goes down to 1 with Hal and Ivy placed: Hal's move-on
		// does not add a place Ivy's bed already fills.
		setCapacity(t, s, w.hostel.ID, 1)
		if moved := moveOn(t, s, w, hal.ID); moved.PlaceReturned == nil || *moved.PlaceReturned || free() != 0 {
			t.Fatalf("Hal's place is not added over capacity: %v, %d free", moved.PlaceReturned, free())
		}
		if moved := moveOn(t, s, w, ivy.ID); moved.PlaceReturned == nil || !*moved.PlaceReturned || free() != 1 {
			t.Fatalf("Ivy's is: %v, %d free", moved.PlaceReturned, free())
		}
		beds.Places = 0
		if _, err := s.UpdateVacancy(ctx, w.hostel.ID, w.beds.ID, w.hostelWorker.ID, beds); err != nil {
			t.Fatalf("fewer places are always accepted: %v", err)
		}
	})
}

// Two managers setting two lines of the same service at once cannot
// together list more places than its beds: the second edit counts after
// the first commits. On PostgreSQL the service row, read for update,
// makes it wait (without it, it would count the other line as it was);
// SQLite lets one writer in at a time.
func TestConcurrentVacancyEditsStayWithinCapacity(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 0)
		setCapacity(t, s, w.hostel.ID, 10)
		annex, err := s.AddVacancy(ctx, w.hostel.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Annex", Places: 0})
		if err != nil {
			t.Fatal(err)
		}
		var second error
		done := make(chan struct{})
		err = s.Tx(ctx, func(tx *models.Store) error {
			if _, err := tx.UpdateVacancy(ctx, w.hostel.ID, w.beds.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Beds", Places: 6}); err != nil {
				return err
			}
			go func() {
				defer close(done)
				_, second = s.UpdateVacancy(ctx, w.hostel.ID, annex.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Annex", Places: 6})
			}()
			// The other manager saves while this edit is not yet committed.
			time.Sleep(300 * time.Millisecond)
			return nil
		})
		<-done
		if err != nil {
			t.Fatal(err)
		}
		var sum int
		s.Gorm().Table("vacancies").Where("service_id = ?", w.hostel.ID).Select("COALESCE(SUM(places), 0)").Scan(&sum)
		if !errors.Is(second, models.ErrInvalid) || sum != 6 {
			t.Fatalf("the second edit is refused once the first is counted: %v; %d places listed for 10 beds", second, sum)
		}
	})
}

func setCapacity(t *testing.T, s *models.Store, serviceID int64, n int) {
	t.Helper()
	if err := s.Gorm().Exec("UPDATE services SET capacity = ? WHERE id = ?", n, serviceID).Error; err != nil {
		t.Fatal(err)
	}
}

func moveOn(t *testing.T, s *models.Store, w *placementWorld, placementID int64) *models.Placement {
	t.Helper()
	p, err := s.MoveOn(ctx, everyRow, w.hostelAuthor(), placementID, models.MoveOnInput{Date: models.DateOf(time.Now().In(models.London)),
		Reason: "planned", Destination: "social_tenancy", FreePlace: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
