package server

import (
	"context"

	"gateway/matching"
	"gateway/server/app"
)

// referredCandidate is a referred person as a receiving service ranks and
// fits them: distances from the centre of their local-connection LA (the
// LA the snapshot names), never from the street, or unknown without one.
func (s *Server) referredCandidate(ctx context.Context, c matching.Candidate) matching.Candidate {
	c = app.PlacelessCandidate(c)
	if len(c.LocalConnectionLAs) > 0 {
		c.Location, c.HasLocation = s.laCentroid(ctx, c.LocalConnectionLAs[0])
	}
	return c
}
