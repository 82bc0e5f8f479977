package models_test

import (
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// A partner's look-up needs the full name and exact date of birth; case,
// accents, order and nicknames do not matter, anything else does.
func TestPartnerLookupMatchesFullNameAndExactDOB(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, b.LA("Northmoor"))
		u := b.User("Worker", hostel, models.RoleWorker)
		dob := models.Date{Year: 1975, Month: 9, Day: 30}
		p, err := s.CreatePerson(ctx, models.Author{UserID: u.ID, ServiceID: hostel.ID}, models.PersonInput{GivenName: "William", FamilyName: "Ó Briain", DOB: dob,
			Aliases: []models.Alias{{GivenName: "Liam", FamilyName: "O'Brien"}}})
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]bool{
			"William Ó Briain": true, "william o briain": true, "Ó Briain William": true, "Bill O Briain": true,
			"Liam O'Brien": true, "William O'Brien": true, "William": false, "William Smith": false, "Walter O Briain": false,
		} {
			got, err := s.PartnerLookup(ctx, allNotes, name, dob)
			if err != nil {
				t.Fatal(err)
			}
			if (len(got) == 1 && got[0].ID == p.ID) != want {
				t.Errorf("%q: found %d, want found=%v", name, len(got), want)
			}
		}
		if got, _ := s.PartnerLookup(ctx, allNotes, "William Ó Briain", models.Date{Year: 1975, Month: 9, Day: 3}); len(got) != 0 {
			t.Error("a different date of birth finds nobody")
		}
	})
}
