package server

import (
	"context"
	"errors"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// findByID is the one path from an id in the URL to a record the caller
// may see. A malformed, hidden or missing id is audited as a denied read
// and answered with the one 404 (rule 12): the caller cannot tell them
// apart. Any other error is a failure, not a 404.
func findByID[T any](s *Server, c *gin.Context, kind, action string, load func(ctx context.Context, id int64) (T, error)) (T, bool) {
	var zero T
	id, ok := idParam(c, "id")
	if !ok {
		s.auditDenied(c, action, kind, 0, "malformed id")
		s.notFound(c)
		return zero, false
	}
	rec, err := load(c.Request.Context(), id)
	if errors.Is(err, models.ErrNotFound) {
		s.auditDenied(c, action, kind, id, "hidden or missing")
		s.notFound(c)
		return zero, false
	}
	if err != nil {
		s.fail(c, err)
		return zero, false
	}
	return rec, true
}
