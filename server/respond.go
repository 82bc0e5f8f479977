package server

import (
	"errors"
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// isAPI reports whether the request came through the JSON front door.
func isAPI(c *gin.Context) bool { return c.GetBool("api") }

// apiError is the one JSON error shape: an RFC 9457 problem detail
// (application/problem+json: type, title, status, detail) that keeps the
// members clients read before it: error, the message, and for bad input
// fields, a message per field.
type apiError struct {
	Type   string            `json:"type" doc:"always about:blank: the status says what kind of problem it is"`
	Title  string            `json:"title" doc:"the HTTP status text"`
	Status int               `json:"status"`
	Detail string            `json:"detail" doc:"what went wrong, for a person to read (the same as error)"`
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty" doc:"bad input: a message per field, named by its JSON name"`
}

// problemJSON is the media type of every error under /api/v1.
const problemJSON = "application/problem+json"

// problem builds the error body for a status.
func problem(status int, msg string, fields map[string]string) apiError {
	return apiError{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: msg, Error: msg, Fields: fields}
}

// abortProblem answers an API error: body is an apiError or a struct
// embedding one.
func abortProblem(c *gin.Context, status int, body any) {
	c.Header("Content-Type", problemJSON)
	c.AbortWithStatusJSON(status, body)
}

// notFoundMessage is the body for every missing or hidden record; it names
// nothing, so hidden and missing cannot be told apart (rule 12).
const notFoundMessage = "Not found. It may never have existed, or you may not have access to it."

// fail maps an error to a response: the one place errors become status
// codes. Hidden records arrive here as models.ErrNotFound, like missing ones.
func (s *Server) fail(c *gin.Context, err error) {
	var fields models.FieldErrors
	var conflict *models.ConflictError
	var refused refusal
	var bad malformed
	var big errTooLarge
	switch {
	case errors.As(err, &bad): // bind.go: not JSON, or not a form, at all
		s.errorResponse(c, http.StatusBadRequest, "The request could not be read: "+bad.field+" "+bad.msg+".", map[string]string{bad.field: bad.msg})
	case errors.As(err, &big): // bodylimit.go
		c.Header("Connection", "close")
		s.errorResponse(c, http.StatusRequestEntityTooLarge, big.Error(), nil)
	case errors.As(err, &fields):
		s.errorResponse(c, http.StatusUnprocessableEntity, "Please correct the highlighted fields.", fields)
	case errors.As(err, &conflict):
		s.errorResponse(c, http.StatusConflict, conflict.Msg, map[string]string{conflict.Field: conflict.Msg})
	case errors.Is(err, models.ErrNotFound):
		s.notFound(c)
	case errors.Is(err, errForbidden):
		s.errorResponse(c, http.StatusForbidden, "You do not have permission to do that.", nil)
	case errors.As(err, &refused):
		s.errorResponse(c, http.StatusForbidden, string(refused), nil)
	case models.IsUnavailable(err):
		// The database is down, frozen or too slow: say so, and when to
		// try again, rather than 500.
		s.log.Warn("database unavailable", "err", logSafe(err), "route", c.FullPath(), "request_id", c.GetString("request_id"))
		c.Header("Retry-After", retryAfter)
		s.errorResponse(c, http.StatusServiceUnavailable, unavailableMessage, nil)
	default:
		s.log.Error("internal error", "err", logSafe(err), "route", c.FullPath(), "request_id", c.GetString("request_id"))
		s.errorResponse(c, http.StatusInternalServerError, "Something went wrong on our side. Nothing was saved; please try again.", nil)
	}
}

// errForbidden is a coarse permission refusal (casbin said no) for things
// that are not records, such as the audit log or admin pages.
var errForbidden = errors.New("forbidden")

// refusal is a permission refusal (403) that says what the caller may do
// instead.
type refusal string

func (r refusal) Error() string { return string(r) }

func (s *Server) errorResponse(c *gin.Context, status int, msg string, fields map[string]string) {
	if isAPI(c) {
		abortProblem(c, status, problem(status, msg, fields))
		return
	}
	if len(fields) > 0 && c.Request.Method == http.MethodGet {
		s.queryErrorPage(c, status, fields)
		return
	}
	s.errorPage(c, status, msg)
}

// errorData is what the error page shows: a status and message, and for a
// page asked for with a bad query, its parameters to correct.
type errorData struct {
	Status  int
	Message string
	Path    string
	Fields  []queryField
}

// queryField is one parameter of a page's query, re-shown with its error.
type queryField struct {
	Name, Label, Value, Error string
}

// queryErrorPage answers a page asked for with a bad query parameter (a
// search too long, a month that is not one, letters in an id): the
// parameters re-shown as a form, each bad one with its error under it and
// naming it, and no figures, since none were computed.
func (s *Server) queryErrorPage(c *gin.Context, status int, fields map[string]string) {
	q := c.Request.URL.Query()
	var out []queryField
	seen := map[string]bool{}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "" || k == "page" || k == "format" {
			continue
		}
		seen[k] = true
		out = append(out, queryField{Name: k, Label: fieldLabel(k), Value: q.Get(k), Error: fields[k]})
	}
	for k, msg := range fields {
		if !seen[k] {
			out = append(out, queryField{Name: k, Label: fieldLabel(k), Error: msg})
		}
	}
	s.html(c, status, "error", errorData{Status: status, Message: "This page could not be shown as asked. Please correct what is named below.",
		Path: c.Request.URL.Path, Fields: out})
	c.Abort()
}

