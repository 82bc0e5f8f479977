package server

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// alertListPage is an outreach service's worklist of public alerts (and,
// for area admins, the alerts no service covered).
type alertListPage struct {
	Alerts   []alertRow `json:"alerts"`
	Pager    Pager      `json:"pager"`
	Status   string     `json:"-"`
	Statuses []string   `json:"-"`
}

// alertRow is an alert on the worklist.
type alertRow struct {
	models.PublicAlert
	StatusLabel string `json:"status_label"`
	LAName      string `json:"la_name"`
	Place       string `json:"place,omitempty"` // the gazetteer's name for the point
}

// listAlerts is GET /alerts and GET /api/v1/alerts?status=&page=.
func (s *Server) listAlerts(c *gin.Context) {
	a, _ := actorOf(c)
	f := models.AlertFilter{}
	pg := alertListPage{Alerts: []alertRow{}, Statuses: models.AlertStatuses, Status: c.Query("status")}
	if pg.Status == "" {
		pg.Status = "open" // a worker works the open ones; "all" shows every state
	}
	switch pg.Status {
	case "all":
	case "open":
		f.Statuses = openAlertStatuses
	default:
		if !slices.Contains(models.AlertStatuses, pg.Status) {
			s.fail(c, models.Invalid("status", "Choose open, all, or one of the alert statuses"))
			return
		}
		f.Statuses = []string{pg.Status}
	}
	limit, offset, n := page(c, 25)
	f.Limit, f.Offset = limit, offset
	alerts, total, err := s.store.Alerts(c.Request.Context(), policy.Alerts(a), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if pg.Alerts, err = s.alertRows(c, alerts); err != nil {
		s.fail(c, err)
		return
	}
	pg.Pager = Pager{Page: n, Size: limit, Total: total}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditList, ObjectType: "alert"}); err != nil {
		s.fail(c, err)
		return
	}
	s.respond(c, http.StatusOK, "alerts", pg)
}

// alertDetail is one alert as the service working it sees it.
type alertDetail struct {
	Alert     alertRow            `json:"alert"`
	Events    []models.AlertEvent `json:"events"`
	Next      []string            `json:"next"`
	CanWork   bool                `json:"can_work"`
	CanRoute  bool                `json:"can_route"`
	Outreach  []models.Service    `json:"-"`
	Contacts  []int64             `json:"street_contact_ids"`
	Errors    models.FieldErrors  `json:"-"`
	NoteInput string              `json:"-"`
}

func (d alertDetail) withErrors(e models.FieldErrors) any { d.Errors = e; return d }

// findAlert loads an alert by reference through scope, auditing a miss.
func (s *Server) findAlert(c *gin.Context, scope models.Scope, action string) (*models.PublicAlert, bool) {
	al, err := s.store.Alert(c.Request.Context(), scope, c.Param("reference"))
	if err != nil {
		if err == models.ErrNotFound {
			s.auditDenied(c, action, "alert", 0, "hidden or missing alert")
		}
		s.fail(c, err)
		return nil, false
	}
	return al, true
}

func (s *Server) alertDetailOf(c *gin.Context, al *models.PublicAlert) (alertDetail, error) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	rows, err := s.alertRows(c, []models.PublicAlert{*al})
	if err != nil {
		return alertDetail{}, err
	}
	d := alertDetail{Alert: rows[0]}
	if d.Events, err = s.store.AlertEvents(ctx, al.ID); err != nil {
		return d, err
	}
	facts := policy.AlertFacts{ServiceID: al.ServiceID}
	d.CanWork = policy.Can(a, policy.Update, facts)
	d.CanRoute = policy.Can(a, policy.Route, facts) && !models.AlertOutcome(al.Status)
	if d.CanWork {
		d.Next = models.AlertNext(al.Status)
	}
	d.Next = nonNil(d.Next)
	if d.CanRoute && !isAPI(c) {
		svs, err := s.store.Services(ctx, models.ServiceFilter{Types: []models.ServiceType{models.Outreach}})
		if err != nil {
			return d, err
		}
		for _, sv := range svs {
			if !sv.Confidential && (al.ServiceID == nil || sv.ID != *al.ServiceID) {
				d.Outreach = append(d.Outreach, sv)
			}
		}
	}
	if d.Contacts, err = s.store.AlertContactIDs(ctx, policy.OpenableStreetContacts(a), al.ID); err != nil {
		return d, err
	}
	return d, nil
}

