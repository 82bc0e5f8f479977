package server

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"image/png"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// A second factor at login. After the password, a
// user with a second factor is half logged in: the session holds who they
// are and until when (tf_*), not sessUser, so nothing else opens until the
// code is right. A user whose role requires one (area admin, commissioner,
// when the area turns the requirement on) and has none enrols before
// anything else, in the same half-logged-in state. Codes are throttled like
// passwords (a wrong code is a failed attempt), and each is accepted once.
const (
	sessTFUser   = "tf_uid"
	sessTFEpoch  = "tf_epoch"
	sessTFNext   = "tf_next"
	sessTFUntil  = "tf_until"
	sessTFSecret = "tf_secret" // a secret being enrolled, until a code confirms it
	// pendingFor is how long a half-finished login waits for its code.
	pendingFor = 10 * time.Minute
)

// twoFactorRequired reports whether u must have a second factor: the area
// requires it and u is an area admin or commissioner somewhere.
func (s *Server) twoFactorRequired(c *gin.Context, u *models.User) (bool, error) {
	ctx := c.Request.Context()
	on, err := s.store.TwoFactorRequired(ctx)
	if err != nil || !on {
		return false, err
	}
	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		return false, err
	}
	return models.NeedsTwoFactorRole(ms), nil
}

// secondFactorStep starts the second step of a web login when u has a
// second factor or must enrol one, and answers whether it did.
func (s *Server) secondFactorStep(c *gin.Context, u *models.User, next string) bool {
	required, err := s.twoFactorRequired(c, u)
	if err != nil {
		s.fail(c, err)
		return true
	}
	if !u.TwoFactorEnabled() && !required {
		return false
	}
	ctx := c.Request.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return true
	}
	s.sessions.Put(ctx, sessTFUser, u.ID)
	s.sessions.Put(ctx, sessTFEpoch, u.AuthEpoch)
	s.sessions.Put(ctx, sessTFNext, next)
	s.sessions.Put(ctx, sessTFUntil, s.now().Add(pendingFor).Unix())
	if u.TwoFactorEnabled() {
		c.Redirect(http.StatusSeeOther, "/login/code")
	} else {
		c.Redirect(http.StatusSeeOther, "/login/two-factor")
	}
	return true
}

// pendingUser is the user half way through logging in, if any.
func (s *Server) pendingUser(c *gin.Context) (*models.User, bool) {
	ctx := c.Request.Context()
	uid := s.sessions.GetInt64(ctx, sessTFUser)
	if uid == 0 || s.now().Unix() > s.sessions.GetInt64(ctx, sessTFUntil) {
		return nil, false
	}
	u, err := s.store.User(ctx, uid)
	if err != nil || u.Disabled() || u.AuthEpoch != s.sessions.GetInt64(ctx, sessTFEpoch) {
		return nil, false
	}
	return u, true
}

func (s *Server) clearPending(c *gin.Context) {
	ctx := c.Request.Context()
	for _, k := range []string{sessTFUser, sessTFEpoch, sessTFNext, sessTFUntil, sessTFSecret} {
		s.sessions.Remove(ctx, k)
	}
}

