package server

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// Home pages people work from. A worker sees their
// caseload with what needs doing; a manager also sees the service's beds,
// the referrals waiting for a decision and this month's compliance so far;
// a commissioner sees headline figures against last month. Every query
// goes through the caller's policy scopes.

// caseloadEntry is one person on a worker's home page.
type caseloadEntry struct {
	identity
	KeyWorker        string     `json:"key_worker,omitempty"`
	LastContact      *time.Time `json:"last_contact,omitempty"`
	ReviewDue        *time.Time `json:"review_due,omitempty"`
	ReviewOverdue    bool       `json:"review_overdue,omitempty"`
	ReferralDeadline *time.Time `json:"referral_deadline,omitempty"`
	ReferralID       int64      `json:"referral_id,omitempty"`
}

// managerHome is what a service manager sees above the caseload.
type managerHome struct {
	Capacity  int
	Placed    int64
	Vacant    int
	Awaiting  []models.Referral
	MonthName string
	Score     *float64 // this month's compliance so far; nil with no records
}

// headline is one of a commissioner's figures: this month so far, last
// month, and which way it went.
type headline struct {
	Label, This, Last, Trend, Note string
}

// caseloadOf adds the worker's facts to the people open to the service.
func (s *Server) caseloadOf(ctx context.Context, a policy.Actor, people []models.Person) ([]caseloadEntry, error) {
	ids := make([]int64, len(people))
	for i := range people {
		ids[i] = people[i].ID
	}
	rows, err := s.store.Caseload(ctx, policy.Cases(a), policy.Notes(a), policy.Referrals(a), a.ServiceID, ids)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]caseloadEntry, 0, len(people))
	for i := range people {
		e := caseloadEntry{identity: identityOf(&people[i], nil)}
		if r := rows[people[i].ID]; r != nil {
			e.KeyWorker, e.LastContact, e.ReviewDue = r.KeyWorker, r.LastContact, r.ReviewDue
			e.ReferralDeadline, e.ReferralID = r.ReferralDeadline, r.ReferralID
			e.ReviewOverdue = r.ReviewDue != nil && r.ReviewDue.Before(now)
		}
		out = append(out, e)
	}
	return out, nil
}

// managerHomeOf gathers the service's beds, its referrals waiting for a
// decision, and its compliance so far this month.
func (s *Server) managerHomeOf(c *gin.Context, a policy.Actor) (*managerHome, error) {
	ctx := c.Request.Context()
	sv, err := s.store.Service(ctx, a.ServiceID)
	if err != nil {
		return nil, err
	}
	mh := &managerHome{Capacity: sv.Capacity}
	open := true
	if _, mh.Placed, err = s.store.Placements(ctx, policy.Placements(a), models.PlacementFilter{ServiceID: a.ServiceID, Open: &open, Limit: 1}); err != nil {
		return nil, err
	}
	vs, err := s.store.ServiceVacancies(ctx, a.ServiceID)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		mh.Vacant += v.Places
	}
	if policy.Can(a, policy.Decide, policy.ResourceReferral) {
		mh.Awaiting, _, err = s.store.Referrals(ctx, policy.DecidableReferrals(a), models.ReferralFilter{ToService: a.ServiceID, Status: models.ReferralSent, Limit: 10})
		if err != nil {
			return nil, err
		}
		sort.SliceStable(mh.Awaiting, func(i, j int) bool { return mh.Awaiting[i].ExpiresAt.Before(mh.Awaiting[j].ExpiresAt) })
	}
	if audienceOf(a) != audienceNone {
		rep := s.reporter()
		m := rep.CurrentMonth()
		mh.MonthName = m.Label()
		res, err := rep.Month(ctx, a, app.MonthQuery{Month: m, Service: a.ServiceID, By: a.UserID})
		if err != nil {
			return nil, err
		}
		if cur := res.CurrentOf(a.ServiceID); cur != nil {
			score := cur.Score
			mh.Score = &score
		}
	}
	return mh, nil
}

