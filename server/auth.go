package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// Session keys.
const (
	sessUser    = "uid"
	sessEpoch   = "epoch"
	sessService = "service_id"
)

// who is the authenticated caller of a request.
type who struct {
	user        *models.User
	memberships []models.Membership
	acting      *models.Membership
	token       *models.APIToken
	actor       policy.Actor
}

// authenticate finds the caller from a bearer token or the session.
// Who they are is cached briefly (identity_cache.go) and dropped the
// moment anything it rests on is written, so disabling an account or
// changing its password (which raises its epoch), removing a membership or
// revoking a token still ends its sessions and tokens at once.
func (s *Server) authenticate(c *gin.Context) {
	ctx := c.Request.Context()
	var w who
	if h := c.GetHeader("Authorization"); strings.HasPrefix(h, "Bearer ") {
		id, err := s.tokenIdentity(c, strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
		if err != nil {
			if !errors.Is(err, models.ErrNotFound) {
				s.fail(c, err)
				return
			}
			c.Header("WWW-Authenticate", `Bearer error="invalid_token"`)
			s.errorResponse(c, http.StatusUnauthorized, "Your token is not valid (expired, revoked or the account is disabled). Request a new one at POST /api/v1/tokens.", nil)
			return
		}
		tok, u := id.token, id.user
		if tok.Client != nil && !tok.Client.AllowsAddress(c.ClientIP()) {
			// A partner system calling from an address it was not given.
			s.audit(c, models.AuditEvent{ActorUserID: &u.ID, ActingServiceID: tok.ServiceID, ClientID: &tok.Client.ID, Action: models.AuditClientRequest,
				ObjectType: "api_client", ObjectID: &tok.Client.ID, Outcome: models.Denied, Reason: "address not allowed"})
			s.errorResponse(c, http.StatusForbidden, "This partner system may not call Gateway from this address. Ask the area admin to add it to the system's allowed addresses.", nil)
			return
		}
		w.user, w.token, w.memberships = u, tok, id.memberships
	} else if uid := s.sessions.GetInt64(ctx, sessUser); uid > 0 {
		id, err := s.userIdentity(c, uid)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			// The database failed, which says nothing about the session:
			// keep it and answer 503.
			s.fail(c, err)
			return
		}
		if err != nil || id.user.Disabled() || id.user.AuthEpoch != s.sessions.GetInt64(ctx, sessEpoch) {
			s.sessions.Destroy(ctx)
		} else {
			w.user, w.memberships = id.user, id.memberships
		}
	}
	if w.user != nil {
		ms := w.memberships
		want := s.sessions.GetInt64(ctx, sessService)
		if w.token != nil && w.token.ServiceID != nil {
			want = *w.token.ServiceID
		}
		for i := range ms {
			if ms[i].ServiceID == want || (want == 0 && len(ms) == 1) {
				w.acting = &ms[i]
			}
		}
		// A login token falls back to a membership; a named token (long-lived,
		// made for one service) or a partner system's does not.
		if w.acting == nil && w.token != nil && w.token.Client == nil && w.token.Name == "" && len(ms) > 0 {
			w.acting = &ms[0]
		}
		if w.token != nil && w.token.Client != nil && (w.acting == nil || w.acting.ServiceID != w.token.Client.ServiceID || w.acting.Role != models.RolePartner) {
			w.acting = nil // a partner system acts for its one service as a partner, or not at all
		}
		if w.acting != nil {
			w.actor = s.pol.Actor(w.user, *w.acting, s.now())
			if w.token != nil {
				// A named token or partner system keeps only its permissions.
				w.actor = w.actor.Limited(w.token.Limits())
			}
		}
	}
	c.Set("who", &w)
	if w.token != nil && w.token.Client != nil && w.actor.Valid() {
		if err := s.clientUse(c, w.actor, w.token.Client); err != nil {
			s.fail(c, err) // unaudited, a partner system's request does not run
			return
		}
	}
	c.Next()
}

// tokenIdentity is the live token's identity: from the cache while
// nothing it rests on has changed and the token and its partner system
// have not expired, else from the database (ErrNotFound for a token that
// is expired, revoked or whose account is disabled).
func (s *Server) tokenIdentity(c *gin.Context, token string) (callerIdentity, error) {
	return s.cachedIdentity(c, tokenKey(token),
		func(id callerIdentity) bool { return tokenLive(id.token, models.Now()) },
		func(ctx context.Context) (*models.APIToken, *models.User, error) {
			return s.store.TokenUser(ctx, token)
		})
}

