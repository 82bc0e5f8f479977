package server

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
)

// fileTypes are the content types of the downloads Gateway sends, by
// format.
var fileTypes = map[string]string{"pdf": "application/pdf", "csv": "text/csv; charset=utf-8", "json": "application/json"}

// sendFile answers with a download, name.format: reports are named so a
// folder of monthly reports sorts sensibly, records by their number,
// never the person's name.
func sendFile(c *gin.Context, name, format string, body []byte) {
	c.Header("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	c.Data(http.StatusOK, fileTypes[format], body)
}

// written is what write puts out, for a download; an error on the way is
// answered instead, and false returned.
func (s *Server) written(c *gin.Context, write func(io.Writer) error) ([]byte, bool) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		s.fail(c, err)
		return nil, false
	}
	return buf.Bytes(), true
}

// sendWritten answers with the download write puts out as name.format.
func (s *Server) sendWritten(c *gin.Context, name, format string, write func(io.Writer) error) {
	if body, ok := s.written(c, write); ok {
		sendFile(c, name, format, body)
	}
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
