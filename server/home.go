package server

import (
	"context"
	"net/http"
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

type dashboardPage struct {
	Role          models.Role
	Caseload      []caseloadEntry // home.go
	Manager       *managerHome
	Headlines     []headline
	CaseloadPager Pager
	Notices       []notice
	Alerts        []deniedAlert
	Counts        *models.Counts
	Aggregates    []typeCount
	Organisation  *models.Organisation
	Review        *reviewLists // review.go
	Tasks         *taskLists   // tasks.go
	// County: the commissioner covers several LAs and may take the
	// county pack over all of them.
	County bool
}

type typeCount struct {
	Type   string
	People string
}

// dashboard is each role's home page.
func (s *Server) dashboard(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	pg := dashboardPage{Role: a.Role}
	switch {
	case a.Role == models.RolePartner:
		c.Redirect(http.StatusSeeOther, "/lookup")
		return
	case a.Role == models.RoleWorker && a.ServiceType == models.Outreach && policy.Can(a, policy.Create, policy.ResourceStreetContact):
		// An outreach worker works from the phone home: record
		// a contact, what waits to be sent, open alerts nearest first.
		s.outreachHome(c)
		return
	case a.Role == models.RoleAreaAdmin:
		alerts, err := s.deniedAlerts(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Alerts = alerts
		counts, err := s.store.AreaCounts(ctx, policy.People(a))
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Counts = &counts
	case a.Role == models.RoleCommissioner:
		counts, err := s.store.OpenPeopleByServiceType(ctx, policy.AreaInvolvements(a))
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, tc := range counts {
			pg.Aggregates = append(pg.Aggregates, typeCount{Type: models.ServiceType(tc.ServiceType).Label(), People: suppress(tc.People)})
		}
		if pg.Headlines, err = s.commissionerHeadlines(c, a); err != nil {
			s.fail(c, err)
			return
		}
		pg.County = len(a.LAs) > 1
	case a.Role == models.RoleOrgAdmin:
		org, err := s.store.Organisation(ctx, a.OrganisationID)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Organisation = org
	default:
		limit, offset, n := page(c, 25)
		people, total, err := s.store.People(ctx, policy.People(a), models.PersonFilter{OpenWith: a.ServiceID, Limit: limit, Offset: offset})
		if err != nil {
			s.fail(c, err)
			return
		}
		if pg.Caseload, err = s.caseloadOf(ctx, a, people); err != nil {
			s.fail(c, err)
			return
		}
		if a.Role == models.RoleManager {
			if pg.Manager, err = s.managerHomeOf(c, a); err != nil {
				s.fail(c, err)
				return
			}
		}
		pg.CaseloadPager = Pager{Page: n, Size: limit, Total: total}
		notices, err := s.notices(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Notices = notices
		if pg.Tasks, err = s.homeTasks(c, a); err != nil {
			s.fail(c, err)
			return
		}
		if policy.Can(a, policy.Read, policy.ResourceCase) {
			if pg.Review, err = s.reviewLists(c, a); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	s.html(c, http.StatusOK, "dashboard", pg)
}

// suppress hides counts under 5 (rule 9).
func suppress(n int) string {
	if n < 5 {
		return "<5"
	}
	return strconv.Itoa(n)
}

// notice is a notification as its reader may see it: the person's name
// only if the reader's scopes show them.
type notice struct {
	models.Notification
	Text     string `json:"text"`
	PersonID int64  `json:"person_id,omitempty"`
	Person   string `json:"person,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Href     string `json:"href,omitempty"`
}

func (s *Server) notices(c *gin.Context) ([]notice, error) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	var exclude []string
	if !policy.Can(a, policy.Read, policy.ResourceBreakGlassNotice) {
		exclude = append(exclude, models.NoticeBreakGlass, models.NoticeHiddenLookup, models.NoticeSubjectAccessPart)
	}
	ns, err := s.store.Notifications(ctx, a.ServiceID, exclude, 20)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, n := range ns {
		if n.PersonID != nil {
			ids = append(ids, *n.PersonID)
		}
	}
	people, _, err := s.store.People(ctx, policy.People(a), models.PersonFilter{IDs: ids, Limit: len(ids) + 1})
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for i := range people {
		names[people[i].ID] = people[i].FullName()
	}
	out := []notice{}
	for _, n := range ns {
		nt := notice{Notification: n}
		if n.PersonID != nil {
			if name, ok := names[*n.PersonID]; ok {
				nt.PersonID, nt.Person = *n.PersonID, name
			}
		}
		switch n.Kind {
		case models.NoticeOpenElsewhere:
			other := "Another service"
			if n.OtherServiceID != nil {
				if sv, err := s.store.Service(ctx, *n.OtherServiceID); err == nil {
					other = sv.Name
				}
			}
			nt.Text = other + " has started working with someone your service is open to."
		case models.NoticeBreakGlass:
			nt.Text = "An area admin opened the full record of someone your service works with (break glass)."
			if n.RefID != nil {
				if bg, err := s.store.BreakGlassByID(ctx, *n.RefID); err == nil {
					nt.Detail = "Reason given: " + bg.Reason
				}
			}
		case models.NoticeReferralReceived, models.NoticeReferralAccepted, models.NoticeReferralDeclined,
			models.NoticeReferralWithdrawn, models.NoticeReferralExpired:
			s.referralNotice(ctx, &nt) // placement_person.go
		case models.NoticeHiddenLookup:
			s.hiddenLookupNotice(ctx, a, &nt) // auditprivacy.go
		case models.NoticeSubjectAccessPart:
			nt.Text = "A subject access request was made for someone your service holds records about. Release your service's part to them."
			if n.PersonID != nil {
				nt.Href = personURL(*n.PersonID) + "/subject-access/part"
			}
		default:
			nt.Text = label(n.Kind) // a kind without words of its own still reads as words
		}
		out = append(out, nt)
	}
	return out, nil
}

// notifications is GET /api/v1/notifications.
func (s *Server) notifications(c *gin.Context) {
	ns, err := s.notices(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, notificationsResponse{Notifications: ns})
}

func (s *Server) markNotificationsRead(c *gin.Context) {
	a, _ := actorOf(c)
	if err := s.store.MarkNotificationsRead(c.Request.Context(), a.ServiceID); err != nil {
		s.fail(c, err)
		return
	}
	s.done(c, http.StatusOK, "/", "", gin.H{"ok": true})
}

// deniedAlert is a user with 3 or more refused or hidden reads in 24 hours
// (rule 11), for the area admin's dashboard.
type deniedAlert struct {
	UserID int64       `json:"user_id"`
	Name   string      `json:"name"`
	Email  string      `json:"email"`
	Count  int         `json:"count"`
	Last   models.Time `json:"last"`
}

func (s *Server) deniedAlerts(c *gin.Context) ([]deniedAlert, error) {
	ctx := c.Request.Context()
	a, _ := actorOf(c)
	rows, err := s.store.DeniedAlertsIn(ctx, policy.AuditEvents(a), s.now().Add(-24*time.Hour), 3)
	if err != nil {
		return nil, err
	}
	out := []deniedAlert{}
	for _, r := range rows {
		al := deniedAlert{UserID: r.UserID, Count: r.Count, Last: r.Last}
		if u, err := s.store.User(ctx, r.UserID); err == nil {
			al.Name, al.Email = u.Name, u.Email
		}
		out = append(out, al)
	}
	return out, nil
}

// notificationsResponse is GET /api/v1/notifications.
type notificationsResponse struct {
	Notifications []notice `json:"notifications"`
}
