package models_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/reports"
)

// The named list's street contacts (compliance_streetcontact_test.go) can
// be put right: S2's site type is recorded, S3's missing point is set, and
// March's re-run has nothing missing. The rollups then match a full
// rebuild, so the hotspot map counts S3 where it now is.
func TestAmendedStreetContactsLeaveTheNamedList(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		add := func(person any, day int, lat, lon float64, x, y int, site string) int64 {
			t.Helper()
			var id int64
			at := time.Date(2025, 3, day, 23, 0, 0, 0, time.UTC)
			err := s.Gorm().Raw(`INSERT INTO street_contacts (person_id, description, service_id, user_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
				VALUES (?, 'tall, green coat', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, person, w.hostel.ID, w.manager.ID, false, at, lat, lon, x, y,
				w.hostel.LAIDs[0], site, at).Scan(&id).Error
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		add(w.people["ada"].ID, 5, 52.7, -1.3, 32500, 21500, "doorway")
		s2 := add(nil, 6, 52.7, -1.3, 32500, 21500, "")
		s3 := add(w.people["bob"].ID, 7, 0, 0, 32768, 32768, "tent")
		if err := s.RebuildStreetContactCells(ctx); err != nil {
			t.Fatal(err)
		}
		score := func() string {
			q := marchQuery()
			q.Types = []string{"street_contact"}
			sc := reports.Score(march2025, reports.DefaultRules(), readRecords(t, s, q))
			return fmt.Sprintf("%d of %d missing, %.1f", sc[0].Missing, sc[0].Required, sc[0].Score)
		}
		if got := score(); got != "2 of 9 missing, 77.8" {
			t.Fatalf("before: %s", got)
		}

		doorway, lat, lon := "bus_shelter", 52.71, -1.31
		sc, what, err := s.AmendStreetContact(ctx, everyRow, s2, models.StreetContactAmendment{SiteType: &doorway})
		if err != nil || sc.SiteType != "bus_shelter" || what != "site type (missing) → bus_shelter" {
			t.Fatalf("site type: %+v %q %v", sc, what, err)
		}
		la := w.hostel.LAIDs[0]
		sc, what, err = s.AmendStreetContact(ctx, everyRow, s3, models.StreetContactAmendment{Lat: &lat, Lon: &lon, TileX: 32501, TileY: 21501, LAID: &la})
		if err != nil || sc.Lat != lat || sc.TileX != 32501 || what != "point (missing) → set" {
			t.Fatalf("point: %+v %q %v", sc, what, err)
		}
		if got := score(); got != "0 of 9 missing, 100.0" {
			t.Errorf("after: %s, want nothing missing", got)
		}

		type row struct {
			LAID, ServiceID, PersonID int64
			TileX, TileY              int
			N                         int64
		}
		rollups := func() string {
			var cells, presence []row
			s.Gorm().Table("street_contact_cells").Select("la_id, service_id, person_id, tile_x, tile_y, contacts AS n").
				Order("la_id, service_id, person_id, tile_x, tile_y").Scan(&cells)
			s.Gorm().Table("street_contact_presence").Select("la_id, service_id, person_id, tile_x, tile_y, months AS n").
				Order("la_id, service_id, person_id, tile_x, tile_y").Scan(&presence)
			return fmt.Sprintf("cells %v presence %v", cells, presence)
		}
		amended := rollups()
		if err := s.RebuildStreetContactCells(ctx); err != nil {
			t.Fatal(err)
		}
		if rebuilt := rollups(); amended != rebuilt {
			t.Errorf("the rollups after the amendment\n %s\ndiffer from a rebuild\n %s", amended, rebuilt)
		}

		// What cannot be amended, each naming its field.
		sofa := "sofa"
		for name, tc := range map[string]struct {
			id    int64
			in    models.StreetContactAmendment
			field string
		}{
			"nothing to change":            {s2, models.StreetContactAmendment{}, "site_type"},
			"an unknown site type":         {s2, models.StreetContactAmendment{SiteType: &sofa}, "site_type"},
			"moving a recorded point":      {s2, models.StreetContactAmendment{Lat: &lat, Lon: &lon}, "lat"},
			"a latitude without longitude": {s3, models.StreetContactAmendment{Lat: &lat}, "lon"},
		} {
			_, _, err := s.AmendStreetContact(ctx, everyRow, tc.id, tc.in)
			var fe models.FieldErrors
			if !errors.As(err, &fe) || fe[tc.field] == "" {
				t.Errorf("%s: want an error on %s, got %v", name, tc.field, err)
			}
		}
		if _, _, err := s.AmendStreetContact(ctx, models.Nothing, s2, models.StreetContactAmendment{SiteType: &doorway}); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
	})
}

// A move-on recorded as "not known" (P5) is put right when the service
// finds out; the date stays, the change is described for the audit trail,
// and March's re-run counts it as recorded.
func TestAmendedMoveOnLeavesTheNamedList(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		ids := addPlacements(t, w)
		score := func() string {
			q := marchQuery()
			q.Types = []string{"placement"}
			sc := reports.Score(march2025, reports.DefaultRules(), readRecords(t, s, q))
			return fmt.Sprintf("%d of %d missing, %.1f", sc[0].Missing, sc[0].Required, sc[0].Score)
		}
		if got := score(); got != "2 of 9 missing, 77.8" {
			t.Fatalf("before: %s", got)
		}
		p, what, err := s.AmendMoveOn(ctx, everyRow, ids["P5"], models.MoveOnAmendment{Reason: "evicted", Destination: "supported_housing"})
		if err != nil || p.MoveOnDestination != "supported_housing" || p.MovedOnAt == nil {
			t.Fatalf("amend: %+v %v", p, err)
		}
		if want := fmt.Sprintf("placement %d: destination unknown → supported_housing", ids["P5"]); what != want {
			t.Errorf("audit note %q, want %q", what, want)
		}
		if got := score(); got != "1 of 9 missing, 88.9" {
			t.Errorf("after: %s, want one missing (P2's destination)", got)
		}
		for name, tc := range map[string]struct {
			in    models.MoveOnAmendment
			field string
		}{
			"no destination":        {models.MoveOnAmendment{Reason: "planned"}, "destination"},
			"an unknown reason":     {models.MoveOnAmendment{Reason: "bored", Destination: "hostel"}, "reason"},
			"other, without a word": {models.MoveOnAmendment{Reason: "planned", Destination: models.OptionOther}, "note"},
		} {
			_, _, err := s.AmendMoveOn(ctx, everyRow, ids["P2"], tc.in)
			var fe models.FieldErrors
			if !errors.As(err, &fe) || fe[tc.field] == "" {
				t.Errorf("%s: want an error on %s, got %v", name, tc.field, err)
			}
		}
		if _, _, err := s.AmendMoveOn(ctx, everyRow, ids["P1"], models.MoveOnAmendment{Reason: "planned", Destination: "hostel"}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("an open placement: %v, want a conflict", err)
		}
		if _, _, err := s.AmendMoveOn(ctx, models.Nothing, ids["P5"], models.MoveOnAmendment{Reason: "planned", Destination: "hostel"}); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
	})
}
