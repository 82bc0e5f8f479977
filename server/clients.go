package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// Partner system credentials. An area admin creates
// a client for a partner agency's service: a name, the permissions it
// keeps (some of what the partner role may do there, e.g. look-up only),
// an expiry and the addresses it may call from. The secret is shown once.
// The system exchanges its id and secret for a 15-minute token at
// POST /api/v1/oauth/token (the OAuth client-credentials grant); each use
// of that token is audited under the client and its service. Revoking the
// client stops it at once: its tokens are revoked and its system account
// disabled, and authenticate re-reads both on every request.

// clientGrantable is what a partner system may be given: what the partner
// role may do at a partner agency, less managing tokens (a system's
// credentials are the area admin's to manage).
func (s *Server) clientGrantable() []string {
	var out []string
	for _, p := range s.pol.Permissions(models.RolePartner, models.PartnerAgency) {
		if !strings.HasPrefix(p, "token:") {
			out = append(out, p)
		}
	}
	return out
}

type clientView struct {
	ID               int64      `json:"id"`
	ClientID         string     `json:"client_id"`
	Name             string     `json:"name"`
	ServiceID        int64      `json:"service_id"`
	Service          string     `json:"service"`
	OrganisationID   int64      `json:"organisation_id"`
	AccountID        int64      `json:"account_id" doc:"the system account it acts through: user_id in GET /audit"`
	Permissions      []string   `json:"permissions"`
	AllowedAddresses []string   `json:"allowed_addresses"`
	ExpiresAt        time.Time  `json:"expires_at"`
	CreatedAt        time.Time  `json:"created_at"`
	LastUsedAt       *time.Time `json:"last_used_at"`
	RevokedAt        *time.Time `json:"revoked_at"`
	Status           string     `json:"status" doc:"live, expired or revoked"`
}

func viewClient(cl *models.APIClient, now time.Time) clientView {
	v := clientView{ID: cl.ID, ClientID: cl.ClientKey, Name: cl.Name, ServiceID: cl.ServiceID, AccountID: cl.UserID, Permissions: cl.Limits(),
		AllowedAddresses: cl.Addresses(), ExpiresAt: cl.ExpiresAt, CreatedAt: cl.CreatedAt, LastUsedAt: cl.LastUsedAt, RevokedAt: cl.RevokedAt, Status: "live"}
	if cl.Service != nil {
		v.Service, v.OrganisationID = cl.Service.Name, cl.Service.OrganisationID
	}
	v.AllowedAddresses = nonNil(v.AllowedAddresses)
	switch {
	case cl.RevokedAt != nil:
		v.Status = "revoked"
	case !now.Before(cl.ExpiresAt):
		v.Status = "expired"
	}
	return v
}

type clientsPage struct {
	Clients   []clientView       `json:"clients"`
	Services  []models.Service   `json:"-"`
	Grantable []string           `json:"-"`
	Created   *createdClient     `json:"-"`
	Errors    models.FieldErrors `json:"-"`
	Form      clientForm         `json:"-"`
}

type createdClient struct {
	clientView
	ClientSecret string `json:"client_secret"`
	TokenURL     string `json:"token_url"`
}

func (s *Server) clientsData(c *gin.Context) (clientsPage, error) {
	ctx := c.Request.Context()
	pg := clientsPage{Clients: []clientView{}, Grantable: s.clientGrantable()}
	cls, err := s.store.Clients(ctx)
	if err != nil {
		return pg, err
	}
	for i := range cls {
		pg.Clients = append(pg.Clients, viewClient(&cls[i], s.now()))
	}
	pg.Services, err = s.store.Services(ctx, models.ServiceFilter{Types: []models.ServiceType{models.PartnerAgency}})
	return pg, err
}

func (s *Server) listClients(c *gin.Context) {
	showPage(s, c, "admin_clients", s.clientsData)
}

// clientForm is the API body and the page's form.
type clientForm struct {
	Name             string   `json:"name"`
	ServiceID        int64    `json:"service_id"`
	Permissions      []string `json:"permissions"`
	ExpiresAt        string   `json:"expires_at"`
	ExpiresOn        string   `json:"expires_on"`
	AllowedAddresses []string `json:"allowed_addresses"`
}

