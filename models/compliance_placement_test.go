package models_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/reports"
)

// addPlacements adds the hostel's placements. Worked by hand against the
// default placement rules (start, move-on reason, move-on destination),
// March 2025:
//
//	P1 Ada  open since January: move-on not due              0 of 1
//	P2 Bob  moved on 12 March, planned, no destination        1 of 3
//	P3 Cat  moved on in February: not counted
//	P4 Gus  moved on 5 April: open in March, move-on not due  0 of 1
//	P5 Dan  moved on 25 March, evicted, destination "not
//	        known"                                            1 of 3
//	P6 Eve  placed 10 March, open                             0 of 1
//	records 5, required 9, missing 2: 100 × 7/9 = 77.8
func addPlacements(t *testing.T, w *complianceWorld) map[string]int64 {
	t.Helper()
	at := func(month time.Month, day int) time.Time { return time.Date(2025, month, day, 12, 0, 0, 0, time.UTC) }
	ids := map[string]int64{}
	add := func(key, person string, started time.Time, movedOn any, reason, destination string) {
		t.Helper()
		var id int64
		err := w.s.Gorm().Raw(`INSERT INTO placements (person_id, service_id, confidential, started_at, created_by_user_id, move_on_reason, move_on_destination, moved_on_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, w.people[person].ID, w.hostel.ID, false, started, w.manager.ID, reason, destination, movedOn).Scan(&id).Error
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		ids[key] = id
	}
	add("P1", "ada", at(1, 5), nil, "", "")
	add("P2", "bob", at(2, 1), at(3, 12), "planned", "")
	add("P3", "cat", at(2, 1), at(2, 20), "planned", "social_tenancy")
	add("P4", "gus", at(2, 1), at(4, 5), "planned", "private_tenancy")
	add("P5", "dan", at(2, 1), at(3, 25), "evicted", "unknown")
	add("P6", "eve", at(3, 10), nil, "", "")
	return ids
}

func TestPlacementComplianceMatchesTheHandWorkedFixture(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		ids := addPlacements(t, w)
		q := marchQuery()
		q.Types = []string{"placement"}
		q.Names = allPeople
		sc := reports.Score(march2025, reports.DefaultRules(), readRecords(t, s, q))
		if len(sc) != 1 {
			t.Fatalf("%d services", len(sc))
		}
		h := sc[0]
		if got := fmt.Sprintf("%d records, %d of %d missing, %.1f", h.Records, h.Missing, h.Required, h.Score); got != "5 records, 2 of 9 missing, 77.8" {
			t.Errorf("hostel placements: %s; want 5 records, 2 of 9 missing, 77.8", got)
		}
		var got []string
		for _, n := range h.Named {
			got = append(got, fmt.Sprintf("%d %s %s", n.ID, n.Link, n.Missing[0].Key))
		}
		sort.Strings(got)
		want := []string{
			fmt.Sprintf("%d /placements/%d/move-on/amend move_on_destination", ids["P2"], ids["P2"]),
			fmt.Sprintf("%d /placements/%d/move-on/amend move_on_destination", ids["P5"], ids["P5"]),
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("named list\n got %q\nwant %q", got, want)
		}

		// The pack's placements: people placed in March, and move-ons.
		all := models.NewScope("test: every placement", "1 = 1", nil)
		out, err := s.PlacementOutcomes(ctx, all, w.hostel.LAIDs[0], march2025.Start(london), march2025.End(london))
		if err != nil {
			t.Fatal(err)
		}
		if out.Started != 1 || fmt.Sprint(out.MoveOns) != "[{ planned 1} {unknown evicted 1}]" {
			t.Errorf("outcomes = %+v", out)
		}
		if none, _ := s.PlacementOutcomes(ctx, models.Nothing, w.hostel.LAIDs[0], march2025.Start(london), march2025.End(london)); none.Started != 0 || len(none.MoveOns) != 0 {
			t.Errorf("the zero scope counts %+v", none)
		}
	})
}
