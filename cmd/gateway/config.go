package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// config is every setting, from flags with environment defaults.
type config struct {
	DB            string
	DBReplica     string // a read replica for maps, reports and search (serve)
	Addr          string
	DataDir       string
	TileURL       string
	Basemap       string
	SecureCookies bool
	PublicURL     string
	Proxies       string
	GraceDays     int
	ReferralDays  int
	ReturnerGap   int
	LogLevel      string
	LogFormat     string
	// Every request's deadline, and how long a shutdown waits
	// for requests in flight.
	RequestTimeout  time.Duration
	ShutdownTimeout time.Duration
	// Read audit in shared commits, or one INSERT a read.
	AuditBatch bool
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// typedEnv are the settings whose values must parse. checkEnv refuses a
// malformed one at once rather than falling back to the default:
// GATEWAY_SECURE_COOKIES=yes must not quietly serve cookies without Secure.
var typedEnv = map[string]func(string) error{
	"GATEWAY_SECURE_COOKIES":       checkBool,
	"GATEWAY_GRACE_DAYS":           checkInt,
	"GATEWAY_REFERRAL_EXPIRY_DAYS": checkInt,
	"GATEWAY_RETURNER_GAP_MONTHS":  checkInt,
	"GATEWAY_DEMO_PEOPLE":          checkInt,
	"GATEWAY_DEMO_STREET_CONTACTS": checkInt,
	"GATEWAY_LOG_LEVEL":            checkLogLevel,
	"GATEWAY_LOG_FORMAT":           checkLogFormat,
	"GATEWAY_REQUEST_TIMEOUT":      checkDuration,
	"GATEWAY_SHUTDOWN_TIMEOUT":     checkDuration,
	"GATEWAY_AUDIT_BATCH":          checkBool,
}

func checkEnv() error {
	names := make([]string, 0, len(typedEnv))
	for name := range typedEnv {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if v, ok := os.LookupEnv(name); ok && v != "" {
			if err := typedEnv[name](v); err != nil {
				return fmt.Errorf("%w: environment variable %s=%q: %v", errUsage, name, v, err)
			}
		}
	}
	return nil
}

func checkBool(v string) error {
	if _, err := strconv.ParseBool(v); err != nil {
		return errors.New("use true or false")
	}
	return nil
}

func checkInt(v string) error {
	if _, err := strconv.Atoi(v); err != nil {
		return errors.New("use a whole number")
	}
	return nil
}

func checkLogLevel(v string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(v)); err != nil {
		return errors.New("use debug, info, warn or error")
	}
	return nil
}

func checkLogFormat(v string) error {
	if !strings.EqualFold(v, "text") && !strings.EqualFold(v, "json") {
		return errors.New("use text or json")
	}
	return nil
}

func checkDuration(v string) error {
	if _, err := time.ParseDuration(v); err != nil {
		return errors.New("use a duration such as 10s or 1m")
	}
	return nil
}

func envDuration(name string, def time.Duration) time.Duration {
	v, err := time.ParseDuration(env(name, def.String()))
	if err != nil {
		return def
	}
	return v
}

func envBool(name string, def bool) bool {
	v, err := strconv.ParseBool(env(name, strconv.FormatBool(def)))
	if err != nil {
		return def
	}
	return v
}

func envInt(name string, def int) int {
	v, err := strconv.Atoi(env(name, strconv.Itoa(def)))
	if err != nil {
		return def
	}
	return v
}