// startSession finishes a login: the throttle forgets this account's
// failures here, the session gets a new token (no fixation) and the user.
func (s *Server) startSession(c *gin.Context, u *models.User, next string) {
	ctx := c.Request.Context()
	if err := s.limits.succeeded(ctx, s.store, u.Email, c.ClientIP()); err != nil {
		s.log.Warn("login throttle reset failed", "err", logSafe(err), "user_id", u.ID)
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.clearPending(c)
	s.sessions.Put(ctx, sessUser, u.ID)
	s.sessions.Put(ctx, sessEpoch, u.AuthEpoch)
	s.sessions.Remove(ctx, sessService)
	s.audit(c, models.AuditEvent{ActorUserID: &u.ID, Action: models.AuditLogin, ObjectType: "user", ObjectID: &u.ID})
	c.Redirect(http.StatusSeeOther, localNext(next))
}

type codePage struct {
	Error string
}

// loginCodePage asks for the code from the authenticator app.
func (s *Server) loginCodePage(c *gin.Context) {
	if _, ok := s.pendingUser(c); !ok {
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	s.html(c, http.StatusOK, "login_code", codePage{})
}

type codeInput struct {
	Code string `json:"code"`
}

// loginCode checks the code and finishes the login.
func (s *Server) loginCode(c *gin.Context) {
	u, ok := s.pendingUser(c)
	if !ok {
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	var in codeInput
	if !s.bound(c, &in) {
		return
	}
	if status, msg := s.checkCode(c, u, in.Code); status != 0 {
		s.html(c, status, "login_code", codePage{Error: msg})
		return
	}
	s.startSession(c, u, s.sessions.GetString(c.Request.Context(), sessTFNext))
}

// checkCode charges the attempt to the login throttles and checks a code;
// a non-zero status says why it failed.
func (s *Server) checkCode(c *gin.Context, u *models.User, code string) (int, string) {
	ctx := c.Request.Context()
	ok, _, wait, err := s.limits.allow(ctx, s.store, u.Email, c.ClientIP())
	if err != nil {
		s.log.Error("login throttle failed", "err", logSafe(err))
		return s.dbFailStatus(c, err), "Gateway could not check your code just now. Please try again."
	}
	if !ok {
		secs := max(1, int(wait.Round(time.Second)/time.Second))
		c.Header("Retry-After", strconv.Itoa(secs))
		return http.StatusTooManyRequests, "Too many attempts from your network. Wait " + waitWords(secs) + " and try again."
	}
	err = s.store.VerifyTOTP(ctx, u.ID, code, s.now())
	if errors.Is(err, models.ErrWrongCode) {
		return http.StatusUnauthorized, "That code is not right, or was used already. Type the code your app shows now."
	}
	if err != nil {
		s.log.Error("second factor check failed", "err", logSafe(err))
		return s.dbFailStatus(c, err), "Gateway could not check your code just now. Please try again."
	}
	return 0, ""
}

// enrolPage shows the QR code and secret to add to an authenticator app,
// and asks for the first code. It serves both a logged-in user choosing
// a second factor (/account/two-factor) and one whose role requires it,
// half way through logging in (/login/two-factor).
type enrolPage struct {
	Action   string
	Enabled  bool
	Required bool
	Pending  bool
	Secret   string
	QR       template.URL
	Error    string
}

func (s *Server) enrolmentData(c *gin.Context, u *models.User, action string) (enrolPage, error) {
	ctx := c.Request.Context()
	pg := enrolPage{Action: action, Enabled: u.TwoFactorEnabled()}
	var err error
	if pg.Required, err = s.twoFactorRequired(c, u); err != nil {
		return pg, err
	}
	if pg.Enabled {
		return pg, nil
	}
	secret := s.sessions.GetString(ctx, sessTFSecret)
	if secret == "" {
		key, err := models.NewTOTPKey(u.Email)
		if err != nil {
			return pg, err
		}
		secret = key.Secret()
		s.sessions.Put(ctx, sessTFSecret, secret)
	}
	pg.Secret = secret
	// The QR code holds the otpauth:// URL for this secret; it is drawn
	// here and sent inline, never to a third-party QR service.
	key, err := models.TOTPKey(u.Email, secret)
	if err != nil {
		return pg, err
	}
	img, err := key.Image(220, 220)
	if err != nil {
		return pg, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return pg, err
	}
	pg.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
	return pg, nil
}

// loginEnrolPage: a user whose role requires a second factor sets one up
// before their login completes.
func (s *Server) loginEnrolPage(c *gin.Context) {
	u, ok := s.pendingUser(c)
	if !ok {
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	pg, err := s.enrolmentData(c, u, "/login/two-factor")
	if err != nil {
		s.fail(c, err)
		return
	}
	pg.Pending = true
	s.html(c, http.StatusOK, "two_factor", pg)
}

func (s *Server) loginEnrol(c *gin.Context) {
	u, ok := s.pendingUser(c)
	if !ok {
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	if s.enrol(c, u, "/login/two-factor", true) {
		s.startSession(c, u, s.sessions.GetString(c.Request.Context(), sessTFNext))
	}
}

// enrol checks the first code against the secret being enrolled and turns
// the second factor on; false means the form was shown again.
func (s *Server) enrol(c *gin.Context, u *models.User, action string, pending bool) bool {
	ctx := c.Request.Context()
	var in codeInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return false
	}
	secret := s.sessions.GetString(ctx, sessTFSecret)
	if secret == "" {
		c.Redirect(http.StatusSeeOther, action)
		return false
	}
	if err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{ActorUserID: &u.ID, Action: models.AuditEnableTwoFactor, ObjectType: "user", ObjectID: &u.ID}, tx.EnableTOTP(ctx, u.ID, secret, in.Code, s.now())
	}); err != nil {
		pg, perr := s.enrolmentData(c, u, action)
		if perr != nil {
			s.fail(c, perr)
			return false
		}
		pg.Pending = pending
		var fe models.FieldErrors
		if errors.As(err, &fe) {
			pg.Error = "The code " + fe["code"] + "."
			s.html(c, http.StatusUnprocessableEntity, "two_factor", pg)
			return false
		}
		s.fail(c, err)
		return false
	}
	s.sessions.Remove(ctx, sessTFSecret)
	return true
}

// accountTwoFactor is a logged-in user's own second factor: set it up, or
// see that it is on (and turn it off, unless their role requires it).
func (s *Server) accountTwoFactor(c *gin.Context) {
	u := whoOf(c).user
	pg, err := s.enrolmentData(c, u, "/account/two-factor")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.html(c, http.StatusOK, "two_factor", pg)
}

func (s *Server) enrolTwoFactor(c *gin.Context) {
	u := whoOf(c).user
	if u.TwoFactorEnabled() {
		c.Redirect(http.StatusSeeOther, "/account/two-factor")
		return
	}
	if s.enrol(c, u, "/account/two-factor", false) {
		s.done(c, http.StatusOK, "/account/two-factor", "Second factor turned on. From your next login Gateway will ask for a code.", twoFactorState{TwoFactor: true})
	}
}

// disableTwoFactor turns the caller's own second factor off, with a
// current code; refused when their role requires one.
func (s *Server) disableTwoFactor(c *gin.Context) {
	u := whoOf(c).user
	required, err := s.twoFactorRequired(c, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	if required {
		s.fail(c, refusal("Your role needs a second factor in this area, so it cannot be turned off. If you lost your phone, ask an area admin to reset it."))
		return
	}
	var in codeInput
	if !s.bound(c, &in) {
		return
	}
	if status, msg := s.checkCode(c, u, in.Code); status != 0 {
		s.backWithError(c, "/account/two-factor", models.Invalid("code", msg))
		return
	}
	s.auditedDone(c, "/account/two-factor", "Second factor turned off.", twoFactorState{TwoFactor: false}, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditDisableTwoFactor, ObjectType: "user", ObjectID: &u.ID}, tx.DisableTOTP(c.Request.Context(), u.ID)
	})
}

// resetTwoFactor is an area admin's recovery for a user who lost their
// phone: the second factor goes, and with it every session and token of
// theirs; they enrol again at their next login if their role requires it.
func (s *Server) resetTwoFactor(c *gin.Context) {
	r, u, _, ok := s.userToManage(c)
	if !ok {
		return
	}
	if !r.all {
		s.forbid(c, models.AuditResetTwoFactor, "user", u.ID, "only area admins reset a second factor", nil)
		return
	}
	s.auditedDone(c, userAdminURL(u.ID), "Second factor reset; the user's sessions and tokens have ended, and they set up a new one at their next login.", twoFactorState{TwoFactor: false}, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditResetTwoFactor, ObjectType: "user", ObjectID: &u.ID}, tx.ResetTOTP(c.Request.Context(), u.ID)
	})
}