// notFound answers 404 for a missing or hidden record, identically.
func (s *Server) notFound(c *gin.Context) {
	if isAPI(c) {
		abortProblem(c, http.StatusNotFound, problem(http.StatusNotFound, notFoundMessage, nil))
		return
	}
	s.errorPage(c, http.StatusNotFound, notFoundMessage)
}

// errorPage renders the error template.
func (s *Server) errorPage(c *gin.Context, status int, msg string) {
	s.html(c, status, "error", errorData{Status: status, Message: msg})
	c.Abort()
}

// respond sends data as JSON (API) or renders page with it (web).
func (s *Server) respond(c *gin.Context, status int, page string, data any) {
	if isAPI(c) {
		c.JSON(status, data)
		return
	}
	s.html(c, status, page, data)
}

// removed answers a successful delete: 204 with no body for the API, the
// page at location with the flash message for the web.
func (s *Server) removed(c *gin.Context, location, flash string) {
	if isAPI(c) {
		c.Status(http.StatusNoContent)
		return
	}
	s.done(c, http.StatusOK, location, flash, nil)
}

// showPage answers a page that only gathers and shows: data builds it
// from the request, and an error on the way is answered instead.
func showPage[T any](s *Server, c *gin.Context, page string, data func(*gin.Context) (T, error)) {
	pg, err := data(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.respond(c, http.StatusOK, page, pg)
}

// done answers a successful write: JSON with the result for the API, a
// redirect (303, so a reload does not resubmit) with a flash message for
// the web.
func (s *Server) done(c *gin.Context, status int, location, flash string, result any) {
	if isAPI(c) {
		if location != "" && status == http.StatusCreated {
			c.Header("Location", "/api/v1"+location)
		}
		c.JSON(status, result)
		return
	}
	if flash != "" {
		s.sessions.Put(c.Request.Context(), "flash", flash)
	}
	c.Redirect(http.StatusSeeOther, location)
}

// idParam reads a numeric path parameter; a malformed id is simply not
// found, like any other id the caller cannot see.
func idParam(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	return id, err == nil && id > 0
}

// pathID reads the path's "id" for a handler with nothing to audit when
// it is malformed: false means it has already answered 404.
func (s *Server) pathID(c *gin.Context) (int64, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
	}
	return id, ok
}

// pathIDAudited is pathID for a handler that audits every refusal: a
// malformed id is audited as denied under action on kind.
func (s *Server) pathIDAudited(c *gin.Context, action, kind string) (int64, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.auditDenied(c, action, kind, 0, "malformed id")
		s.notFound(c)
	}
	return id, ok
}

// pathIDBound starts a handler that changes the record the path's "id"
// names with what the request says: the id, and the request bound into in.
// False means it has already answered (404, or the binding's error).
func (s *Server) pathIDBound(c *gin.Context, in any) (int64, bool) {
	id, ok := s.pathID(c)
	return id, ok && s.bound(c, in)
}

// missed answers err, if any, from reading or changing record id of kind:
// a record the scope did not find is audited as denied, with reason for
// the reviewer, and is the one 404; any other error is answered by fail.
// False means err was nil and nothing has been answered.
func (s *Server) missed(c *gin.Context, err error, action, kind string, id int64, reason string) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, models.ErrNotFound):
		s.auditDenied(c, action, kind, id, reason)
		s.notFound(c)
	default:
		s.fail(c, err)
	}
	return true
}

// bound binds the request into v (see bind); false means it has already
// answered with the binding's error.
func (s *Server) bound(c *gin.Context, v any) bool {
	if err := bind(c, v); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// page reads ?page= (1-based) into a limit and offset.
func page(c *gin.Context, size int) (limit, offset, number int) {
	n, err := strconv.Atoi(c.Query("page"))
	if err != nil || n < 1 {
		n = 1
	}
	if n > 10000 {
		n = 10000
	}
	return size, (n - 1) * size, n
}

// Pager is what list pages need to draw previous/next links.
type Pager struct {
	Page  int   `json:"page"`
	Size  int   `json:"page_size"`
	Total int64 `json:"total"`
}

// Pages is the number of pages.
func (p Pager) Pages() int {
	if p.Size == 0 {
		return 1
	}
	return int((p.Total + int64(p.Size) - 1) / int64(p.Size))
}

func (p Pager) HasPrev() bool { return p.Page > 1 }
func (p Pager) HasNext() bool { return p.Page < p.Pages() }
func (p Pager) Prev() int     { return p.Page - 1 }
func (p Pager) Next() int     { return p.Page + 1 }

// nonNil is s, or an empty list where s is nil, so that the JSON answer
// says [] rather than null: clients iterate over the lists we send.
func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}
