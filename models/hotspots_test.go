package models_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

type rawContact struct {
	person       int64 // 0: not known
	at           time.Time
	tileX, tileY int
	la           int64
}

// loadContacts writes contacts straight into the table (the model refuses
// contacts older than 30 days, and these span months) and rebuilds the
// rollup, as `gateway generate` does.
func loadContacts(t *testing.T, s *models.Store, w *outreachWorld, cs []rawContact) {
	t.Helper()
	for _, c := range cs {
		var person any
		if c.person != 0 {
			person = c.person
		}
		err := s.Gorm().Exec(`INSERT INTO street_contacts (person_id, description, service_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
			VALUES (?, '', ?, ?, ?, 52.6, -1.3, ?, ?, ?, 'doorway', ?)`, person, w.outreach.ID, false, c.at, c.tileX, c.tileY, c.la, c.at).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
}

// bruteCells counts the contacts in [from, to) per cell the slow, obvious
// way: the answer HotspotCells must give whichever mix of rollup and raw
// rows it reads.
func bruteCells(cs []rawContact, from, to time.Time, shift uint) []models.CellCount {
	type key struct{ x, y int }
	people := map[key]map[int64]bool{}
	out := map[key]*models.CellCount{}
	for _, c := range cs {
		if c.at.Before(from) || !c.at.Before(to) {
			continue
		}
		k := key{c.tileX >> shift, c.tileY >> shift}
		if out[k] == nil {
			out[k] = &models.CellCount{X: k.x, Y: k.y}
			people[k] = map[int64]bool{}
		}
		out[k].Contacts++
		if c.person == 0 {
			out[k].People++
		} else if !people[k][c.person] {
			people[k][c.person] = true
			out[k].People++
		}
	}
	list := []models.CellCount{}
	for _, c := range out {
		list = append(list, *c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Y != list[j].Y {
			return list[i].Y < list[j].Y
		}
		return list[i].X < list[j].X
	})
	return list
}

func TestHotspotCellsAgreeWithCountingEveryContact(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		rng := rand.New(rand.NewPCG(7, 7))
		lon := models.London
		// March to September 2026, with contacts either side of each London
		// midnight that starts a month (in BST from April: 23:xx UTC). The
		// presence rollup's 64-month epochs turn between August and September.
		// The people the contacts name must exist for the foreign key; their
		// ids are random, so the contacts pick from this list.
		hw := w.b.User("Helper", w.hostel, models.RoleWorker)
		ids := []int64{w.person.ID}
		for range 40 {
			ids = append(ids, w.b.Person("Extra", "Person", hw, w.hostel).ID)
		}
		var cs []rawContact
		start := time.Date(2026, 3, 1, 0, 0, 0, 0, lon)
		for i := 0; i < 900; i++ {
			at := start.Add(time.Duration(rng.Float64() * float64(214*24*time.Hour)))
			if i%10 == 0 {
				m := time.Date(2026, time.Month(3+rng.IntN(7)), 1, 0, 0, 0, 0, lon)
				at = m.Add(time.Duration(rng.IntN(120)-60) * time.Minute)
			}
			c := rawContact{at: at.UTC().Truncate(time.Microsecond), tileX: 32500 + rng.IntN(24), tileY: 21580 + rng.IntN(24), la: w.la.ID}
			if rng.IntN(8) > 0 {
				c.person = ids[rng.IntN(40)]
			}
			cs = append(cs, c)
		}
		loadContacts(t, s, w, cs)
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, lon).UTC() }
		ranges := [][2]time.Time{
			{day(3, 1), day(7, 1)},   // whole months only
			{day(3, 15), day(6, 10)}, // partial at both ends
			{day(4, 1), day(4, 20)},  // inside one month
			{day(2, 1), day(3, 2)},   // before the data, into it
			{day(3, 31), day(5, 1)},  // one day, then a whole month
			{day(6, 1).Add(-30 * time.Minute), day(6, 1).Add(30 * time.Minute)},
			{day(7, 1), day(10, 1)},  // whole months in two presence epochs
			{day(8, 20), day(9, 10)}, // partial months either side of the epoch turn
			{day(3, 1), day(10, 1)},
		}
		for _, r := range ranges {
			for _, shift := range []uint{0, 3, 6} {
				got, err := s.HotspotCells(ctx, allNotes, allNotes, allNotes, models.HotspotQuery{From: r[0], To: r[1], Shift: shift})
				if err != nil {
					t.Fatal(err)
				}
				want := bruteCells(cs, r[0], r[1], shift)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s..%s shift %d:\n got %v\nwant %v", r[0], r[1], shift, got, want)
				}
			}
		}
		// A viewport keeps whole cells only.
		got, err := s.HotspotCells(ctx, allNotes, allNotes, allNotes, models.HotspotQuery{From: day(3, 1), To: day(7, 1), Shift: 3,
			Tiles: models.TileRange{MinX: 32504, MinY: 21584, MaxX: 32511, MaxY: 21591}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].X != 32504>>3 || got[0].Y != 21584>>3 {
			t.Errorf("one-cell viewport: %v", got)
		}
	})
}

// The rollup written contact by contact is the one a rebuild computes.
func TestRollupWrittenWithContactsMatchesRebuild(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		rng := rand.New(rand.NewPCG(3, 4))
		for i := 0; i < 60; i++ {
			in := w.input()
			in.TileX, in.TileY = 32500+rng.IntN(3), 21580+rng.IntN(3)
			at := models.Now().Add(-time.Duration(rng.IntN(29*24)) * time.Hour)
			in.SeenAt = &at
			if rng.IntN(3) == 0 {
				in.Description = fmt.Sprintf("stranger %d", i)
			} else {
				in.PersonID = &w.person.ID
			}
			if _, err := s.CreateStreetContact(ctx, allNotes, w.author(), in); err != nil {
				t.Fatal(err)
			}
		}
		snapshot := func() []string {
			var rows []struct {
				Month                     models.Time
				LaID, ServiceID, PersonID int64
				TileX, TileY, Contacts    int
				Confidential              bool
			}
			err := s.Gorm().Table("street_contact_cells").Order("month, tile_x, tile_y, person_id").Scan(&rows).Error
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, fmt.Sprintf("%s %d %d %d,%d %d %d %v", r.Month.Format("2006-01-02"), r.LaID, r.ServiceID, r.TileX, r.TileY, r.PersonID, r.Contacts, r.Confidential))
			}
			return out
		}
		presence := func() []string {
			var rows []struct {
				Epoch, TileX, TileY       int
				LaID, ServiceID, PersonID int64
				Months                    int64
				Confidential              bool
			}
			if err := s.Gorm().Table("street_contact_presence").Order("epoch, tile_x, tile_y, person_id").Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, fmt.Sprintf("%d %d %d %d,%d %d %x %v", r.Epoch, r.LaID, r.ServiceID, r.TileX, r.TileY, r.PersonID, uint64(r.Months), r.Confidential))
			}
			return out
		}
		before, beforePresence := snapshot(), presence()
		if len(beforePresence) == 0 {
			t.Fatal("no presence rows were written with the contacts")
		}
		if err := s.RebuildStreetContactCells(ctx); err != nil {
			t.Fatal(err)
		}
		if after := snapshot(); !reflect.DeepEqual(before, after) {
			t.Errorf("incremental rollup\n%v\nrebuilt\n%v", before, after)
		}
		if after := presence(); !reflect.DeepEqual(beforePresence, after) {
			t.Errorf("incremental presence\n%v\nrebuilt\n%v", beforePresence, after)
		}
	})
}
