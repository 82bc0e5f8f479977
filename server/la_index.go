package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"gateway/geo"
	"gateway/models"
)

// areaCache holds what the maps need from the LA boundaries: the index that
// finds the LA of a point, and the simplified GeoJSON every map draws. It
// is rebuilt when the LAs' version changes, so an edit in the admin pages,
// on another instance, or by `gateway import boundaries` is picked up on
// the next request that needs it.
type areaCache struct {
	mu   sync.Mutex
	snap *areas
}

// areas is one immutable build of the cache; requests keep using the one
// they got while a newer one replaces it.
type areas struct {
	version string
	index   *geo.LAIndex
	geojson []byte
	names   map[int64]models.LocalAuthority
}

// areas returns the current build, rebuilding it if the LAs changed.
func (s *Server) areas(ctx context.Context) (*areas, error) {
	v, err := s.store.LAsVersion(ctx)
	if err != nil {
		return nil, err
	}
	s.area.mu.Lock()
	defer s.area.mu.Unlock()
	if s.area.snap != nil && s.area.snap.version == v {
		return s.area.snap, nil
	}
	las, err := s.store.LAs(ctx)
	if err != nil {
		return nil, err
	}
	fc := geojson.NewFeatureCollection()
	var index []geo.LA
	names := map[int64]models.LocalAuthority{}
	for _, la := range las {
		names[la.ID] = la
		g := geo.LA{ID: la.ID, Code: la.Code, Name: la.Name}
		if la.Boundary != "" {
			mp, err := geo.ParseBoundary([]byte(la.Boundary))
			if err != nil {
				return nil, fmt.Errorf("stored boundary of LA %d: %w", la.ID, err)
			}
			g.Boundary = mp
			// 0.0005° (about 35 m) is invisible at county zoom and makes
			// a full-resolution ONS boundary a few kilobytes.
			f := geojson.NewFeature(geo.Simplify(mp, 0.0005))
			f.Properties = geojson.Properties{"id": la.ID, "code": la.Code, "name": la.Name}
			fc.Append(f)
		}
		index = append(index, g)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		return nil, err
	}
	s.area.snap = &areas{version: v, index: geo.NewLAIndex(index), geojson: b, names: names}
	return s.area.snap, nil
}

// locate is the LA containing (lat, lon), or nil.
func (a *areas) locate(lat, lon float64) *int64 {
	if la, ok := a.index.Locate(orb.Point{lon, lat}); ok {
		return &la.ID
	}
	return nil
}

// hasBoundaries reports whether any LA has a boundary to locate points in.
func (a *areas) hasBoundaries() bool {
	for _, la := range a.index.LAs() {
		if len(la.Boundary) > 0 {
			return true
		}
	}
	return false
}

// laName is an LA's name, or "" for none.
func (a *areas) laName(id *int64) string {
	if id == nil {
		return ""
	}
	return a.names[*id].Name
}

// areaBoundaries is GET /maps/local-authorities.geojson: the LA boundaries
// every map draws, public like the LAs themselves (the public alert page
// needs them before anyone logs in). The version makes a strong ETag.
func (s *Server) areaBoundaries(c *gin.Context) {
	a, err := s.areas(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	body, etag := a.geojson, `"`+a.version+`"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "public, max-age=300")
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/geo+json", body)
}
