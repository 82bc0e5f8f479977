package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// audit appends an event outside any transaction, filling in the actor
// and request. A read must not be returned unless its audit event was
// written, so callers of auditRead stop on error. The event goes through
// the store's group-commit writer (models.AuditRead): it is
// committed when audit returns, in a commit shared with other requests'.
func (s *Server) audit(c *gin.Context, ev models.AuditEvent) error {
	return s.record(c, s.store.AuditRead, s.actorOn(c, ev))
}

// auditIn writes the event through st: inside a write's transaction, the
// event commits with the write or not at all, so a crash can
// never leave a note without its add_note event. It never goes through
// the batch writer: the write's own commit is the one it needs.
func (s *Server) auditIn(c *gin.Context, st *models.Store, ev models.AuditEvent) error {
	return s.record(c, st.Audit, s.actorOn(c, ev))
}

// record writes ev with write and logs (ids only) when it failed.
func (s *Server) record(c *gin.Context, write func(context.Context, models.AuditEvent) error, ev models.AuditEvent) error {
	err := write(c.Request.Context(), ev)
	if err != nil {
		s.log.Error("audit write failed", "err", logSafe(err), "action", ev.Action)
	}
	return err
}

// actorOn fills in who acted, for which service and partner system, and
// the request id, where the caller did not.
func (s *Server) actorOn(c *gin.Context, ev models.AuditEvent) models.AuditEvent {
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
	if w := whoOf(c); w.token != nil && w.token.ClientID != nil && ev.ClientID == nil {
		ev.ClientID = w.token.ClientID // a partner system's use
	}
	ev.RequestID = c.GetString("request_id")
	return ev
}

// auditRead records an allowed read of one object.
func (s *Server) auditRead(c *gin.Context, action, objectType string, id int64) error {
	return s.audit(c, models.AuditEvent{Action: action, ObjectType: objectType, ObjectID: &id, Outcome: models.Allowed})
}

// auditedRead loads what a reader asked for and audits the read, since no
// read is answered unless its event was written. ok is false when either
// failed; the caller has then been answered with the error.
func auditedRead[T any](s *Server, c *gin.Context, action, objectType string, id int64, load func() (T, error)) (T, bool) {
	v, err := load()
	if err == nil {
		err = s.auditRead(c, action, objectType, id)
	}
	if err != nil {
		var zero T
		s.fail(c, err)
		return zero, false
	}
	return v, true
}

// showAudited answers a read of one record with its page: built by load
// and audited before it goes out, like auditedRead.
func showAudited[T any](s *Server, c *gin.Context, page, action, objectType string, id int64, load func() (T, error)) {
	if pg, ok := auditedRead(s, c, action, objectType, id, load); ok {
		s.respond(c, http.StatusOK, page, pg)
	}
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

// auditList records an allowed read of a list of people (a search, the
// duplicate check, the review lists) as one event naming the ids shown, so
// a reviewer can tell who has seen a person's name. Only ids and counts go
// in it: never names or the search terms. Like auditRead, a list whose
// event cannot be written is not returned.
func (s *Server) auditList(c *gin.Context, action, summary string, ids []int64) error {
	reason := summary
	if len(ids) > 0 {
		reason += "; people " + joinIDs(ids)
	}
	return s.audit(c, models.AuditEvent{Action: action, ObjectType: "person", Outcome: models.Allowed, Reason: reason})
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

// forbid refuses a request beyond the caller's reach that is not a read
// of one person's record: a page or report outside their role, an export
// for managers only, a local authority that is not theirs. The refusal is
// audited as denied, so it counts towards the alert for repeated denials
// (rule 11), then answered with answer: errForbidden (nil), a refusal that
// says what to do instead, or the field error naming the parameter.
func (s *Server) forbid(c *gin.Context, action, objectType string, id int64, reason string, answer error) {
	s.auditDenied(c, action, objectType, id, reason)
	if answer == nil {
		answer = errForbidden
	}
	s.fail(c, answer)
}

// audited runs a write and its audit event in one transaction, so a crash
// between the two cannot leave a change nobody can account for.
// ev is built after the write, since it may name what the write created.
// An event with no Action (the write changed nothing) is not written.
func (s *Server) audited(c *gin.Context, write func(tx *models.Store) (models.AuditEvent, error)) error {
	return s.auditedAll(c, func(tx *models.Store) ([]models.AuditEvent, error) {
		ev, err := write(tx)
		return []models.AuditEvent{ev}, err
	})
}

// auditedDone runs write with its audit event (audited) and answers done:
// the web goes to location with flash, the API gets result; an error is
// answered by fail and nothing is written.
func (s *Server) auditedDone(c *gin.Context, location, flash string, result any, write func(tx *models.Store) (models.AuditEvent, error)) {
	if err := s.audited(c, write); err != nil {
		s.fail(c, err)
		return
	}
	s.done(c, http.StatusOK, location, flash, result)
}

// auditedRemoved is auditedDone for a delete, answered by removed.
func (s *Server) auditedRemoved(c *gin.Context, location, flash string, write func(tx *models.Store) (models.AuditEvent, error)) {
	if err := s.audited(c, write); err != nil {
		s.fail(c, err)
		return
	}
	s.removed(c, location, flash)
}

// writeAudited is audited for a write that makes or changes one record
// and hands it back: event names what was written, and is asked for only
// once the write has succeeded (a failed write records nothing).
func writeAudited[T any](s *Server, c *gin.Context, write func(tx *models.Store) (T, error), event func(T) models.AuditEvent) (T, error) {
	var rec T
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		if rec, err = write(tx); err != nil {
			return models.AuditEvent{}, err
		}
		return event(rec), nil
	})
	return rec, err
}

// auditedAll is audited for a write recorded by several events (a merge,
// on both records).
func (s *Server) auditedAll(c *gin.Context, write func(tx *models.Store) ([]models.AuditEvent, error)) error {
	return s.store.Tx(c.Request.Context(), func(tx *models.Store) error {
		evs, err := write(tx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if ev.Action == "" {
				continue
			}
			if err := s.auditIn(c, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}
