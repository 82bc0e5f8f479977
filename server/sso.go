package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"gateway/models"
)

// Single sign-on with OpenID Connect. The login page
// offers a button per identity provider the area configured. The flow is
// the authorization code flow with PKCE, a state and a nonce, all three
// kept in the session until the provider sends the browser back; the
// callback takes them out first, so a replayed callback finds nothing and
// is refused. The ID token's signature, issuer, audience and expiry are
// checked by go-oidc; the nonce and a verified email here. The email
// finds an existing account, or, only when the organisation vouching for
// the email's domain allows it, a new one for its default service and
// role. From then on the session is an ordinary one, so disabling the
// account (or changing its epoch) ends it on the next request.
//
// A second factor is the provider's business: an organisation that signs
// in with Entra ID enforces MFA there, so an SSO login does not ask for
// Gateway's own code.

const (
	sessSSO = "sso_pending" // JSON ssoPending while the browser is at the provider
	// ssoPendingFor is how long a sign-in may take at the provider.
	ssoPendingFor = 10 * time.Minute
)

type ssoPending struct {
	Slug     string `json:"slug"`
	State    string `json:"state"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"verifier"`
	Next     string `json:"next"`
	Until    int64  `json:"until"`
}

// oidcCache keeps each provider's discovery document, so a login does not
// fetch it every time; a changed issuer is fetched afresh.
type oidcCache struct {
	mu sync.Mutex
	m  map[string]cachedProvider
}

type cachedProvider struct {
	issuer string
	p      *oidc.Provider
	at     time.Time
}

func (c *oidcCache) get(ctx context.Context, ip *models.IdentityProvider) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cp, ok := c.m[ip.Slug]; ok && cp.issuer == ip.Issuer && time.Since(cp.at) < time.Hour {
		return cp.p, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, ip.Issuer)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]cachedProvider{}
	}
	c.m[ip.Slug] = cachedProvider{issuer: ip.Issuer, p: p, at: time.Now()}
	return p, nil
}

// ssoRefusal is the page every refused sign-in gets: what happened, in
// words, and the way back to the login page.
type ssoRefusal struct {
	Provider string
	Message  string
}

// refuseSSO audits a refused sign-in by its reason code (never the email)
// and shows the refusal page.
func (s *Server) refuseSSO(c *gin.Context, status int, provider, code, msg string) {
	s.audit(c, models.AuditEvent{Action: models.AuditSSOLogin, ObjectType: "identity_provider", Outcome: models.Denied, Reason: code})
	s.html(c, status, "sso_refused", ssoRefusal{Provider: provider, Message: msg})
	c.Abort()
}

