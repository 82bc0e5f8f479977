package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// healthz says the process is up.
func (s *Server) healthz(c *gin.Context) { c.String(http.StatusOK, "ok\n") }

// readyz says the database answers; 503 when it does not, so a load
// balancer stops sending traffic here.
func (s *Server) readyz(c *gin.Context) {
	if err := s.store.Ping(c.Request.Context()); err != nil {
		s.log.Warn("readiness check failed", "err", logSafe(err))
		c.String(http.StatusServiceUnavailable, "database unavailable\n")
		return
	}
	c.String(http.StatusOK, "ready\n")
}

func (s *Server) version(c *gin.Context) {
	c.JSON(http.StatusOK, versionResponse{Version: s.cfg.Version})
}

type meResponse struct {
	User        *models.User        `json:"user"`
	ActingFor   int64               `json:"acting_service_id"`
	Role        models.Role         `json:"role"`
	Memberships []models.Membership `json:"memberships"`
}

// me says who the caller is and which service they act for.
func (s *Server) me(c *gin.Context) {
	w := whoOf(c)
	c.JSON(http.StatusOK, meResponse{User: w.user, ActingFor: w.actor.ServiceID, Role: w.actor.Role, Memberships: w.memberships})
}

// versionResponse is GET /api/v1/version.
type versionResponse struct {
	Version string `json:"version"`
}
