package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/geo"
	"gateway/models"
)

// laJSON is a local authority with its boundary as GeoJSON.
type laJSON struct {
	models.LocalAuthority
	Boundary json.RawMessage `json:"boundary,omitempty" schema:"Boundary"`
}

func laOut(la models.LocalAuthority, withBoundary bool) laJSON {
	out := laJSON{LocalAuthority: la}
	if withBoundary && la.Boundary != "" {
		out.Boundary = json.RawMessage(la.Boundary)
	}
	return out
}

type laListPage struct {
	LAs     []laJSON `json:"local_authorities"`
	CanEdit bool     `json:"-"`
}

// listLAs lists local authorities; they are public facts.
func (s *Server) listLAs(c *gin.Context) {
	las, err := s.store.LAs(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	pg := laListPage{LAs: []laJSON{}, CanEdit: s.reach(c).all}
	for _, la := range las {
		pg.LAs = append(pg.LAs, laOut(la, c.Query("boundaries") == "1"))
	}
	s.respond(c, http.StatusOK, "admin_las", pg)
}

func (s *Server) showLA(c *gin.Context) {
	la, ok := adminRecord(s, c, s.store.LA)
	if !ok {
		return
	}
	if isAPI(c) {
		c.JSON(http.StatusOK, laOut(*la, true))
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/local-authorities/"+strconv.FormatInt(la.ID, 10)+"/edit")
}

type laForm struct {
	ID     int64
	Input  models.LAInput
	Errors models.FieldErrors
}

func (f laForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

func (s *Server) newLAPage(c *gin.Context) { s.html(c, http.StatusOK, "admin_la_form", laForm{}) }

func (s *Server) editLAPage(c *gin.Context) {
	la, ok := adminRecord(s, c, s.store.LA)
	if !ok {
		return
	}
	s.html(c, http.StatusOK, "admin_la_form", laForm{ID: la.ID, Input: models.LAInput{Code: la.Code, Name: la.Name, Boundary: la.Boundary}})
}

// maxBoundary bounds an uploaded boundary; real ONS boundaries at full
// resolution run to a few megabytes.
const maxBoundary = 16 << 20

// laInput reads a local authority, parsing its boundary with geo so a bad
// polygon is refused with a clear message before anything is stored.
func (s *Server) laInput(c *gin.Context, in *models.LAInput) error {
	if isAPI(c) {
		var raw struct {
			Code     *string         `json:"code"`
			Name     *string         `json:"name"`
			Boundary json.RawMessage `json:"boundary"`
		}
		if err := keepBodyHash(c, maxBoundary); err != nil { // idempotency.go
			return err
		}
		if err := bindJSON(c.Request, &raw, maxBoundary); err != nil {
			return err
		}
		if raw.Code != nil {
			in.Code = *raw.Code
		}
		if raw.Name != nil {
			in.Name = *raw.Name
		}
		in.Boundary = ""
		if len(raw.Boundary) > 0 && string(raw.Boundary) != "null" {
			in.Boundary = string(raw.Boundary)
		}
	} else {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBoundary)
		if err := bind(c, in); err != nil {
			return err
		}
	}
	if in.Boundary == "" {
		in.BBox = nil
		return nil
	}
	mp, err := geo.ParseBoundary([]byte(in.Boundary))
	if err != nil {
		return models.Invalid("boundary", err.Error())
	}
	b := mp.Bound()
	in.Boundary = geo.BoundaryJSON(mp)
	in.BBox = &[4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	return nil
}

func (s *Server) createLA(c *gin.Context) {
	var in models.LAInput
	if err := s.laInput(c, &in); err != nil {
		s.formFail(c, "admin_la_form", laForm{Input: in}, err)
		return
	}
	s.createOnce(c, "Local authority added.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		la, err := tx.CreateLA(c.Request.Context(), in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditCreate, ObjectType: "local_authority", ObjectID: &la.ID}
		return "/admin/local-authorities", laOut(*la, false), nil
	}, func(err error) { s.formFail(c, "admin_la_form", laForm{Input: in}, err) })
}

func (s *Server) updateLA(c *gin.Context) {
	la, ok := adminRecord(s, c, s.store.LA)
	if !ok {
		return
	}
	in := models.LAInput{Code: la.Code, Name: la.Name, Boundary: la.Boundary}
	if err := s.laInput(c, &in); err != nil {
		s.formFail(c, "admin_la_form", laForm{ID: la.ID, Input: in}, err)
		return
	}
	updated, err := writeAudited(s, c, func(tx *models.Store) (*models.LocalAuthority, error) {
		return tx.UpdateLA(c.Request.Context(), la.ID, in)
	}, func(*models.LocalAuthority) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdate, ObjectType: "local_authority", ObjectID: &la.ID}
	})
	if err != nil {
		s.formFail(c, "admin_la_form", laForm{ID: la.ID, Input: in}, err)
		return
	}
	s.done(c, http.StatusOK, "/admin/local-authorities", "Local authority saved.", laOut(*updated, false))
}
