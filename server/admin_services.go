package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type serviceListPage struct {
	Services      []models.Service        `json:"services"`
	Organisations map[int64]string        `json:"-"`
	LAs           map[int64]string        `json:"-"`
	LAList        []models.LocalAuthority `json:"-"`
	Types         []models.ServiceType    `json:"-"`
	Filter        map[string]string       `json:"-"`
	CanCreate     bool                    `json:"-"`
}

// listServices is the directory of services: every user may read it, with
// confidential services' locations hidden from all but their own users and
// area admins (rule 5).
func (s *Server) listServices(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	f := models.ServiceFilter{}
	if t := c.Query("type"); t != "" {
		f.Types = []models.ServiceType{models.ServiceType(t)}
	}
	if v := c.Query("la_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(c, models.Invalid("la_id", "must be an id"))
			return
		}
		f.LAID = n
	}
	if v := c.Query("organisation_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(c, models.Invalid("organisation_id", "must be an id"))
			return
		}
		f.OrganisationIDs = []int64{n}
	}
	svs, err := s.store.Services(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := strings.ToLower(strings.TrimSpace(c.Query("q")))
	out := []models.Service{}
	for _, sv := range svs {
		if q != "" && !strings.Contains(strings.ToLower(sv.Name), q) {
			continue
		}
		out = append(out, policy.ServiceView(a, sv))
	}
	pg := serviceListPage{Services: out, Types: models.ServiceTypes, CanCreate: s.reach(c).any(),
		Filter: map[string]string{"type": c.Query("type"), "la_id": c.Query("la_id"), "q": c.Query("q")}}
	if !isAPI(c) {
		if pg.Organisations, pg.LAs, pg.LAList, err = s.directoryNames(c); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.respond(c, http.StatusOK, "admin_services", pg)
}

func (s *Server) directoryNames(c *gin.Context) (map[int64]string, map[int64]string, []models.LocalAuthority, error) {
	ctx := c.Request.Context()
	orgs, err := s.store.Organisations(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	las, err := s.store.LAs(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	on, ln := map[int64]string{}, map[int64]string{}
	for _, o := range orgs {
		on[o.ID] = o.Name
	}
	for _, la := range las {
		ln[la.ID] = la.Name
	}
	return on, ln, las, nil
}

type servicePage struct {
	Service      models.Service `json:"service"`
	Organisation string         `json:"organisation"`
	LAs          []string       `json:"local_authorities"`
	CanEdit      bool           `json:"-"`
}

func (s *Server) showService(c *gin.Context) {
	a, _ := actorOf(c)
	sv, ok := adminRecord(s, c, s.store.Service)
	if !ok {
		return
	}
	orgs, las, _, err := s.directoryNames(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	pg := servicePage{Service: policy.ServiceView(a, *sv), Organisation: orgs[sv.OrganisationID], LAs: []string{}, CanEdit: s.reach(c).coversOrg(sv.OrganisationID)}
	for _, la := range sv.LAIDs {
		pg.LAs = append(pg.LAs, las[la])
	}
	s.respond(c, http.StatusOK, "admin_service", pg)
}

type serviceForm struct {
	ID            int64
	Input         models.ServiceInput
	Errors        models.FieldErrors
	Organisations []models.Organisation
	LAs           []models.LocalAuthority
	Types         []models.ServiceType
}

func (f serviceForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

func (s *Server) serviceFormData(c *gin.Context, r adminReach, id int64, in models.ServiceInput) serviceForm {
	ctx := c.Request.Context()
	orgs, _ := s.store.Organisations(ctx, r.orgIDs()...)
	las, _ := s.store.LAs(ctx)
	types := models.ServiceTypes
	if !r.all {
		types = nil
		for _, t := range models.ServiceTypes {
			if t.Provider() {
				types = append(types, t)
			}
		}
	}
	return serviceForm{ID: id, Input: in, Organisations: orgs, LAs: las, Types: types}
}

func (s *Server) newServicePage(c *gin.Context) {
	r, ok := s.requireReach(c)
	if !ok {
		return
	}
	s.html(c, http.StatusOK, "admin_service_form", s.serviceFormData(c, r, 0, models.ServiceInput{OrganisationID: r.orgID}))
}

// bindServiceInput binds a service's form and checks that the admin may
// reach what it names.
func bindServiceInput(c *gin.Context, r adminReach, in *models.ServiceInput) error {
	if err := bind(c, in); err != nil {
		return err
	}
	return checkServiceReach(r, *in)
}

// checkServiceReach: org admins manage their own organisation's provider
// services only.
func checkServiceReach(r adminReach, in models.ServiceInput) error {
	if !r.coversOrg(in.OrganisationID) {
		return models.Invalid("organisation_id", "you can only manage your own organisation's services")
	}
	if !r.all && !in.Type.Provider() {
		return models.Invalid("type", "only area admins create commissioning, partner and area-team services")
	}
	return nil
}

func (s *Server) createService(c *gin.Context) {
	r, ok := s.requireReach(c)
	if !ok {
		return
	}
	in := models.ServiceInput{OrganisationID: r.orgID}
	fail := func(err error) { s.formFail(c, "admin_service_form", s.serviceFormData(c, r, 0, in), err) }
	if err := bindServiceInput(c, r, &in); err != nil {
		fail(err)
		return
	}
	s.createOnce(c, "Service added.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		sv, err := tx.CreateService(c.Request.Context(), in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditCreate, ObjectType: "service", ObjectID: &sv.ID}
		return serviceAdminURL(sv.ID), sv, nil
	}, fail)
}

func (s *Server) serviceToEdit(c *gin.Context) (adminReach, *models.Service, bool) {
	r, ok := s.requireReach(c)
	if !ok {
		return r, nil, false
	}
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return r, nil, false
	}
	sv, err := s.store.Service(c.Request.Context(), id)
	if err != nil || !r.coversOrg(sv.OrganisationID) {
		s.notFound(c)
		return r, nil, false
	}
	return r, sv, true
}

func inputOfService(sv *models.Service) models.ServiceInput {
	return models.ServiceInput{OrganisationID: sv.OrganisationID, Name: sv.Name, Type: sv.Type, Confidential: sv.Confidential,
		Address: sv.Address, Postcode: sv.Postcode, Lat: sv.Lat, Lon: sv.Lon, Phone: sv.Phone, Email: sv.Email,
		Capacity: sv.Capacity, LAIDs: sv.LAIDs}
}

func (s *Server) editServicePage(c *gin.Context) {
	r, sv, ok := s.serviceToEdit(c)
	if !ok {
		return
	}
	s.html(c, http.StatusOK, "admin_service_form", s.serviceFormData(c, r, sv.ID, inputOfService(sv)))
}

func (s *Server) updateService(c *gin.Context) {
	r, sv, ok := s.serviceToEdit(c)
	if !ok {
		return
	}
	in := inputOfService(sv)
	fail := func(err error) { s.formFail(c, "admin_service_form", s.serviceFormData(c, r, sv.ID, in), err) }
	if !isAPI(c) {
		in.LAIDs, in.Lat, in.Lon = nil, nil, nil
	}
	if err := bindServiceInput(c, r, &in); err != nil {
		fail(err)
		return
	}
	updated, err := writeAudited(s, c, func(tx *models.Store) (*models.Service, error) {
		return tx.UpdateService(c.Request.Context(), sv.ID, in)
	}, func(*models.Service) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdate, ObjectType: "service", ObjectID: &sv.ID}
	})
	if err != nil {
		fail(err)
		return
	}
	s.done(c, http.StatusOK, serviceAdminURL(sv.ID), "Service saved.", updated)
}
