package server

import (
	"time"

	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
)

// serviceProfilePage is a service's placement profile: capacity, vacancy
// lines with when they were last updated, target groups, the eligibility
// rules in force and when it takes assessments.
type serviceProfilePage struct {
	Service      models.Service       `json:"service"`
	Capacity     int                  `json:"capacity"`
	Free         int                  `json:"free"`
	UpdatedAt    *models.Time         `json:"updated_at"`
	Vacancies    []models.Vacancy     `json:"vacancies"`
	TargetGroups []string             `json:"target_groups"`
	Rules        matching.Eligibility `json:"rules"`
	RulesVersion int                  `json:"rules_version"`
	RulesText    []string             `json:"rules_text"`
	Hours        matching.Schedule    `json:"assessment_hours"`
	HoursText    string               `json:"assessment_hours_text"`
	OpenNow      bool                 `json:"open_for_assessment_now"`
	Placeable    bool                 `json:"takes_placements"`
	CanUpdate    bool                 `json:"-"`
	CanEditRules bool                 `json:"-"`
	HoursForm    map[string]string    `json:"-"`
	Errors       models.FieldErrors   `json:"-"`
}

func (p serviceProfilePage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// GroupLabel and friends name vocabulary keys in templates.
func (serviceProfilePage) GroupLabel(k string) string { return matching.TermLabel(matching.Groups, k) }

func (s *Server) serviceProfileOf(c *gin.Context, id int64) (*serviceProfilePage, error) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	sv, err := s.store.Service(ctx, id)
	if err != nil {
		return nil, err
	}
	vs, err := s.store.ServiceVacancies(ctx, id)
	if err != nil {
		return nil, err
	}
	rules, err := s.store.CurrentEligibility(ctx)
	if err != nil {
		return nil, err
	}
	prof, err := s.store.ServiceProfileOf(ctx, id)
	if err != nil {
		return nil, err
	}
	ms, info := matchService(a, sv, rules[id], prof)
	pg := &serviceProfilePage{Service: info.Service, Capacity: sv.Capacity, Vacancies: vs, TargetGroups: ms.Groups, Rules: ms.Rules,
		RulesVersion: info.RulesVersion, RulesText: describeRules(ms.Rules), Hours: ms.AssessmentHours, HoursText: ms.AssessmentHours.Describe(),
		OpenNow: ms.AssessmentHours.OpenAt(s.now()), Placeable: placeable(sv),
		CanUpdate:    policy.Can(a, policy.Update, policy.ServiceObject{ServiceID: id}),
		CanEditRules: policy.Can(a, policy.Manage, policy.ResourceMatchingRules),
		HoursForm:    hoursForm(ms.AssessmentHours)}
	pg.TargetGroups = nonNil(pg.TargetGroups)
	for _, v := range vs {
		pg.Free += v.Places
		t := models.Time{Time: v.UpdatedAt}
		if pg.UpdatedAt == nil || t.After(pg.UpdatedAt.Time) {
			pg.UpdatedAt = &t
		}
	}
	return pg, nil
}

// serviceVacancies is GET /services/{id}/vacancies: any worker sees a
// service's vacancies (they are not personal data); its managers update them.
func (s *Server) serviceVacancies(c *gin.Context) {
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	pg, err := s.serviceProfileOf(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.respond(c, http.StatusOK, "service_profile", pg)
}

// ownVacancies is GET /vacancies: the acting service's own profile page.
func (s *Server) ownVacancies(c *gin.Context) {
	a, _ := actorOf(c)
	c.Redirect(http.StatusSeeOther, vacanciesURL(a.ServiceID))
}

// ownService is the service in the path when the actor may update it.
func (s *Server) ownService(c *gin.Context) (int64, bool) {
	a, _ := actorOf(c)
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return 0, false
	}
	if !policy.Can(a, policy.Update, policy.ServiceObject{ServiceID: id}) {
		s.auditDenied(c, models.AuditUpdateVacancies, "service", id, "not a manager of this service")
		s.fail(c, errForbidden)
		return 0, false
	}
	return id, true
}

func (s *Server) profileFail(c *gin.Context, id int64, err error) {
	formFailReloaded(s, c, "service_profile", err, func() (*serviceProfilePage, error) { return s.serviceProfileOf(c, id) })
}

// addVacancy is POST /services/{id}/vacancies: a new line of places.
func (s *Server) addVacancy(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.ownService(c)
	if !ok {
		return
	}
	var in models.VacancyInput
	if err := bind(c, &in); err != nil {
		s.profileFail(c, id, err)
		return
	}
	v, err := writeAudited(s, c, func(tx *models.Store) (*models.Vacancy, error) {
		return tx.AddVacancy(c.Request.Context(), id, a.UserID, in)
	}, func(v *models.Vacancy) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditAddVacancy, ObjectType: "vacancy", ObjectID: &v.ID}
	})
	if err != nil {
		s.profileFail(c, id, err)
		return
	}
	s.done(c, http.StatusCreated, vacanciesURL(id), "Vacancy added.", v)
}

