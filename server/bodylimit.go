package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Body limits. Every request body is bounded before
// anything reads it: a Content-Length over the route's limit is answered
// 413 at once, unread (net/http then closes the connection rather than
// drain a large remainder), and a body without a length (chunked) is cut
// off by http.MaxBytesReader at the limit, which bind turns into the same
// 413. Thirty parallel 9 MB posts to the public form once took the
// process from 118 to 628 MB; now each costs at most 64 KB.
const (
	// anonymousBody bounds what anyone can send without logging in: the
	// public alert form and the login form (web and API).
	anonymousBody = 64 << 10
	// defaultBody bounds every other form and JSON body.
	defaultBody = 1 << 20
)

// anonymousPaths are the routes anyone may post to without a session.
var anonymousPaths = map[string]bool{
	"/report-rough-sleeping": true,
	"/login":                 true,
	"/login/code":            true,
	"/login/two-factor":      true,
	"/api/v1/alerts":         true,
	"/api/v1/tokens":         true,
	"/api/v1/oauth/token":    true, // partner systems' client credentials
}

// bodyLimit is the most a request to path may send. Only a local
// authority's boundary (an uploaded GeoJSON file) needs more than 1 MB.
func bodyLimit(path string) int64 {
	switch {
	case anonymousPaths[path]:
		return anonymousBody
	case strings.HasPrefix(path, "/admin/local-authorities") || strings.HasPrefix(path, "/api/v1/local-authorities"):
		return maxBoundary
	}
	return defaultBody
}

// limitBodies wraps the whole app, outside sessions, CSRF and routing, so
// an oversized body is refused before any work is done for it.
func (s *Server) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		limit := bodyLimit(r.URL.Path)
		if r.ContentLength > limit {
			s.log.Warn("request body too large", "method", r.Method, "bytes", r.ContentLength, "limit", limit)
			s.writeTooLarge(w, r, limit)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// errTooLarge is what bind returns when a body without a length ran past
// the limit while being read; fail answers it 413.
type errTooLarge struct{ limit int64 }

func (e errTooLarge) Error() string { return tooLargeMessage(e.limit) }

// tooLarge turns a read error into errTooLarge when the body limit cut it.
func tooLarge(err error) (error, bool) {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return errTooLarge{mb.Limit}, true
	}
	return err, false
}

func tooLargeMessage(limit int64) string {
	size := fmt.Sprintf("%d KB", limit>>10)
	if limit >= 1<<20 {
		size = fmt.Sprintf("%d MB", limit>>20)
	}
	return "What was sent is too large: this address accepts at most " + size + ". Shorten it and try again."
}

// writeTooLarge answers 413 without gin (the request never reached it):
// JSON for the API, the error page for the web, with the usual headers.
func (s *Server) writeTooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	setSecureHeaders(w.Header(), s.cfg)
	w.Header().Set("Connection", "close")
	msg := tooLargeMessage(limit)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", problemJSON)
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		json.NewEncoder(w).Encode(problem(http.StatusRequestEntityTooLarge, msg, nil))
		return
	}
	var buf bytes.Buffer
	if t, ok := s.pages["error"]; ok {
		pd := pageData{Path: r.URL.Path, Version: s.cfg.Version, Data: errorData{Status: http.StatusRequestEntityTooLarge, Message: msg}}
		if err := t.ExecuteTemplate(&buf, "layout.html", pd); err != nil {
			buf.Reset()
		}
	}
	if buf.Len() == 0 {
		buf.WriteString(msg + "\n")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	w.WriteHeader(http.StatusRequestEntityTooLarge)
	w.Write(buf.Bytes())
}
