package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type casesPage struct {
	Cases []models.Case `json:"cases"`
}

// listCases is GET /api/v1/people/{id}/cases: the cases the reader may
// see, for readers of the full record (like listNotes); anyone else gets
// the one 404, audited as denied.
func (s *Server) listCases(c *gin.Context) {
	listRecord(s, c, models.AuditReadCases, func(a policy.Actor, p *models.Person) ([]models.Case, error) {
		return s.store.Cases(c.Request.Context(), policy.Cases(a), p.ID)
	}, func(list []models.Case) any { return casesPage{Cases: list} })
}

// openCase opens a case on a pathway for the actor's service (which opens
// its involvement). A person who re-presents gets a new case.
func (s *Server) openCase(c *gin.Context) {
	var in models.CaseInput
	a, p, back, ok := s.personFormToAdd(c, policy.ResourceCase, policy.People, models.AuditOpenCase, &in, "#cases")
	if !ok {
		return
	}
	s.createOnce(c, "Case opened.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		cs, err := tx.OpenCase(c.Request.Context(), policy.People(a), a.Author(), p.ID, in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditOpenCase, ObjectType: "case", ObjectID: &cs.ID, Reason: cs.PathwayKey}
		return caseURL(cs.ID), cs, nil
	}, func(err error) { s.backWithError(c, back, err) })
}

// casePage is one case with its pathway, history and the actions open now.
type casePage struct {
	Person      identity                  `json:"-"`
	Case        *models.Case              `json:"case"`
	StatusLabel string                    `json:"status_label"`
	Pathway     *models.PathwayDefinition `json:"pathway"`
	Events      []models.CaseEvent        `json:"events"`
	Actions     []models.PathwayAction    `json:"actions"`
	Writable    bool                      `json:"writable"`
	Errors      models.FieldErrors        `json:"-"`
	Failed      string                    `json:"-"`
	Attempts    int                       `json:"-"`
}

