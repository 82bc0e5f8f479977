package server

import (
	"context"
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
	s.changeRule(c, models.AuditGrantPermission, s.pol.GrantIn)
}

func (s *Server) revokeRule(c *gin.Context) {
	s.changeRule(c, models.AuditRevokePermission, s.pol.RevokeIn)
}

// changeRule grants or revokes a permission. The policy row and its audit
// event commit in one transaction, then this instance's
// enforcer rereads the rows; other instances reload through the policy
// watcher.
func (s *Server) changeRule(c *gin.Context, action string, change func(ctx context.Context, tx *models.Store, role, serviceType, resource, action string) error) {
	var in ruleInput
	if err := bind(c, &in); err != nil {
		s.backWithError(c, "/admin/policy", err)
		return
	}
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: action, ObjectType: "policy", Reason: in.Role + " " + in.ServiceType + " " + in.Resource + " " + in.Action},
			change(c.Request.Context(), tx, in.Role, in.ServiceType, in.Resource, in.Action)
	})
	if rerr := s.pol.Changed(); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		s.backWithError(c, "/admin/policy", err)
		return
	}
	flash := map[string]string{"grant": "Permission granted.", "revoke": "Permission revoked."}[action]
	s.done(c, http.StatusOK, "/admin/policy", flash, policyPage{Rules: s.pol.Rules()})
}
