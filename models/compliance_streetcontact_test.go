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

// Street contacts recorded by the hostel's outreach, worked by hand against
// the default rules (point, time, site type), March 2025:
//
//	S1 Ada         5 March, everything recorded               0 of 3
//	S2 not known   6 March, no site type (imported)           1 of 3
//	S3 Bob         7 March, point 0,0 (none given)            1 of 3
//	S4 Cat         in February: not counted
//	records 3, required 9, missing 2: 100 × 7/9 = 77.8
func TestStreetContactComplianceMatchesTheHandWorkedFixture(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		ids := map[string]int64{}
		add := func(key string, person any, seen time.Time, lat, lon float64, site string) {
			t.Helper()
			var id int64
			err := s.Gorm().Raw(`INSERT INTO street_contacts (person_id, description, service_id, user_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?) RETURNING id`, person, "tall, green coat", w.hostel.ID, w.manager.ID, false, seen, lat, lon,
				w.hostel.LAIDs[0], site, seen).Scan(&id).Error
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			ids[key] = id
		}
		at := func(month time.Month, day int) time.Time { return time.Date(2025, month, day, 23, 0, 0, 0, time.UTC) }
		add("S1", w.people["ada"].ID, at(3, 5), 52.7, -1.3, "doorway")
		add("S2", nil, at(3, 6), 52.7, -1.3, "")
		add("S3", w.people["bob"].ID, at(3, 7), 0, 0, "tent")
		add("S4", w.people["cat"].ID, at(2, 7), 52.7, -1.3, "park")

		q := marchQuery()
		q.Types = []string{"street_contact"}
		q.Names = allPeople
		sc := reports.Score(march2025, reports.DefaultRules(), readRecords(t, s, q))
		if len(sc) != 1 {
			t.Fatalf("%d services", len(sc))
		}
		h := sc[0]
		if got := fmt.Sprintf("%d records, %d of %d missing, %.1f", h.Records, h.Missing, h.Required, h.Score); got != "3 records, 2 of 9 missing, 77.8" {
			t.Errorf("street contacts: %s; want 3 records, 2 of 9 missing, 77.8", got)
		}
		var got []string
		for _, n := range h.Named {
			got = append(got, fmt.Sprintf("%d %q %s %s", n.ID, n.Label, n.Link, n.Missing[0].Key))
		}
		sort.Strings(got)
		want := []string{
			fmt.Sprintf("%d %q /street-contacts/%d site_type", ids["S2"], "", ids["S2"]),
			fmt.Sprintf("%d %q /street-contacts/%d point", ids["S3"], "Bob", ids["S3"]),
		}
		sort.Strings(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("named list\n got %q\nwant %q", got, want)
		}
	})
}
