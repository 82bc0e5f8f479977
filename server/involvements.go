package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type reasonInput struct {
	Reason string `json:"reason"`
}

// workingWith records that the actor's service is working with a person.
func (s *Server) workingWith(c *gin.Context) {
	a, p, ok := s.personToAddTo(c, policy.ResourceInvolvement, policy.People, models.AuditWorkingWith)
	if !ok {
		return
	}
	var in reasonInput
	if !s.bound(c, &in) {
		return
	}
	back := personURL(p.ID)
	if in.Reason == "" {
		s.backWithError(c, back, models.Invalid("reason", "is required: say why your service is working with this person"))
		return
	}
	var inv *models.Involvement
	var opened bool
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		inv, opened, err = tx.OpenInvolvement(c.Request.Context(), models.InvolvementStart{
			PersonID: p.ID, ServiceID: a.ServiceID, UserID: a.UserID, Source: models.SourceWorkingWith, Reason: in.Reason})
		if err != nil || !opened {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditOpenInvolvement, ObjectType: "person", ObjectID: &p.ID}, nil
	})
	if err != nil {
		s.backWithError(c, back, err)
		return
	}
	status, flash := http.StatusOK, "Your service was already working with this person."
	if opened {
		status, flash = http.StatusCreated, "Recorded: your service is working with this person."
	}
	s.done(c, status, back, flash, inv)
}

// closeInvolvement ends the actor's service's involvement (closure or
// move-on). Only the service's own involvements can be closed.
func (s *Server) closeInvolvement(c *gin.Context) {
	a, _ := actorOf(c)
	var in reasonInput
	id, ok := s.pathIDBound(c, &in)
	if !ok {
		return
	}
	inv, err := writeAudited(s, c, func(tx *models.Store) (*models.Involvement, error) {
		return tx.CloseInvolvement(c.Request.Context(), policy.ClosableInvolvements(a), id, a.UserID, in.Reason)
	}, func(inv *models.Involvement) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditCloseInvolvement, ObjectType: "involvement", ObjectID: &inv.ID}
	})
	if errors.Is(err, models.ErrNotFound) {
		s.refuseOrHide(c, "involvement", models.AuditCloseInvolvement, id, s.involvementSettled(a))
		return
	}
	if err != nil {
		back := "/"
		if inv0, e := s.store.Involvement(c.Request.Context(), policy.ClosableInvolvements(a), id); e == nil {
			back = personURL(inv0.PersonID)
		}
		s.backWithError(c, back, err)
		return
	}
	s.done(c, http.StatusOK, personURL(inv.PersonID), "Involvement closed.", inv)
}

// involvementSettled refuses closing an involvement the caller can see in
// the "known to" list but not close: one already closed says when (a
// double-submitted form); another service's open one is theirs to close.
func (s *Server) involvementSettled(a policy.Actor) whyNot {
	return func(ctx context.Context, id int64) (string, error) {
		inv, err := s.store.Involvement(ctx, policy.Involvements(a), id)
		if err != nil {
			return "", nil
		}
		back := personURL(inv.PersonID)
		if inv.EndedAt != nil {
			return back, models.Conflict("status", "this involvement was already closed on "+day(*inv.EndedAt))
		}
		return back, errForbidden
	}
}