// updateVacancy is PATCH /vacancies/{id} (POST in the web): the places free
// now, as the service counts them.
func (s *Server) updateVacancy(c *gin.Context) {
	a, _ := actorOf(c)
	vid, ok := s.pathID(c)
	if !ok {
		return
	}
	v, err := s.store.Vacancy(c.Request.Context(), vid)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !policy.Can(a, policy.Update, policy.ServiceObject{ServiceID: v.ServiceID}) {
		s.auditDenied(c, models.AuditUpdateVacancy, "vacancy", vid, "not a manager of this service")
		s.fail(c, errForbidden)
		return
	}
	in := models.VacancyInput{Label: v.Label, Places: v.Places}
	if err := bind(c, &in); err != nil {
		s.profileFail(c, v.ServiceID, err)
		return
	}
	got, err := writeAudited(s, c, func(tx *models.Store) (*models.Vacancy, error) {
		return tx.UpdateVacancy(c.Request.Context(), v.ServiceID, vid, a.UserID, in)
	}, func(*models.Vacancy) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdateVacancy, ObjectType: "vacancy", ObjectID: &vid}
	})
	if err != nil {
		s.profileFail(c, v.ServiceID, err)
		return
	}
	s.done(c, http.StatusOK, vacanciesURL(v.ServiceID), "Vacancies updated.", got)
}

// hoursInput is assessment hours: the API sends the schedule as
// {"24h": true} or {"mon": ["09:00-17:00"], ...}; the web form one text
// field per day ("09:00-17:00, 18:00-20:00") and a 24-hour box.
type hoursInput struct {
	AssessmentHours json.RawMessage `json:"assessment_hours"`
}

var dayFields = []struct{ key, label string }{{"mon", "Monday"}, {"tue", "Tuesday"}, {"wed", "Wednesday"}, {"thu", "Thursday"}, {"fri", "Friday"}, {"sat", "Saturday"}, {"sun", "Sunday"}}

// DayFields lists the week for the hours form.
func (serviceProfilePage) DayFields() []struct{ Key, Label string } {
	out := make([]struct{ Key, Label string }, len(dayFields))
	for i, d := range dayFields {
		out[i].Key, out[i].Label = d.key, d.label
	}
	return out
}

func hoursForm(h matching.Schedule) map[string]string {
	raw, _ := h.MarshalJSON()
	var m map[string]any
	json.Unmarshal(raw, &m)
	out := map[string]string{}
	for k, v := range m {
		if list, ok := v.([]any); ok {
			parts := make([]string, len(list))
			for i, x := range list {
				parts[i], _ = x.(string)
			}
			out[k] = strings.Join(parts, ", ")
		}
	}
	if h.AllHours {
		out["24h"] = "true"
	}
	return out
}

// hoursFromForm reads the web form into the schedule's JSON form and lets
// matching parse it, so both doors report the same errors.
func hoursFromForm(c *gin.Context) (matching.Schedule, error) {
	m := map[string]any{}
	if c.PostForm("all_hours") != "" {
		m["24h"] = true
	}
	for _, d := range dayFields {
		var list []string
		for _, part := range strings.Split(c.PostForm(d.key), ",") {
			if p := strings.TrimSpace(part); p != "" {
				list = append(list, p)
			}
		}
		if len(list) > 0 {
			m[d.key] = list
		}
	}
	raw, _ := jsonString(m)
	var h matching.Schedule
	if err := h.UnmarshalJSON([]byte(raw)); err != nil {
		return h, scheduleFieldErrors(err)
	}
	return h, nil
}

func scheduleFieldErrors(err error) error {
	var fes matching.FieldErrors
	if !errors.As(err, &fes) {
		return models.Invalid("assessment_hours", err.Error())
	}
	out := models.FieldErrors{}
	for _, fe := range fes {
		field := fe.Field
		if i := strings.IndexByte(field, '['); i >= 0 {
			field = field[:i]
		}
		if field == "" || field == "24h" {
			field = "assessment_hours"
		}
		out.Add(field, fe.Problem)
	}
	return out
}

// setAssessmentHours is PUT /services/{id}/profile (POST in the web).
func (s *Server) setAssessmentHours(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.ownService(c)
	if !ok {
		return
	}
	var h matching.Schedule
	if isAPI(c) {
		var in hoursInput
		if !s.bound(c, &in) {
			return
		}
		if len(in.AssessmentHours) == 0 || string(in.AssessmentHours) == "null" {
			s.fail(c, models.Invalid("assessment_hours", "is required: {\"24h\": true} or days like {\"mon\": [\"09:00-17:00\"]}"))
			return
		}
		if err := h.UnmarshalJSON(in.AssessmentHours); err != nil {
			s.fail(c, scheduleFieldErrors(err))
			return
		}
	} else {
		var err error
		if h, err = hoursFromForm(c); err != nil {
			s.profileFail(c, id, err)
			return
		}
	}
	raw, err := h.MarshalJSON()
	if err != nil {
		s.fail(c, err)
		return
	}
	prof, err := writeAudited(s, c, func(tx *models.Store) (*models.ServiceProfile, error) {
		return tx.SetAssessmentHours(c.Request.Context(), id, a.UserID, string(raw))
	}, func(*models.ServiceProfile) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdateAssessmentHours, ObjectType: "service", ObjectID: &id}
	})
	if err != nil {
		s.profileFail(c, id, err)
		return
	}
	s.done(c, http.StatusOK, vacanciesURL(id), "Assessment hours saved: "+h.Describe()+".",
		assessmentHoursSaved{ServiceID: prof.ServiceID, AssessmentHours: h, AssessmentHoursText: h.Describe(), UpdatedAt: prof.UpdatedAt})
}

// assessmentHoursSaved answers PUT /api/v1/services/{id}/profile.
type assessmentHoursSaved struct {
	ServiceID           int64             `json:"service_id"`
	AssessmentHours     matching.Schedule `json:"assessment_hours"`
	AssessmentHoursText string            `json:"assessment_hours_text"`
	UpdatedAt           time.Time         `json:"updated_at"`
}
