package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// Reports run two at a time: a third waits for a slot, and one whose
// deadline ends while it waits is told to try again (503 with
// Retry-After), never run.
func TestReportsRunTwoAtATime(t *testing.T) {
	s := &Server{reports: make(chan struct{}, reportSlots), log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var running, most, ran atomic.Int32
	release := make(chan struct{})
	r := gin.New()
	api := func(c *gin.Context) { c.Set("api", true) } // as the API group marks its requests
	r.GET("/api/v1/report", api, s.oneReportAtATime(func(c *gin.Context) {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		ran.Add(1)
		<-release
		running.Add(-1)
		c.Status(http.StatusOK)
	}))
	get := func(timeout time.Duration) *httptest.ResponseRecorder {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/report", nil).WithContext(ctx))
		return w
	}
	var wg sync.WaitGroup
	codes := make(chan int, 5)
	for range 5 {
		wg.Add(1)
		go func() { defer wg.Done(); codes <- get(time.Minute).Code }()
	}
	for deadline := time.Now().Add(5 * time.Second); ran.Load() < reportSlots && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if w := get(50 * time.Millisecond); w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("a report whose deadline ends while it waits: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	close(release)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusOK {
			t.Errorf("a report that waited its turn: %d", code)
		}
	}
	if most.Load() != reportSlots || ran.Load() != 5 {
		t.Errorf("at most %d at once, all five run: most %d, ran %d", reportSlots, most.Load(), ran.Load())
	}
}
