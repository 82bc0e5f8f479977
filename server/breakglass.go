package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// breakGlass lets an area admin open a person's full record with a written
// reason. It is audited and shown to the managers of the involved services;
// it never reaches confidential services' records (rule 4).
func (s *Server) breakGlass(c *gin.Context) {
	a, _ := actorOf(c)
	var in reasonInput
	id, ok := s.pathIDBound(c, &in)
	if !ok {
		return
	}
	back := personURL(id)
	bg, err := writeAudited(s, c, func(tx *models.Store) (*models.BreakGlass, error) {
		return tx.OpenBreakGlass(c.Request.Context(), policy.People(a), policy.BreakGlassNotices(a), a.Author(), id, in.Reason)
	}, func(*models.BreakGlass) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditBreakGlass, ObjectType: "person", ObjectID: &id, Reason: in.Reason}
	})
	if errors.Is(err, models.ErrNotFound) {
		s.auditDenied(c, models.AuditBreakGlass, "person", id, s.missReason(c, models.AuditBreakGlass, id))
		s.notFound(c)
		return
	}
	if err != nil {
		s.backWithError(c, back, err)
		return
	}
	s.done(c, http.StatusCreated, back, "Break glass: you can read this person's full record for the next hour. The involved services' managers have been told.", bg)
}
