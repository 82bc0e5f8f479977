package server

import "github.com/gin-gonic/gin"

// lastStreetContact is the date and LA of a person's latest street
// contact, for the partner card. Street contacts are recorded by the
// outreach feature; until a person has one, there is none to show.
func (s *Server) lastStreetContact(c *gin.Context, personID int64) (*streetSummary, error) {
	return nil, nil
}
