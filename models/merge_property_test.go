package models_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// mergeArea is a small seeded area whose people have records of every kind
// that follows a person into a merge: involvements at several services
// (a refuge's among them), notes, consents, gap events and street contacts
// over many months.
type mergeArea struct {
	s        *models.Store
	la       *models.LocalAuthority
	services []*models.Service
	authors  []models.Author
	people   []int64
	admin    models.Author
}

func newMergeArea(t *testing.T, s *models.Store, seed uint64, n int) *mergeArea {
	t.Helper()
	b := modeltest.Build(t, s)
	r := rand.New(rand.NewPCG(seed, 99))
	w := &mergeArea{s: s, la: b.LA("Northmoor")}
	org := b.Org("Trust")
	for i, typ := range []models.ServiceType{models.Hostel, models.Outreach, models.DayCentre, models.Refuge} {
		sv := b.Service(org, fmt.Sprintf("Service %d", i), typ, w.la)
		u := b.User(fmt.Sprintf("Worker %d", i), sv, models.RoleWorker)
		w.services = append(w.services, sv)
		w.authors = append(w.authors, models.Author{UserID: u.ID, ServiceID: sv.ID})
	}
	area := b.Service(b.Org("Area"), "Area Team", models.AreaTeam, w.la)
	w.admin = models.Author{UserID: b.User("Admin", area, models.RoleAreaAdmin).ID, ServiceID: area.ID}
	given := []string{"Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal"}
	for i := range n {
		by := w.authors[r.IntN(3)]
		in := models.PersonInput{GivenName: given[i%len(given)], FamilyName: fmt.Sprintf("Family%d", i%5)}
		if r.IntN(3) > 0 {
			in.DOB = models.Date{Year: 1970 + r.IntN(30), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}
		}
		if r.IntN(4) == 0 {
			in.Phone = fmt.Sprintf("07700 900%03d", i)
		}
		if r.IntN(5) == 0 {
			in.Aliases = []models.Alias{{GivenName: "Alias", FamilyName: fmt.Sprintf("Known%d", i)}}
		}
		p, err := s.CreatePerson(ctx, by, in)
		if err != nil {
			t.Fatal(err)
		}
		w.people = append(w.people, p.ID)
		for _, a := range w.authors {
			if a.ServiceID != by.ServiceID && r.IntN(3) == 0 {
				if _, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: p.ID, ServiceID: a.ServiceID, UserID: a.UserID, Source: models.SourceWorkingWith}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for range r.IntN(3) {
			if _, err := s.AddNote(ctx, all, by, p.ID, models.NoteInput{Body: "note"}); err != nil {
				t.Fatal(err)
			}
		}
		if r.IntN(2) == 0 {
			pid := p.ID
			if err := s.RecordGap(ctx, models.GapEvent{PersonID: &pid, Kind: models.GapNoMatch, Reason: "no_vacancy", LAID: &w.la.ID, DedupeKey: fmt.Sprintf("prop:%d", pid)}); err != nil {
				t.Fatal(err)
			}
		}
		// Street contacts over the last two years, some in the same cells.
		for range r.IntN(4) {
			at := time.Now().AddDate(0, -r.IntN(24), -r.IntN(27))
			err := s.Gorm().Exec(`INSERT INTO street_contacts (person_id, description, service_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
				VALUES (?, '', ?, false, ?, 52.6, -1.3, ?, ?, ?, 'doorway', ?)`, p.ID, w.services[1].ID, at, 32526+r.IntN(3), 21590+r.IntN(2), w.la.ID, at).Error
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
	return w
}

// personTablesOf are the tables whose rows follow a person into a merge.
var personTablesOf = []string{"involvements", "case_notes", "assessments", "cases", "consents", "safety_plans",
	"notifications", "referrals", "placements", "priority_adjustments", "street_contacts", "gap_events", "tasks"}

// areaState is everything a merge may change, as text, so two states
// compare with reflect.DeepEqual: which person each row belongs to, the
// involvements' end, every person's identity, aliases and index keys.
func areaState(t *testing.T, s *models.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	q := func(name, sql string) {
		rows, err := s.Gorm().Raw(sql).Rows()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				switch x := v.(type) {
				case []byte:
					vals[i] = string(x)
				case time.Time:
					vals[i] = x.UTC().Format(time.RFC3339)
				}
			}
			out[name] = append(out[name], fmt.Sprintf("%v", vals))
		}
		sort.Strings(out[name])
	}
	for _, table := range personTablesOf {
		q(table, "SELECT id, person_id FROM "+table)
	}
	q("involvement ends", "SELECT id, ended_at IS NULL, end_reason FROM involvements")
	q("people", "SELECT id, merged_into_id, given_name, family_name, dob, estimated_birth_year, gender, phone, email, nationality, immigration_status, local_connection_la_id, safety_flag, safety_contact FROM people")
	q("aliases", "SELECT person_id, given_name, family_name FROM person_aliases")
	q("name keys", "SELECT person_id, key FROM person_name_keys")
	return out
}

// assertDerivedRebuilt checks what every write that moves records must
// keep: the rollups and the name index equal a rebuild from scratch, and
// no row belongs to a merged-away record.
func assertDerivedRebuilt(t *testing.T, s *models.Store, after string) {
	t.Helper()
	for _, table := range personTablesOf {
		var n int64
		s.Gorm().Raw("SELECT COUNT(*) FROM " + table + " x JOIN people p ON p.id = x.person_id WHERE p.merged_into_id IS NOT NULL").Scan(&n)
		if n > 0 {
			t.Errorf("after %s: %d %s rows belong to a merged-away record", after, n, table)
		}
	}
	var people []models.Person
	if err := s.Gorm().Preload("Aliases").Find(&people).Error; err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		var stored []string
		s.Gorm().Raw("SELECT key FROM person_name_keys WHERE person_id = ? ORDER BY key", p.ID).Scan(&stored)
		want := models.PersonKeys(&p)
		if p.MergedIntoID != nil {
			want = nil
		}
		slices.Sort(want)
		if !slices.Equal(stored, want) {
			t.Errorf("after %s: person %d's name keys differ from a rebuild (%d stored, %d rebuilt)", after, p.ID, len(stored), len(want))
		}
	}
	if s.Dialect() == models.Postgres { // the trigram names follow the whole-name keys
		var stale int64
		s.Gorm().Raw(`SELECT COUNT(*) FROM (
			(SELECT person_id, name FROM person_names EXCEPT SELECT person_id, substr(key, 3) FROM person_name_keys WHERE key LIKE 'n:%' OR key LIKE 'a:%')
			UNION ALL
			(SELECT person_id, substr(key, 3) FROM person_name_keys WHERE key LIKE 'n:%' OR key LIKE 'a:%' EXCEPT SELECT person_id, name FROM person_names)) d`).Scan(&stale)
		if stale > 0 {
			t.Errorf("after %s: %d person_names rows differ from the whole-name keys", after, stale)
		}
	}
	got := rollupRows(t, s)
	if err := s.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
	if want := rollupRows(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("after %s the rollups differ from a rebuild from scratch", after)
	}
}

