package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"gateway/models"
	"gateway/policy"
)

// outreachHomePage is the outreach worker's phone home:
// record a contact, what is waiting to be sent, and the team's open
// alerts, which the page sorts nearest first once it knows where the
// worker is (the position never leaves the phone).
type outreachHomePage struct {
	Alerts []alertRow
	Total  int64
	// Tasks are the worker's reminders (tasks.go), when it is also their
	// home page.
	Tasks   *taskLists
	Notices []notice // home.go: the service's notifications
}

// outreachHome is GET /outreach.
func (s *Server) outreachHome(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	alerts, total, err := s.store.Alerts(ctx, policy.Alerts(a), models.AlertFilter{Statuses: openAlertStatuses, Limit: 50})
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.alertRows(c, alerts)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditList, ObjectType: "alert"}); err != nil {
		s.fail(c, err)
		return
	}
	pg := outreachHomePage{Alerts: rows, Total: total}
	if pg.Tasks, err = s.homeTasks(c, a); err != nil {
		s.fail(c, err)
		return
	}
	if pg.Notices, err = s.notices(c); err != nil {
		s.fail(c, err)
		return
	}
	s.html(c, http.StatusOK, "outreach_home", pg)
}

// openAlertStatuses are the alerts still to be worked.
var openAlertStatuses = []string{models.AlertReceived, models.AlertLooking}

// alertRows labels alerts for a list: status, LA and the gazetteer's name
// for the point.
func (s *Server) alertRows(c *gin.Context, alerts []models.PublicAlert) ([]alertRow, error) {
	ar, err := s.areas(c.Request.Context())
	if err != nil {
		return nil, err
	}
	g, err := s.gazetteer(c.Request.Context())
	if err != nil {
		return nil, err
	}
	rows := []alertRow{}
	for _, al := range alerts {
		r := alertRow{PublicAlert: al, StatusLabel: models.AlertStatusLabel(al.Status), LAName: ar.laName(al.LAID)}
		if al.Lat != nil && al.Lon != nil {
			r.Place = g.Name(orb.Point{*al.Lon, *al.Lat})
		}
		rows = append(rows, r)
	}
	return rows, nil
}
