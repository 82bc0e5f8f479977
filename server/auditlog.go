package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type auditPage struct {
	Events []auditRow         `json:"events"`
	Pager  Pager              `json:"pager"`
	Filter models.AuditFilter `json:"-"`
	Query  map[string]string  `json:"-"`
	Alerts []deniedAlert      `json:"-"`
}

type auditRow struct {
	models.AuditEvent
	Actor   string `json:"actor,omitempty"`
	Service string `json:"service,omitempty"`
}

// auditLog lets area admins browse and filter the audit log.
func (s *Server) auditLog(c *gin.Context) {
	ctx := c.Request.Context()
	f := models.AuditFilter{Action: c.Query("action"), Outcome: c.Query("outcome"), ObjectType: c.Query("object_type")}
	errs := models.FieldErrors{}
	intParam := func(name string, dst *int64) {
		if v := c.Query(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				errs.Add(name, "must be an id")
			}
			*dst = n
		}
	}
	intParam("user_id", &f.ActorUserID)
	intParam("service_id", &f.ServiceID)
	intParam("object_id", &f.ObjectID)
	dateParam := func(name string, dst *time.Time, addDay bool) {
		if v := c.Query(name); v != "" {
			d, err := models.ParseDate(v)
			if err != nil {
				errs.Add(name, err.Error())
				return
			}
			*dst = d.Time()
			if addDay {
				*dst = dst.Add(24 * time.Hour)
			}
		}
	}
	dateParam("from", &f.From, false)
	dateParam("to", &f.To, true)
	if f.Outcome != "" && f.Outcome != models.Allowed && f.Outcome != models.Denied {
		errs.Add("outcome", "must be allowed or denied")
	}
	if err := errs.Err(); err != nil {
		s.fail(c, err)
		return
	}
	limit, offset, n := page(c, 100)
	f.Limit, f.Offset = limit, offset
	a, _ := actorOf(c)
	evs, total, err := s.store.AuditEventsIn(ctx, policy.AuditEvents(a), f) // a confidential service's events are its own
	if err != nil {
		s.fail(c, err)
		return
	}
	pg := auditPage{Events: []auditRow{}, Pager: Pager{Page: n, Size: limit, Total: total}, Filter: f, Query: map[string]string{}}
	for _, k := range []string{"action", "outcome", "object_type", "user_id", "service_id", "object_id", "from", "to"} {
		pg.Query[k] = c.Query(k)
	}
	users, services := map[int64]string{}, map[int64]string{}
	for _, e := range evs {
		row := auditRow{AuditEvent: e}
		if e.ActorUserID != nil {
			if _, ok := users[*e.ActorUserID]; !ok {
				if u, err := s.store.User(ctx, *e.ActorUserID); err == nil {
					users[*e.ActorUserID] = u.Name
				}
			}
			row.Actor = users[*e.ActorUserID]
		}
		if e.ActingServiceID != nil {
			if _, ok := services[*e.ActingServiceID]; !ok {
				if sv, err := s.store.Service(ctx, *e.ActingServiceID); err == nil {
					services[*e.ActingServiceID] = sv.Name
				}
			}
			row.Service = services[*e.ActingServiceID]
		}
		pg.Events = append(pg.Events, row)
	}
	if !isAPI(c) {
		if pg.Alerts, err = s.deniedAlerts(c); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.respond(c, http.StatusOK, "audit", pg)
}

// auditAlerts is GET /api/v1/audit/alerts: users with 3 or more denied
// reads in the last 24 hours.
func (s *Server) auditAlerts(c *gin.Context) {
	alerts, err := s.deniedAlerts(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, auditAlertsResponse{Alerts: alerts})
}

// auditAlertsResponse is GET /api/v1/audit/alerts.
type auditAlertsResponse struct {
	Alerts []deniedAlert `json:"alerts"`
}