// commissionerHeadlines are the figures a commissioner opens the day with:
// people seen rough sleeping this month so far against last month, new
// and returning people among them, people placed, and data compliance, for
// the commissioner's local authorities, each count under 5 suppressed.
func (s *Server) commissionerHeadlines(c *gin.Context, a policy.Actor) ([]headline, error) {
	ctx := c.Request.Context()
	now := reports.MonthOf(s.now().In(models.London))
	prev := now.Prev()
	var sightings []reports.Sighting
	q := models.FlowQuery{LAIDs: a.LAs, From: prev.Start(time.UTC), Until: now.Start(time.UTC)}
	err := s.store.FlowSightings(ctx, policy.StreetContactCellHistory(a), q, func(f models.FlowSighting) {
		sightings = append(sightings, reports.Sighting{PersonKey: strconv.FormatInt(f.PersonID, 10),
			LA: strconv.FormatInt(f.LAID, 10), At: f.Month.Add(12 * time.Hour)})
	})
	if err != nil {
		return nil, err
	}
	// Each figure is a total over the caller's LAs, shown only when every
	// LA's part is (reports.TotalOf): a sum beside the flows page's per-LA
	// cells would otherwise give a suppressed one back by subtraction.
	type tally struct{ people, new, returner []int }
	by := map[reports.Month]*tally{now: {}, prev: {}}
	for _, r := range reports.Flows(sightings, prev, now, s.returnerGap()) {
		id, _ := strconv.ParseInt(r.LA, 10, 64)
		if !slices.Contains(a.LAs, id) {
			continue
		}
		if t := by[r.Month]; t != nil {
			t.people = append(t.people, r.New, r.Returner, r.LongTerm, r.Intermittent)
			t.new = append(t.new, r.New)
			t.returner = append(t.returner, r.Returner)
		}
	}
	so := " (so far)"
	var out []headline
	add := func(label string, this, last []int, note string) {
		t, l := reports.TotalOf(this...), reports.TotalOf(last...)
		if len(this) == 0 {
			t = reports.TotalOf(0)
		}
		if len(last) == 0 {
			l = reports.TotalOf(0)
		}
		out = append(out, headline{Label: label, This: num(t.String()), Last: num(l.String()), Trend: trendOf(t, l), Note: note})
	}
	add("People seen rough sleeping", by[now].people, by[prev].people, now.Label()+so+" against "+prev.Label()+".")
	add("New to the streets", by[now].new, by[prev].new, "Seen rough sleeping for the first time anywhere in the area.")
	add("Returned to the streets", by[now].returner, by[prev].returner, "Seen before, but not in the "+strconv.Itoa(s.returnerGap())+" months before.")
	// People placed: each person once across the LAs (a service covering
	// two LAs would count them twice in a sum), shown only when every
	// LA's own count, which the pack prints, is shown too.
	var placed [2]reports.Total
	for i, m := range []reports.Month{now, prev} {
		var parts []int
		for _, la := range a.LAs {
			po, err := s.store.PlacementOutcomes(ctx, policy.AreaPlacements(a), la, m.Start(london), m.End(london))
			if err != nil {
				return nil, err
			}
			parts = append(parts, po.Started)
		}
		n, err := s.store.PlacementsStarted(ctx, policy.AreaPlacements(a), a.LAs, m.Start(london), m.End(london))
		if err != nil {
			return nil, err
		}
		placed[i] = reports.TotalOf(append(parts, n)...)
		if !placed[i].Suppressed && !placed[i].Withheld {
			placed[i] = reports.Total{N: n}
		}
	}
	out = append(out, headline{Label: "People placed", This: num(placed[0].String()), Last: num(placed[1].String()), Trend: trendOf(placed[0], placed[1]),
		Note: "People placed at services in your local authorities, each once."})
	rep := s.reporter()
	scores := [2]string{"–", "–"}
	for i, m := range []reports.Month{now, prev} {
		res, err := rep.Month(ctx, a, app.MonthQuery{Month: m, By: a.UserID})
		if err != nil {
			return nil, err
		}
		if rows, all := reports.Ranking(res.Headline(), res.Names(), res.Rerun()); len(rows) > 0 {
			scores[i] = pct(all.Score)
		}
	}
	out = append(out, headline{Label: "Data compliance", This: scores[0], Last: scores[1], Note: "Essential fields completed, all services; this month's figure changes until the month closes."})
	return out, nil
}

// trendOf says which way a figure went, in words; nothing when either
// side is suppressed, since a direction would hint at a small count.
func trendOf(this, last reports.Total) string {
	switch {
	case this.Suppressed || this.Withheld || last.Suppressed || last.Withheld:
		return ""
	case this.N > last.N:
		return "up"
	case this.N < last.N:
		return "down"
	}
	return "same"
}