func (p casePage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// caseToChange starts a handler that changes the case in the path: the
// actor's service must run it (findCase through WritableCases), and the
// form is read into in. False means it has answered.
func (s *Server) caseToChange(c *gin.Context, action string, in any) (policy.Actor, *models.Case, bool) {
	a, _ := actorOf(c)
	cs, ok := s.findCase(c, policy.WritableCases(a), action, s.caseRunElsewhere(a))
	if !ok {
		return a, nil, false
	}
	if err := bind(c, in); err != nil {
		s.caseFail(c, a, cs, err)
		return a, nil, false
	}
	return a, cs, true
}

// findCase loads the case in the path through scope; a miss is the one
// 404, audited.
func (s *Server) findCase(c *gin.Context, scope models.Scope, action string, why whyNot) (*models.Case, bool) {
	return findScoped(s, c, "case", action, s.store.Case, scope, why)
}

// showCase shows a case to the services that may read it. Audited.
func (s *Server) showCase(c *gin.Context) {
	a, _ := actorOf(c)
	cs, ok := s.findCase(c, policy.Cases(a), models.AuditReadCase, nil)
	if !ok {
		return
	}
	showAudited(s, c, "case", models.AuditReadCase, "case", cs.ID, func() (casePage, error) {
		return s.caseData(c, a, cs)
	})
}

func (s *Server) caseData(c *gin.Context, a policy.Actor, cs *models.Case) (casePage, error) {
	ctx := c.Request.Context()
	pg := casePage{Case: cs}
	p, err := s.store.Person(ctx, policy.People(a), cs.PersonID)
	if err != nil {
		return pg, err
	}
	pg.Person = identityOf(p, nil)
	pw, err := s.store.PathwayByID(ctx, cs.PathwayID)
	if err != nil {
		return pg, err
	}
	pg.Pathway = &pw.Definition
	pg.StatusLabel = pw.Definition.StateLabel(cs.Status)
	if pg.Events, err = s.store.CaseEvents(ctx, policy.Cases(a), cs.ID); err != nil {
		return pg, err
	}
	for _, ev := range pg.Events {
		if ev.Kind == models.EventAction && ev.Action == "contact_unsuccessful" {
			pg.Attempts++
		}
	}
	_, err = s.store.Case(ctx, policy.WritableCases(a), cs.ID)
	pg.Writable = err == nil
	pg.Actions = pw.Definition.ActionsFrom(cs.Status)
	pg.Actions = nonNil(pg.Actions)
	return pg, nil
}

// caseFail re-renders the case page with what went wrong (web) or
// answers the JSON error (API).
func (s *Server) caseFail(c *gin.Context, a policy.Actor, cs *models.Case, err error) {
	if isAPI(c) {
		s.fail(c, err)
		return
	}
	fresh, ferr := s.store.Case(c.Request.Context(), policy.Cases(a), cs.ID)
	if ferr != nil {
		s.fail(c, ferr)
		return
	}
	pg, perr := s.caseData(c, a, fresh)
	if perr != nil {
		s.fail(c, perr)
		return
	}
	pg.Failed = c.PostForm("action")
	s.formFail(c, "case", pg, err)
}

// transitionCase takes an action on the case: an illegal one is refused
// with a message naming the status or field, and nothing changes.
func (s *Server) transitionCase(c *gin.Context) {
	var in models.TransitionInput
	upd, ok := s.changeCase(c, models.AuditCaseAction, &in, &in.Action, func(tx *models.Store, a policy.Actor, id int64) (*models.Case, error) {
		return tx.Transition(c.Request.Context(), policy.WritableCases(a), a.Author(), id, in)
	})
	if !ok {
		return
	}
	flash := "Done: the case is now at " + upd.Status + "."
	if pw, err := s.store.PathwayByID(c.Request.Context(), upd.PathwayID); err == nil {
		flash = "Done: the case is now at " + pw.Definition.StateLabel(upd.Status) + "."
	}
	s.done(c, http.StatusOK, caseURL(upd.ID), flash, upd)
}

// setCaseRAG records a new concern level with its reason.
func (s *Server) setCaseRAG(c *gin.Context) {
	var in models.RAGInput
	upd, ok := s.changeCase(c, models.AuditCaseRag, &in, &in.RAG, func(tx *models.Store, a policy.Actor, id int64) (*models.Case, error) {
		return tx.SetRAG(c.Request.Context(), policy.WritableCases(a), a.Author(), id, in)
	})
	if ok {
		s.done(c, http.StatusOK, caseURL(upd.ID), "Concern level recorded.", upd)
	}
}

// changeCase runs a change to the case in the path (caseToChange reads
// the request into in): write, in one transaction with its audit event
// under action, whose reason is what *reason holds once in is read. A
// failure is answered on the case page; false means it has answered.
func (s *Server) changeCase(c *gin.Context, action string, in any, reason *string, write func(tx *models.Store, a policy.Actor, id int64) (*models.Case, error)) (*models.Case, bool) {
	a, cs, ok := s.caseToChange(c, action, in)
	if !ok {
		return nil, false
	}
	upd, err := writeAudited(s, c, func(tx *models.Store) (*models.Case, error) {
		return write(tx, a, cs.ID)
	}, func(*models.Case) models.AuditEvent {
		return models.AuditEvent{Action: action, ObjectType: "case", ObjectID: &cs.ID, Reason: *reason}
	})
	if err != nil {
		s.caseFail(c, a, cs, err)
		return nil, false
	}
	return upd, true
}

type pathwaysPage struct {
	Pathways []models.Pathway `json:"pathways"`
}

// pathways lists the pathways and their state machines.
func (s *Server) pathways(c *gin.Context) {
	list, err := s.store.Pathways(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, pathwaysPage{Pathways: list})
}

// caseRunElsewhere refuses a change to a case the caller can read but that
// another service runs.
func (s *Server) caseRunElsewhere(a policy.Actor) whyNot {
	return func(ctx context.Context, id int64) (string, error) {
		if _, err := s.store.Case(ctx, policy.Cases(a), id); err != nil {
			return "", nil
		}
		return caseURL(id), errForbidden
	}
}
