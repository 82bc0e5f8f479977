package models_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/reports"
)

// FlowSightings for some LAs and months reads only the histories of the
// people seen there then, and the flows of those LAs and months come out
// exactly as from everyone's history: a person's category rests on their
// own sightings alone, in any LA and however long ago.
func TestFlowsOfTheLAsAskedEqualThoseFromEveryonesHistory(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		las := []int64{w.la.ID, w.b.LA("Southmoor").ID, w.b.LA("Eastmoor").ID}
		rng := rand.New(rand.NewPCG(7, 12))
		first := reports.Month{Year: 2024, Month: time.January}
		const months = 30
		var cs []rawContact
		for i := range 60 {
			p := w.b.Person("Flow", fmt.Sprint("Person", i), w.worker, w.outreach)
			for range 1 + rng.IntN(8) {
				m := first.Add(rng.IntN(months))
				cs = append(cs, rawContact{person: p.ID, at: m.Start(models.London).Add(time.Duration(24+rng.IntN(24*25)) * time.Hour),
					tileX: 32000 + rng.IntN(50), tileY: 21000 + rng.IntN(50), la: las[rng.IntN(len(las))]})
			}
		}
		loadContacts(t, s, w, cs)
		every := models.NewScope("test: every row", "1 = 1", nil)
		flows := func(q models.FlowQuery, from, to reports.Month) (rows []reports.FlowRow, people map[int64]bool) {
			t.Helper()
			var sightings []reports.Sighting
			people = map[int64]bool{}
			err := s.FlowSightings(ctx, every, q, func(f models.FlowSighting) {
				people[f.PersonID] = true
				sightings = append(sightings, reports.Sighting{PersonKey: fmt.Sprint(f.PersonID), LA: fmt.Sprint(f.LAID), At: f.Month.Add(12 * time.Hour)})
			})
			if err != nil {
				t.Fatal(err)
			}
			return reports.Flows(sightings, from, to, 0), people
		}
		last := first.Add(months - 1)
		all, everyone := flows(models.FlowQuery{LAIDs: las, From: first.Start(time.UTC), Until: last.Start(time.UTC)}, first, last)
		if len(everyone) != 60 || len(all) == 0 {
			t.Fatalf("everyone's history: %d people, %d rows", len(everyone), len(all))
		}
		for range 20 {
			from := first.Add(rng.IntN(months))
			to := from.Add(rng.IntN(months - from.Since(first)))
			la := las[rng.IntN(len(las))]
			q := models.FlowQuery{LAIDs: []int64{la}, From: from.Start(time.UTC), Until: to.Start(time.UTC)}
			got, read := flows(q, from, to)
			var want []reports.FlowRow
			for _, r := range all {
				if r.LA == fmt.Sprint(la) && !r.Month.Before(from) && !r.Month.After(to) {
					want = append(want, r)
				}
			}
			var gotLA []reports.FlowRow
			for _, r := range got {
				if r.LA == fmt.Sprint(la) {
					gotLA = append(gotLA, r)
				}
			}
			if !reflect.DeepEqual(gotLA, want) {
				t.Errorf("LA %d, %s to %s:\n got %+v\nwant %+v", la, from, to, gotLA, want)
			}
			if len(read) >= len(everyone) && to.Since(from) < 6 {
				t.Errorf("LA %d, %s to %s: read the histories of all %d people", la, from, to, len(read))
			}
		}
	})
}
