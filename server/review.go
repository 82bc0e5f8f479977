package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

func init() {
	funcs["purposeLabel"] = models.PurposeLabel
}

// reviewLists are the dashboard's review lists for a worker or manager:
// cases with no activity for 14 days, red cases, and people open to more
// than one service. A worker sees their own cases unless they ask for the
// whole service; a manager sees the whole service.
type reviewLists struct {
	Stale       []models.ReviewCase   `json:"stale"`
	Red         []models.ReviewCase   `json:"red"`
	Shared      []models.SharedPerson `json:"open_to_several"`
	SharedTotal int64                 `json:"open_to_several_total"`
	Whole       bool                  `json:"whole_service"`
	StaleDays   int                   `json:"stale_after_days"`
}

func (s *Server) reviewLists(c *gin.Context, a policy.Actor) (*reviewLists, error) {
	ctx := c.Request.Context()
	whole := a.Role == models.RoleManager
	switch c.Query("review") {
	case "mine":
		whole = false
	case "service":
		whole = true
	}
	f := models.ReviewFilter{ServiceID: a.ServiceID, Now: s.now(), Limit: 25}
	if !whole {
		f.WorkerUserID = a.UserID
	}
	r := &reviewLists{Whole: whole, StaleDays: int(models.StaleAfter.Hours() / 24)}
	var err error
	if r.Stale, err = s.store.StaleCases(ctx, policy.Cases(a), policy.People(a), f); err != nil {
		return nil, err
	}
	if r.Red, err = s.store.RedCases(ctx, policy.Cases(a), policy.People(a), f); err != nil {
		return nil, err
	}
	if r.Shared, r.SharedTotal, err = s.store.OpenToSeveral(ctx, policy.People(a), policy.Involvements(a), a.ServiceID, 25); err != nil {
		return nil, err
	}
	if r.Stale == nil {
		r.Stale = []models.ReviewCase{}
	}
	if r.Red == nil {
		r.Red = []models.ReviewCase{}
	}
	if r.Shared == nil {
		r.Shared = []models.SharedPerson{}
	}
	return r, nil
}

// review is GET /api/v1/review: the review lists as JSON
// (?review=mine|service).
func (s *Server) review(c *gin.Context) {
	a, _ := actorOf(c)
	if !policy.Can(a, policy.Read, policy.Resource(policy.KindCase)) {
		s.fail(c, errForbidden)
		return
	}
	r, err := s.reviewLists(c, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
