package models_test

import (
	"errors"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// outreachWorld is a small area with an outreach service, a hostel and a
// person the hostel recorded.
type outreachWorld struct {
	b        *modeltest.Builder
	la       *models.LocalAuthority
	outreach *models.Service
	hostel   *models.Service
	worker   *models.User
	person   *models.Person
}

func newOutreachWorld(t *testing.T, s *models.Store) *outreachWorld {
	b := modeltest.Build(t, s)
	w := &outreachWorld{b: b, la: b.LA("Northmoor")}
	org := b.Org("Open Door")
	w.outreach = b.Service(org, "Street Outreach", models.Outreach, w.la)
	w.hostel = b.Service(org, "Hostel", models.Hostel, w.la)
	w.worker = b.User("Olu", w.outreach, models.RoleWorker)
	hw := b.User("Hana", w.hostel, models.RoleWorker)
	w.person = b.Person("Dave", "Stone", hw, w.hostel)
	return w
}

func (w *outreachWorld) author() models.Author {
	return models.Author{UserID: w.worker.ID, ServiceID: w.outreach.ID}
}

func (w *outreachWorld) input() models.StreetContactInput {
	lat, lon := 52.63, -1.33
	return models.StreetContactInput{Lat: &lat, Lon: &lon, SiteType: "doorway", TileX: 32526, TileY: 21590, LAID: &w.la.ID}
}

func countRows(t *testing.T, s *models.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStreetContactWithKnownPersonOpensOutreachInvolvement(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		in := w.input()
		in.PersonID = &w.person.ID
		sc, err := s.CreateStreetContact(ctx, allNotes, w.author(), in)
		if err != nil {
			t.Fatal(err)
		}
		if sc.PersonID == nil || *sc.PersonID != w.person.ID || *sc.LAID != w.la.ID || sc.TileX != 32526 || sc.Confidential {
			t.Errorf("stored contact %+v", sc)
		}
		invs, err := s.Involvements(ctx, allNotes, w.person.ID)
		if err != nil {
			t.Fatal(err)
		}
		var found *models.Involvement
		for i := range invs {
			if invs[i].ServiceID == w.outreach.ID {
				found = &invs[i]
			}
		}
		if found == nil || found.Source != models.SourceStreetContact || !found.Open() {
			t.Fatalf("outreach involvement after a street contact: %+v", invs)
		}
		// A second contact keeps the one involvement and counts twice in
		// the same rollup cell.
		if _, err := s.CreateStreetContact(ctx, allNotes, w.author(), in); err != nil {
			t.Fatal(err)
		}
		var cells []struct{ PersonID, Contacts int64 }
		s.Gorm().Table("street_contact_cells").Select("person_id, contacts").Scan(&cells)
		if len(cells) != 1 || cells[0].PersonID != w.person.ID || cells[0].Contacts != 2 {
			t.Errorf("rollup after two contacts: %+v", cells)
		}
		if n := countRows(t, s, "involvements"); n != 2 {
			t.Errorf("involvements: %d, want the hostel's and one outreach", n)
		}
	})
}

func TestStreetContactWithNewOrUnknownPerson(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		in := w.input()
		in.NewPerson = &models.PersonInput{GivenName: "Kim", FamilyName: "Reyes"}
		sc, err := s.CreateStreetContact(ctx, allNotes, w.author(), in)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Person(ctx, allNotes, *sc.PersonID)
		if err != nil || p.GivenName != "Kim" || p.CreatedByServiceID != w.outreach.ID {
			t.Fatalf("new person: %+v %v", p, err)
		}
		in = w.input()
		in.Description = "  woman, 30s, red coat  "
		sc, err = s.CreateStreetContact(ctx, allNotes, w.author(), in)
		if err != nil {
			t.Fatal(err)
		}
		if sc.PersonID != nil || sc.Description != "woman, 30s, red coat" {
			t.Errorf("unknown person contact: %+v", sc)
		}
		var unknown int64
		s.Gorm().Table("street_contact_cells").Where("person_id = 0").Select("SUM(contacts)").Scan(&unknown)
		if unknown != 1 {
			t.Errorf("unknown contacts in the rollup: %d", unknown)
		}
	})
}

