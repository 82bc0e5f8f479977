package server

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// A grant form creates something that carries permissions and a secret
// shown once: a partner system (clients.go) or a named token (tokens.go).
// Both read the form the same way, refuse a permission the grantor may not
// give, and answer with the form's errors or with the secret.

// readGrantForm reads the API's JSON into in, or on the web lets readForm
// take the posted fields. False means it has answered.
func (s *Server) readGrantForm(c *gin.Context, in any, readForm func()) bool {
	if isAPI(c) {
		return s.bound(c, in)
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, models.Invalid("form", "could not be read"))
		return false
	}
	readForm()
	return true
}

// checkGrantable names the first permission asked for that is not in can.
func checkGrantable(errs models.FieldErrors, asked, can []string, notGrantable string) {
	for _, p := range asked {
		if !slices.Contains(can, p) {
			errs.Add("permissions", p+notGrantable)
			return
		}
	}
}

// writeGrant runs write, audited, when the form has no errors; the store's
// field errors become the form's. False means another failure, answered.
func (s *Server) writeGrant(c *gin.Context, errs *models.FieldErrors, write func(tx *models.Store) (models.AuditEvent, error)) bool {
	if len(*errs) > 0 {
		return true
	}
	err := s.audited(c, write)
	if fe, ok := err.(models.FieldErrors); ok {
		*errs = fe
	} else if err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// grantFormAgain answers a grant form with errors: the API's 422, or the
// page (read by listPage, with the form and errs) again.
func (s *Server) grantFormAgain(c *gin.Context, errs models.FieldErrors, page string, listPage func() (any, error)) {
	if isAPI(c) {
		s.fail(c, errs)
		return
	}
	s.showGrantPage(c, http.StatusUnprocessableEntity, page, listPage)
}

// grantCreated answers with what a grant form created (201), its secret
// shown on this answer and never again: JSON for the API, listed at
// apiList, or the page read by listPage.
func (s *Server) grantCreated(c *gin.Context, created any, apiList, page string, listPage func() (any, error)) {
	if isAPI(c) {
		c.Header("Location", apiList)
		c.JSON(http.StatusCreated, created)
		return
	}
	s.showGrantPage(c, http.StatusCreated, page, listPage)
}

func (s *Server) showGrantPage(c *gin.Context, status int, page string, listPage func() (any, error)) {
	pg, err := listPage()
	if err != nil {
		s.fail(c, err)
		return
	}
	s.html(c, status, page, pg)
}
