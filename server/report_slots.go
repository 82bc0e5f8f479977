package server

import (
	"fmt"

	"github.com/gin-gonic/gin"
)

// reportSlots is how many report computations (a month's compliance scores
// for every service the reader may see, the compliance report and the
// commissioner pack) run at once. Each reads a month of records of every
// kind and builds its answer in memory: measured at 400,000 people, ten
// packs at once took the server past 1 GiB and every one ran past the
// request deadline, where one at a time takes about 2 s. Others wait
// their turn within their own deadline, and get 503 with Retry-After if
// it ends first, so the server's memory stays bounded however many
// commissioners ask at once.
const reportSlots = 2

// oneReportAtATime runs h once a report slot is free.
func (s *Server) oneReportAtATime(h gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		select {
		case s.reports <- struct{}{}:
			defer func() { <-s.reports }()
			h(c)
		case <-ctx.Done():
			s.fail(c, fmt.Errorf("waiting for a report slot: %w", ctx.Err()))
		}
	}
}
