package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type safetyPlanPage struct {
	Person  identity            `json:"-"`
	Current *models.SafetyPlan  `json:"current"`
	History []models.SafetyPlan `json:"history"`
	Input   models.SafetyPlanInput
	Errors  models.FieldErrors `json:"-"`
	CanEdit bool               `json:"-"`
}

func (p safetyPlanPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// safetyPlan shows a person's safety plan and its earlier versions to the
// services involved with them; everyone else who can see the person sees
// only the safety symbol and contact advice (and gets the one 404 here).
func (s *Server) safetyPlan(c *gin.Context) {
	a, _ := actorOf(c)
	pg, _, ok := recordRead(s, c, a, models.AuditReadSafetyPlan, func(p *models.Person) (safetyPlanPage, error) {
		return s.safetyPlanData(c, a, p)
	})
	if ok {
		s.respond(c, http.StatusOK, "safety_plan", pg)
	}
}

func (s *Server) safetyPlanData(c *gin.Context, a policy.Actor, p *models.Person) (safetyPlanPage, error) {
	pg := safetyPlanPage{Person: identityOf(p, nil), History: []models.SafetyPlan{},
		CanEdit: policy.Can(a, policy.Create, policy.ResourceSafetyPlan)}
	plans, err := s.store.SafetyPlans(c.Request.Context(), policy.SafetyPlans(a), p.ID)
	if err != nil {
		return pg, err
	}
	if len(plans) > 0 {
		pg.Current, pg.History = &plans[0], plans[1:]
		pg.Input = plans[0].SafetyPlanInput
	}
	return pg, nil
}

// writeSafetyPlan stores a new version of the plan for the actor's service.
func (s *Server) writeSafetyPlan(c *gin.Context) {
	a, p, ok := s.personToAddTo(c, policy.ResourceSafetyPlan, policy.Records, models.AuditWriteSafetyPlan)
	if !ok {
		return
	}
	var in models.SafetyPlanInput
	fail := func(err error) {
		pg, perr := s.safetyPlanData(c, a, p)
		if perr != nil {
			s.fail(c, perr)
			return
		}
		pg.Input = in
		s.formFail(c, "safety_plan", pg, err)
	}
	if err := bind(c, &in); err != nil {
		fail(err)
		return
	}
	s.createOnce(c, "Safety plan saved. Earlier versions are kept.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		plan, err := tx.WriteSafetyPlan(c.Request.Context(), policy.Records(a), policy.SafetyPlans(a), a.Author(), p.ID, in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditWriteSafetyPlan, ObjectType: "safety_plan", ObjectID: &plan.ID}
		return personURL(p.ID) + "/safety-plan", plan, nil
	}, fail)
}
