package server

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the server needs from the command line and environment.
type Config struct {
	// SecureCookies marks the session cookie Secure and sends HSTS; on
	// whenever Gateway is served over HTTPS (always, outside a laptop).
	SecureCookies bool
	// PublicURL is where people reach Gateway (https://gateway.example);
	// single sign-on's callback URL starts with it. Unset, the request's
	// own scheme and host are used.
	PublicURL string
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies
	// whose X-Forwarded-For header is believed. None by default: the client
	// address is the connection's, so a client cannot name its own address
	// and slip past the per-address rate limits.
	TrustedProxies []string
	// TileURL is an optional slippy-map tile URL template; without it maps
	// draw local authority boundaries only.
	TileURL string
	// Basemap is a PMTiles archive served from /maps/basemap.pmtiles and
	// drawn with protomaps-leaflet: a map with no third-party tile server.
	Basemap string
	// Version is shown in the footer and /api/v1/version.
	Version string
	// LoginLimits tune the login rate limits; zero values mean the defaults.
	LoginLimits LoginLimits
	// AlertLimits tune the public alert rate limits; zero values mean the defaults.
	AlertLimits AlertLimits
	// Now is the clock; tests may fix it.
	Now func() time.Time
	// ReferralExpiry is how long a referral waits for a decision before it
	// expires; 0 means models.DefaultReferralExpiry.
	ReferralExpiry time.Duration
	// ReturnerGapMonths is how long someone must go unseen to count as a
	// returner in flows; 0 means reports.DefaultReturnerGapMonths. One
	// window for everyone: two side by side would give away the people
	// last seen exactly between them (rule 9).
	ReturnerGapMonths int
	// RequestTimeout is every request's deadline: a database that does not
	// answer within it gives 503 with Retry-After, never a hung request.
	// 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Background is the database connection for long jobs (the nightly
	// duplicate review), without the statement timeout requests have;
	// nil means the request connection.
	Background *models.Store
}

// DefaultRequestTimeout is the deadline of a request unless configured.
const DefaultRequestTimeout = 10 * time.Second

// Server is Gateway's web app and JSON API.
type Server struct {
	reports  chan struct{} // report_slots.go
	store    *models.Store
	pol      *policy.Policy
	cfg      Config
	log      *slog.Logger
	sessions *scs.SessionManager
	pages    map[string]*template.Template
	limits   *loginLimiter
	engine   *gin.Engine
	handler  http.Handler

	// Street contacts, maps and public alerts.
	area        areaCache
	alertLimits *alertLimiter

	inFlight atomic.Int64 // requests being served (deadline.go)

	// Single sign-on: discovered providers, by slug.
	oidc oidcCache

	// Issue 17: who callers are, and the matcher's catalogue, held between
	// requests until a write they rest on raises their generation.
	ids       identityCache
	catalogue catalogueCache

	// rendered, when set (by tests), hears the name of every page drawn,
	// so the render test can prove it saw every template.
	rendered func(page string)
}

// New builds the server. log receives structured request logs with ids
// only, never names, dates of birth, note text or locations.
func New(store *models.Store, pol *policy.Policy, cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	s := &Server{store: store, pol: pol, cfg: cfg, log: log, limits: newLoginLimiter(cfg.LoginLimits), reports: make(chan struct{}, reportSlots)}
	if !store.ListenForChanges() {
		// Not fatal: until it listens, every request reads who its caller
		// is from the database, as before the caches.
		log.Warn("not yet listening for other instances' changes; caches are off until it does")
	}
	s.alertLimits = newAlertLimiter(cfg.AlertLimits)
	s.sessions = scs.New()
	s.sessions.Store = store.Sessions()
	s.sessions.IdleTimeout = 30 * time.Minute
	s.sessions.Lifetime = 12 * time.Hour
	s.sessions.Cookie.Name = "gateway_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.SecureCookies
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.log.Error("session store failed", "err", logSafe(err))
		if models.IsUnavailable(err) {
			unavailable(w, r)
			return
		}
		http.Error(w, "Gateway could not load your session. Please try again.", http.StatusInternalServerError)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages

	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	if err := engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	engine.HandleMethodNotAllowed = true
	engine.ContextWithFallback = true
	engine.Use(s.requestLog, s.recover, s.secureHeaders, s.checkQuery)
	engine.NoMethod(func(c *gin.Context) {
		// The API answers JSON everywhere, a wrong method included.
		c.Set("api", strings.HasPrefix(c.Request.URL.Path, "/api/"))
		s.errorResponse(c, http.StatusMethodNotAllowed, "This address does not accept that method.", nil)
	})
	s.routes(engine)
	s.engine = engine

	static, _ := fs.Sub(staticFS, "static")
	staticHandler := http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static)))
	withSessions := s.sessions.LoadAndSave(engine)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", problemJSON)
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(problem(http.StatusForbidden, "This request came from another site's page in a browser, so Gateway refused it.", nil))
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("This form was sent from another site, so Gateway refused it. Go back to Gateway and submit it again.\n"))
	}))
	s.handler = cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/static/"):
			staticHandler.ServeHTTP(w, r)
		case r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || strings.HasPrefix(r.URL.Path, "/api/"):
			// Health checks and bearer-token API calls need no cookie session;
			// skipping it saves a session write per call.
			if strings.HasPrefix(r.URL.Path, "/api/") && hasCookie(r) {
				withSessions.ServeHTTP(w, r)
				return
			}
			// An empty, never-saved session, so handlers can read it.
			ctx, err := s.sessions.Load(r.Context(), "")
			if err != nil {
				s.log.Error("session load failed", "err", logSafe(err))
				unavailable(w, r)
				return
			}
			engine.ServeHTTP(w, r.WithContext(ctx))
		default:
			withSessions.ServeHTTP(w, r)
		}
	}))
	s.handler = s.limitBodies(s.handler)  // bodylimit.go: before anything reads a body
	s.handler = s.withDeadline(s.handler) // deadline.go: outermost
	return s, nil
}

func hasCookie(r *http.Request) bool {
	_, err := r.Cookie("gateway_session")
	return err == nil
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// Routes lists every registered route, for tests that sweep them all.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// RunMaintenance deletes expired sessions, expires referrals past their
// time and, once a night, runs the duplicate review, every interval until
// ctx ends.
func (s *Server) RunMaintenance(ctx context.Context, interval time.Duration) {
	m := s.maintenance()
	m.EnsurePartitions(ctx) // at start too, not only after the first interval
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.Tick(ctx)
		}
	}
}

// maintenance is the jobs RunMaintenance runs, over the server's stores,
// policy, log and clock.
func (s *Server) maintenance() *app.Maintenance {
	return &app.Maintenance{Store: s.store, Background: s.cfg.Background, Policy: s.pol, Log: s.log, Now: s.now}
}

func (s *Server) now() time.Time { return s.cfg.Now().UTC() }
