package server

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/geo"
	"gateway/models"
)

// alertForm is the public alert page.
type alertForm struct {
	Input  publicAlertInput
	LAs    []models.LocalAuthority
	Errors models.FieldErrors
}

func (f alertForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

// publicAlertInput is what the public sends. Website is the honeypot: a
// field people never see (hidden by the stylesheet, skipped by screen
// readers) that form-filling robots fill in.
type publicAlertInput struct {
	Lat             *float64 `json:"lat"`
	Lon             *float64 `json:"lon"`
	Location        string   `json:"location"`
	LAID            *int64   `json:"la_id"`
	Description     string   `json:"description"`
	SeenAt          string   `json:"seen_at"`
	ReporterName    string   `json:"reporter_name"`
	ReporterContact string   `json:"reporter_contact"`
	Website         string   `json:"website"`
}

// alertStatus is everything the public may know about an alert: its
// reference, where it has got to, and the fixed message for that. Nothing
// about the person, the place or who worked it.
type alertStatus struct {
	Reference   string    `json:"reference"`
	Status      string    `json:"status"`
	StatusLabel string    `json:"status_label"`
	Message     string    `json:"message"`
	Closed      bool      `json:"closed"`
	ReceivedAt  time.Time `json:"received_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func statusOf(a *models.PublicAlert) alertStatus {
	public := models.AlertPublicStatus(a.Status)
	return alertStatus{Reference: a.Reference, Status: public, StatusLabel: models.AlertStatusLabel(public),
		Message: models.AlertPublicMessage(a.Status), Closed: models.AlertOutcome(a.Status),
		ReceivedAt: a.CreatedAt.Truncate(time.Minute), UpdatedAt: a.UpdatedAt.Truncate(time.Minute)}
}

func (s *Server) alertFormData(c *gin.Context, in publicAlertInput) alertForm {
	las, _ := s.store.LAs(c.Request.Context())
	return alertForm{Input: in, LAs: las}
}

// alertPage is the public "report someone sleeping rough" page.
func (s *Server) alertPage(c *gin.Context) {
	s.html(c, http.StatusOK, "alert_public", s.alertFormData(c, publicAlertInput{}))
}

// createAlert takes a public alert (web form or POST /api/v1/alerts), with
// no login: rate limited per address and overall, and a honeypot. The
// location is a pin (the LA, and so the outreach service, follows from it)
// or words, with an optional LA choice.
func (s *Server) createAlert(c *gin.Context) {
	var in publicAlertInput
	fail := func(err error) { s.formFail(c, "alert_public", s.alertFormData(c, in), err) }
	if err := bind(c, &in); err != nil {
		fail(err)
		return
	}
	if ok, wait := s.alertLimits.allowAlert(c.ClientIP()); !ok {
		secs := int(math.Ceil(wait.Seconds()))
		c.Header("Retry-After", strconv.Itoa(secs))
		s.log.Warn("public alert rate limited", "request_id", c.GetString("request_id"))
		s.errorResponse(c, http.StatusTooManyRequests, "Too many alerts from here in a short time. Please wait "+strconv.Itoa(max(1, secs/60))+" minute(s) and try again, or phone your council.", nil)
		return
	}
	if strings.TrimSpace(in.Website) != "" {
		// A robot: answer as if it worked, so it learns nothing, and keep nothing.
		s.log.Info("public alert honeypot tripped", "request_id", c.GetString("request_id"))
		s.alertTaken(c, &models.PublicAlert{Reference: models.NewReference(),
			Status: models.AlertReceived, CreatedAt: s.now(), UpdatedAt: s.now()})
		return
	}
	mi := models.AlertInput{Lat: in.Lat, Lon: in.Lon, LocationText: in.Location, LAID: in.LAID, Description: in.Description,
		ReporterName: in.ReporterName, ReporterContact: in.ReporterContact}
	if v := strings.TrimSpace(in.SeenAt); v != "" {
		t, err := parseSeenAt(v)
		if err != nil {
			fail(err)
			return
		}
		mi.SeenAt = &t
	}
	if in.Lat != nil && in.Lon != nil {
		if err := geo.ValidPoint(*in.Lat, *in.Lon); err != nil {
			fail(geoFieldError(err))
			return
		}
		ar, err := s.areas(c.Request.Context())
		if err != nil {
			fail(err)
			return
		}
		if la := ar.locate(*in.Lat, *in.Lon); la != nil {
			mi.LAID = la
		}
	}
	service, err := s.store.RouteAlert(c.Request.Context(), mi.LAID)
	if err != nil {
		fail(err)
		return
	}
	a, err := s.store.CreateAlert(c.Request.Context(), mi, service)
	if err != nil {
		fail(err)
		return
	}
	attrs := []any{"alert_id", a.ID, "request_id", c.GetString("request_id")}
	if service != nil {
		attrs = append(attrs, "service_id", *service)
	}
	s.log.Info("public alert received", attrs...)
	s.alertTaken(c, a)
}

// parseSeenAt reads when the reporter saw the person: RFC 3339 from the
// API, or a datetime-local field (London time) from the form.
func parseSeenAt(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", v, models.London); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, models.Invalid("seen_at", "must be a date and time like 2026-10-31T22:30")
}

// alertTaken answers a new alert: 201 with the reference for the API, the
// status page for the web.
func (s *Server) alertTaken(c *gin.Context, a *models.PublicAlert) {
	if isAPI(c) {
		c.Header("Location", "/api/v1/alerts/"+a.Reference)
		c.JSON(http.StatusCreated, statusOf(a))
		return
	}
	c.Redirect(http.StatusSeeOther, "/report-rough-sleeping/status?reference="+a.Reference+"&new=1")
}

// alertStatus is the reporter's look-up by reference, on the web
// (/report-rough-sleeping/status?reference=) and in the API
// (GET /api/v1/alerts/{reference}). Unknown references are the usual 404.
func (s *Server) alertStatus(c *gin.Context) {
	ref := c.Param("reference")
	if !isAPI(c) {
		ref = c.Query("reference")
		if strings.TrimSpace(ref) == "" {
			s.html(c, http.StatusOK, "alert_status", alertStatusPage{})
			return
		}
	}
	if ok, wait := s.alertLimits.allowCheck(c.ClientIP()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		s.errorResponse(c, http.StatusTooManyRequests, "Too many look-ups from here. Please wait a moment and try again.", nil)
		return
	}
	a, err := s.store.AlertByReference(c.Request.Context(), ref)
	if errors.Is(err, models.ErrNotFound) {
		if isAPI(c) {
			s.notFound(c)
			return
		}
		s.html(c, http.StatusNotFound, "alert_status", alertStatusPage{Error: "We have no alert with that reference. Check it (it looks like 7K3M9-QXP2A) and try again."})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	st := statusOf(a)
	if isAPI(c) {
		c.JSON(http.StatusOK, st)
		return
	}
	s.html(c, http.StatusOK, "alert_status", alertStatusPage{Status: &st, New: c.Query("new") == "1"})
}

// alertStatusPage is the reporter's status page.
type alertStatusPage struct {
	Status *alertStatus
	New    bool
	Error  string
}
