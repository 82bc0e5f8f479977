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

// alertForm is the public alert page. Challenge is set when a flood asks
// for a proof of work (alerts_pow.go) before the alert is taken.
type alertForm struct {
	Input     publicAlertInput
	LAs       []models.LocalAuthority
	Errors    models.FieldErrors
	Challenge string
	Bits      int
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
	// The proof of work asked for under a flood: the challenge given, and
	// the nonce that answers it.
	PowChallenge string `json:"pow_challenge"`
	PowNonce     string `json:"pow_nonce"`
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
	ctx := c.Request.Context()
	// The same words from the same network within a day are one alert:
	// answer with its reference, whatever the limits say.
	fingerprint := models.AlertFingerprint(clientNetwork(c.ClientIP()), in.Description, in.Location)
	if a, err := s.store.AlertByFingerprint(ctx, fingerprint, s.now()); err == nil {
		s.log.Info("public alert repeated", "alert_id", a.ID, "request_id", c.GetString("request_id"))
		s.alertTaken(c, a)
		return
	} else if !errors.Is(err, models.ErrNotFound) {
		fail(err)
		return
	}
	if ok, wait := s.alertLimits.allowSender(c.ClientIP()); !ok {
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
		ar, err := s.areas(ctx)
		if err != nil {
			fail(err)
			return
		}
		if la := ar.locate(*in.Lat, *in.Lon); la != nil {
			mi.LAID = la
		}
	}
	if err := mi.Check(s.now()); err != nil { // bad input is named before any challenge
		fail(err)
		return
	}
	// Under a flood the area's or everyone's budget is spent: the alert
	// then needs a proof of work rather than being turned away.
	if !s.alertLimits.allowArea(mi.LAID) && !s.powSolved(ctx, in.PowChallenge, in.PowNonce) {
		s.askForProofOfWork(c, in)
		return
	}
	service, err := s.store.RouteAlert(ctx, mi.LAID)
	if err != nil {
		fail(err)
		return
	}
	a, err := s.store.CreateAlert(ctx, mi, service)
	if err != nil {
		fail(err)
		return
	}
	if err := s.store.RememberAlert(ctx, fingerprint, a.ID, s.now()); err != nil {
		s.log.Warn("public alert fingerprint not kept", "alert_id", a.ID, "err", logSafe(err))
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

// askForProofOfWork answers an alert that arrived during a flood without a
// (valid) proof of work: 429 with a fresh challenge. The web form comes
// back with everything typed and the challenge, which its script answers
// and sends by itself; an API client answers it and sends the alert again
// with pow_challenge and pow_nonce.
func (s *Server) askForProofOfWork(c *gin.Context, in publicAlertInput) {
	challenge, err := s.newChallenge(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	bits := s.alertLimits.limits.ChallengeBits
	s.log.Warn("public alert asked for proof of work", "request_id", c.GetString("request_id"))
	c.Header("Retry-After", "60")
	if isAPI(c) {
		abortProblem(c, http.StatusTooManyRequests, proofOfWorkProblem{
			apiError:  problem(http.StatusTooManyRequests, "Gateway is receiving an unusual number of alerts. Send this alert again with pow_challenge set to challenge and pow_nonce to a string such that the SHA-256 of challenge + \":\" + pow_nonce begins with difficulty zero bits.", nil),
			Challenge: challenge, Difficulty: bits})
		return
	}
	in.PowChallenge, in.PowNonce = challenge, ""
	f := s.alertFormData(c, in)
	f.Challenge, f.Bits = challenge, bits
	s.html(c, http.StatusTooManyRequests, "alert_public", f)
}

// proofOfWorkProblem is the 429 a public alert gets under a flood: the
// problem and the challenge to answer.
type proofOfWorkProblem struct {
	apiError
	Challenge  string `json:"challenge,omitempty" doc:"under a flood: send it back as pow_challenge"`
	Difficulty int    `json:"difficulty,omitempty" doc:"leading zero bits the SHA-256 must have"`
}