// showAlert is GET /alerts/{reference} and GET /api/v1/alerts/{reference}/detail.
func (s *Server) showAlert(c *gin.Context) {
	a, _ := actorOf(c)
	al, ok := s.findAlert(c, policy.Alerts(a), models.AuditRead)
	if !ok {
		return
	}
	showAudited(s, c, "alert", models.AuditRead, "alert", al.ID, func() (alertDetail, error) {
		return s.alertDetailOf(c, al)
	})
}

// updateAlert moves an alert to a new status with a note for the service
// (POST /alerts/{reference}/status, and the same under /api/v1).
func (s *Server) updateAlert(c *gin.Context) {
	a, _ := actorOf(c)
	al, ok := s.findAlert(c, policy.WorkableAlerts(a), models.AuditUpdate)
	if !ok {
		return
	}
	var in models.AlertUpdate
	if err := bind(c, &in); err != nil {
		s.alertFormFail(c, al, err)
		return
	}
	updated, err := writeAudited(s, c, func(tx *models.Store) (*models.PublicAlert, error) {
		return tx.UpdateAlert(c.Request.Context(), policy.WorkableAlerts(a), al.Reference, a.Author(), in)
	}, func(*models.PublicAlert) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdate, ObjectType: "alert", ObjectID: &al.ID, Reason: in.Status}
	})
	if err != nil {
		s.alertFormFail(c, al, err)
		return
	}
	s.done(c, http.StatusOK, "/alerts/"+al.Reference, "Alert updated: "+models.AlertStatusLabel(updated.Status)+".",
		alertRow{PublicAlert: *updated, StatusLabel: models.AlertStatusLabel(updated.Status)})
}

// routeAlert sends an alert to another outreach service.
func (s *Server) routeAlert(c *gin.Context) {
	a, _ := actorOf(c)
	al, ok := s.findAlert(c, policy.RoutableAlerts(a), models.AuditRoute)
	if !ok {
		return
	}
	var in struct {
		ServiceID int64 `json:"service_id"`
	}
	if err := bind(c, &in); err != nil {
		s.alertFormFail(c, al, err)
		return
	}
	if models.AlertOutcome(al.Status) {
		s.alertFormFail(c, al, models.Conflict("status", "this alert is closed"))
		return
	}
	updated, err := writeAudited(s, c, func(tx *models.Store) (*models.PublicAlert, error) {
		return tx.RouteAlertTo(c.Request.Context(), policy.RoutableAlerts(a), al.Reference, a.Author(), in.ServiceID)
	}, func(*models.PublicAlert) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditRoute, ObjectType: "alert", ObjectID: &al.ID}
	})
	if err != nil {
		s.alertFormFail(c, al, err)
		return
	}
	back := "/alerts"
	if policy.Can(a, policy.Read, policy.AlertFacts{ServiceID: updated.ServiceID}) {
		back = "/alerts/" + al.Reference
	}
	s.done(c, http.StatusOK, back, "Alert sent on.", alertRow{PublicAlert: *updated, StatusLabel: models.AlertStatusLabel(updated.Status)})
}

func (s *Server) alertFormFail(c *gin.Context, al *models.PublicAlert, err error) {
	if isAPI(c) {
		s.fail(c, err)
		return
	}
	d, derr := s.alertDetailOf(c, al)
	if derr != nil {
		s.fail(c, derr)
		return
	}
	s.formFail(c, "alert", d, err)
}

// allowAlerts lets through those who may read some alerts: outreach
// services (their own) and area admins (those no service covered).
func (s *Server) allowAlerts(c *gin.Context) {
	a, _ := actorOf(c)
	if !policy.Can(a, policy.Read, policy.ResourceAlert) && !policy.Can(a, policy.Route, policy.ResourceAlert) {
		s.forbid(c, models.AuditReadAlert, "alert", 0, "not permitted for this role", nil)
		return
	}
	c.Next()
}
