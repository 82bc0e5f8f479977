package server

import (
	"context"

	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"gateway/geo"
	"gateway/models"
	"gateway/server/app"
)

// The area gazetteer: named places that name
// hotspots and street contacts on pages and in the commissioner pack.

// gazetteer is the area's named places, read whole (a few thousand at most).
func (s *Server) gazetteer(ctx context.Context) (*geo.Gazetteer, error) {
	ps, err := s.store.Places(ctx)
	if err != nil {
		return nil, err
	}
	return app.GazetteerOf(ps), nil
}

// placesPage is the admin's gazetteer page.
type placesPage struct {
	Places    []models.Place
	Kinds     []string
	Input     placeForm
	Errors    models.FieldErrors
	TileURL   string
	Basemap   bool
	Imported  int
	GeoJSON   string
	ShowInput bool
}

func (p placesPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

type placeForm struct {
	Name string   `json:"name"`
	Kind string   `json:"kind"`
	Lat  *float64 `json:"lat"`
	Lon  *float64 `json:"lon"`
}

func (s *Server) placesPageData(ctx context.Context) (placesPage, error) {
	ps, err := s.store.Places(ctx)
	return placesPage{Places: ps, Kinds: models.PlaceKinds, TileURL: s.cfg.TileURL, Basemap: s.cfg.Basemap != ""}, err
}

// places is GET /admin/places and GET /api/v1/places.
func (s *Server) places(c *gin.Context) {
	pg, err := s.placesPageData(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if isAPI(c) {
		pg.Places = nonNil(pg.Places)
		c.JSON(http.StatusOK, placesResponse{Places: pg.Places})
		return
	}
	s.html(c, http.StatusOK, "admin_places", pg)
}

// addPlace is POST /admin/places: one place by hand.
func (s *Server) addPlace(c *gin.Context) {
	ctx := c.Request.Context()
	pg, err := s.placesPageData(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	var f placeForm
	if err := bind(c, &f); err != nil {
		s.formFail(c, "admin_places", pg, err)
		return
	}
	pg.Input = f
	if _, err := s.store.SavePlaces(ctx, []models.PlaceInput{{Name: f.Name, Kind: f.Kind, Lat: f.Lat, Lon: f.Lon}}); err != nil {
		s.formFail(c, "admin_places", pg, err)
		return
	}
	s.audit(c, models.AuditEvent{Action: models.AuditCreate, ObjectType: "place"})
	s.done(c, http.StatusCreated, "/admin/places", "Place added to the gazetteer.", nil)
}

// importPlaces is POST /admin/places/import and POST /api/v1/places: a
// GeoJSON FeatureCollection whose features have a name (and optionally a
// kind) property. A point is the place; a line or area is placed at its
// middle. All are saved, or none.
func (s *Server) importPlaces(c *gin.Context) {
	ctx := c.Request.Context()
	pg, err := s.placesPageData(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	var raw []byte
	if isAPI(c) {
		raw, err = io.ReadAll(io.LimitReader(c.Request.Body, maxBody+1))
	} else if fh, ferr := c.FormFile("file"); ferr == nil {
		var f io.ReadCloser
		if f, err = fh.Open(); err == nil {
			raw, err = io.ReadAll(io.LimitReader(f, maxBody+1))
			f.Close()
		}
	} else {
		raw = []byte(c.PostForm("geojson"))
		pg.GeoJSON = c.PostForm("geojson")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := placesFromGeoJSON(raw)
	if err == nil {
		_, err = s.store.SavePlaces(ctx, in)
	}
	if err != nil {
		s.formFail(c, "admin_places", pg, err)
		return
	}
	s.audit(c, models.AuditEvent{Action: models.AuditImport, ObjectType: "place", Reason: strconv.Itoa(len(in)) + " places"})
	s.done(c, http.StatusCreated, "/admin/places", strconv.Itoa(len(in))+" places imported into the gazetteer.", placesImported{Imported: len(in)})
}

// placesFromGeoJSON reads the import, naming the feature at fault.
func placesFromGeoJSON(raw []byte) ([]models.PlaceInput, error) {
	if len(raw) > maxBody {
		return nil, models.Invalid("geojson", "is larger than 1 MB; split the file")
	}
	if strings.TrimSpace(string(raw)) == "" {
		return nil, models.Invalid("geojson", "Paste a GeoJSON FeatureCollection or choose a file")
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, models.Invalid("geojson", "is not a GeoJSON FeatureCollection ("+err.Error()+")")
	}
	if len(fc.Features) == 0 {
		return nil, models.Invalid("geojson", "has no features")
	}
	var out []models.PlaceInput
	for i, f := range fc.Features {
		name, _ := f.Properties["name"].(string)
		kind, _ := f.Properties["kind"].(string)
		if kind == "" {
			kind = "landmark"
		}
		if f.Geometry == nil {
			return nil, models.Invalid("geojson", "feature "+strconv.Itoa(i+1)+" has no geometry")
		}
		p := f.Geometry.Bound().Center()
		if pt, ok := f.Geometry.(orb.Point); ok {
			p = pt
		}
		lat, lon := p[1], p[0]
		out = append(out, models.PlaceInput{Name: name, Kind: kind, Lat: &lat, Lon: &lon})
	}
	return out, nil
}

// deletePlace is POST /admin/places/delete (the id in the form: places are
// reference data, not records anyone is hidden from).
func (s *Server) deletePlace(c *gin.Context) {
	id, err := strconv.ParseInt(c.PostForm("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(c)
		return
	}
	err = s.store.DeletePlace(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, models.AuditEvent{Action: models.AuditDelete, ObjectType: "place", ObjectID: &id})
	s.done(c, http.StatusOK, "/admin/places", "Place removed from the gazetteer.", nil)
}

// basemap is GET /maps/basemap.pmtiles: the self-hosted basemap, served
// with range requests so no third party learns where users look.
func (s *Server) basemap(c *gin.Context) {
	if s.cfg.Basemap == "" {
		s.notFound(c)
		return
	}
	f, err := os.Open(s.cfg.Basemap)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.Header("Content-Type", "application/vnd.pmtiles")
	http.ServeContent(c.Writer, c.Request, "basemap.pmtiles", st.ModTime(), f)
}

// placesResponse is GET /api/v1/places.
type placesResponse struct {
	Places []models.Place `json:"places"`
}

// placesImported is POST /api/v1/places: how many places the file added.
type placesImported struct {
	Imported int `json:"imported"`
}
