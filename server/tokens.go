package server

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// People's own API tokens: the caller lists their
// tokens, revokes any of them, and creates named ones that expire when
// they say and carry only some of their permissions. A named token can
// never carry more than the caller has at that moment: the subset is
// checked through policy.Can with the caller's own (possibly already
// limited) actor, and the token's limits narrow its actor on every use.

type tokenView struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Kind        string     `json:"kind"` // login or named
	ServiceID   *int64     `json:"service_id"`
	Permissions []string   `json:"permissions"` // empty: all of the owner's
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
	LastUsedAt  *time.Time `json:"last_used_at"`
	RevokedAt   *time.Time `json:"revoked_at"`
	Status      string     `json:"status"` // live, expired or revoked
	Current     bool       `json:"current"`
}

func (s *Server) tokenViews(c *gin.Context) ([]tokenView, error) {
	w := whoOf(c)
	ts, err := s.store.Tokens(c.Request.Context(), w.user.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := []tokenView{}
	for _, t := range ts {
		v := tokenView{ID: t.ID, Name: t.Name, Kind: "named", ServiceID: t.ServiceID, Permissions: t.Limits(), CreatedAt: t.CreatedAt,
			ExpiresAt: t.ExpiresAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt, Status: "live", Current: w.token != nil && w.token.ID == t.ID}
		v.Permissions = nonNil(v.Permissions)
		if t.Name == "" {
			v.Kind, v.Name = "login", "Login token"
		}
		switch {
		case t.RevokedAt != nil:
			v.Status = "revoked"
		case !now.Before(t.ExpiresAt):
			v.Status = "expired"
		}
		out = append(out, v)
	}
	return out, nil
}

type tokensPage struct {
	Tokens      []tokenView        `json:"tokens"`
	Grantable   []string           `json:"-"`
	Created     *createdToken      `json:"-"`
	Errors      models.FieldErrors `json:"-"`
	Form        namedTokenForm     `json:"-"`
	DefaultDate string             `json:"-"`
}

type createdToken struct {
	Token       string    `json:"token"`
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ExpiresAt   time.Time `json:"expires_at"`
	Permissions []string  `json:"permissions"`
}

// grantable is what the caller may put in a named token: what their role
// may do at their service, and (for a limited token) no more than it has.
func (s *Server) grantable(a policy.Actor) []string {
	return policy.Grantable(a)
}

// refuseClientToken: a partner system's token manages no personal tokens.
func (s *Server) refuseClientToken(c *gin.Context) bool {
	if w := whoOf(c); w.token != nil && w.token.ClientID != nil {
		s.forbid(c, models.AuditManageToken, "token", 0, "partner system", refusal("A partner system's token cannot manage tokens; an area admin manages its credentials."))
		return true
	}
	return false
}

func (s *Server) listTokens(c *gin.Context) {
	if s.refuseClientToken(c) {
		return
	}
	ts, err := s.tokenViews(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, _ := actorOf(c)
	pg := tokensPage{Tokens: ts, Grantable: s.grantable(a), DefaultDate: s.now().AddDate(0, 3, 0).Format("2006-01-02")}
	s.respond(c, http.StatusOK, "account_tokens", pg)
}

// namedTokenForm is the API body and the page's form: an expiry as a
// time (API) or a day (page), and the permissions it keeps.
type namedTokenForm struct {
	Name        string   `json:"name"`
	ExpiresAt   string   `json:"expires_at"`
	ExpiresOn   string   `json:"expires_on"`
	Permissions []string `json:"permissions"`
}

func (s *Server) createNamedToken(c *gin.Context) {
	if s.refuseClientToken(c) {
		return
	}
	var in namedTokenForm
	if !s.readGrantForm(c, &in, func() {
		in.Name, in.ExpiresOn, in.Permissions = c.PostForm("name"), strings.TrimSpace(c.PostForm("expires_on")), c.PostFormArray("permissions")
	}) {
		return
	}
	errs := models.FieldErrors{}
	expires := parseExpiry(in.ExpiresAt, in.ExpiresOn, errs)
	a, _ := actorOf(c)
	can := s.grantable(a)
	checkGrantable(errs, in.Permissions, can, " is not one of your permissions; a token can only carry some of what you may do")
	var tok string
	var t *models.APIToken
	if !s.writeGrant(c, &errs, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		tok, t, err = tx.CreateNamedToken(c.Request.Context(), a.UserID, a.ServiceID, models.NamedTokenInput{Name: in.Name, ExpiresAt: expires, Permissions: in.Permissions})
		if err != nil {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditCreateNamedToken, ObjectType: "api_token", ObjectID: &t.ID, Reason: strings.Join(in.Permissions, ",")}, nil
	}) {
		return
	}
	if len(errs) > 0 {
		s.grantFormAgain(c, errs, "account_tokens", func() (any, error) {
			ts, err := s.tokenViews(c)
			return tokensPage{Tokens: ts, Grantable: can, Errors: errs, Form: in, DefaultDate: in.ExpiresOn}, err
		})
		return
	}
	out := &createdToken{Token: tok, ID: t.ID, Name: t.Name, ExpiresAt: t.ExpiresAt, Permissions: in.Permissions}
	s.grantCreated(c, out, "/api/v1/tokens", "account_tokens", func() (any, error) {
		ts, err := s.tokenViews(c)
		return tokensPage{Tokens: ts, Grantable: can, Created: out, DefaultDate: s.now().AddDate(0, 3, 0).Format("2006-01-02")}, err
	})
}

// deleteToken revokes one of the caller's tokens; anyone else's answers
// 404 like a missing one.
func (s *Server) deleteToken(c *gin.Context) {
	if s.refuseClientToken(c) {
		return
	}
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	w := whoOf(c)
	s.auditedRemoved(c, "/account/tokens", "Token revoked: it no longer works.", func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditRevokeToken, ObjectType: "api_token", ObjectID: &id}, tx.RevokeOwnToken(c.Request.Context(), w.user.ID, id)
	})
}

// addTokenFuncs adds the token pages' template functions.
func addTokenFuncs(funcs template.FuncMap) {
	// "partner_lookup:read" reads "read: partner lookup" on the forms.
	funcs["permLabel"] = func(p string) string {
		res, act, _ := strings.Cut(p, ":")
		return strings.ReplaceAll(act, "_", " ") + ": " + strings.ReplaceAll(res, "_", " ")
	}
}

// parseExpiry reads an expiry: expires_at as an RFC 3339 time or a day
// (API), or expires_on as a day (the pages' date field); a day means the
// end of that day in the UK. A bad one is a field error naming which.
func parseExpiry(at, on string, errs models.FieldErrors) time.Time {
	field, v := "expires_at", strings.TrimSpace(at)
	if v == "" {
		field, v = "expires_on", strings.TrimSpace(on)
	}
	if v == "" {
		return time.Time{} // the store says it is required
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if d, err := time.ParseInLocation("2006-01-02", v, london); err == nil {
		return d.Add(24*time.Hour - time.Second)
	}
	errs.Add(field, "give a date like 2027-03-31 (or a time like 2027-03-31T17:00:00Z)")
	return time.Time{}
}

// limitedTo guards a route every role may use without a permission row
// (its data is scoped by service): a named token or partner system must
// still name it.
func (s *Server) limitedTo(res policy.Resource, act policy.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		if a, _ := actorOf(c); a.IsLimited() && !policy.Can(a, act, res) {
			s.forbid(c, act.String()+" "+res.String(), res.String(), 0, "not among the token's permissions", nil)
			return
		}
		c.Next()
	}
}
