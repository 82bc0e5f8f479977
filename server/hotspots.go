package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
)

// maxMapDays is the longest range a hotspot map covers: five years.
const maxMapDays = 5*366 + 1

// hotspotCollection is the hotspot GeoJSON: geo's cells (suppressed ones
// left out) with the range and cell zoom as foreign members (RFC 7946 §6.1).
type hotspotCollection struct {
	Type     string          `json:"type"`
	Features json.RawMessage `json:"features" schema:"HotspotFeatures"`
	CellZoom uint32          `json:"cell_zoom"`
	From     string          `json:"from"`
	To       string          `json:"to"`
	MinCell  int             `json:"min_people_shown"`
}

// hotspots is GET /api/v1/hotspots?bbox=&from=&to=&zoom=&la_id=: street
// contacts counted per map cell for the commissioner's LAs (rule 9).
// Cells follow the map's zoom (geo.CellZoom); any cell with fewer than 5
// people is left out, whatever the zoom or range. Ranges are whole months
// (parseMonthRange; by default the 12 ending this one, as on the page), so
// that maps a day apart cannot be subtracted.
func (s *Server) hotspots(c *gin.Context) {
	a, _ := actorOf(c)
	zoom, err := parseZoom(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cellZoom := geo.CellZoom(zoom)
	shift := uint(geo.BaseZoom - cellZoom)
	r, err := parseMonthRange(c, s.now(), 12, maxMapMonths)
	if err != nil {
		s.fail(c, err)
		return
	}
	tiles, err := parseTiles(c, shift)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := models.HotspotQuery{From: r.Start, To: r.End, Tiles: tiles, Shift: shift}
	if v := c.Query("la_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		refused := models.Invalid("la_id", "choose one of your local authorities")
		if err != nil {
			s.fail(c, refused)
			return
		}
		if !a.CoversLA(id) {
			s.forbid(c, models.AuditReadHotspots, "local_authority", id, "not one of the caller's local authorities", refused)
			return
		}
		q.LAIDs = []int64{id}
	}
	counts, err := s.store.Replica().HotspotCells(c.Request.Context(), policy.StreetContactCounts(a), policy.StreetContactCellCounts(a),
		policy.StreetContactPresenceCounts(a), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	g, err := s.gazetteer(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	cells := make([]geo.Cell, len(counts))
	for i, n := range counts {
		cells[i] = geo.Cell{Zoom: cellZoom, X: uint32(n.X), Y: uint32(n.Y), Contacts: n.Contacts, People: n.People}
		if n.People >= geo.MinCellPeople {
			cells[i].Name = g.AreaName(geo.CellBound(cellZoom, uint32(n.X), uint32(n.Y)))
		}
	}
	body, err := geo.CellsGeoJSON(geo.Suppress(cells, geo.MinCellPeople))
	if err != nil {
		s.fail(c, err)
		return
	}
	var fc struct {
		Features json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "application/geo+json")
	c.JSON(http.StatusOK, hotspotCollection{Type: "FeatureCollection", Features: fc.Features, CellZoom: cellZoom,
		From: r.From, To: r.To, MinCell: geo.MinCellPeople})
}

// mapPage is what every map page's template needs.
type mapPage struct {
	LAs      []models.LocalAuthority
	From, To string
	LAID     int64
	Bounds   string // minLon,minLat,maxLon,maxLat of the LAs, for the first view
	Errors   models.FieldErrors
}

// hotspotPage is the commissioners' hotspot map (the data comes from
// /api/v1/hotspots, read by static/hotspots.js). Its range is whole months,
// the 12 ending this one unless chosen.
func (s *Server) hotspotPage(c *gin.Context) {
	a, _ := actorOf(c)
	pg, err := s.mapPageOf(c, a.LAs)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := parseMonthRange(c, s.now(), 12, maxMapMonths)
	if err != nil {
		var fe models.FieldErrors
		if !asFieldErrors(err, &fe) {
			s.fail(c, err)
			return
		}
		pg.Errors = fe
		r, _ = monthRangeOf("", "", s.now(), 12, maxMapMonths)
	}
	pg.From, pg.To = r.From[:7], r.To[:7] // YYYY-MM, for the month inputs
	s.html(c, http.StatusOK, "hotspots", pg)
}

// mapPageFor fills a map page for the given LAs, with a default range of
// days ending today.
func (s *Server) mapPageFor(c *gin.Context, laIDs []int64, days int) (mapPage, error) {
	pg, err := s.mapPageOf(c, laIDs)
	if err != nil {
		return pg, err
	}
	r, err := parseRange(c, s.now(), days, maxMapDays)
	if err != nil {
		var fe models.FieldErrors
		if !asFieldErrors(err, &fe) {
			return pg, err
		}
		pg.Errors = fe
		r, _ = parseRangeDefault(s.now(), days)
	}
	pg.From, pg.To = r.From, r.To
	return pg, nil
}

// mapPageOf fills a map page's LAs, their bounds and the chosen LA.
func (s *Server) mapPageOf(c *gin.Context, laIDs []int64) (mapPage, error) {
	las, err := s.store.LAs(c.Request.Context())
	if err != nil {
		return mapPage{}, err
	}
	pg := mapPage{}
	var minLon, minLat, maxLon, maxLat float64
	first := true
	for _, la := range las {
		if !slices.Contains(laIDs, la.ID) {
			continue
		}
		pg.LAs = append(pg.LAs, la)
		if la.MinLon == nil {
			continue
		}
		if first {
			minLon, minLat, maxLon, maxLat, first = *la.MinLon, *la.MinLat, *la.MaxLon, *la.MaxLat, false
		}
		minLon, minLat = min(minLon, *la.MinLon), min(minLat, *la.MinLat)
		maxLon, maxLat = max(maxLon, *la.MaxLon), max(maxLat, *la.MaxLat)
	}
	if !first {
		pg.Bounds = strconv.FormatFloat(minLon, 'f', 5, 64) + "," + strconv.FormatFloat(minLat, 'f', 5, 64) + "," +
			strconv.FormatFloat(maxLon, 'f', 5, 64) + "," + strconv.FormatFloat(maxLat, 'f', 5, 64)
	}
	if v, err := strconv.ParseInt(c.Query("la_id"), 10, 64); err == nil && slices.Contains(laIDs, v) {
		pg.LAID = v
	}
	return pg, nil
}
