package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// adminReach is what an administrator may manage: everything (area admin)
// or one organisation (org admin). Others manage nothing.
type adminReach struct {
	all   bool
	orgID int64
}

func (s *Server) reach(c *gin.Context) adminReach {
	a, _ := actorOf(c)
	switch {
	case policy.Can(a, policy.Manage, policy.ResourceAdmin):
		return adminReach{all: true}
	case policy.Can(a, policy.Manage, policy.ResourceOrgAdmin):
		return adminReach{orgID: a.OrganisationID}
	}
	return adminReach{}
}

func (r adminReach) any() bool                { return r.all || r.orgID > 0 }
func (r adminReach) coversOrg(org int64) bool { return r.all || (r.orgID > 0 && r.orgID == org) }

// orgIDs limits organisation-wide lists: nil means every organisation.
func (r adminReach) orgIDs() []int64 {
	if r.all {
		return nil
	}
	return []int64{r.orgID}
}

// rolesAssignable lists the roles an administrator may hand out.
func (r adminReach) rolesAssignable() []models.Role {
	if r.all {
		return models.Roles
	}
	return []models.Role{models.RoleWorker, models.RoleManager, models.RoleOrgAdmin}
}

// requireReach refuses (403) callers who administer nothing.
func (s *Server) requireReach(c *gin.Context) (adminReach, bool) {
	r := s.reach(c)
	if !r.any() {
		s.forbid(c, models.AuditAdmin, "admin", 0, "not an administrator", nil)
		return r, false
	}
	return r, true
}

type adminHomePage struct {
	All          bool
	Organisation *models.Organisation
}

func (s *Server) adminHome(c *gin.Context) {
	r, ok := s.requireReach(c)
	if !ok {
		return
	}
	pg := adminHomePage{All: r.all}
	if !r.all {
		org, err := s.store.Organisation(c.Request.Context(), r.orgID)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Organisation = org
	}
	s.html(c, http.StatusOK, "admin", pg)
}