func TestStreetContactInputIsChecked(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		future, old := models.Now().Add(time.Hour), models.Now().Add(-40*24*time.Hour)
		bad := 91.0
		cases := []struct {
			name  string
			edit  func(*models.StreetContactInput)
			field string
		}{
			{"no point", func(in *models.StreetContactInput) { in.Lat, in.Lon = nil, nil; in.Description = "x" }, "lat"},
			{"latitude out of range", func(in *models.StreetContactInput) { in.Lat = &bad; in.Description = "x" }, "lat"},
			{"unknown site type", func(in *models.StreetContactInput) { in.SiteType = "sofa"; in.Description = "x" }, "site_type"},
			{"in the future", func(in *models.StreetContactInput) { in.SeenAt = &future; in.Description = "x" }, "seen_at"},
			{"weeks ago", func(in *models.StreetContactInput) { in.SeenAt = &old; in.Description = "x" }, "seen_at"},
			{"nobody", func(in *models.StreetContactInput) {}, "person"},
			{"two ways of saying who", func(in *models.StreetContactInput) { in.PersonID = &w.person.ID; in.Description = "x" }, "person"},
			{"new person without a name", func(in *models.StreetContactInput) { in.NewPerson = &models.PersonInput{} }, "new_person.given_name"},
		}
		for _, tc := range cases {
			in := w.input()
			tc.edit(&in)
			_, err := s.CreateStreetContact(ctx, allNotes, w.author(), in)
			var fe models.FieldErrors
			if !errors.As(err, &fe) || fe[tc.field] == "" {
				t.Errorf("%s: want an error on %s, got %v", tc.name, tc.field, err)
			}
		}
		for _, table := range []string{"street_contacts", "street_contact_cells"} {
			if n := countRows(t, s, table); n != 0 {
				t.Errorf("%s holds %d rows after refused input", table, n)
			}
		}
		if n := countRows(t, s, "people"); n != 1 {
			t.Errorf("a refused new person was stored anyway: %d people", n)
		}
	})
}

// A person the worker may not see is "no such person", exactly like a
// missing id, and nothing is written.
func TestStreetContactWithHiddenPersonIsRefused(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		for _, id := range []int64{w.person.ID, 999999} {
			in := w.input()
			in.PersonID = &id
			_, err := s.CreateStreetContact(ctx, models.Nothing, w.author(), in)
			var fe models.FieldErrors
			if !errors.As(err, &fe) || fe["person_id"] != "no such person" {
				t.Errorf("person %d: got %v", id, err)
			}
		}
		if n := countRows(t, s, "street_contacts"); n != 0 {
			t.Errorf("%d contacts stored", n)
		}
		if n := countRows(t, s, "involvements"); n != 1 {
			t.Errorf("an involvement was opened for a refused contact")
		}
	})
}

func TestLastStreetContactIsTheNewest(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		if _, err := s.LastStreetContact(ctx, allNotes, w.person.ID); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("no contacts yet: %v", err)
		}
		for _, ago := range []time.Duration{72 * time.Hour, time.Hour, 24 * time.Hour} {
			in := w.input()
			in.PersonID = &w.person.ID
			at := models.Now().Add(-ago)
			in.SeenAt = &at
			if _, err := s.CreateStreetContact(ctx, allNotes, w.author(), in); err != nil {
				t.Fatal(err)
			}
		}
		last, err := s.LastStreetContact(ctx, allNotes, w.person.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := models.Now().Sub(last.SeenAt.Time); d < 59*time.Minute || d > 62*time.Minute || last.LAName != "Northmoor" {
			t.Errorf("last contact %+v (%s ago)", last, d)
		}
	})
}

