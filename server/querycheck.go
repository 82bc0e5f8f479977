package server

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// maxQueryValue bounds one query parameter. Search terms, dates, ids and
// "next" paths are all far shorter; a 50,000-character search term is a
// mistake or an attack, and gets a 422 naming the parameter instead of
// reaching a query planner.
const maxQueryValue = 2000

// checkQuery refuses query parameters that are too long or not UTF-8,
// before any handler reads them.
func (s *Server) checkQuery(c *gin.Context) {
	if c.Request.URL.RawQuery == "" {
		c.Next()
		return
	}
	errs := models.FieldErrors{}
	for name, vals := range c.Request.URL.Query() {
		for _, v := range vals {
			switch {
			case !utf8.ValidString(name) || !utf8.ValidString(v):
				errs.Add(safeParamName(name), "is not valid UTF-8 text")
			case len(v) > maxQueryValue:
				errs.Add(safeParamName(name), "is too long (at most 2,000 characters)")
			}
		}
	}
	if len(errs) > 0 {
		c.Set("api", strings.HasPrefix(c.Request.URL.Path, "/api/"))
		s.errorResponse(c, http.StatusUnprocessableEntity, "Please correct the highlighted fields.", errs)
		return
	}
	c.Next()
}

// safeParamName echoes a parameter's name only if it is short, printable
// UTF-8; anything else is called "query".
func safeParamName(name string) string {
	if len(name) > 64 || !utf8.ValidString(name) || models.HasControlChars(name) {
		return "query"
	}
	return name
}
