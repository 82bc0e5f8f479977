package models_test

import (
	"errors"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// CHAIN's contact detail is stored with the contact, every problem is
// named at once in plain words, and the street-contact rollups still equal
// a rebuild.
func TestStreetContactDetailAndEveryProblemAtOnce(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		in := w.input()
		yes, no := true, false
		in.PersonID, in.SiteType, in.WithOthers, in.WithDog, in.Outcome, in.Note = &w.person.ID, "not_bedded_down", &yes, &no, "engaged", "  Wants a bed tonight  "
		sc, err := s.CreateStreetContact(ctx, allNotes, w.author(), in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.StreetContact(ctx, allNotes, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.WithOthers == nil || !*got.WithOthers || got.WithDog == nil || *got.WithDog || got.Outcome != "engaged" || got.Note != "Wants a bed tonight" {
			t.Errorf("stored detail: %+v", got)
		}
		assertRollupsRebuilt(t, s, "a contact with CHAIN's detail")

		bad := models.StreetContactInput{SiteType: "sofa", Outcome: "x", Note: strings.Repeat("a", 1001)}
		_, err = s.CreateStreetContact(ctx, allNotes, w.author(), bad)
		var fe models.FieldErrors
		if !errors.As(err, &fe) {
			t.Fatalf("want field errors, got %v", err)
		}
		for _, f := range []string{"lat", "site_type", "outcome", "person", "note"} {
			if fe[f] == "" {
				t.Errorf("%s not named: %v", f, fe)
			}
		}
		if m := fe["site_type"]; m == "" || m[0] < 'A' || m[0] > 'Z' || len(m) > 120 {
			t.Errorf("site_type in plain words: %q", m)
		}
	})
}

func TestGazetteerSavesAllOrNone(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		lat, lon := 52.8, -1.5
		n, err := s.SavePlaces(ctx, []models.PlaceInput{{Name: "Moorhampton bus station", Kind: "bus_station", Lat: &lat, Lon: &lon}})
		if err != nil || n != 1 {
			t.Fatal(n, err)
		}
		lat2 := 52.81
		// The same name and kind moves the place; a bad one refuses all.
		if _, err := s.SavePlaces(ctx, []models.PlaceInput{{Name: "Moorhampton bus station", Kind: "bus_station", Lat: &lat2, Lon: &lon}}); err != nil {
			t.Fatal(err)
		}
		_, err = s.SavePlaces(ctx, []models.PlaceInput{{Name: "Park", Kind: "park", Lat: &lat, Lon: &lon}, {Name: "", Kind: "castle"}})
		var fe models.FieldErrors
		if !errors.As(err, &fe) || fe["places[1].name"] == "" || fe["places[1].kind"] == "" || fe["places[1].lat"] == "" {
			t.Errorf("a bad second place: %v", err)
		}
		ps, err := s.Places(ctx)
		if err != nil || len(ps) != 1 || ps[0].Lat != 52.81 {
			t.Errorf("places %+v %v", ps, err)
		}
		if err := s.DeletePlace(ctx, ps[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePlace(ctx, ps[0].ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
	})
}