// tokenLive is the part of TokenUser's check that time alone changes.
func tokenLive(t *models.APIToken, now time.Time) bool {
	return t != nil && t.RevokedAt == nil && now.Before(t.ExpiresAt) && (t.Client == nil || t.Client.Live(now))
}

// userIdentity is a session user's identity, cached like a token's. The
// caller compares the epoch with the session's.
func (s *Server) userIdentity(c *gin.Context, uid int64) (callerIdentity, error) {
	return s.cachedIdentity(c, sessionKey(uid),
		func(callerIdentity) bool { return true },
		func(ctx context.Context) (*models.APIToken, *models.User, error) {
			u, err := s.store.User(ctx, uid)
			return nil, u, err
		})
}

// cachedIdentity is the identity under key: from the cache while the
// identity topic's generation is the one it was loaded at and live still
// holds, else loaded (the caller's token, if any, and user, then the
// user's memberships with their services' LAs) and remembered. The
// generation is read before loading, so a change during the load leaves
// the entry stale rather than wrong.
func (s *Server) cachedIdentity(c *gin.Context, key string, live func(callerIdentity) bool,
	load func(context.Context) (*models.APIToken, *models.User, error)) (callerIdentity, error) {
	gen, trust := s.store.Generation(models.TopicIdentity)
	loaded := time.Now()
	if trust {
		if id, ok := s.ids.get(key, gen, loaded); ok && live(id) {
			return id, nil
		}
	}
	ctx := c.Request.Context()
	tok, u, err := load(ctx)
	if err != nil {
		return callerIdentity{}, err
	}
	ms, err := s.store.MembershipsWithLAs(ctx, u.ID)
	if err != nil {
		return callerIdentity{}, err
	}
	id := callerIdentity{gen: gen, loaded: loaded, token: tok, user: u, memberships: ms}
	if trust {
		s.ids.put(key, id)
	}
	return id, nil
}

func whoOf(c *gin.Context) *who {
	if w, ok := c.Get("who"); ok {
		return w.(*who)
	}
	return &who{}
}

// actorOf is the caller acting for a service, if any.
func actorOf(c *gin.Context) (policy.Actor, bool) {
	w := whoOf(c)
	return w.actor, w.actor.Valid()
}

// requireLogin sends anonymous web visitors to the login page (API: 401),
// and users with several memberships to choose a service first.
func (s *Server) requireLogin(c *gin.Context) {
	w := whoOf(c)
	if w.user == nil {
		if isAPI(c) {
			c.Header("WWW-Authenticate", `Bearer realm="gateway"`)
			s.errorResponse(c, http.StatusUnauthorized, "Log in first: POST /api/v1/tokens with your email and password, then send Authorization: Bearer <token>.", nil)
			return
		}
		next := c.Request.URL.RequestURI()
		c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(next))
		c.Abort()
		return
	}
	if len(w.memberships) == 0 {
		s.errorResponse(c, http.StatusForbidden, "Your account is not linked to any service yet. Ask your organisation admin to add you.", nil)
		return
	}
	if !w.actor.Valid() {
		if isAPI(c) {
			s.errorResponse(c, http.StatusConflict, "Choose the service you act for: PUT /api/v1/tokens/current/service.", nil)
			return
		}
		c.Redirect(http.StatusSeeOther, "/choose-service")
		c.Abort()
		return
	}
	c.Next()
}

// allow is a coarse casbin check for a resource, answering 403 when the
// role may not (these are not records, so 403 hides nothing).
func (s *Server) allow(res policy.Resource, act policy.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, _ := actorOf(c)
		if !policy.Can(a, act, res) {
			s.forbid(c, act.String()+" "+res.String(), res.String(), 0, "not permitted for this role", nil)
			return
		}
		c.Next()
	}
}

type loginForm struct {
	Email     string                    `json:"email"`
	Password  string                    `json:"password"`
	Next      string                    `json:"next"`
	Error     string                    `json:"-"`
	Providers []models.IdentityProvider `json:"-"` // single sign-on buttons (sso.go)
}

