package models_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/reports"
)

// gapsOf counts the stored events as the gaps report does.
func gapsOf(t *testing.T, s *models.Store, from, to reports.Month) []reports.GapPeople {
	t.Helper()
	rows, err := s.GapEvents(ctx, everyRow, from.Start(time.UTC), to.End(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	evs := make([]reports.GapEvent, len(rows))
	for i, r := range rows {
		evs[i] = reports.GapEvent{Person: r.PersonID, Kind: r.Kind, Reason: r.Reason, Need: r.Need, Group: r.TargetGroup, LA: r.LAName, At: r.At.Time}
	}
	return reports.Gaps(evs, from, to)
}

// Worked by hand: one person whose matches were looked up on five days in
// September (five no-match events) is one person, so <5; five different
// people in October are 5, shown. Over both months, six people: the five
// are listed, the one is too few to stand alone and is pooled with them.
func TestGapsCountEachPersonOnce(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 0)
		b := modeltest.Build(t, s)
		la := w.hostel.LAIDs[0]
		record := func(person int64, reason string, at time.Time) {
			t.Helper()
			err := s.RecordGap(ctx, models.GapEvent{PersonID: &person, Kind: models.GapNoMatch, Reason: reason, Need: "mental_health",
				TargetGroup: "rough_sleeper", LAID: &la, DedupeKey: fmt.Sprintf("no_match:%d:%s", person, at.Format("2006-01-02")), At: at})
			if err != nil {
				t.Fatal(err)
			}
		}
		one := b.Person("Once", "Example", w.outreachWorker, w.outreach)
		for d := 1; d <= 5; d++ {
			record(one.ID, "no_eligible_service:pets_allowed", time.Date(2026, time.September, d, 10, 0, 0, 0, time.UTC))
		}
		for i := range 5 {
			p := b.Person("Five", fmt.Sprint("Example", i), w.outreachWorker, w.outreach)
			record(p.ID, "no_vacancy", time.Date(2026, time.October, 2+i, 10, 0, 0, 0, time.UTC))
		}
		sep, oct := reports.Month{Year: 2026, Month: time.September}, reports.Month{Year: 2026, Month: time.October}

		g := gapsOf(t, s, sep, sep)
		if len(g) != 1 || g[0].People != 1 || g[0].View().People.String() != "<5" || g[0].View().Tables != nil {
			t.Errorf("September: five events of one person should be 1 person, <5: %+v", g)
		}
		g = gapsOf(t, s, oct, oct)
		if len(g) != 1 || g[0].People != 5 || g[0].View().People.String() != "5" {
			t.Fatalf("October: five different people should be 5: %+v", g)
		}
		if v := g[0].View().Tables[0]; v.By != reports.GapByReason || len(v.Lines) != 1 || v.Lines[0].Value != "no_vacancy" || v.Lines[0].People != 5 {
			t.Errorf("October by reason: %+v", v)
		}
		g = gapsOf(t, s, sep, oct)
		if r := g[0].Breakdown(reports.GapByReason).Rows; g[0].People != 6 || fmt.Sprint(r) != "[{no_vacancy 5} {no_eligible_service:pets_allowed 1}]" {
			t.Errorf("both months: %d people, by reason %v", g[0].People, r)
		}
		if v := g[0].View().Tables[0]; len(v.Lines) != 1 || len(v.Lines[0].Pooled) != 2 || v.Lines[0].People != 6 {
			t.Errorf("both months, as shown: the one person must not be 6 − 5 away: %+v", v)
		}
	})
}

// Migration 00006 traces events recorded before it to their people: a
// decline through its referral, a no-match through its key, each to the
// survivor of a merge; what cannot be traced is left out of the counts.
func TestGapEventsRecordedBeforePeopleAreTraced(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 1)
		r := w.refer(t, "Ivy")
		other := modeltest.Build(t, s).Person("Jo", "Example", w.outreachWorker, w.outreach)
		merged := modeltest.Build(t, s).Person("Jo", "Exampel", w.outreachWorker, w.outreach)
		if err := s.Gorm().Exec("UPDATE people SET merged_into_id = ? WHERE id = ?", other.ID, merged.ID).Error; err != nil {
			t.Fatal(err)
		}
		// Roll back to before 00006, past any later migrations.
		var out bytes.Buffer
		for !bytes.Contains(out.Bytes(), []byte("00006")) {
			if err := s.MigrateDown(ctx, &out); err != nil || !bytes.Contains(out.Bytes(), []byte("rolled back")) {
				t.Fatalf("down: %v %s", err, out.String())
			}
		}
		la := w.hostel.LAIDs[0]
		at := time.Now().UTC().Add(-time.Minute)
		for _, key := range []string{fmt.Sprint("decline:", r.ID), fmt.Sprintf("no_match:%d:2026-10-01", other.ID),
			fmt.Sprintf("no_match:%d:2026-10-02", merged.ID), "no_match:99999999:2026-10-01", "demo:no_match:7", "decline:x"} {
			if err := s.Gorm().Exec("INSERT INTO gap_events (kind, reason, need, target_group, la_id, confidential, dedupe_key, at) VALUES (?, ?, '', '', ?, ?, ?, ?)",
				models.GapNoMatch, "no_vacancy", la, false, key, at).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Migrate(ctx, &out); err != nil {
			t.Fatal(err)
		}
		var got []struct {
			DedupeKey string
			PersonID  *int64
		}
		s.Gorm().Raw("SELECT dedupe_key, person_id FROM gap_events ORDER BY id").Scan(&got)
		want := map[string]int64{fmt.Sprint("decline:", r.ID): r.PersonID, fmt.Sprintf("no_match:%d:2026-10-01", other.ID): other.ID,
			fmt.Sprintf("no_match:%d:2026-10-02", merged.ID): other.ID}
		for _, g := range got {
			switch id, ok := want[g.DedupeKey]; {
			case ok && (g.PersonID == nil || *g.PersonID != id):
				t.Errorf("%s: person %v, want %d", g.DedupeKey, g.PersonID, id)
			case !ok && g.PersonID != nil:
				t.Errorf("%s: traced to %d, want none", g.DedupeKey, *g.PersonID)
			}
		}
		rows, err := s.GapEvents(ctx, everyRow, at.Add(-time.Hour), at.Add(time.Hour))
		if err != nil || len(rows) != 3 {
			t.Errorf("only the traced events are counted: %v %d", err, len(rows))
		}
	})
}
