package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type policyPage struct {
	Rules []policy.Rule `json:"rules"`
}

// policyPage lists the permission rows in force (area admins).
func (s *Server) policyPage(c *gin.Context) {
	s.respond(c, http.StatusOK, "admin_policy", policyPage{Rules: s.pol.Rules()})
}

type ruleInput struct {
	Role        string `json:"role"`
	ServiceType string `json:"service_type"`
	Resource    string `json:"resource"`
	Action      string `json:"action"`
}

func (s *Server) grantRule(c *gin.Context) {
	s.changeRule(c, "grant", s.pol.Grant)
}

func (s *Server) revokeRule(c *gin.Context) {
	s.changeRule(c, "revoke", s.pol.Revoke)
}

// changeRule grants or revokes a permission; other instances reload it
// through the policy watcher.
func (s *Server) changeRule(c *gin.Context, action string, change func(role, serviceType, resource, action string) error) {
	var in ruleInput
	if err := bind(c, &in); err != nil {
		s.backWithError(c, "/admin/policy", err)
		return
	}
	if err := change(in.Role, in.ServiceType, in.Resource, in.Action); err != nil {
		s.backWithError(c, "/admin/policy", err)
		return
	}
	s.audit(c, models.AuditEvent{Action: action + "_permission", ObjectType: "policy", Reason: in.Role + " " + in.ServiceType + " " + in.Resource + " " + in.Action})
	flash := map[string]string{"grant": "Permission granted.", "revoke": "Permission revoked."}[action]
	s.done(c, http.StatusOK, "/admin/policy", flash, policyPage{Rules: s.pol.Rules()})
}
