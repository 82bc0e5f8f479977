package server

import (
	"net/http"
	"os"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// The area admin's single sign-on settings: identity providers,
// and per organisation which provider, which email domains, just-in-time
// accounts and whether local passwords still work.

type ssoProviderView struct {
	models.IdentityProvider
	SecretSet   bool   `json:"secret_set"`
	CallbackURL string `json:"callback_url"`
}

type ssoOrgView struct {
	OrganisationID   int64  `json:"organisation_id"`
	OrganisationName string `json:"organisation_name"`
	models.OrganisationSSO
	ProviderName string `json:"provider_name"`
	JITService   string `json:"jit_service"`
}

type ssoPage struct {
	Providers     []ssoProviderView     `json:"providers"`
	Organisations []ssoOrgView          `json:"organisations"`
	AllOrgs       []models.Organisation `json:"-"`
	Services      []models.Service      `json:"-"`
	Roles         []models.Role         `json:"-"`
	Errors        models.FieldErrors    `json:"-"`
	Provider      models.ProviderInput  `json:"-"`
	Org           models.OrgSSOInput    `json:"-"`
	OrgID         int64                 `json:"-"`
}

func (s *Server) ssoData(c *gin.Context) (ssoPage, error) {
	ctx := c.Request.Context()
	pg := ssoPage{Providers: []ssoProviderView{}, Organisations: []ssoOrgView{}, Roles: []models.Role{models.RoleWorker, models.RoleManager, models.RoleCommissioner, models.RolePartner}}
	ps, err := s.store.Providers(ctx)
	if err != nil {
		return pg, err
	}
	names := map[int64]string{}
	for _, p := range ps {
		names[p.ID] = p.Name
		pg.Providers = append(pg.Providers, ssoProviderView{IdentityProvider: p, SecretSet: os.Getenv(p.SecretEnv) != "",
			CallbackURL: s.publicURL(c) + "/login/sso/" + p.Slug + "/callback"})
	}
	if pg.AllOrgs, err = s.store.Organisations(ctx); err != nil {
		return pg, err
	}
	rules, err := s.store.OrganisationSSOs(ctx)
	if err != nil {
		return pg, err
	}
	svcs, err := s.store.Services(ctx, models.ServiceFilter{})
	if err != nil {
		return pg, err
	}
	pg.Services = svcs
	svcName := map[int64]string{}
	for _, sv := range svcs {
		svcName[sv.ID] = sv.Name
	}
	for _, o := range pg.AllOrgs {
		r, ok := rules[o.ID]
		if !ok {
			continue
		}
		v := ssoOrgView{OrganisationID: o.ID, OrganisationName: o.Name, OrganisationSSO: r}
		if r.ProviderID != nil {
			v.ProviderName = names[*r.ProviderID]
		}
		if r.JITServiceID != nil {
			v.JITService = svcName[*r.JITServiceID]
		}
		pg.Organisations = append(pg.Organisations, v)
	}
	return pg, nil
}

func (s *Server) ssoSettings(c *gin.Context) {
	showPage(s, c, "admin_sso", s.ssoData)
}

// ssoRedraw shows the page again with the form's errors, or answers the
// API's 422 through fail.
func (s *Server) ssoRedraw(c *gin.Context, err error, fill func(*ssoPage)) {
	fe, ok := err.(models.FieldErrors)
	if isAPI(c) || !ok {
		s.fail(c, err)
		return
	}
	pg, derr := s.ssoData(c)
	if derr != nil {
		s.fail(c, derr)
		return
	}
	pg.Errors = fe
	fill(&pg)
	s.html(c, http.StatusUnprocessableEntity, "admin_sso", pg)
}

func (s *Server) createProvider(c *gin.Context) {
	var in models.ProviderInput
	if !s.bound(c, &in) {
		return
	}
	var p *models.IdentityProvider
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		if p, err = tx.CreateProvider(c.Request.Context(), in); err != nil {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditCreateIdentityProvider, ObjectType: "identity_provider", ObjectID: &p.ID}, nil
	})
	if err != nil {
		s.ssoRedraw(c, err, func(pg *ssoPage) { pg.Provider = in })
		return
	}
	s.done(c, http.StatusCreated, "/admin/sso", p.Name+" added. Register the callback URL shown below with the provider.", p)
}

func (s *Server) deleteProvider(c *gin.Context) {
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	s.auditedRemoved(c, "/admin/sso", "Identity provider removed.", func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditDeleteIdentityProvider, ObjectType: "identity_provider", ObjectID: &id}, tx.DeleteProvider(c.Request.Context(), id)
	})
}

type orgSSOForm struct {
	OrganisationID int64 `json:"organisation_id"`
	models.OrgSSOInput
}

// setOrgSSO is PUT /api/v1/sso/organisations/{id} and the page's form,
// which names the organisation in the form.
func (s *Server) setOrgSSO(c *gin.Context) {
	var in orgSSOForm
	if !s.bound(c, &in) {
		return
	}
	if c.Param("id") != "" {
		id, ok := s.pathID(c)
		if !ok {
			return
		}
		in.OrganisationID = id
	}
	if in.OrganisationID == 0 {
		s.ssoRedraw(c, models.Invalid("organisation_id", "choose an organisation"), func(pg *ssoPage) { pg.Org = in.OrgSSOInput })
		return
	}
	var row *models.OrganisationSSO
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		if row, err = tx.SetOrganisationSSO(c.Request.Context(), in.OrganisationID, in.OrgSSOInput); err != nil {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditSetOrganisationSSO, ObjectType: "organisation", ObjectID: &in.OrganisationID,
			Reason: "passwords_off=" + strconv.FormatBool(row.PasswordsOff) + " jit=" + strconv.FormatBool(row.JITServiceID != nil)}, nil
	})
	if err != nil {
		s.ssoRedraw(c, err, func(pg *ssoPage) { pg.Org, pg.OrgID = in.OrgSSOInput, in.OrganisationID })
		return
	}
	s.done(c, http.StatusOK, "/admin/sso", "Sign-in settings saved.", row)
}
