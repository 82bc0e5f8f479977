package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// amendMoveOnPage is what the amend form needs: the placement's move-on as
// recorded, and the choices. It shows the move-on only, never the case:
// the service may be past its grace period with the person (the
// manager's named list still lists the record, so it must be fixable).
type amendMoveOnPage struct {
	Placement    models.Placement       `json:"placement"`
	Input        models.MoveOnAmendment `json:"-"`
	Reasons      []models.Option        `json:"-"`
	Destinations []models.Option        `json:"-"`
	Errors       models.FieldErrors     `json:"-"`
}

func (p amendMoveOnPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

func (s *Server) amendMoveOnPageOf(p *models.Placement, in models.MoveOnAmendment) amendMoveOnPage {
	return amendMoveOnPage{Placement: *p, Input: in, Reasons: models.MoveOnReasons, Destinations: models.MoveOnDestinations}
}

// recordedMoveOn is the amendment that changes nothing: the start of the
// form, and of a PATCH-like request that names only some fields.
func recordedMoveOn(p *models.Placement) models.MoveOnAmendment {
	return models.MoveOnAmendment{Reason: p.MoveOnReason, Destination: p.MoveOnDestination, Note: p.MoveOnNote}
}

func (s *Server) findAmendablePlacement(c *gin.Context, action string) (*models.Placement, bool) {
	a, _ := actorOf(c)
	return s.findPlacement(c, policy.AmendablePlacements(a), action, s.moveOnNotAmendable(a))
}

// amendMoveOnForm is GET /placements/{id}/move-on/amend: the form, for the
// placement's own service once it has ended.
func (s *Server) amendMoveOnForm(c *gin.Context) {
	p, ok := s.findAmendablePlacement(c, models.AuditAmendMoveOn)
	if !ok {
		return
	}
	s.html(c, http.StatusOK, "placement_amend", s.amendMoveOnPageOf(p, recordedMoveOn(p)))
}

// amendMoveOn is POST /placements/{id}/move-on/amend (web and API): a new
// move-on reason, destination and note for an ended placement, say when
// "Not known" has become known. The date stays. The audit event keeps what
// they were.
func (s *Server) amendMoveOn(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findAmendablePlacement(c, models.AuditAmendMoveOn)
	if !ok {
		return
	}
	in := recordedMoveOn(p)
	if err := bind(c, &in); err != nil {
		s.formFail(c, "placement_amend", s.amendMoveOnPageOf(p, in), err)
		return
	}
	var got *models.Placement
	var what string
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		got, what, err = tx.AmendMoveOn(c.Request.Context(), policy.AmendablePlacements(a), p.ID, in)
		if err != nil {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditAmendMoveOn, ObjectType: "person", ObjectID: &p.PersonID, Reason: what}, nil
	})
	if err != nil {
		s.formFail(c, "placement_amend", s.amendMoveOnPageOf(p, in), err)
		return
	}
	back := placementURL(p.ID) + "/move-on/amend"
	s.done(c, http.StatusOK, back, "Move-on amended.", got)
}

// moveOnNotAmendable refuses an amendment of a placement the caller can
// read but not amend: an open one has no move-on yet; another service's
// is theirs to put right.
func (s *Server) moveOnNotAmendable(a policy.Actor) whyNot {
	return func(ctx context.Context, id int64) (string, error) {
		p, err := s.store.Placement(ctx, policy.Placements(a), id)
		if err != nil {
			return "", nil
		}
		back := placementURL(id)
		if p.Open() && p.ServiceID == a.ServiceID {
			return back, models.Conflict("status", "this placement has not ended; record move-on instead")
		}
		return back, errForbidden
	}
}
