package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"gateway/models"
	"gateway/policy"
)

// maxPins bounds one answer of the pins API; past it the map asks the
// worker to zoom in or shorten the range.
const maxPins = 3000

// pinCollection is the pins GeoJSON with the range actually used and
// whether pins were left out, as foreign members (RFC 7946 §6.1).
type pinCollection struct {
	Type      string          `json:"type"`
	Features  json.RawMessage `json:"features" schema:"PinFeatures"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	Truncated bool            `json:"truncated"`
}

// streetContactPins is GET /api/v1/street-contacts?bbox=&from=&to=: pins
// for the outreach map (rule 10). The range is cut to the last 90 days
// whatever is asked; people known only to confidential services never
// appear. One audit event records the read and how many pins it returned.
func (s *Server) streetContactPins(c *gin.Context) {
	a, _ := actorOf(c)
	r, err := parseRange(c, s.now(), 90, maxMapDays)
	if err != nil {
		s.fail(c, err)
		return
	}
	if earliest := a.Now.Add(-policy.PinWindow); r.Start.Before(earliest) {
		r.Start = earliest
		r.From = earliest.In(models.London).Format("2006-01-02")
	}
	tiles, err := parseTiles(c, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	pins, truncated, err := s.store.StreetContactPins(c.Request.Context(), policy.StreetContactPins(a),
		models.PinFilter{From: r.Start, To: r.End, Tiles: tiles, Limit: maxPins})
	if err != nil {
		s.fail(c, err)
		return
	}
	fc := geojson.NewFeatureCollection()
	for _, p := range pins {
		v := viewOf(p)
		f := geojson.NewFeature(orb.Point{p.Lon, p.Lat})
		f.ID = p.ID
		f.Properties = geojson.Properties{
			"id": p.ID, "seen_at": p.SeenAt.Time, "seen": p.SeenAt.In(models.London).Format("Mon 2 Jan 2006 15:04"),
			"site_type": p.SiteType, "site": v.SiteLabel, "la": p.LAName, "service": p.ServiceName,
		}
		if p.PersonID != nil {
			f.Properties["person_id"] = *p.PersonID
			f.Properties["person"] = v.PersonName
			if p.SafetyFlag {
				f.Properties["safety"] = true
				f.Properties["safety_contact"] = p.SafetyContact
			}
		} else {
			f.Properties["description"] = p.Description
		}
		fc.Append(f)
	}
	features, err := json.Marshal(fc.Features)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditMapPins, ObjectType: "street_contact", Reason: strconv.Itoa(len(pins)) + " pins"}); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "application/geo+json")
	c.JSON(http.StatusOK, pinCollection{Type: "FeatureCollection", Features: features, From: r.From, To: r.To, Truncated: truncated})
}

// outreachPage is the outreach map: the service's pins of the last 90
// days, clustered, and the way to record a contact.
func (s *Server) outreachPage(c *gin.Context) {
	a, _ := actorOf(c)
	pg, err := s.mapPageFor(c, a.LAs, 90)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.html(c, http.StatusOK, "outreach_map", pg)
}
