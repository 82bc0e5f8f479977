package server

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// addReviewFuncs adds the review pages' template functions.
func addReviewFuncs(funcs template.FuncMap) {
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
	r.Stale = nonNil(r.Stale)
	r.Red = nonNil(r.Red)
	r.Shared = nonNil(r.Shared)
	// The lists name people and their safety marks: a list read, audited
	// with the ids shown, and not shown if the event cannot be written.
	// Empty lists show no one, so they are not an event.
	if ids := r.personIDs(); len(ids) > 0 {
		if err := s.auditList(c, models.AuditReadReview, r.summary(), ids); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *reviewLists) summary() string {
	return fmt.Sprintf("%d stale, %d red, %d open to several", len(r.Stale), len(r.Red), len(r.Shared))
}

// personIDs are the people the lists show, each once.
func (r *reviewLists) personIDs() []int64 {
	var ids []int64
	seen := map[int64]bool{}
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, rc := range r.Stale {
		add(rc.PersonID)
	}
	for _, rc := range r.Red {
		add(rc.PersonID)
	}
	for _, sp := range r.Shared {
		add(sp.ID)
	}
	return ids
}

// review is GET /api/v1/review: the review lists as JSON
// (?review=mine|service).
func (s *Server) review(c *gin.Context) {
	a, _ := actorOf(c)
	if !policy.Can(a, policy.Read, policy.ResourceCase) {
		s.forbid(c, models.AuditReadReview, "case", 0, "not permitted for this role", nil)
		return
	}
	r, err := s.reviewLists(c, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
