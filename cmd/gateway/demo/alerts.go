package demo

import (
	"fmt"
	"time"

	"gateway/geo"
	"gateway/models"
)

// DefaultAlerts is the demo's public alerts over the last 60 days.
const DefaultAlerts = 80

var alertWhere = []string{"in the doorway of the old bank", "on the bench by the bus stops", "under the footbridge",
	"behind the library, by the bins", "at the back entrance of the multi-storey", "in the bandstand in the park",
	"near the cash machine outside the supermarket", "on the steps of the church"}

var alertNotes = map[string][]string{
	models.AlertFound:        {"Found at the location on the early shift; accepted a hot drink and an assessment appointment.", "Met and offered a night shelter bed, accepted."},
	models.AlertNotFound:     {"Checked twice on early shifts; nobody there, no signs of bedding.", "Looked at 6am and 10pm; no one found."},
	models.AlertAlreadyKnown: {"This is someone we are already working with; plan in place.", "Known to the team; seen the same morning."},
	models.AlertNoAction:     {"Person was waiting for a lift, not sleeping rough.", "Duplicate of an alert we already worked."},
}

// buildAlerts adds n public alerts: pins or words near the hotspots,
// routed as the server routes them, older ones worked to an outcome.
func (b *builder) buildAlerts(n int) error {
	if n == 0 {
		n = DefaultAlerts
	}
	if n < 0 {
		return nil
	}
	spots, _ := b.spots()
	var las []geo.LA
	for _, la := range b.las {
		las = append(las, geo.LA{ID: la.ID, Code: la.Code, Name: la.Name, Boundary: la.Boundary})
	}
	ix := geo.NewLAIndex(las)
	var alertRows, eventRows [][]any
	outcomes := []string{models.AlertFound, models.AlertFound, models.AlertNotFound, models.AlertAlreadyKnown, models.AlertNoAction}
	for i := 0; i < n; i++ {
		id := b.id("public_alerts")
		h := b.pickSpot(spots)
		created := b.now.Add(-time.Duration(b.rng.Float64() * float64(60*24*time.Hour)))
		seen := created.Add(-time.Duration(b.rng.IntN(12)) * time.Hour)
		var lat, lon, laID any
		location := b.pick(alertWhere)
		var la *int64
		if b.chance(0.8) {
			pt := geo.RandomPointNear(b.rng, h.Point, 250)
			lat, lon = pt[1], pt[0]
			if l, ok := ix.Locate(pt); ok {
				la = &l.ID
			}
		} else {
			la = &h.la
			location = h.Name + ", " + location
		}
		if la != nil {
			laID = *la
		}
		svc := b.routeAlert(la)
		var service any
		if svc != nil {
			service = svc.ID
		}
		status, note, version := models.AlertReceived, "", 1
		eventRows = append(eventRows, []any{b.id("public_alert_events"), id, models.AlertReceived, "", nil, service, created})
		updated := created
		if age := b.now.Sub(created); age > 36*time.Hour && svc != nil {
			worker := b.staffOf(svc.ID)
			updated = created.Add(time.Duration(2+b.rng.IntN(10)) * time.Hour)
			eventRows = append(eventRows, []any{b.id("public_alert_events"), id, models.AlertLooking, "Added to the next early shift.", worker, svc.ID, updated})
			status, version = models.AlertLooking, 2
			if age > 4*24*time.Hour || b.chance(0.5) {
				status = outcomes[b.rng.IntN(len(outcomes))]
				note = b.pick(alertNotes[status])
				updated = updated.Add(time.Duration(6+b.rng.IntN(40)) * time.Hour)
				eventRows = append(eventRows, []any{b.id("public_alert_events"), id, status, note, worker, svc.ID, updated})
				version = 3
			}
		}
		reporter, contact := "", ""
		if b.chance(0.5) {
			reporter, contact = b.staffName(), fmt.Sprintf("07700 900%03d", b.rng.IntN(1000))
		}
		alertRows = append(alertRows, []any{id, b.reference(), lat, lon, location, laID,
			b.alertDescription(), seen, reporter, contact, service, status, note, version, created, updated})
	}
	if err := b.load.Load(b.ctx, "public_alerts", []string{"id", "reference", "lat", "lon", "location_text", "la_id", "description",
		"seen_at", "reporter_name", "reporter_contact", "service_id", "status", "outcome_note", "version", "created_at", "updated_at"}, alertRows); err != nil {
		return err
	}
	b.sum.Alerts = len(alertRows)
	return b.load.Load(b.ctx, "public_alert_events", []string{"id", "alert_id", "status", "note", "user_id", "service_id", "at"}, eventRows)
}

// alertDescription is how a member of the public describes someone.
func (b *builder) alertDescription() string {
	return fmt.Sprintf("%s, maybe %s, %s. Has been there a few nights, looked cold.", b.pick(strangerWho), b.pick(strangerAge), b.pick(strangerWearing))
}

// routeAlert is models.RouteAlert over the demo's services: the most local
// non-confidential outreach service covering la, else the widest.
func (b *builder) routeAlert(la *int64) *serviceInfo {
	var best *serviceInfo
	for _, sv := range b.servicesOf(models.Outreach) {
		if sv.Confidential {
			continue
		}
		covers := la == nil
		for _, l := range sv.LAs {
			if la != nil && l == *la {
				covers = true
			}
		}
		if !covers {
			continue
		}
		switch {
		case best == nil:
			best = sv
		case la != nil && len(sv.LAs) < len(best.LAs):
			best = sv
		case la == nil && len(sv.LAs) > len(best.LAs):
			best = sv
		}
	}
	return best
}

// reference is a reference in the form models makes them, from the seed.
func (b *builder) reference() string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	out := make([]byte, 0, 11)
	for i := 0; i < 10; i++ {
		if i == 5 {
			out = append(out, '-')
		}
		out = append(out, alphabet[b.rng.IntN(32)])
	}
	return string(out)
}
