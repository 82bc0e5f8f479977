package models

import (
	"context"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm/clause"
)

// Place is an entry in the area gazetteer: a named place people know
// ("Moorhampton bus station", "Victoria Park") that names hotspots and
// street contacts on pages and in the commissioner pack instead of
// coordinates. Places are area reference data, like LAs: no person is in
// them, so they need no scope.
type Place struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
	CreatedAt time.Time `json:"created_at"`
}

// placeKinds are the kinds of named place, in the order the admin form
// offers them.
var placeKinds = []Option{
	{"town_centre", "Town centre"},
	{"street", "Street"},
	{"station", "Railway station"},
	{"bus_station", "Bus station"},
	{"park", "Park or green space"},
	{"car_park", "Car park"},
	{"riverside", "Riverside or canal"},
	{"retail", "Shops or retail park"},
	{"landmark", "Landmark"},
}

// PlaceKinds are the kinds' keys, in the form's order.
var PlaceKinds = keysOf(placeKinds)

// PlaceKindLabel is the kind as people say it.
func PlaceKindLabel(k string) string { return LabelOf(placeKinds, k) }

// PlaceInput adds a place (by hand or imported from GeoJSON).
type PlaceInput struct {
	Name string   `json:"name"`
	Kind string   `json:"kind"`
	Lat  *float64 `json:"lat"`
	Lon  *float64 `json:"lon"`
}

func (in *PlaceInput) validate(prefix string) FieldErrors {
	c := newCheck()
	c.text(prefix+"name", &in.Name, true, MaxText)
	if !slices.Contains(PlaceKinds, in.Kind) {
		c.Add(prefix+"kind", "Choose what kind of place this is from the list")
	}
	if in.Lat == nil || in.Lon == nil {
		c.Add(prefix+"lat", "Give the place's position (latitude and longitude)")
	} else {
		c.point(in.Lat, in.Lon)
	}
	return c.FieldErrors
}

// MaxPlaces bounds the gazetteer: it is read whole to name places, and an
// area knows a few thousand places at most.
const MaxPlaces = 20000

// Places is the whole gazetteer, by name.
func (s *Store) Places(ctx context.Context) ([]Place, error) {
	var ps []Place
	err := s.with(ctx).Order("name, kind, id").Limit(MaxPlaces).Find(&ps).Error
	return ps, err
}

// SavePlaces adds places, or moves one already there with the same name
// and kind, in one transaction; every problem is reported at once, fields
// prefixed by the place's position in the list when there are several.
func (s *Store) SavePlaces(ctx context.Context, in []PlaceInput) (int, error) {
	errs := FieldErrors{}
	for i := range in {
		prefix := ""
		if len(in) > 1 {
			prefix = "places[" + strconv.Itoa(i) + "]."
		}
		for k, v := range in[i].validate(prefix) {
			errs[k] = v
		}
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	var n int64
	if err := s.with(ctx).Model(&Place{}).Count(&n).Error; err != nil {
		return 0, err
	}
	if int(n)+len(in) > MaxPlaces {
		return 0, Invalid("places", "the gazetteer holds at most "+strconv.Itoa(MaxPlaces)+" places")
	}
	now := Now()
	err := s.Tx(ctx, func(tx *Store) error {
		for _, p := range in {
			row := Place{Name: p.Name, Kind: p.Kind, Lat: *p.Lat, Lon: *p.Lon, CreatedAt: now}
			err := tx.with(ctx).Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "name"}, {Name: "kind"}},
				DoUpdates: clause.AssignmentColumns([]string{"lat", "lon"}),
			}).Create(&row).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	return len(in), err
}

// DeletePlace removes a place from the gazetteer.
func (s *Store) DeletePlace(ctx context.Context, id int64) error {
	res := s.with(ctx).Delete(&Place{}, id)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}
