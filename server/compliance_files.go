package server

import (
	"net/http"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
)

// sendFile answers with a download: a PDF or a CSV, named so a folder of
// monthly reports sorts sensibly.
func (s *Server) sendFile(c *gin.Context, name, format string, body []byte) {
	ctype := "application/pdf"
	if format == "csv" {
		ctype = "text/csv; charset=utf-8"
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	c.Data(http.StatusOK, ctype, body)
}

// slug makes a file-name-safe form of a service or LA name.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// baseURL is the address the caller reached Gateway at, so links printed
// in a PDF lead back to the record.
func (s *Server) baseURL(c *gin.Context) string {
	scheme := "http"
	if c.Request.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}
