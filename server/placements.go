package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type placementListPage struct {
	State      string             `json:"state"`
	Placements []models.Placement `json:"placements"`
	Pager      Pager              `json:"pager"`
}

// listPlacements is GET /placements: the actor's service's placements,
// open ones (state=open, the default), ended ones or all.
func (s *Server) listPlacements(c *gin.Context) {
	a, _ := actorOf(c)
	pg := placementListPage{State: c.DefaultQuery("state", "open")}
	f := models.PlacementFilter{ServiceID: a.ServiceID}
	switch pg.State {
	case "open":
		f.Open = ptrTo(true)
	case "ended":
		f.Open = ptrTo(false)
	case "all":
	default:
		s.fail(c, models.Invalid("state", "must be open, ended or all"))
		return
	}
	limit, offset, n := page(c, 25)
	f.Limit, f.Offset = limit, offset
	ps, total, err := s.store.Placements(c.Request.Context(), policy.Placements(a), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	pg.Placements, pg.Pager = ps, Pager{Page: n, Size: limit, Total: total}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditListPlacements, ObjectType: "placement", Reason: pg.State + ": " + strconv.FormatInt(total, 10)}); err != nil {
		s.fail(c, err) // a read is not answered unless its audit event is written
		return
	}
	s.respond(c, http.StatusOK, "placements", pg)
}

func ptrTo[T any](v T) *T { return &v }

type placementPage struct {
	Placement    models.Placement   `json:"placement"`
	CanMoveOn    bool               `json:"can_move_on"`
	CanAmend     bool               `json:"can_amend_move_on"`
	Reasons      []models.Option    `json:"-"`
	Destinations []models.Option    `json:"-"`
	Errors       models.FieldErrors `json:"-"`
	Input        models.MoveOnInput `json:"-"`
	Today        string             `json:"-"`
}

func (p placementPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

func (s *Server) findPlacement(c *gin.Context, scope models.Scope, action string, why whyNot) (*models.Placement, bool) {
	return findScoped(s, c, "placement", action, s.store.Placement, scope, why)
}

func (s *Server) placementPageOf(c *gin.Context, p *models.Placement, in models.MoveOnInput) placementPage {
	a, _ := actorOf(c)
	if in.Date.IsZero() {
		in.Date = models.DateOf(s.now().In(london))
		in.FreePlace = true
	}
	return placementPage{Placement: *p, Reasons: models.MoveOnReasons, Destinations: models.MoveOnDestinations, Input: in,
		CanMoveOn: p.Open() && p.ServiceID == a.ServiceID && policy.Can(a, policy.Close, policy.ResourcePlacement),
		CanAmend:  !p.Open() && p.ServiceID == a.ServiceID && policy.Can(a, policy.Amend, policy.ResourcePlacement),
		Today:     models.DateOf(s.now().In(london)).String()}
}

// showPlacement is GET /placements/{id}: case data, read by services
// working with the person (a confidential service's placements by it alone).
func (s *Server) showPlacement(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findPlacement(c, policy.Placements(a), models.AuditReadPlacement, nil)
	if !ok {
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditReadPlacement, ObjectType: "person", ObjectID: &p.PersonID, Reason: "placement " + strconv.FormatInt(p.ID, 10)}); err != nil {
		s.fail(c, err)
		return
	}
	s.respond(c, http.StatusOK, "placement", s.placementPageOf(c, p, models.MoveOnInput{}))
}

