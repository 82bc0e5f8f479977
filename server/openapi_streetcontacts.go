package server

import "gateway/models"

// The street contact, map, flows and public alert operations (issue 7),
// added to apiOps and the schemas at start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"POST", "/alerts", "Public, no login: report someone sleeping rough; returns a reference (rate limited per network; the same words from one network within a day return the same reference; under a flood a 429 asks for a proof of work, see pow_challenge)", "alerts", "AlertInput", "AlertStatus", nil, 201},
		{"GET", "/alerts/{reference}", "Public, no login: an alert's status and outcome by reference, nothing about the person", "alerts", "", "AlertStatus", nil, 200},
		{"GET", "/alerts", "Outreach: your service's public alerts, open first (area admins: alerts no service covered)", "alerts", "", "Object", []string{"status", "page"}, 200},
		{"GET", "/alerts/{reference}/detail", "Outreach: an alert with its description, place and history", "alerts", "", "Object", nil, 200},
		{"POST", "/alerts/{reference}/status", "Outreach: move an alert on (received → looking → an outcome) with a note", "alerts", "AlertUpdate", "Object", nil, 200},
		{"POST", "/alerts/{reference}/route", "Send an alert to another outreach service", "alerts", "ServiceChoice", "Object", nil, 200},
		{"GET", "/street-contacts", "Outreach: pins in your service's LAs, last 90 days at most (GeoJSON)", "street contacts", "", "FeatureCollection", []string{"bbox", "from", "to"}, 200},
		{"POST", "/street-contacts", "Outreach: record a street contact; opens your service's involvement with the person", "street contacts", "StreetContactInput", "Object", nil, 201},
		{"GET", "/street-contacts/{id}", "Outreach: one of your pins, or at any age one your service recorded (can_amend)", "street contacts", "", "Object", nil, 200},
		{"PATCH", "/street-contacts/{id}", "Outreach: put right a contact your service recorded, at any age: its site type, or a point that was never recorded; audited with what it was", "street contacts", "StreetContactAmendment", "Object", nil, 200},
		{"GET", "/hotspots", "Commissioners: people and contacts per map cell in your LAs, cells under 5 people left out (GeoJSON). from and to are whole months: YYYY-MM, or a month's first day (from) and last day (to); default the 12 months ending this one", "maps", "", "FeatureCollection", []string{"bbox", "from", "to", "zoom", "la_id"}, 200},
		{"GET", "/reports/flows", "Commissioners: people seen rough sleeping per month and LA: new, returner, long-term, intermittent (format=csv for CSV). The returner window is the server's --returner-gap-months (returner_gap_months in the answer), not a parameter: gap is refused", "reports", "", "Object", []string{"from", "to", "la_id", "format"}, 200},
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
	extraSchemas["AlertStatus"] = obj(map[string]any{"reference": str, "status": str, "status_label": str, "message": str, "closed": boolT,
		"received_at": str, "updated_at": str})
	extraSchemas["AlertUpdate"] = obj(map[string]any{"status": str, "note": str, "version": intg}, "status")
	extraSchemas["StreetContactInput"] = obj(map[string]any{"lat": num, "lon": num,
		"seen_at": map[string]any{"type": "string", "format": "date-time"}, "site_type": str, "person_id": intg,
		"new_person": map[string]any{"$ref": "#/components/schemas/PersonInput"}, "description": str, "alert_reference": str,
		"with_others": boolT, "with_dog": boolT, "outcome": map[string]any{"type": "string", "enum": models.Outcomes},
		"note": map[string]any{"type": "string", "description": "A short note, read only by the recording service (at most 1,000 characters)."}},
		"lat", "lon", "site_type")
	extraSchemas["StreetContactAmendment"] = obj(map[string]any{"site_type": str,
		"lat": map[string]any{"type": "number", "description": "Only for a contact recorded without a point; give lon too."}, "lon": num})
	extraSchemas["FeatureCollection"] = obj(map[string]any{"type": str, "features": map[string]any{"type": "array", "items": map[string]any{"type": "object"}}})
}
