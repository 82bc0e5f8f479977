package models_test

import (
	"errors"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

func serviceInput(sv *models.Service) models.ServiceInput {
	return models.ServiceInput{OrganisationID: sv.OrganisationID, Name: sv.Name, Type: sv.Type, Confidential: sv.Confidential,
		Phone: sv.Phone, LAIDs: sv.LAIDs}
}

// Rules 4 and 5 copy a service's confidential flag onto everything it
// writes, some of it append-only. Once a service holds records the flag is
// fixed: changing it, directly or by becoming a refuge, names the field
// and leaves the service and its records as they were.
func TestConfidentialityIsFixedOnceAServiceHoldsRecords(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		if _, err := s.AddNote(ctx, all, w.by(), w.person.ID, models.NoteInput{Body: "seen today"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.StartAssessment(ctx, all, all, w.by(), w.person.ID, models.AssessmentStart{}); err != nil {
			t.Fatal(err)
		}

		secret := serviceInput(w.hostel)
		secret.Confidential = true
		refuge := serviceInput(w.hostel)
		refuge.Type = models.Refuge
		for name, in := range map[string]models.ServiceInput{"ticking confidential": secret, "becoming a refuge": refuge} {
			_, err := s.UpdateService(ctx, w.hostel.ID, in)
			var fe models.FieldErrors
			if !errors.As(err, &fe) || !strings.Contains(fe["confidential"], "cannot change once it holds records") {
				t.Errorf("%s: want a refusal naming confidential, got %v", name, err)
			}
		}
		sv, err := s.Service(ctx, w.hostel.ID)
		if err != nil || sv.Confidential || sv.Type != models.Hostel {
			t.Fatalf("the service is unchanged: %v %+v", err, sv)
		}
		for _, table := range []string{"involvements", "case_notes", "assessments"} {
			var rows, open int64
			s.Gorm().Table(table).Where("service_id = ?", w.hostel.ID).Count(&rows)
			s.Gorm().Table(table).Where("service_id = ? AND confidential = ?", w.hostel.ID, false).Count(&open)
			if rows == 0 || open != rows {
				t.Errorf("%s: %d of %d rows still carry the service's flag", table, open, rows)
			}
		}

		// Other edits of a service with records go through.
		renamed := serviceInput(w.hostel)
		renamed.Name = "Hostel North"
		if sv, err := s.UpdateService(ctx, w.hostel.ID, renamed); err != nil || sv.Name != "Hostel North" {
			t.Errorf("renaming a service with records: %v", err)
		}

		// A service with no records yet may still change: nothing carries
		// the old flag.
		b := modeltest.Build(t, s)
		fresh := b.Service(b.Org("New Org"), "New Hostel", models.Hostel, w.la)
		in := serviceInput(fresh)
		in.Confidential = true
		if sv, err := s.UpdateService(ctx, fresh.ID, in); err != nil || !sv.Confidential {
			t.Fatalf("a service with no records becomes confidential: %v", err)
		}
		in.Confidential = false
		if sv, err := s.UpdateService(ctx, fresh.ID, in); err != nil || sv.Confidential {
			t.Fatalf("and back again: %v", err)
		}
	})
}