func (s *Server) loginPage(c *gin.Context) {
	if whoOf(c).user != nil {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	s.loginHTML(c, http.StatusOK, loginForm{Next: c.Query("next")})
}

// loginHTML draws the login page with a button per identity provider.
func (s *Server) loginHTML(c *gin.Context, status int, f loginForm) {
	ps, err := s.store.Providers(c.Request.Context())
	if err != nil {
		s.log.Error("identity providers unavailable", "err", logSafe(err))
	}
	f.Providers = ps
	s.html(c, status, "login", f)
}

// checkLogin applies the rate limits and checks the password. Every
// failure reads the same, so the form does not reveal who has an account.
func (s *Server) checkLogin(c *gin.Context, email, password string) (*models.User, int, string) {
	email = strings.ToLower(strings.TrimSpace(email))
	ctx := c.Request.Context()
	ok, which, wait, err := s.limits.allow(ctx, s.store, email, c.ClientIP())
	if err != nil {
		s.log.Error("login throttle failed", "err", logSafe(err))
		return nil, s.dbFailStatus(c, err), "Gateway could not check your password just now. Please try again."
	}
	if !ok {
		secs := int(wait.Round(time.Second) / time.Second)
		if secs < 1 {
			secs = 1
		}
		c.Header("Retry-After", fmt.Sprint(secs))
		if which == "account" {
			return nil, http.StatusTooManyRequests, fmt.Sprintf("Too many login attempts for this account from your network. Wait %s and try again; logging in from elsewhere is not affected.", waitWords(secs))
		}
		return nil, http.StatusTooManyRequests, fmt.Sprintf("Too many login attempts from your network. Wait %s and try again.", waitWords(secs))
	}
	u, err := s.store.Authenticate(ctx, email, password)
	if errors.Is(err, models.ErrNotFound) {
		return nil, http.StatusUnauthorized, "The email or password is not right, or the account is disabled."
	}
	if err != nil {
		s.log.Error("login failed", "err", logSafe(err))
		return nil, s.dbFailStatus(c, err), "Gateway could not check your password just now. Please try again."
	}
	// Said only after the right password, so it reveals nothing new.
	if off, err := s.store.PasswordsOff(ctx, u.ID); err != nil {
		s.log.Error("login failed", "err", logSafe(err))
		return nil, http.StatusInternalServerError, "Gateway could not check your password just now. Please try again."
	} else if off {
		s.audit(c, models.AuditEvent{ActorUserID: &u.ID, Action: models.AuditLogin, ObjectType: "user", ObjectID: &u.ID, Outcome: models.Denied, Reason: "local passwords off"})
		return nil, http.StatusForbidden, "Your organisation signs in with single sign-on, so Gateway passwords are turned off for it. Use the sign-in button for your organisation above; API clients use a named token or a partner system's credentials."
	}
	return u, 0, ""
}

// waitWords says how long to wait: "40 seconds", "3 minutes".
func waitWords(secs int) string {
	switch {
	case secs < 120:
		return fmt.Sprintf("%d seconds", secs)
	case secs < 7200:
		return fmt.Sprintf("%d minutes", (secs+59)/60)
	}
	return fmt.Sprintf("%d hours", (secs+3599)/3600)
}

func (s *Server) login(c *gin.Context) {
	var f loginForm
	if !s.bound(c, &f) {
		return
	}
	u, status, msg := s.checkLogin(c, f.Email, f.Password)
	if u == nil {
		f.Password, f.Error = "", msg
		s.loginHTML(c, status, f)
		return
	}
	if s.secondFactorStep(c, u, f.Next) { // twofactor.go: a code, or enrolment, comes first
		return
	}
	s.startSession(c, u, f.Next) // a new session token stops session fixation
}

// localNext is where to go after logging in: next if it is a path on this
// site, else the home page. Browsers read "\" as "/" and drop tabs and
// newlines, so "/\evil.example" and "/\t/evil.example" leave the site as
// surely as "//evil.example" does: a backslash or control character
// (written out or percent-encoded), a scheme, a host or a path that does
// not start with a single "/" is refused.
func localNext(next string) string {
	bad := func(p string) bool {
		return strings.Contains(p, `\`) || strings.IndexFunc(p, unicode.IsControl) >= 0
	}
	if bad(next) || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || bad(u.Path) ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(u.Path, "/login") {
		return "/"
	}
	return next
}

func (s *Server) logout(c *gin.Context) {
	if err := s.sessions.Destroy(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/login")
}

type chooseServicePage struct {
	Memberships []models.Membership `json:"memberships"`
	Current     int64               `json:"current_service_id"`
}

func (s *Server) chooseServicePage(c *gin.Context) {
	w := whoOf(c)
	if w.user == nil {
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	var cur int64
	if w.acting != nil {
		cur = w.acting.ServiceID
	}
	s.html(c, http.StatusOK, "choose_service", chooseServicePage{Memberships: w.memberships, Current: cur})
}

type serviceChoice struct {
	ServiceID int64 `json:"service_id"`
}

// chooseService switches the service a user acts for (session or token).
func (s *Server) chooseService(c *gin.Context) {
	w := whoOf(c)
	if w.user == nil {
		s.requireLogin(c)
		return
	}
	if w.token != nil && (w.token.ClientID != nil || w.token.Name != "") {
		s.fail(c, refusal("A named token or partner system acts for the one service it was made for; it cannot switch. Make a new token for the other service."))
		return
	}
	var in serviceChoice
	if !s.bound(c, &in) {
		return
	}
	var m *models.Membership
	for i := range w.memberships {
		if w.memberships[i].ServiceID == in.ServiceID {
			m = &w.memberships[i]
		}
	}
	if m == nil {
		s.fail(c, models.Invalid("service_id", "you are not a member of that service"))
		return
	}
	ctx := c.Request.Context()
	ev := models.AuditEvent{ActorUserID: &w.user.ID, ActingServiceID: &m.ServiceID, Action: models.AuditSwitchService, ObjectType: "service", ObjectID: &m.ServiceID}
	if w.token != nil {
		// The token's row and its event commit together.
		if err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
			return ev, tx.SetTokenService(ctx, w.token.ID, m.ServiceID)
		}); err != nil {
			s.fail(c, err)
			return
		}
	} else {
		// A session's service is not a database record of ours: the
		// event is written first, so the switch never happens unrecorded.
		if err := s.audit(c, ev); err != nil {
			s.fail(c, err)
			return
		}
		s.sessions.Put(ctx, sessService, m.ServiceID)
	}
	s.done(c, http.StatusOK, "/", "You are now acting for "+m.Service.Name+".", actingFor{ServiceID: m.ServiceID, Role: string(m.Role)})
}

type tokenRequest struct {
	Email     string `json:"email"`
	Password  string `json:"password"`
	ServiceID int64  `json:"service_id"`
	Code      string `json:"code"` // the second factor's code, for accounts with one
}

// createToken is POST /api/v1/tokens: email and password for a bearer token.
func (s *Server) createToken(c *gin.Context) {
	var in tokenRequest
	if !s.bound(c, &in) {
		return
	}
	errs := models.FieldErrors{}
	if strings.TrimSpace(in.Email) == "" {
		errs.Add("email", "is required")
	}
	if in.Password == "" {
		errs.Add("password", "is required")
	}
	if err := errs.Err(); err != nil {
		s.fail(c, err)
		return
	}
	u, status, msg := s.checkLogin(c, in.Email, in.Password)
	if u == nil {
		s.errorResponse(c, status, msg, nil)
		return
	}
	if !s.tokenSecondFactor(c, u, in.Code) { // twofactor.go
		return
	}
	ctx := c.Request.Context()
	if err := s.limits.succeeded(ctx, s.store, u.Email, c.ClientIP()); err != nil {
		s.log.Warn("login throttle reset failed", "err", logSafe(err), "user_id", u.ID)
	}
	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	svc := in.ServiceID
	if svc != 0 {
		found := false
		for _, m := range ms {
			found = found || m.ServiceID == svc
		}
		if !found {
			s.fail(c, models.Invalid("service_id", "you are not a member of that service"))
			return
		}
	} else if len(ms) > 0 {
		svc = ms[0].ServiceID
	}
	var token string
	var t *models.APIToken
	err = s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		token, t, err = tx.CreateToken(ctx, u.ID, svc)
		return models.AuditEvent{ActorUserID: &u.ID, Action: models.AuditCreateToken, ObjectType: "user", ObjectID: &u.ID}, err
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, tokenResponse{Token: token, ExpiresAt: t.ExpiresAt, ServiceID: svc})
}

// revokeToken is DELETE /api/v1/tokens/current.
func (s *Server) revokeToken(c *gin.Context) {
	w := whoOf(c)
	if w.user == nil {
		s.errorResponse(c, http.StatusUnauthorized, "Send the token to revoke: Authorization: Bearer <token>.", nil)
		return
	}
	if w.token == nil {
		s.errorResponse(c, http.StatusBadRequest, "Only a bearer token can be revoked here.", nil)
		return
	}
	if err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditRevokeToken, ObjectType: "api_token", ObjectID: &w.token.ID}, tx.RevokeToken(c.Request.Context(), w.token.ID)
	}); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// actingFor answers a switch of service: the service and the role there.
type actingFor struct {
	ServiceID int64  `json:"service_id"`
	Role      string `json:"role"`
}

// tokenResponse answers POST /api/v1/tokens.
type tokenResponse struct {
	Token     string    `json:"token" doc:"send as Authorization: Bearer <token>"`
	ExpiresAt time.Time `json:"expires_at"`
	ServiceID int64     `json:"service_id" doc:"the service the token acts for; 0 for an account with no service yet"`
}
