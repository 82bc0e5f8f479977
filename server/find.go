package server

import (
	"context"
	"errors"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// whyNot explains why a record the caller may read cannot take an action
// now: a referral already decided, a placement already ended, a completed
// assessment. It answers the page to send a web user back to and the
// refusal (a conflict naming the state, or errForbidden). It answers a nil
// error when the caller cannot read the record either, which is then the
// one 404.
type whyNot func(ctx context.Context, id int64) (back string, err error)

// findByID is the one path from an id in the URL to a record the caller
// may see. A malformed, hidden or missing id is audited as a denied read
// and answered with the one 404 (rule 12): the caller cannot tell them
// apart. A record the caller can read but not act on now is not hidden, so
// it is refused by why, naming its state (a double-clicked Accept says the
// referral was already accepted). Any other error is a failure, not a 404.
func findByID[T any](s *Server, c *gin.Context, kind, action string, load func(ctx context.Context, id int64) (T, error), why whyNot) (T, bool) {
	var zero T
	id, ok := s.pathIDAudited(c, action, kind)
	if !ok {
		return zero, false
	}
	rec, err := load(c.Request.Context(), id)
	if errors.Is(err, models.ErrNotFound) {
		s.refuseOrHide(c, kind, action, id, why)
		return zero, false
	}
	if err != nil {
		s.fail(c, err)
		return zero, false
	}
	return rec, true
}

// findScoped is findByID for a store read through a scope, as most are.
func findScoped[T any](s *Server, c *gin.Context, kind, action string, read func(context.Context, models.Scope, int64) (T, error), scope models.Scope, why whyNot) (T, bool) {
	return findByID(s, c, kind, action, func(ctx context.Context, id int64) (T, error) { return read(ctx, scope, id) }, why)
}

// adminRecord loads the record an admin page is about (a local authority,
// a service) by the path's id. It is not a record about a person, so a
// malformed id is simply not found and a missing one fails as the store
// says (404), with nothing to audit.
func adminRecord[T any](s *Server, c *gin.Context, load func(ctx context.Context, id int64) (T, error)) (T, bool) {
	var zero T
	id, ok := s.pathID(c)
	if !ok {
		return zero, false
	}
	rec, err := load(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return zero, false
	}
	return rec, true
}

// refuseOrHide answers a record that the action's scope did not find.
func (s *Server) refuseOrHide(c *gin.Context, kind, action string, id int64, why whyNot) {
	if why != nil {
		if back, err := why(c.Request.Context(), id); err != nil {
			s.auditDenied(c, action, kind, id, "not in a state for this action")
			s.backWithError(c, back, err)
			return
		}
	}
	s.auditDenied(c, action, kind, id, "hidden or missing")
	s.notFound(c)
}
