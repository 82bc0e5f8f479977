package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

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
