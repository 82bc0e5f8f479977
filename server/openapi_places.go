package server

// placesSchemas are the request schemas of the area gazetteer.
func placesSchemas() map[string]any {
	return map[string]any{
		"PlacesGeoJSON": obj(map[string]any{"type": map[string]any{"const": "FeatureCollection"},
			"features": map[string]any{"type": "array", "items": map[string]any{"type": "object",
				"description": "a GeoJSON Feature: any geometry, properties name (required) and kind", "additionalProperties": true}}}, "type", "features"),
	}
}
