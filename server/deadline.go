package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// retryAfter is the Retry-After, in seconds, of a 503 while the database
// cannot answer.
const retryAfter = "5"

const unavailableMessage = "Gateway's database is not answering just now. Nothing was saved; please try again in a few seconds."

// unavailable answers 503 outside gin (session loading, startup).
func unavailable(w http.ResponseWriter) {
	w.Header().Set("Retry-After", retryAfter)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write([]byte(unavailableMessage + "\n"))
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