func (s *Server) createClient(c *gin.Context) {
	var in clientForm
	if !s.readGrantForm(c, &in, func() {
		fmt.Sscan(c.PostForm("service_id"), &in.ServiceID)
		in.Name, in.ExpiresOn, in.Permissions = c.PostForm("name"), strings.TrimSpace(c.PostForm("expires_on")), c.PostFormArray("permissions")
		in.AllowedAddresses = strings.FieldsFunc(c.PostForm("allowed_addresses"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' })
	}) {
		return
	}
	errs := models.FieldErrors{}
	expires := parseExpiry(in.ExpiresAt, in.ExpiresOn, errs)
	can := s.clientGrantable()
	checkGrantable(errs, in.Permissions, can, " is not something a partner may do; choose from "+strings.Join(can, ", "))
	a, _ := actorOf(c)
	var secret string
	var cl *models.APIClient
	if !s.writeGrant(c, &errs, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		secret, cl, err = tx.CreateClient(c.Request.Context(), models.ClientInput{Name: in.Name, ServiceID: in.ServiceID, Permissions: in.Permissions,
			ExpiresAt: expires, AllowedAddresses: in.AllowedAddresses}, a.UserID)
		if err != nil {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditCreateAPIClient, ObjectType: "api_client", ObjectID: &cl.ID, ClientID: &cl.ID, Reason: strings.Join(in.Permissions, ",")}, nil
	}) {
		return
	}
	if len(errs) > 0 {
		s.grantFormAgain(c, errs, "admin_clients", func() (any, error) {
			pg, err := s.clientsData(c)
			pg.Errors, pg.Form = errs, in
			return pg, err
		})
		return
	}
	out := &createdClient{clientView: viewClient(cl, s.now()), ClientSecret: secret, TokenURL: s.publicURL(c) + "/api/v1/oauth/token"}
	s.grantCreated(c, out, "/api/v1/clients", "admin_clients", func() (any, error) {
		pg, err := s.clientsData(c)
		pg.Created = out // shown on this page once, never again
		return pg, err
	})
}

func (s *Server) revokeClient(c *gin.Context) {
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	if err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditRevokeAPIClient, ObjectType: "api_client", ObjectID: &id, ClientID: &id}, tx.RevokeClient(c.Request.Context(), id)
	}); err != nil {
		s.fail(c, err)
		return
	}
	if isAPI(c) {
		cl, err := s.store.Client(c.Request.Context(), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, viewClient(cl, s.now()))
		return
	}
	s.done(c, http.StatusOK, "/admin/clients", "Partner system revoked: its tokens stopped working at once.", nil)
}

