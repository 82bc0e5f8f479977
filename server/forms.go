package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// formPage is page data for a form that can show field errors.
type formPage interface {
	withErrors(models.FieldErrors) any
}

// formFail answers a failed submit. The API gets the JSON error; the web
// gets the form again, with what was typed and a message beside each
// field at fault, and nothing saved.
func (s *Server) formFail(c *gin.Context, page string, data formPage, err error) {
	if isAPI(c) {
		s.fail(c, err)
		return
	}
	var fields models.FieldErrors
	var conflict *models.ConflictError
	switch {
	case errors.As(err, &fields):
		s.html(c, http.StatusUnprocessableEntity, page, data.withErrors(fields))
	case errors.As(err, &conflict):
		s.html(c, http.StatusConflict, page, data.withErrors(models.FieldErrors{conflict.Field: conflict.Msg}))
	default:
		s.fail(c, err)
	}
}

// formFailReloaded is formFail for a form on a page read afresh: the API
// answers err without reading it; the web reads the page with load, which
// also puts back what was typed.
func formFailReloaded[P formPage](s *Server, c *gin.Context, page string, err error, load func() (P, error)) {
	if isAPI(c) {
		s.fail(c, err)
		return
	}
	pg, perr := load()
	if perr != nil {
		s.fail(c, perr)
		return
	}
	s.formFail(c, page, pg, err)
}

// formToken is the one-time token a create form carries (hidden field
// _form), or the Idempotency-Key header of an API call.
func formToken(c *gin.Context) string {
	if isAPI(c) {
		return c.GetHeader("Idempotency-Key")
	}
	return c.PostForm("_form")
}

// createOnce runs a create in one transaction with its form token, so a
// double-clicked submit or a resent request creates one record: the second
// finds the token taken and is sent to what the first created. The audit
// event the create fills in is written in the same transaction, on the
// transaction's own connection: the record and its event commit together
// or not at all.
func (s *Server) createOnce(c *gin.Context, flash string,
	create func(tx *models.Store, ev *models.AuditEvent) (location string, result any, err error),
	onErr func(error)) {
	ctx := c.Request.Context()
	if s.replayed(c) { // idempotency.go: the key was used; the first answer again
		return
	}
	var loc string
	var result any
	var ev models.AuditEvent
	err := s.store.Tx(ctx, func(tx *models.Store) error {
		var err error
		if loc, result, err = create(tx, &ev); err != nil {
			return err
		}
		if ev.Action != "" {
			if err := s.auditIn(c, tx, ev); err != nil {
				return err
			}
		}
		return s.claimKey(c, tx, loc, result)
	})
	if errors.Is(err, models.ErrAlreadySubmitted) && s.replayed(c) {
		return
	}
	if err != nil {
		onErr(err)
		return
	}
	s.done(c, http.StatusCreated, loc, flash, result)
}

func (s *Server) alreadyCreated(c *gin.Context, loc string) {
	if isAPI(c) {
		c.Header("Location", "/api/v1"+loc)
		abortProblem(c, http.StatusConflict, problem(http.StatusConflict, "This request was already made (same Idempotency-Key); see the Location header.", nil))
		return
	}
	s.sessions.Put(c.Request.Context(), "flash", "That form was already submitted, so nothing new was created.")
	c.Redirect(http.StatusSeeOther, loc)
}
