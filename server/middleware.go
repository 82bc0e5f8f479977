package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/server/app"
)

// requestLog writes one line per request: the route pattern (never the raw
// path or query, which may carry a name typed into a search box), the ids
// in the path, status, timing, and who asked, by id.
func (s *Server) requestLog(c *gin.Context) {
	start := time.Now()
	b := make([]byte, 8)
	rand.Read(b)
	rid := hex.EncodeToString(b)
	c.Set("request_id", rid)
	c.Header("X-Request-Id", rid)
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(no route)"
	}
	attrs := []any{"method", c.Request.Method, "route", route, "status", c.Writer.Status(),
		"ms", time.Since(start).Milliseconds(), "request_id", rid}
	for _, p := range c.Params {
		attrs = append(attrs, "param_"+p.Key, p.Value)
	}
	if a, ok := actorOf(c); ok {
		attrs = append(attrs, "user_id", a.UserID, "service_id", a.ServiceID)
	}
	level := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		level = slog.LevelError
	}
	s.log.Log(c.Request.Context(), level, "request", attrs...)
}

// recover turns a panic into a 500 page and a log line with the stack
// (which holds code locations, not data).
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", "stack", string(debug.Stack()))
			s.errorResponse(c, http.StatusInternalServerError, "Something went wrong on our side. Nothing was saved; please try again.", nil)
		}
	}()
	c.Next()
}

// secureHeaders: a CSP with no inline script, no framing, and no-store on
// every response from the app, since nearly every page holds personal data.
func (s *Server) secureHeaders(c *gin.Context) {
	setSecureHeaders(c.Writer.Header(), s.cfg)
	c.Next()
}

func setSecureHeaders(h http.Header, cfg Config) {
	img := "'self' data: blob:"
	if host := tileOrigin(cfg.TileURL); host != "" {
		img += " " + host
	}
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src "+img+
		"; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
	h.Set("Cache-Control", "no-store")
	if cfg.SecureCookies {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}

// tileOrigin is the scheme and host of a tile URL template, for the CSP.
func tileOrigin(u string) string {
	if u == "" {
		return ""
	}
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	rest := u[i+3:]
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		rest = rest[:j]
	}
	return u[:i+3] + strings.ReplaceAll(rest, "{s}", "*")
}

// logSafe describes an internal error without values (app.LogSafe): the
// server's logs and the jobs' alike.
var logSafe = app.LogSafe