// oauthError is RFC 6749's error answer, which OAuth libraries read.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// oauthToken is POST /api/v1/oauth/token: the client-credentials grant,
// with the id and secret in HTTP Basic auth or the form (or JSON) body.
func (s *Server) oauthToken(c *gin.Context) {
	ctx := c.Request.Context()
	var grant, key, secret string
	if strings.HasPrefix(c.ContentType(), "application/json") {
		var in struct {
			GrantType    string `json:"grant_type"`
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
		}
		if err := bind(c, &in); err != nil {
			var big errTooLarge
			if errors.As(err, &big) {
				s.fail(c, err) // the server's limit, as everywhere: 413
				return
			}
			c.JSON(http.StatusBadRequest, oauthError{"invalid_request", "The body could not be read as JSON with string members grant_type, client_id and client_secret; an application/x-www-form-urlencoded body is the usual way."})
			return
		}
		grant, key, secret = in.GrantType, in.ClientID, in.ClientSecret
	} else {
		if err := c.Request.ParseForm(); err != nil {
			c.JSON(http.StatusBadRequest, oauthError{"invalid_request", "Send grant_type=client_credentials as an application/x-www-form-urlencoded body."})
			return
		}
		grant, key, secret = c.PostForm("grant_type"), c.PostForm("client_id"), c.PostForm("client_secret")
	}
	if u, p, ok := c.Request.BasicAuth(); ok {
		key, secret = u, p
	}
	if grant != "client_credentials" {
		c.JSON(http.StatusBadRequest, oauthError{"unsupported_grant_type", "Only grant_type=client_credentials is supported here; people log in at POST /api/v1/tokens."})
		return
	}
	if key == "" || secret == "" {
		c.Header("WWW-Authenticate", `Basic realm="gateway"`)
		c.JSON(http.StatusUnauthorized, oauthError{"invalid_client", "Send the client_id and client_secret (HTTP Basic, or in the body)."})
		return
	}
	ok, _, wait, err := s.limits.allow(ctx, s.store, "client:"+key, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	if !ok {
		c.Header("Retry-After", fmt.Sprint(max(1, int(wait.Round(time.Second)/time.Second))))
		c.JSON(http.StatusTooManyRequests, oauthError{"slow_down", "Too many failed attempts for this client from your network; wait " + waitWords(max(1, int(wait/time.Second))) + "."})
		return
	}
	// The token and its client_token event commit together; a
	// token refused for its address is rolled back, never stored.
	var tok string
	var t *models.APIToken
	var cl *models.APIClient
	err = s.store.Tx(ctx, func(tx *models.Store) error {
		var err error
		tok, t, cl, err = tx.ClientToken(ctx, key, secret)
		if err != nil {
			return err
		}
		if !cl.AllowsAddress(c.ClientIP()) {
			return errAddress
		}
		return s.auditIn(c, tx, models.AuditEvent{Action: models.AuditClientToken, ObjectType: "api_client", ObjectID: &cl.ID, ClientID: &cl.ID, ActorUserID: &cl.UserID, ActingServiceID: &cl.ServiceID, Outcome: models.Allowed})
	})
	if err != nil && err != errAddress && !isNotFound(err) {
		s.fail(c, err) // the database, not the client: nothing was issued
		return
	}
	if err != nil {
		ev := models.AuditEvent{Action: models.AuditClientToken, ObjectType: "api_client", Outcome: models.Denied, Reason: "unknown client or wrong secret"}
		if cl != nil {
			ev.ObjectID, ev.ClientID, ev.ActorUserID, ev.ActingServiceID = &cl.ID, &cl.ID, &cl.UserID, &cl.ServiceID
			switch {
			case err == errAddress:
				ev.Reason = "address not allowed"
			case cl.RevokedAt != nil:
				ev.Reason = "revoked"
			case !cl.Live(models.Now()):
				ev.Reason = "expired"
			}
		}
		s.audit(c, ev)
		c.Header("WWW-Authenticate", `Basic realm="gateway"`)
		c.JSON(http.StatusUnauthorized, oauthError{"invalid_client", "The client is unknown, the secret is wrong, the client was revoked or has expired, or it may not call from this address."})
		return
	}
	s.limits.succeeded(ctx, s.store, "client:"+key, c.ClientIP())
	c.JSON(http.StatusOK, accessToken{AccessToken: tok, TokenType: "Bearer", ExpiresIn: int(t.ExpiresAt.Sub(models.Now()).Round(time.Second) / time.Second),
		Scope: strings.Join(cl.Limits(), " ")})
}

// accessToken is RFC 6749 §5.1's answer.
type accessToken struct {
	AccessToken string `json:"access_token" doc:"send it as Authorization: Bearer <access_token>"`
	TokenType   string `json:"token_type" doc:"Bearer"`
	ExpiresIn   int    `json:"expires_in" doc:"seconds until it expires"`
	Scope       string `json:"scope" doc:"what the token may do: resource:action pairs separated by spaces"`
}

func isNotFound(err error) bool { return errors.Is(err, models.ErrNotFound) }

type addressError struct{}

func (addressError) Error() string { return "address not allowed" }

var errAddress error = addressError{}

// clientUse audits one request made with a partner system's token, under
// the client and its service, by route pattern (never the query).
func (s *Server) clientUse(c *gin.Context, a policy.Actor, cl *models.APIClient) error {
	return s.audit(c, models.AuditEvent{Action: models.AuditClientRequest, ObjectType: "api_client", ObjectID: &cl.ID, ClientID: &cl.ID,
		ActorUserID: &a.UserID, ActingServiceID: &a.ServiceID, Outcome: models.Allowed, Reason: c.Request.Method + " " + c.FullPath()})
}