// New boundaries move contacts (and alerts with a pin) to the LA their
// point now falls in, and the rollup follows.
func TestReassignStreetContactLAs(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		east := w.b.LA("Eastwold")
		for _, lon := range []float64{-1.5, -1.2, -1.1} {
			in := w.input()
			in.Lon, in.Description = &lon, "someone"
			if _, err := s.CreateStreetContact(ctx, allNotes, w.author(), in); err != nil {
				t.Fatal(err)
			}
		}
		lat, lon := 52.6, -1.0
		if _, err := s.CreateAlert(ctx, models.AlertInput{Lat: &lat, Lon: &lon, Description: "a man by the canal lock"}, nil); err != nil {
			t.Fatal(err)
		}
		// The new line: east of -1.25 is Eastwold, west of -1.45 nowhere.
		locate := func(lat, lon float64) *int64 {
			switch {
			case lon > -1.25:
				return &east.ID
			case lon > -1.45:
				return &w.la.ID
			}
			return nil
		}
		moved, err := s.ReassignStreetContactLAs(ctx, locate, nil)
		if err != nil || moved != 3 {
			t.Fatalf("moved %d (%v), want 3 (two to Eastwold, one out of the area)", moved, err)
		}
		var byLA []struct {
			LaID *int64
			N    int
		}
		s.Gorm().Table("street_contacts").Select("la_id, COUNT(*) AS n").Group("la_id").Order("la_id").Scan(&byLA)
		var cells []struct {
			LaID     int64
			Contacts int
		}
		s.Gorm().Table("street_contact_cells").Select("la_id, SUM(contacts) AS contacts").Group("la_id").Order("la_id").Scan(&cells)
		if len(cells) != 2 || cells[0].LaID != 0 || cells[0].Contacts != 1 || cells[1].LaID != east.ID || cells[1].Contacts != 2 {
			t.Errorf("rollup by LA after the move: %+v (contacts %+v)", cells, byLA)
		}
		var alertLA *int64
		s.Gorm().Table("public_alerts").Select("la_id").Scan(&alertLA)
		if alertLA == nil || *alertLA != east.ID {
			t.Errorf("the alert's LA was not recomputed: %v", alertLA)
		}
		if again, err := s.ReassignStreetContactLAs(ctx, locate, nil); err != nil || again != 0 {
			t.Errorf("a second run moved %d (%v)", again, err)
		}
	})
}

// A merge moves the duplicate's street contacts to the survivor, and the
// hotspot rollups then count the two records as the one person they are.
func TestMergeMovesStreetContactsAndRecountsThem(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		hw := w.b.User("Hal", w.hostel, models.RoleWorker)
		dup := w.b.Person("Dave", "Stone", hw, w.hostel)
		for _, id := range []int64{w.person.ID, dup.ID} {
			in := w.input()
			in.PersonID = &id
			if _, err := s.CreateStreetContact(ctx, allNotes, w.author(), in); err != nil {
				t.Fatal(err)
			}
		}
		admin := models.Author{UserID: hw.ID, ServiceID: w.hostel.ID}
		if _, err := s.MergePeople(ctx, allNotes, admin, w.person.ID, models.MergeInput{MergeID: dup.ID, Reason: "same man, same date of birth"}); err != nil {
			t.Fatal(err)
		}
		var moved int64
		s.Gorm().Table("street_contacts").Where("person_id = ?", w.person.ID).Count(&moved)
		var cells []struct{ PersonID, Contacts int64 }
		s.Gorm().Table("street_contact_cells").Select("person_id, contacts").Scan(&cells)
		var presence int64
		s.Gorm().Table("street_contact_presence").Count(&presence)
		if moved != 2 || len(cells) != 1 || cells[0].PersonID != w.person.ID || cells[0].Contacts != 2 || presence != 1 {
			t.Errorf("after the merge: %d contacts moved, cells %+v, %d presence rows", moved, cells, presence)
		}
		got, err := s.HotspotCells(ctx, allNotes, allNotes, allNotes, models.HotspotQuery{From: models.Now().Add(-24 * time.Hour), To: models.Now().Add(time.Hour)})
		if err != nil || len(got) != 1 || got[0].People != 1 || got[0].Contacts != 2 {
			t.Errorf("the merged person counts once: %+v %v", got, err)
		}
	})
}

// The outreach map draws up to the limit it asks for, past the 500 that
// bounds a list page, and says when there were more.
func TestStreetContactPinsReachTheMapsLimit(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		now := models.Now()
		rows := make([]models.StreetContact, 700)
		for i := range rows {
			rows[i] = models.StreetContact{Description: "man in a doorway", ServiceID: w.outreach.ID, SeenAt: now.Add(-time.Duration(i) * time.Minute),
				Lat: 52.63, Lon: -1.33, TileX: 32526, TileY: 21590, LAID: &w.la.ID, SiteType: "doorway", CreatedAt: now}
		}
		if err := s.Gorm().CreateInBatches(rows, 100).Error; err != nil {
			t.Fatal(err)
		}
		f := models.PinFilter{From: now.Add(-24 * time.Hour), To: now.Add(time.Minute), Limit: 3000}
		pins, truncated, err := s.StreetContactPins(ctx, allNotes, f)
		if err != nil || len(pins) != 700 || truncated {
			t.Fatalf("asked for up to 3,000: got %d, truncated %v, %v", len(pins), truncated, err)
		}
		f.Limit = 650
		if pins, truncated, _ = s.StreetContactPins(ctx, allNotes, f); len(pins) != 650 || !truncated {
			t.Errorf("asked for 650 of 700: got %d, truncated %v", len(pins), truncated)
		}
	})
}
