package models_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// rollupRows reads every row of the street-contact rollups as text, sorted,
// so two states of the tables compare with reflect.DeepEqual.
func rollupRows(t *testing.T, s *models.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, cols := range map[string]string{
		"street_contact_cells":    "month, la_id, service_id, tile_x, tile_y, person_id, confidential, contacts",
		"street_contact_presence": "epoch, la_id, service_id, tile_x, tile_y, person_id, confidential, months",
	} {
		rows, err := s.Gorm().Raw("SELECT " + cols + " FROM " + table).Rows()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]any, 8)
			ptrs := make([]any, 8)
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if tm, ok := vals[0].(time.Time); ok { // PostgreSQL's DATE
				vals[0] = tm.Format("2006-01-02")
			}
			out[table] = append(out[table], fmt.Sprintf("%v", vals))
		}
		rows.Close()
		sort.Strings(out[table])
	}
	return out
}

// assertRollupsRebuilt is the invariant every write that moves street
// contacts must keep: the rollups equal what a rebuild from scratch gives.
// It rebuilds (so call it last, or on a store you no longer compare).
func assertRollupsRebuilt(t *testing.T, s *models.Store, after string) {
	t.Helper()
	got := rollupRows(t, s)
	if err := s.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
	if want := rollupRows(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("after %s the rollups differ from a rebuild from scratch:\n got  %d cells, %d presence rows\n want %d cells, %d presence rows",
			after, len(got["street_contact_cells"]), len(got["street_contact_presence"]),
			len(want["street_contact_cells"]), len(want["street_contact_presence"]))
	}
}

// Rebuilding the rollups for some people touches only their rows: a merge
// rebuilt for the two records once ran the whole-table DELETE first, and
// every hotspot map, flow and pack of the area went blank.
func TestRebuildingSomePeoplesRollupsKeepsEveryoneElses(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		hw := w.b.User("Hal", w.hostel, models.RoleWorker)
		other := w.b.Person("Olga", "Bystander", hw, w.hostel)
		dup := w.b.Person("David", "Stone", hw, w.hostel)
		now := time.Now()
		var cs []rawContact
		for i, p := range []int64{w.person.ID, dup.ID, other.ID, other.ID, 0} {
			cs = append(cs, rawContact{person: p, at: now.AddDate(0, -i, 0), tileX: 32526 + i, tileY: 21590, la: w.la.ID})
		}
		loadContacts(t, s, w, cs)
		before := rollupRows(t, s)
		if len(before["street_contact_cells"]) != 5 || len(before["street_contact_presence"]) != 4 {
			t.Fatalf("fixture: %d cells, %d presence rows", len(before["street_contact_cells"]), len(before["street_contact_presence"]))
		}
		if err := s.RebuildStreetContactCells(ctx, w.person.ID, dup.ID); err != nil {
			t.Fatal(err)
		}
		if got := rollupRows(t, s); !reflect.DeepEqual(got, before) {
			t.Errorf("a rebuild for two people changed the rollups:\n before %v\n after  %v", before, got)
		}
		assertRollupsRebuilt(t, s, "a rebuild for two people")
	})
}
