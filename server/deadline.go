package server

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// retryAfter is the Retry-After, in seconds, of a 503 while the database
// cannot answer.
const retryAfter = "5"

const unavailableMessage = "Gateway's database is not answering just now. Nothing was saved; please try again in a few seconds."

// unavailable answers 503 outside gin (session loading).
func unavailable(w http.ResponseWriter, r *http.Request) {
	WriteUnavailable(w, r, unavailableMessage)
}

// WriteUnavailable answers 503 with Retry-After and msg, outside the app's
// pages (which need the database): a small page for a browser, plain text
// for anything else. It names no record and holds no data.
func WriteUnavailable(w http.ResponseWriter, r *http.Request, msg string) {
	h := w.Header()
	h.Set("Retry-After", retryAfter)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(msg + "\n"))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintf(w, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gateway: try again shortly</title>
<style>body{font:1.05rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1.25rem;color:#1b1b1b}h1{font-size:1.4rem}</style>
</head><body><h1>Gateway is not available just now</h1><p>%s</p><p>This page does not reload itself: go back, then open the page or send the form again.</p></body></html>
`, template.HTMLEscapeString(msg))
}

// withDeadline gives every request a deadline (Config.RequestTimeout).
// Every query runs under the request's context, so when the database is
// frozen or slow the wait for a pool connection, the statement and the
// session load all end at the deadline; fail turns that into 503 with
// Retry-After, and the connection that was waiting is closed, so the pool
// drains instead of filling with hung requests. It also counts requests in
// flight, for the shutdown report.
func (s *Server) withDeadline(h http.Handler) http.Handler {
	d := s.cfg.RequestTimeout
	if d <= 0 {
		d = DefaultRequestTimeout
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// background is the store for long jobs (Config.Background).
func (s *Server) background() *models.Store {
	if s.cfg.Background != nil {
		return s.cfg.Background
	}
	return s.store
}

// InFlight is how many requests are being served now.
func (s *Server) InFlight() int64 { return s.inFlight.Load() }

// RequestTimeout is the deadline each request gets.
func (s *Server) RequestTimeout() time.Duration {
	if s.cfg.RequestTimeout > 0 {
		return s.cfg.RequestTimeout
	}
	return DefaultRequestTimeout
}

// dbFailStatus is the status for a failure outside fail: 503 with
// Retry-After when the database could not answer, else 500.
func (s *Server) dbFailStatus(c *gin.Context, err error) int {
	if models.IsUnavailable(err) {
		c.Header("Retry-After", retryAfter)
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