// newFlags makes a flag set for a command with a usage text that explains it.
func newFlags(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gateway "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gateway %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// dbFlag adds --db (GATEWAY_DB).
func (c *config) dbFlag(fs *flag.FlagSet, def string) {
	fs.StringVar(&c.DB, "db", env("GATEWAY_DB", def), "database: a SQLite file path, or a postgres:// URL (env GATEWAY_DB)")
}

// dbFlags makes the flag set of a command that works on one database,
// with its --db (default def) read into c.
func (c *config) dbFlags(name, summary, def string, stderr io.Writer) *flag.FlagSet {
	fs := newFlags(name, summary, stderr)
	c.dbFlag(fs, def)
	return fs
}

// parseDB reads a command's flags and refuses it an empty --db.
func (c *config) parseDB(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	return c.validateDB()
}

// replicaFlag adds --db-replica (GATEWAY_DB_REPLICA), saying what reads
// from the replica.
func (c *config) replicaFlag(fs *flag.FlagSet, what string) {
	fs.StringVar(&c.DBReplica, "db-replica", env("GATEWAY_DB_REPLICA", ""), "optional postgres:// URL of a read replica of --db: "+what+" (env GATEWAY_DB_REPLICA; see docs/OPERATIONS.md)")
}

// validateReplica refuses a replica that is not PostgreSQL, or beside a
// SQLite --db.
func (c *config) validateReplica() error {
	if c.DBReplica != "" && (!models.IsPostgres(c.DB) || !models.IsPostgres(c.DBReplica)) {
		return fmt.Errorf("%w: --db-replica needs PostgreSQL: a postgres:// URL of a replica of a postgres:// --db", errUsage)
	}
	return nil
}

// serverFlags adds everything serve and demo share.
func (c *config) serverFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("GATEWAY_ADDR", ":8080"), "address to listen on (env GATEWAY_ADDR)")
	c.replicaFlag(fs, "the hotspot and flow maps, compliance reports, the commissioner pack and people search read from it; writes, audit and reads of a person's record stay on --db")
	fs.StringVar(&c.TileURL, "tile-url", env("GATEWAY_TILE_URL", ""), "optional map tile URL template, e.g. https://tiles.example/{z}/{x}/{y}.png (env GATEWAY_TILE_URL); tile requests tell that server where users look, so prefer --basemap")
	fs.StringVar(&c.Basemap, "basemap", env("GATEWAY_BASEMAP", ""), "a PMTiles basemap (vector tiles) that Gateway serves itself, so no third party learns where users look (env GATEWAY_BASEMAP); the demo builds one of its county")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("GATEWAY_SECURE_COOKIES", false), "mark cookies Secure and send HSTS; set whenever served over HTTPS (env GATEWAY_SECURE_COOKIES)")
	fs.StringVar(&c.PublicURL, "public-url", env("GATEWAY_PUBLIC_URL", ""), "the address people reach Gateway at, e.g. https://gateway.example.gov.uk (env GATEWAY_PUBLIC_URL); single sign-on builds its callback URL from it, from the request's host when unset")
	fs.StringVar(&c.Proxies, "trusted-proxies", env("GATEWAY_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (env GATEWAY_TRUSTED_PROXIES); none by default, so rate limits count the connection's address")
	fs.IntVar(&c.GraceDays, "grace-days", envInt("GATEWAY_GRACE_DAYS", 90), "days a service stays involved after closing its involvement (env GATEWAY_GRACE_DAYS)")
	fs.IntVar(&c.ReferralDays, "referral-expiry-days", envInt("GATEWAY_REFERRAL_EXPIRY_DAYS", 14), "days a referral waits for a decision before it expires (env GATEWAY_REFERRAL_EXPIRY_DAYS)")
	c.returnerGapFlag(fs)
	c.logFlags(fs)
	fs.DurationVar(&c.RequestTimeout, "request-timeout", envDuration("GATEWAY_REQUEST_TIMEOUT", 10*time.Second), "deadline of every request and statement; a database that does not answer within it gives 503 with Retry-After (env GATEWAY_REQUEST_TIMEOUT)")
	fs.BoolVar(&c.AuditBatch, "audit-batch", envBool("GATEWAY_AUDIT_BATCH", true), "commit reads' audit events in shared batches; false writes one INSERT per read, as before (env GATEWAY_AUDIT_BATCH); either way a read is answered only once its event is committed")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", envDuration("GATEWAY_SHUTDOWN_TIMEOUT", 20*time.Second), "how long a shutdown waits for requests in flight before cutting them (env GATEWAY_SHUTDOWN_TIMEOUT)")
}

func (c *config) requestTimeout() time.Duration {
	if c.RequestTimeout <= 0 {
		return 10 * time.Second
	}
	return c.RequestTimeout
}

func (c *config) shutdownTimeout() time.Duration {
	if c.ShutdownTimeout <= 0 {
		return 20 * time.Second
	}
	return c.ShutdownTimeout
}

// returnerGapFlag adds --returner-gap-months (GATEWAY_RETURNER_GAP_MONTHS):
// how long someone must go unseen to count as a returner in the flows
// report. It is a setting, not a query parameter: figures for two windows
// side by side would give away, by subtraction, the people last seen
// exactly between them, a count that may be under 5.
func (c *config) returnerGapFlag(fs *flag.FlagSet) {
	fs.IntVar(&c.ReturnerGap, "returner-gap-months", envInt("GATEWAY_RETURNER_GAP_MONTHS", reports.DefaultReturnerGapMonths),
		"months someone must go unseen rough sleeping to count as a returner in flows (env GATEWAY_RETURNER_GAP_MONTHS)")
}

func (c *config) validateReturnerGap() error {
	if c.ReturnerGap < 1 || c.ReturnerGap > 60 {
		return fmt.Errorf("%w: --returner-gap-months must be between 1 and 60", errUsage)
	}
	return nil
}

func (c *config) logFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.LogLevel, "log-level", env("GATEWAY_LOG_LEVEL", "info"), "debug, info, warn or error (env GATEWAY_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("GATEWAY_LOG_FORMAT", "text"), "text or json (env GATEWAY_LOG_FORMAT)")
}

