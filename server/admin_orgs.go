package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type orgListPage struct {
	Organisations []models.Organisation `json:"organisations"`
	CanCreate     bool                  `json:"-"`
}

// listOrganisations lists providers and agencies; their names are public.
func (s *Server) listOrganisations(c *gin.Context) {
	orgs, err := s.store.Organisations(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	orgs = nonNil(orgs)
	s.respond(c, http.StatusOK, "admin_orgs", orgListPage{Organisations: orgs, CanCreate: s.reach(c).all})
}

type orgPage struct {
	Organisation *models.Organisation `json:"organisation"`
	Services     []models.Service     `json:"services"`
	CanEdit      bool                 `json:"-"`
}

func (s *Server) showOrganisation(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	org, err := s.store.Organisation(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	svs, err := s.store.Services(ctx, models.ServiceFilter{OrganisationIDs: []int64{id}})
	if err != nil {
		s.fail(c, err)
		return
	}
	for i := range svs {
		svs[i] = policy.ServiceView(a, svs[i])
	}
	s.respond(c, http.StatusOK, "admin_org", orgPage{Organisation: org, Services: svs, CanEdit: s.reach(c).coversOrg(id)})
}

type orgForm struct {
	ID     int64
	Input  models.OrganisationInput
	Errors models.FieldErrors
}

func (f orgForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

func (s *Server) newOrganisationPage(c *gin.Context) {
	s.html(c, http.StatusOK, "admin_org_form", orgForm{})
}

func (s *Server) createOrganisation(c *gin.Context) {
	var in models.OrganisationInput
	if err := bind(c, &in); err != nil {
		s.formFail(c, "admin_org_form", orgForm{Input: in}, err)
		return
	}
	s.createOnce(c, "Organisation added.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		o, err := tx.CreateOrganisation(c.Request.Context(), in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditCreate, ObjectType: "organisation", ObjectID: &o.ID}
		return organisationAdminURL(o.ID), o, nil
	}, func(err error) { s.formFail(c, "admin_org_form", orgForm{Input: in}, err) })
}

// orgToEdit loads an organisation the caller administers; others get 404.
func (s *Server) orgToEdit(c *gin.Context) (*models.Organisation, bool) {
	r, ok := s.requireReach(c)
	if !ok {
		return nil, false
	}
	id, ok := idParam(c, "id")
	if !ok || !r.coversOrg(id) {
		s.notFound(c)
		return nil, false
	}
	o, err := s.store.Organisation(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return o, true
}

func (s *Server) editOrganisationPage(c *gin.Context) {
	o, ok := s.orgToEdit(c)
	if !ok {
		return
	}
	s.html(c, http.StatusOK, "admin_org_form", orgForm{ID: o.ID, Input: models.OrganisationInput{Name: o.Name}})
}

func (s *Server) updateOrganisation(c *gin.Context) {
	o, ok := s.orgToEdit(c)
	if !ok {
		return
	}
	in := models.OrganisationInput{Name: o.Name}
	if err := bind(c, &in); err != nil {
		s.formFail(c, "admin_org_form", orgForm{ID: o.ID, Input: in}, err)
		return
	}
	updated, err := writeAudited(s, c, func(tx *models.Store) (*models.Organisation, error) {
		return tx.UpdateOrganisation(c.Request.Context(), o.ID, in)
	}, func(*models.Organisation) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdate, ObjectType: "organisation", ObjectID: &o.ID}
	})
	if err != nil {
		s.formFail(c, "admin_org_form", orgForm{ID: o.ID, Input: in}, err)
		return
	}
	s.done(c, http.StatusOK, organisationAdminURL(o.ID), "Organisation saved.", updated)
}