func (s *Server) oauthConfig(c *gin.Context, ip *models.IdentityProvider, p *oidc.Provider) oauth2.Config {
	return oauth2.Config{
		ClientID:     ip.ClientID,
		ClientSecret: os.Getenv(ip.SecretEnv),
		Endpoint:     p.Endpoint(),
		RedirectURL:  s.publicURL(c) + "/login/sso/" + ip.Slug + "/callback",
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// publicURL is where the browser reaches Gateway: the configured address,
// else the request's own scheme and host.
func (s *Server) publicURL(c *gin.Context) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ssoStart sends the browser to the provider with a fresh state, nonce
// and PKCE challenge.
func (s *Server) ssoStart(c *gin.Context) {
	ctx := c.Request.Context()
	ip, err := s.store.ProviderBySlug(ctx, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if os.Getenv(ip.SecretEnv) == "" {
		s.log.Error("sso secret missing from the environment", "provider_id", ip.ID, "env", ip.SecretEnv)
		s.refuseSSO(c, http.StatusServiceUnavailable, ip.Name, "not_configured", "Signing in with "+ip.Name+" is not fully set up on this server yet. Log in with your password if you have one, and tell your area admin.")
		return
	}
	p, ok := s.discoverSSO(c, ip)
	if !ok {
		return
	}
	pend := ssoPending{Slug: ip.Slug, State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier(),
		Next: localNext(c.Query("next")), Until: s.now().Add(ssoPendingFor).Unix()}
	b, _ := json.Marshal(pend)
	s.sessions.Put(ctx, sessSSO, string(b))
	conf := s.oauthConfig(c, ip, p)
	c.Redirect(http.StatusSeeOther, conf.AuthCodeURL(pend.State, oidc.Nonce(pend.Nonce), oauth2.S256ChallengeOption(pend.Verifier)))
}

// discoverSSO reads the provider's OpenID configuration (cached); false
// means it could not be reached and the browser has been told so.
func (s *Server) discoverSSO(c *gin.Context, ip *models.IdentityProvider) (*oidc.Provider, bool) {
	p, err := s.oidc.get(c.Request.Context(), ip)
	if err != nil {
		s.log.Error("sso discovery failed", "provider_id", ip.ID, "err", logSafe(err))
		s.refuseSSO(c, http.StatusBadGateway, ip.Name, "discovery", "Gateway could not reach "+ip.Name+" just now. Please try again in a minute.")
		return nil, false
	}
	return p, true
}

var oauthErrorCode = regexp.MustCompile(`^[a-z_]{1,40}$`)

// ssoCallback finishes the sign-in the provider sent the browser back from.
func (s *Server) ssoCallback(c *gin.Context) {
	ctx := c.Request.Context()
	// Take the pending sign-in out first: whatever happens next, this
	// state cannot be used again.
	raw := s.sessions.PopString(ctx, sessSSO)
	ip, err := s.store.ProviderBySlug(ctx, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	var pend ssoPending
	if raw == "" || json.Unmarshal([]byte(raw), &pend) != nil || pend.Slug != ip.Slug ||
		subtle.ConstantTimeCompare([]byte(pend.State), []byte(c.Query("state"))) != 1 || s.now().Unix() > pend.Until {
		s.refuseSSO(c, http.StatusBadRequest, ip.Name, "state", "This sign-in link has already been used, has expired or was not started in this browser (its state does not match), so Gateway refused it. Start again from the login page.")
		return
	}
	if e := c.Query("error"); e != "" {
		if !oauthErrorCode.MatchString(e) {
			e = "error"
		}
		s.refuseSSO(c, http.StatusUnauthorized, ip.Name, "provider_"+e, ip.Name+" did not sign you in (it answered "+strings.ReplaceAll(e, "_", " ")+"). Start again from the login page, or ask your IT team.")
		return
	}
	p, ok := s.discoverSSO(c, ip)
	if !ok {
		return
	}
	conf := s.oauthConfig(c, ip, p)
	xctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	tok, err := conf.Exchange(xctx, c.Query("code"), oauth2.VerifierOption(pend.Verifier))
	if err != nil {
		s.log.Warn("sso code exchange failed", "provider_id", ip.ID, "err", logSafe(err))
		s.refuseSSO(c, http.StatusUnauthorized, ip.Name, "exchange", ip.Name+" did not confirm this sign-in (the code could not be exchanged). Start again from the login page.")
		return
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		s.refuseSSO(c, http.StatusUnauthorized, ip.Name, "no_id_token", ip.Name+" answered without an ID token, so Gateway cannot tell who you are. Ask your area admin to check the provider's settings.")
		return
	}
	idt, err := p.VerifierContext(ctx, &oidc.Config{ClientID: ip.ClientID, Now: s.now}).Verify(ctx, rawID)
	if err != nil {
		code, msg := idTokenProblem(err, ip.Name)
		s.log.Warn("sso id token refused", "provider_id", ip.ID, "reason", code)
		s.refuseSSO(c, http.StatusUnauthorized, ip.Name, code, msg)
		return
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pend.Nonce)) != 1 {
		s.refuseSSO(c, http.StatusUnauthorized, ip.Name, "nonce", "The sign-in from "+ip.Name+" was not the one this browser started (its nonce does not match), so Gateway refused it. Start again from the login page.")
		return
	}
	var cl struct {
		Email             string `json:"email"`
		EmailVerified     any    `json:"email_verified"`
		Name              string `json:"name"`
		PreferredUsername string `json:"preferred_username"`
	}
	err = idt.Claims(&cl)
	if err == nil && strings.TrimSpace(cl.Email) == "" && ip.TrustEmail && strings.Contains(cl.PreferredUsername, "@") {
		// Entra ID leaves email out for accounts without a mailbox; its
		// preferred_username is the sign-in address from the tenant's own
		// directory, which a trusted single-tenant provider vouches for.
		cl.Email = cl.PreferredUsername
	}
	if err != nil || strings.TrimSpace(cl.Email) == "" {
		s.refuseSSO(c, http.StatusUnauthorized, ip.Name, "no_email", ip.Name+" did not tell Gateway your email address, which is how Gateway finds your account. Ask your area admin to add the email claim.")
		return
	}
	email := strings.ToLower(strings.TrimSpace(cl.Email))
	if !emailVerified(cl.EmailVerified, ip.TrustEmail) {
		s.refuseSSO(c, http.StatusForbidden, ip.Name, "email_unverified", ip.Name+" says your email address is not verified, so Gateway cannot match it to an account. Verify it with "+ip.Name+" first, or ask your IT team.")
		return
	}
	s.ssoFinish(c, ip, email, cl.Name, pend.Next)
}

// ssoFinish matches the verified email to an account (or makes one, when
// the vouching organisation allows it) and starts the session.
func (s *Server) ssoFinish(c *gin.Context, ip *models.IdentityProvider, email, name, next string) {
	ctx := c.Request.Context()
	org, err := s.store.SSOOrganisation(ctx, ip.ID, email)
	if errors.Is(err, models.ErrNotFound) {
		s.refuseSSO(c, http.StatusForbidden, ip.Name, "domain", "Your email address's domain is not one the area lets sign in with "+ip.Name+". Ask your organisation admin whether your organisation uses single sign-on.")
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err == nil && u.IsSystem() {
		err = models.ErrNotFound // a partner system never signs in as a person
	}
	switch {
	case errors.Is(err, models.ErrNotFound) && org.JITServiceID != nil && !strings.HasSuffix(email, "@"+models.SystemAccountDomain):
		// The account and its event commit together.
		if err = s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
			var err error
			if u, err = tx.CreateSSOUser(ctx, email, name, *org); err != nil {
				return models.AuditEvent{}, err
			}
			return models.AuditEvent{ActorUserID: &u.ID, Action: models.AuditSSOAccountCreated, ObjectType: "user", ObjectID: &u.ID, Outcome: models.Allowed, Reason: "provider " + ip.Slug}, nil
		}); err != nil {
			s.fail(c, err)
			return
		}
	case errors.Is(err, models.ErrNotFound):
		s.refuseSSO(c, http.StatusForbidden, ip.Name, "no_account", "There is no Gateway account for "+email+". Your organisation adds its people to Gateway itself: ask your organisation admin to add you, then sign in again.")
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	if u.Disabled() {
		s.refuseSSO(c, http.StatusForbidden, ip.Name, "disabled", "Your Gateway account is disabled. Ask your organisation admin if you need it back.")
		return
	}
	now := models.Now()
	s.store.Gorm().Model(u).UpdateColumn("last_login_at", now)
	s.audit(c, models.AuditEvent{ActorUserID: &u.ID, Action: models.AuditSSOLogin, ObjectType: "identity_provider", ObjectID: &ip.ID, Outcome: models.Allowed})
	s.startSession(c, u, next)
}

// idTokenProblem says in words why go-oidc refused an ID token.
func idTokenProblem(err error, provider string) (string, string) {
	var exp *oidc.TokenExpiredError
	msg := err.Error()
	switch {
	case errors.As(err, &exp):
		return "expired", "The sign-in from " + provider + " had already expired when it reached Gateway. Start again from the login page; if it keeps happening, the clock of this server or the provider is wrong."
	case strings.Contains(msg, "audience"):
		return "audience", "The sign-in from " + provider + " was issued for another application (wrong audience), so Gateway refused it. Ask your area admin to check the client id."
	case strings.Contains(msg, "signature"):
		return "signature", "The sign-in from " + provider + " did not carry a valid signature, so Gateway refused it. Start again from the login page; if it keeps happening, tell your area admin."
	case strings.Contains(msg, "issuer"):
		return "issuer", "The sign-in did not come from " + provider + " (wrong issuer), so Gateway refused it."
	}
	return "id_token", "The sign-in from " + provider + " could not be checked, so Gateway refused it. Start again from the login page."
}

// emailVerified reads email_verified, which providers send as a boolean
// or a string. A provider the area trusts for emails (Entra ID, whose
// tokens leave the claim out) counts an absent claim as verified; an
// explicit false is refused from any provider.
func emailVerified(v any, trust bool) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x == "true"
	case nil:
		return trust
	}
	return false
}