// moveOn is POST /placements/{id}/move-on: the end date, why, and where the
// person went. It closes the service's involvement and, unless told not
// to, returns the place to the vacancy it came from.
func (s *Server) moveOn(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findPlacement(c, policy.MovablePlacements(a), models.AuditMoveOn, s.placementEnded(a))
	if !ok {
		return
	}
	in := models.MoveOnInput{FreePlace: true}
	if err := bind(c, &in); err != nil {
		s.formFail(c, "placement", s.placementPageOf(c, p, in), err)
		return
	}
	got, err := writeAudited(s, c, func(tx *models.Store) (*models.Placement, error) {
		return tx.MoveOn(c.Request.Context(), policy.MovablePlacements(a), a.Author(), p.ID, in)
	}, func(*models.Placement) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditMoveOn, ObjectType: "person", ObjectID: &p.PersonID, Reason: "placement " + strconv.FormatInt(p.ID, 10)}
	})
	if err != nil {
		s.formFail(c, "placement", s.placementPageOf(c, p, in), err)
		return
	}
	got.GivenName, got.FamilyName, got.ServiceName, got.VacancyLabel = p.GivenName, p.FamilyName, p.ServiceName, p.VacancyLabel
	flash := "Move-on recorded. The placement has ended."
	if got.PlaceReturned != nil && !*got.PlaceReturned {
		flash += " The place was not added back to the vacancies: with the places already listed free, that would be more than the service's beds."
	}
	s.done(c, http.StatusOK, placementURL(p.ID), flash, got)
}

// addAdjustment is POST /people/{id}/adjustments: discretion points or a
// needs-threshold override, with a reason, for the matcher to count.
func (s *Server) addAdjustment(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findPerson(c, policy.Records(a), models.AuditAdjustPriority)
	if !ok {
		return
	}
	back := personURL(p.ID) + "/matches"
	if !policy.Can(a, policy.Create, policy.AdjustmentFacts{Person: s.factsFor(c, p.ID), ServiceID: a.ServiceID}) {
		s.fail(c, errForbidden)
		return
	}
	var in models.AdjustmentInput
	if err := bind(c, &in); err != nil {
		s.backWithError(c, back, err)
		return
	}
	s.createOnce(c, "Recorded. The matcher counts it, with your reason, from now on.",
		func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
			j, err := tx.AddAdjustment(c.Request.Context(), a.Author(), p.ID, in)
			if err != nil {
				return "", nil, err
			}
			*ev = models.AuditEvent{Action: models.AuditAdjustPriority, ObjectType: "person", ObjectID: &p.ID}
			return back, j, nil
		}, func(err error) { s.backWithError(c, back, err) })
}

// withdrawAdjustment is POST /adjustments/{id}/withdraw by the service that
// recorded it.
func (s *Server) withdrawAdjustment(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	j, err := writeAudited(s, c, func(tx *models.Store) (*models.PriorityAdjustment, error) {
		return tx.WithdrawAdjustment(c.Request.Context(), policy.WithdrawableAdjustments(a), a.Author(), id)
	}, func(j *models.PriorityAdjustment) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditWithdrawAdjustment, ObjectType: "person", ObjectID: &j.PersonID}
	})
	if errors.Is(err, models.ErrNotFound) {
		s.auditDenied(c, models.AuditWithdrawAdjustment, "adjustment", id, "hidden or missing")
		s.notFound(c)
		return
	}
	if err != nil {
		s.backWithError(c, "/", err)
		return
	}
	s.done(c, http.StatusOK, personURL(j.PersonID)+"/matches", "Adjustment withdrawn.", j)
}

// placementEnded refuses a move-on of a placement the caller can read but
// not end: one already ended says when; an open one belongs to the service
// that holds it.
func (s *Server) placementEnded(a policy.Actor) whyNot {
	return func(ctx context.Context, id int64) (string, error) {
		p, err := s.store.Placement(ctx, policy.Placements(a), id)
		if err != nil {
			return "", nil
		}
		back := placementURL(id)
		if !p.Open() {
			ended := p.MovedOnAt.Format("2 January 2006")
			if p.MoveOnDate != nil {
				ended = p.MoveOnDate.Time().Format("2 January 2006")
			}
			return back, models.Conflict("status", "this placement already ended on "+ended)
		}
		return back, errForbidden
	}
}
