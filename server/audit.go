package server

import (
	"github.com/gin-gonic/gin"

	"gateway/models"
)

// audit appends an event, filling in the actor and request. A read must
// not be returned unless its audit event was written, so callers of
// auditRead stop on error.
func (s *Server) audit(c *gin.Context, ev models.AuditEvent) error {
	if a, ok := actorOf(c); ok {
		if ev.ActorUserID == nil {
			ev.ActorUserID = &a.UserID
		}
		if ev.ActingServiceID == nil {
			ev.ActingServiceID = &a.ServiceID
		}
	} else if w := whoOf(c); w.user != nil && ev.ActorUserID == nil {
		ev.ActorUserID = &w.user.ID
	}
	ev.RequestID = c.GetString("request_id")
	err := s.store.Audit(c.Request.Context(), ev)
	if err != nil {
		s.log.Error("audit write failed", "err", logSafe(err), "action", ev.Action)
	}
	return err
}

// auditRead records an allowed read of one object.
func (s *Server) auditRead(c *gin.Context, action, objectType string, id int64) error {
	return s.audit(c, models.AuditEvent{Action: action, ObjectType: objectType, ObjectID: &id, Outcome: models.Allowed})
}

// auditDenied records a refused or hidden read. reason says which, for the
// area admin reviewing the log; the caller only ever sees 404 or 403.
func (s *Server) auditDenied(c *gin.Context, action, objectType string, id int64, reason string) {
	ev := models.AuditEvent{Action: action, ObjectType: objectType, Outcome: models.Denied, Reason: reason}
	if id > 0 {
		ev.ObjectID = &id
	}
	s.audit(c, ev)
}
