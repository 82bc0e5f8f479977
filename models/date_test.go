package models_test

import (
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

func TestADateOfBirthMayBeKnownOnlyToTheMonthOrYear(t *testing.T) {
	for _, c := range []struct {
		in, stored, shown, precision string
	}{
		{"1971", "1971", "1971", "year"},
		{"1971-03", "1971-03", "March 1971", "month"},
		{"1971-03-14", "1971-03-14", "14 Mar 1971", "day"},
		{"14/03/1971", "1971-03-14", "14 Mar 1971", "day"},
		{"3/1971", "1971-03", "March 1971", "month"},
	} {
		d, err := models.ParseBirthDate(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if d.String() != c.stored || d.Shown() != c.shown || d.Precision() != c.precision {
			t.Errorf("%q: stored %q shown %q precision %q", c.in, d.String(), d.Shown(), d.Precision())
		}
	}
	for _, bad := range []string{"71", "1971-3", "1971-13", "1971-02-30", "1971-00", "19710314", "1971-03-14-01", "March 1971", "-1971", "1971/03"} {
		if d, err := models.ParseBirthDate(bad); err == nil {
			t.Errorf("%q accepted as %v", bad, d)
		}
	}
	// Other dates (a review, a move-on) must be full.
	if _, err := models.ParseDate("1971"); err == nil {
		t.Error("ParseDate accepted a year")
	}
}

func TestAPartialDateIsInTheFutureOnlyWhenAllOfItIs(t *testing.T) {
	today := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	for in, future := range map[string]bool{"2026": false, "2027": true, "2026-12": false, "2027-01": true, "2026-12-07": false, "2026-12-08": true} {
		d, _ := models.ParseBirthDate(in)
		if d.After(today) != future {
			t.Errorf("%s: future = %v", in, !future)
		}
	}
}

// A year or month of birth is stored as such, and a search by date of
// birth finds every record that could be that date.
func TestPartialDatesOfBirthAreStoredAndMatchedAsSuch(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, la)
		u := b.User("Worker", hostel, models.RoleWorker)
		by := models.Author{UserID: u.ID, ServiceID: hostel.ID}
		ids := map[string]int64{}
		for _, dob := range []string{"1971", "1971-03", "1971-03-14", "1971-03-15", "1971-04", "1972"} {
			d, _ := models.ParseBirthDate(dob)
			p, err := s.CreatePerson(ctx, by, models.PersonInput{GivenName: "Sam", FamilyName: "Born" + dob, DOB: d})
			if err != nil {
				t.Fatalf("%s: %v", dob, err)
			}
			ids[dob] = p.ID
			got, err := s.Person(ctx, all, p.ID)
			if err != nil || got.DOB.String() != dob {
				t.Fatalf("%s stored as %q (%v)", dob, got.DOB.String(), err)
			}
		}
		for query, want := range map[string][]string{
			"1971-03-14": {"1971", "1971-03", "1971-03-14"},
			"1971-03":    {"1971", "1971-03", "1971-03-14", "1971-03-15"},
			"1971":       {"1971", "1971-03", "1971-03-14", "1971-03-15", "1971-04"},
		} {
			d, _ := models.ParseBirthDate(query)
			people, _, err := s.People(ctx, all, models.PersonFilter{DOB: d})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]bool{}
			for _, p := range people {
				got[p.ID] = true
			}
			if len(got) != len(want) {
				t.Errorf("born %s: %d people, want %d", query, len(got), len(want))
			}
			for _, w := range want {
				if !got[ids[w]] {
					t.Errorf("born %s: missing the person recorded as %s", query, w)
				}
			}
		}
		if _, err := s.CreatePerson(ctx, by, models.PersonInput{GivenName: "Sam", DOB: models.Date{Year: time.Now().Year() + 1}}); !isFieldError(err, "dob") {
			t.Errorf("a year of birth in the future: %v", err)
		}
	})
}

func isFieldError(err error, field string) bool {
	fe, ok := err.(models.FieldErrors)
	return ok && fe[field] != ""
}