// Merging random pairs of a seeded area keeps every derived table equal to
// a rebuild from scratch after each merge, and splitting the merges again,
// newest first, brings every record back to the person it came from.
func TestMergesKeepEveryFigureAndSplitsUndoThem(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newMergeArea(t, s, 12, 24)
		before := areaState(t, s)
		r := rand.New(rand.NewPCG(7, 7))
		var merges []*models.PersonMerge
		alive := slices.Clone(w.people)
		for attempt := 0; attempt < 30 && len(merges) < 10; attempt++ {
			i, j := r.IntN(len(alive)), r.IntN(len(alive))
			if i == j {
				continue
			}
			state := areaState(t, s)
			m, err := s.MergePeople(ctx, all, w.admin, alive[i], models.MergeInput{MergeID: alive[j], Reason: "property test: same person"})
			if err != nil {
				// A refused merge changes nothing.
				if got := areaState(t, s); !reflect.DeepEqual(got, state) {
					t.Fatalf("a refused merge (%v) changed the area", err)
				}
				continue
			}
			merges = append(merges, m)
			alive = slices.Delete(alive, j, j+1)
			assertDerivedRebuilt(t, s, fmt.Sprintf("merge %d of %d into %d", len(merges), m.MergedID, m.SurvivorID))
		}
		if len(merges) < 5 {
			t.Fatalf("only %d merges went through", len(merges))
		}
		for i := len(merges) - 1; i >= 0; i-- {
			if _, err := s.SplitMerge(ctx, all, w.admin, merges[i].ID, models.SplitInput{Reason: "property test: two people"}); err != nil {
				t.Fatalf("split %d: %v", merges[i].ID, err)
			}
			assertDerivedRebuilt(t, s, fmt.Sprintf("splitting merge %d", merges[i].ID))
		}
		after := areaState(t, s)
		for k := range before {
			if !reflect.DeepEqual(before[k], after[k]) {
				t.Errorf("%s after merging and splitting everything differs from before:\n before %v\n after  %v", k, before[k], after[k])
			}
		}
	})
}
