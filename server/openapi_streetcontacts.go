package server

import "gateway/models"

// streetContactSchemas are the request and GeoJSON schemas of street
// contacts, maps and public alerts.
func streetContactSchemas() map[string]any {
	extra := map[string]any{}
	num := map[string]any{"type": "number"}
	extra["AlertInput"] = obj(map[string]any{"lat": num, "lon": num, "location": str, "la_id": intg, "description": str,
		"seen_at": map[string]any{"type": "string", "format": "date-time"}, "reporter_name": str, "reporter_contact": str,
		"website":       map[string]any{"type": "string", "description": "Leave empty (a trap for robots)."},
		"pow_challenge": map[string]any{"type": "string", "description": "Under a flood a 429 answer gives a challenge and a difficulty: send the alert again with it here..."},
		"pow_nonce":     map[string]any{"type": "string", "description": "...and a nonce such that SHA-256(challenge + \":\" + nonce) begins with difficulty zero bits."}}, "description")
	extra["AlertUpdate"] = obj(map[string]any{"status": str, "note": str, "version": intg}, "status")
	extra["StreetContactInput"] = obj(map[string]any{"lat": num, "lon": num,
		"seen_at": map[string]any{"type": "string", "format": "date-time"}, "site_type": str, "person_id": intg,
		"new_person": map[string]any{"$ref": "#/components/schemas/PersonInput"}, "description": str, "alert_reference": str,
		"with_others": boolT, "with_dog": boolT, "outcome": map[string]any{"type": "string", "enum": models.Outcomes},
		"note": map[string]any{"type": "string", "description": "A short note, read only by the recording service (at most 1,000 characters)."}},
		"lat", "lon", "site_type")
	extra["StreetContactAmendment"] = obj(map[string]any{"site_type": str,
		"lat": map[string]any{"type": "number", "description": "Only for a contact recorded without a point; give lon too."}, "lon": num})
	// GeoJSON answers, which the handlers marshal themselves.
	num2 := map[string]any{"type": "array", "items": num, "minItems": 2, "maxItems": 3}
	point := obj(map[string]any{"type": map[string]any{"const": "Point"}, "coordinates": num2}, "type", "coordinates")
	rings := func(depth int) map[string]any {
		s := num2
		for range depth {
			s = map[string]any{"type": "array", "items": s}
		}
		return s
	}
	polygon := obj(map[string]any{"type": map[string]any{"enum": []string{"Polygon", "MultiPolygon"}}, "coordinates": map[string]any{"anyOf": []any{rings(2), rings(3)}}}, "type", "coordinates")
	extra["Boundary"] = described(polygon, "GeoJSON Polygon or MultiPolygon, WGS84 longitude, latitude")
	pinProps := obj(map[string]any{"id": intg, "seen_at": map[string]any{"type": "string", "format": "date-time"}, "seen": str,
		"site_type": str, "site": str, "la": str, "service": str, "person_id": intg, "person": str, "description": str},
		"id", "seen_at", "seen", "site_type", "site", "la", "service")
	extra["PinFeatures"] = map[string]any{"type": []any{"array", "null"}, "items": obj(map[string]any{"type": map[string]any{"const": "Feature"},
		"id": intg, "geometry": point, "properties": pinProps}, "type", "geometry", "properties")}
	extra["HotspotFeatures"] = map[string]any{"type": []any{"array", "null"}, "items": obj(map[string]any{"type": map[string]any{"const": "Feature"},
		"geometry": map[string]any{"anyOf": []any{point, polygon}}, "properties": map[string]any{"type": "object", "description": "the cell's counts"}}, "type", "geometry", "properties")}
	return extra
}
