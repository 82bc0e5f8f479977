package server

import "gateway/models"

// The street contact, map, flows and public alert operations,
// added to apiOps and the schemas at start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"POST", "/alerts", "Public, no login: report someone sleeping rough; returns a reference (rate limited per network; the same words from one network within a day return the same reference; under a flood a 429 asks for a proof of work, see pow_challenge)", "alerts", "AlertInput", alertStatus{}, nil, 201},
		{"GET", "/alerts/{reference}", "Public, no login: an alert's status and outcome by reference, nothing about the person", "alerts", "", alertStatus{}, nil, 200},
		{"GET", "/alerts", "Outreach: your service's public alerts, open first (area admins: alerts no service covered)", "alerts", "", alertListPage{}, []string{"status", "page"}, 200},
		{"GET", "/alerts/{reference}/detail", "Outreach: an alert with its description, place and history", "alerts", "", alertDetail{}, nil, 200},
		{"POST", "/alerts/{reference}/status", "Outreach: move an alert on (received → looking → an outcome) with a note", "alerts", "AlertUpdate", alertRow{}, nil, 200},
		{"POST", "/alerts/{reference}/route", "Send an alert to another outreach service", "alerts", "ServiceChoice", alertRow{}, nil, 200},
		{"GET", "/street-contacts", "Outreach: pins in your service's LAs, last 90 days at most (GeoJSON)", "street contacts", "", pinCollection{}, []string{"bbox", "from", "to"}, 200},
		{"POST", "/street-contacts", "Outreach: record a street contact; opens your service's involvement with the person", "street contacts", "StreetContactInput", &models.StreetContact{}, nil, 201},
		{"GET", "/street-contacts/{id}", "Outreach: one of your pins, or at any age one your service recorded (can_amend)", "street contacts", "", contactPage{}, nil, 200},
		{"PATCH", "/street-contacts/{id}", "Outreach: put right a contact your service recorded, at any age: its site type, or a point that was never recorded; audited with what it was", "street contacts", "StreetContactAmendment", &models.StreetContact{}, nil, 200},
		{"GET", "/hotspots", "Commissioners: people and contacts per map cell in your LAs, cells under 5 people left out (GeoJSON). from and to are whole months: YYYY-MM, or a month's first day (from) and last day (to); default the 12 months ending this one", "maps", "", hotspotCollection{}, []string{"bbox", "from", "to", "zoom", "la_id"}, 200},
		{"GET", "/reports/flows", "Commissioners: people seen rough sleeping per month and LA: new, returner, long-term, intermittent (format=csv for CSV). The returner window is the server's --returner-gap-months (returner_gap_months in the answer), not a parameter: gap is refused", "reports", "", flowsPage{}, []string{"from", "to", "la_id", "format=csv"}, 200},
	}...)
	publicOps["POST /alerts"] = true
	publicOps["GET /alerts/{reference}"] = true
	stringParams["reference"] = true
	num := map[string]any{"type": "number"}
	extraSchemas["AlertInput"] = obj(map[string]any{"lat": num, "lon": num, "location": str, "la_id": intg, "description": str,
		"seen_at": map[string]any{"type": "string", "format": "date-time"}, "reporter_name": str, "reporter_contact": str,
		"website":       map[string]any{"type": "string", "description": "Leave empty (a trap for robots)."},
		"pow_challenge": map[string]any{"type": "string", "description": "Under a flood a 429 answer gives a challenge and a difficulty: send the alert again with it here..."},
		"pow_nonce":     map[string]any{"type": "string", "description": "...and a nonce such that SHA-256(challenge + \":\" + nonce) begins with difficulty zero bits."}}, "description")
	extraSchemas["AlertUpdate"] = obj(map[string]any{"status": str, "note": str, "version": intg}, "status")
	extraSchemas["StreetContactInput"] = obj(map[string]any{"lat": num, "lon": num,
		"seen_at": map[string]any{"type": "string", "format": "date-time"}, "site_type": str, "person_id": intg,
		"new_person": map[string]any{"$ref": "#/components/schemas/PersonInput"}, "description": str, "alert_reference": str,
		"with_others": boolT, "with_dog": boolT, "outcome": map[string]any{"type": "string", "enum": models.Outcomes},
		"note": map[string]any{"type": "string", "description": "A short note, read only by the recording service (at most 1,000 characters)."}},
		"lat", "lon", "site_type")
	extraSchemas["StreetContactAmendment"] = obj(map[string]any{"site_type": str,
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
	extraSchemas["Boundary"] = described(polygon, "GeoJSON Polygon or MultiPolygon, WGS84 longitude, latitude")
	pinProps := obj(map[string]any{"id": intg, "seen_at": map[string]any{"type": "string", "format": "date-time"}, "seen": str,
		"site_type": str, "site": str, "la": str, "service": str, "person_id": intg, "person": str, "description": str},
		"id", "seen_at", "seen", "site_type", "site", "la", "service")
	extraSchemas["PinFeatures"] = map[string]any{"type": []any{"array", "null"}, "items": obj(map[string]any{"type": map[string]any{"const": "Feature"},
		"id": intg, "geometry": point, "properties": pinProps}, "type", "geometry", "properties")}
	extraSchemas["HotspotFeatures"] = map[string]any{"type": []any{"array", "null"}, "items": obj(map[string]any{"type": map[string]any{"const": "Feature"},
		"geometry": map[string]any{"anyOf": []any{point, polygon}}, "properties": map[string]any{"type": "object", "description": "the cell's counts"}}, "type", "geometry", "properties")}
}
