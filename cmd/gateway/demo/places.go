package demo

import (
	"context"

	"gateway/geo"
	"gateway/models"
)

// SeedPlaces fills an empty area gazetteer with the demo county's named
// places (town centres, bus stations, stations, parks, streets), which
// name hotspots and street contacts on pages and in the pack. A gazetteer
// an admin has started is left alone.
func SeedPlaces(ctx context.Context, store *models.Store) (int, error) {
	have, err := store.Places(ctx)
	if err != nil || len(have) > 0 {
		return 0, err
	}
	var in []models.PlaceInput
	for _, p := range geo.DemoPlaces() {
		lat, lon := p.Point[1], p.Point[0]
		in = append(in, models.PlaceInput{Name: p.Name, Kind: p.Kind, Lat: &lat, Lon: &lon})
	}
	return store.SavePlaces(ctx, in)
}