// tokenSecondFactor is the API's second step: a user with a second factor
// sends its code with the password; one whose role requires a second
// factor and has none enrols on the web first. false: answered already.
func (s *Server) tokenSecondFactor(c *gin.Context, u *models.User, code string) bool {
	if u.TwoFactorEnabled() {
		if code == "" {
			s.errorResponse(c, http.StatusUnauthorized, "This account uses a second factor: send the code from the authenticator app as \"code\".", map[string]string{"code": "is required"})
			return false
		}
		if status, msg := s.checkCode(c, u, code); status != 0 {
			s.errorResponse(c, status, msg, map[string]string{"code": msg})
			return false
		}
		return true
	}
	required, err := s.twoFactorRequired(c, u)
	if err != nil {
		s.fail(c, err)
		return false
	}
	if required {
		s.errorResponse(c, http.StatusForbidden, "Your role needs a second factor in this area. Log in on the web once to set it up, then ask for a token with its code.", nil)
		return false
	}
	return true
}

// securityPage is the area admin's switch for requiring a second factor,
// with who among area admins and commissioners has one.
type securityPage struct {
	RequireTwoFactor bool              `json:"require_two_factor"`
	Users            []twoFactorStatus `json:"users"`
}

type twoFactorStatus struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Enabled bool   `json:"two_factor"`
}

func (s *Server) securityData(c *gin.Context) (securityPage, error) {
	ctx := c.Request.Context()
	var pg securityPage
	var err error
	if pg.RequireTwoFactor, err = s.store.TwoFactorRequired(ctx); err != nil {
		return pg, err
	}
	users, err := s.store.UsersWithRoles(ctx, models.TwoFactorRoles)
	if err != nil {
		return pg, err
	}
	pg.Users = []twoFactorStatus{}
	for _, u := range users {
		pg.Users = append(pg.Users, twoFactorStatus{ID: u.ID, Name: u.Name, Email: u.Email, Enabled: u.TwoFactorEnabled()})
	}
	return pg, nil
}

func (s *Server) securitySettings(c *gin.Context) {
	showPage(s, c, "admin_security", s.securityData)
}

type securityInput struct {
	RequireTwoFactor bool `json:"require_two_factor"`
}

func (s *Server) saveSecuritySettings(c *gin.Context) {
	var in securityInput
	if !s.bound(c, &in) {
		return
	}
	a, _ := actorOf(c)
	if err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditSetRequireTwoFactor, ObjectType: "setting", Reason: strconv.FormatBool(in.RequireTwoFactor)}, tx.SetAreaSetting(c.Request.Context(), models.SettingRequireTwoFactor, strconv.FormatBool(in.RequireTwoFactor), a.UserID)
	}); err != nil {
		s.fail(c, err)
		return
	}
	msg := "A second factor is no longer required."
	if in.RequireTwoFactor {
		msg = "Area admins and commissioners now need a second factor; those without one set it up at their next login."
	}
	if isAPI(c) {
		pg, err := s.securityData(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, pg)
		return
	}
	s.done(c, http.StatusOK, "/admin/security", msg, nil)
}

// twoFactorState answers a change to an account's second factor.
type twoFactorState struct {
	TwoFactor bool `json:"two_factor"`
}