// grace is always given to the policy, so --grace-days 0 means no grace
// rather than the policy's default.
func (c *config) grace() *time.Duration {
	g := time.Duration(c.GraceDays) * 24 * time.Hour
	return &g
}

// trustedProxies is --trusted-proxies as a list.
func (c *config) trustedProxies() []string {
	var out []string
	for _, p := range strings.Split(c.Proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (c *config) referralExpiry() time.Duration {
	return time.Duration(c.ReferralDays) * 24 * time.Hour
}

func (c *config) validate() error {
	if c.Basemap != "" {
		if st, err := os.Stat(c.Basemap); err != nil || st.IsDir() {
			return fmt.Errorf("%w: --basemap %s is not a readable PMTiles file", errUsage, c.Basemap)
		}
	}
	if c.DB == "" {
		return fmt.Errorf("%w: --db is empty", errUsage)
	}
	if err := c.validateReplica(); err != nil {
		return err
	}
	if c.GraceDays < 0 || c.GraceDays > 3650 {
		return fmt.Errorf("%w: --grace-days must be between 0 and 3650", errUsage)
	}
	for _, p := range c.trustedProxies() {
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return fmt.Errorf("%w: --trusted-proxies: %q is not an IP address or CIDR range", errUsage, p)
		}
	}
	if c.ReferralDays < 1 || c.ReferralDays > 365 {
		return fmt.Errorf("%w: --referral-expiry-days must be between 1 and 365", errUsage)
	}
	if err := c.validateReturnerGap(); err != nil {
		return err
	}
	if c.RequestTimeout < 0 || c.RequestTimeout > 10*time.Minute {
		return fmt.Errorf("%w: --request-timeout must be between 0 (the default, 10s) and 10m", errUsage)
	}
	if c.ShutdownTimeout < 0 || c.ShutdownTimeout > time.Hour {
		return fmt.Errorf("%w: --shutdown-timeout must be between 0 (the default, 20s) and 1h", errUsage)
	}
	if err := checkLogLevel(c.LogLevel); err != nil {
		return fmt.Errorf("%w: --log-level %q: %v", errUsage, c.LogLevel, err)
	}
	if err := checkLogFormat(c.LogFormat); err != nil {
		return fmt.Errorf("%w: --log-format %q: %v", errUsage, c.LogFormat, err)
	}
	return nil
}

// logger writes structured logs. Gateway logs ids only, never a name, date
// of birth, note text or location.
func (c *config) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(c.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens the database, creating the folder of a SQLite file.
func openStore(dsn string) (*models.Store, error) {
	if !models.IsPostgres(dsn) {
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, err
			}
		}
	}
	return models.Open(dsn)
}

// withStore opens the database dsn names for fn, and closes it after.
func withStore(dsn string, fn func(store *models.Store) error) error {
	store, err := openStore(dsn)
	if err != nil {
		return err
	}
	defer store.Close()
	return fn(store)
}

// openMigrated opens the database and brings its schema up to date, as
// every command that reads or writes records does first. A store whose
// migration failed is closed again.
func openMigrated(ctx context.Context, dsn string) (*models.Store, error) {
	store, err := openStore(dsn)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx, io.Discard); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// openReading is openMigrated for a command that reads aggregates (a
// report, a statistical extract): with --db-replica its reads of them go
// to the replica, as the server's do, and the replica must answer first.
func openReading(ctx context.Context, c *config) (*models.Store, error) {
	if c.DBReplica == "" {
		return openMigrated(ctx, c.DB)
	}
	store, err := models.OpenWith(c.DB, models.Options{Replica: c.DBReplica})
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := store.PingReplica(pctx); err != nil {
		store.Close()
		return nil, fmt.Errorf("read replica (--db-replica): %w", err)
	}
	if err := store.Migrate(ctx, io.Discard); err != nil { // on the primary
		store.Close()
		return nil, err
	}
	return store, nil
}

// openWithPolicy is openMigrated with the access policy loaded over the
// store, for the commands that act as a user. The caller closes both.
func openWithPolicy(ctx context.Context, dsn string, opt policy.Options) (*models.Store, *policy.Policy, error) {
	store, err := openMigrated(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	pol, err := policy.New(ctx, store, opt)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return store, pol, nil
}

// describeDB names the database without its password, for messages.
func describeDB(dsn string) string {
	if models.IsPostgres(dsn) {
		if i := strings.Index(dsn, "@"); i >= 0 {
			return "postgres://…@" + strings.SplitN(dsn[i+1:], "?", 2)[0]
		}
		return strings.SplitN(dsn, "?", 2)[0]
	}
	return "SQLite file " + dsn
}
