package server

// The area gazetteer's operations, added to apiOps at start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"GET", "/places", "Area admins: the gazetteer of named places that name hotspots and street contacts", "maps", "", placesResponse{}, nil, 200},
		{"POST", "/places", "Area admins: import named places from a GeoJSON FeatureCollection (properties name and kind; a line or area is placed at its middle); all or none", "maps", "PlacesGeoJSON", placesImported{}, nil, 201},
	}...)
	extraSchemas["PlacesGeoJSON"] = obj(map[string]any{"type": map[string]any{"const": "FeatureCollection"},
		"features": map[string]any{"type": "array", "items": map[string]any{"type": "object",
			"description": "a GeoJSON Feature: any geometry, properties name (required) and kind", "additionalProperties": true}}}, "type", "features")
}
