package server

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"gateway/models"
)

// addStreetContactFuncs adds the template helpers for street contacts and
// alerts to the shared set (templateFuncs) before the templates are parsed.
func addStreetContactFuncs(funcs template.FuncMap) {
	funcs["siteLabel"] = models.SiteLabel
	funcs["alertStatusLabel"] = models.AlertStatusLabel
	funcs["derefFloat"] = func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	}
	// CHAIN's contact detail, the gazetteer and the error summary.
	funcs["outcomeLabel"] = models.OutcomeLabel
	funcs["placeKindLabel"] = models.PlaceKindLabel
	funcs["yesNoLabel"] = func(b *bool) string {
		switch {
		case b == nil:
			return "Not known"
		case *b:
			return "Yes"
		default:
			return "No"
		}
	}
	// geoURI is a geo: link (RFC 5870) that opens the phone's map app with
	// directions; html/template would refuse the scheme from a string.
	funcs["geoURI"] = func(lat, lon *float64) template.URL {
		if lat == nil || lon == nil {
			return ""
		}
		return template.URL(fmt.Sprintf("geo:%.6f,%.6f?q=%.6f,%.6f", *lat, *lon, *lat, *lon))
	}
	funcs["placeFieldLabel"] = placeFieldLabel
	funcs["contactFieldLabel"] = func(k string) string {
		if l, ok := contactFieldLabels[k]; ok {
			return l
		}
		return "This form"
	}
}

// contactFieldLabels names the contact form's fields in its error summary.
var contactFieldLabels = map[string]string{
	"person_mode": "Who", "person": "Who", "person_id": "Who", "description": "Description",
	"new_person.given_name": "Given name", "new_person.family_name": "Family name",
	"new_person.estimated_age": "Estimated age", "new_person.gender": "Gender",
	"lat": "Where", "lon": "Where", "seen_at": "Time", "site_type": "Sleeping site",
	"bedded_down": "Bedded down", "with_others": "With others", "with_dog": "With a dog",
	"outcome": "Outcome", "note": "Note", "alert_reference": "Public alert", "_form": "This form",
}

// placeFieldLabel names a gazetteer form's field, or an imported place's
// ("places[2].name" is "Place 3: name").
func placeFieldLabel(k string) string {
	labels := map[string]string{"name": "Name", "kind": "Kind", "lat": "Position", "lon": "Position", "geojson": "GeoJSON", "places": "Places", "_form": "This form"}
	if rest, ok := strings.CutPrefix(k, "places["); ok {
		if i := strings.Index(rest, "]."); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				return "Place " + strconv.Itoa(n+1) + ", " + strings.ToLower(placeFieldLabel(rest[i+2:]))
			}
		}
	}
	if l, ok := labels[k]; ok {
		return l
	}
	return "This form"
}
