package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type formVersionsPage struct {
	Versions []models.FormVersionSummary `json:"versions"`
	Current  int                         `json:"current"`
	Draft    string                      `json:"-"`
	Notes    string                      `json:"-"`
	Errors   models.FieldErrors          `json:"-"`
	CanEdit  bool                        `json:"-"`
}

func (p formVersionsPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// formVersions lists the assessment form's versions; area admins also get
// the publishing form, starting from the current definition.
func (s *Server) formVersions(c *gin.Context) {
	showPage(s, c, "form_versions", s.formVersionsData)
}

func (s *Server) formVersionsData(c *gin.Context) (formVersionsPage, error) {
	a, _ := actorOf(c)
	list, err := s.store.FormVersions(c.Request.Context(), policy.AssessmentCounts(a))
	if err != nil {
		return formVersionsPage{}, err
	}
	pg := formVersionsPage{Versions: list, CanEdit: canManageForms(a)}
	if len(list) > 0 {
		pg.Current = list[0].Version
	}
	if pg.CanEdit && !isAPI(c) {
		cur, err := s.store.CurrentForm(c.Request.Context())
		if err != nil {
			return pg, err
		}
		b, _ := json.MarshalIndent(cur.Definition, "", "  ")
		pg.Draft = string(b)
	}
	return pg, nil
}

type formVersionPage struct {
	Version *models.FormVersion `json:"version"`
	JSON    string              `json:"-"`
}

// formVersion shows one version: its sections and questions, and the
// definition as JSON.
func (s *Server) formVersion(c *gin.Context) {
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		s.notFound(c)
		return
	}
	fv, err := s.store.FormVersionNumbered(c.Request.Context(), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	b, _ := json.MarshalIndent(fv.Definition, "", "  ")
	s.respond(c, http.StatusOK, "form_version", formVersionPage{Version: fv, JSON: string(b)})
}

// publishInput is the web form: the definition as text.
type publishInput struct {
	Definition json.RawMessage `json:"definition"`
	Notes      string          `json:"notes"`
}

// publishForm publishes a new version (area admins). Assessments already
// started keep the version they began on.
func (s *Server) publishForm(c *gin.Context) {
	a, _ := actorOf(c)
	var in models.PublishFormInput
	if isAPI(c) {
		if !s.bound(c, &in) {
			return
		}
	} else {
		in.Definition, in.Notes = json.RawMessage(c.PostForm("definition")), c.PostForm("notes")
	}
	fv, err := writeAudited(s, c, func(tx *models.Store) (*models.FormVersion, error) {
		return tx.PublishForm(c.Request.Context(), a.Author(), in)
	}, func(fv *models.FormVersion) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditPublishForm, ObjectType: "form_version", ObjectID: &fv.ID, Reason: "version " + strconv.Itoa(fv.Version)}
	})
	if err != nil {
		pg, perr := s.formVersionsData(c)
		if perr != nil {
			s.fail(c, perr)
			return
		}
		pg.Draft, pg.Notes = string(in.Definition), in.Notes
		s.formFail(c, "form_versions", pg, err)
		return
	}
	s.done(c, http.StatusCreated, "/admin/forms/"+strconv.Itoa(fv.Version), "Version "+strconv.Itoa(fv.Version)+" published: new assessments use it; assessments already started keep theirs.", fv)
}
