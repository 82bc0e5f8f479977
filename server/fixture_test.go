package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// marker is planted in the refuge person's names, aliases and notes. It
// must never reach anyone outside the refuge: not a page, an API answer,
// an export or a log line.
const marker = "Qorvexine"

// sexworkMarker is the sex-work service's own marker, in its person's name.
const sexworkMarker = "Velmorath"

// addressMarker is planted in the refuge's address, which rule 5 shows to
// the refuge's own users and to area admins only.
const addressMarker = "Zembrook"

// refugeLat and refugeLon are the refuge's point, as distinctive as its
// address: rule 5 shows it to the same people (see refugePointMarkers).
const refugeLat, refugeLon = 52.6937281, -1.2874613

var ctx = context.Background()

// world is a small area with every role, for server tests.
type world struct {
	t      testing.TB
	store  *models.Store
	pol    *policy.Policy
	srv    *Server
	ts     *httptest.Server
	logs   *lockedBuffer
	users  map[string]*models.User
	svcs   map[string]*models.Service
	people map[string]*models.Person
	las    []*models.LocalAuthority
	ids    map[string]int64  // other records by name
	refs   map[string]string // public alert references by name
}

// lockedBuffer collects the server's log for the leak test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newWorld gives a test the fixture on SQLite: a copy of the one world
// built for the whole test binary (see worldTemplate), with a policy and a
// server of its own. Tests change their copy freely.
func newWorld(t testing.TB) *world {
	t.Helper()
	tpl := worldTemplate(t)
	w := startWorld(t, modeltest.SQLiteFile(t, tpl.db))
	tpl.copyInto(w)
	return w
}

// newWorldOn builds the fixture from nothing on the given store.
func newWorldOn(t testing.TB, store *models.Store) *world {
	t.Helper()
	w := startWorld(t, store)
	w.build()
	return w
}

// startWorld wires a policy and a test server to a store.
func startWorld(t testing.TB, store *models.Store) *world {
	t.Helper()
	w := &world{t: t, store: store, logs: &lockedBuffer{}, users: map[string]*models.User{},
		svcs: map[string]*models.Service{}, people: map[string]*models.Person{}, ids: map[string]int64{}}
	pol, err := policy.New(ctx, store, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.pol = pol
	t.Cleanup(pol.Close)
	log := slog.New(slog.NewJSONHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w.srv, err = New(store, pol, Config{Version: "test", LoginLimits: LoginLimits{PerAccount: 10000, AccountEvery: time.Millisecond, PerIP: 10000, IPEvery: time.Millisecond}}, log)
	if err != nil {
		t.Fatal(err)
	}
	w.ts = httptest.NewServer(w.srv)
	t.Cleanup(w.ts.Close)
	w.dumpLogsOnFailure()
	return w
}

// worldSnapshot is the fixture world built once per test binary: its database
// and the records the world's maps name. Building it costs about a second
// of CPU under -race (every record through the store, each write audited),
// and newWorld is called by some 150 tests.
type worldSnapshot struct {
	db     []byte
	users  map[string]models.User
	svcs   map[string]models.Service
	people map[string]models.Person
	las    []models.LocalAuthority
	ids    map[string]int64
	refs   map[string]string
}

var worldTpl struct {
	once sync.Once
	tpl  *worldSnapshot
}

// worldTemplate builds the fixture world once, on a migrated SQLite
// database of its own, and keeps a snapshot of it. The first test to ask
// builds it; if building fails, that test fails with the reason and every
// later one fails saying so.
func worldTemplate(t testing.TB) *worldSnapshot {
	t.Helper()
	worldTpl.once.Do(func() {
		dir, err := os.MkdirTemp("", "gateway-world-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		store, err := models.Open(filepath.Join(dir, "gateway.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		if err := store.Migrate(ctx, io.Discard); err != nil {
			t.Fatal(err)
		}
		pol, err := policy.New(ctx, store, policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer pol.Close()
		w := &world{t: t, store: store, pol: pol, logs: &lockedBuffer{}, users: map[string]*models.User{},
			svcs: map[string]*models.Service{}, people: map[string]*models.Person{}, ids: map[string]int64{}}
		w.build()
		tpl := &worldSnapshot{users: map[string]models.User{}, svcs: map[string]models.Service{},
			people: map[string]models.Person{}, ids: maps.Clone(w.ids), refs: maps.Clone(w.refs)}
		for k, v := range w.users {
			tpl.users[k] = *v
		}
		for k, v := range w.svcs {
			tpl.svcs[k] = *v
		}
		for k, v := range w.people {
			tpl.people[k] = *v
		}
		for _, la := range w.las {
			tpl.las = append(tpl.las, *la)
		}
		if tpl.db, err = modeltest.SnapshotSQLite(store); err != nil {
			t.Fatal(err)
		}
		worldTpl.tpl = tpl
	})
	if worldTpl.tpl == nil {
		t.Fatal("the fixture world failed to build (see the first test that used it)")
	}
	return worldTpl.tpl
}

// copyInto gives w its own copies of the template's records.
func (tpl *worldSnapshot) copyInto(w *world) {
	for k, v := range tpl.users {
		w.users[k] = &v
	}
	for k, v := range tpl.svcs {
		w.svcs[k] = &v
	}
	for k, v := range tpl.people {
		w.people[k] = &v
	}
	for _, la := range tpl.las {
		w.las = append(w.las, &la)
	}
	w.ids = maps.Clone(tpl.ids)
	w.refs = maps.Clone(tpl.refs)
}

func (w *world) build() {
	t := w.t
	b := modeltest.Build(t, w.store)
	north, south := b.LA("Northmoor"), b.LA("Southvale")
	w.las = []*models.LocalAuthority{north, south}
	trust := b.Org("Northmoor Housing Trust")
	other := b.Org("Southvale Homes")
	aid := b.Org("Women's Aid")
	council := b.Org("Northmoor Council")
	police := b.Org("Police")
	area := b.Org("Area Team")
	w.svcs["hostel"] = b.Service(trust, "Northmoor Hostel", models.Hostel, north)
	w.svcs["outreach"] = b.Service(trust, "Northmoor Outreach", models.Outreach, north, south)
	w.svcs["daycentre"] = b.Service(other, "Southvale Day Centre", models.DayCentre, south)
	w.svcs["commissioning"] = b.Service(council, "Northmoor Commissioning", models.Commissioning, north)
	w.svcs["police"] = b.Service(police, "Police Partnership", models.PartnerAgency, north, south)
	w.svcs["area"] = b.Service(area, "Gateway Area Team", models.AreaTeam, north, south)
	lat, lon := refugeLat, refugeLon
	refuge, err := w.store.CreateService(ctx, models.ServiceInput{OrganisationID: aid.ID, Name: "Safe House", Type: models.Refuge,
		Address: "1 " + addressMarker + " Lane", Postcode: "EL1 1AA", Lat: &lat, Lon: &lon, Phone: "01632 960999", LAIDs: []int64{north.ID}})
	if err != nil {
		t.Fatal(err)
	}
	w.svcs["refuge"] = refuge
	w.svcs["sexwork"] = b.Service(aid, "Night Van", models.SexWorkSupport, south)

	for role, spec := range map[string]struct {
		svc  string
		role models.Role
	}{
		"hostel": {"hostel", models.RoleWorker}, "manager": {"hostel", models.RoleManager},
		"outreach": {"outreach", models.RoleWorker}, "daycentre": {"daycentre", models.RoleWorker},
		"refuge": {"refuge", models.RoleWorker}, "sexwork": {"sexwork", models.RoleWorker},
		"commissioner": {"commissioning", models.RoleCommissioner}, "partner": {"police", models.RolePartner},
		"admin": {"area", models.RoleAreaAdmin}, "orgadmin": {"daycentre", models.RoleOrgAdmin},
	} {
		u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: role + "@test.example", Name: "User " + role}, mustHash(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.store.AddMembership(ctx, u.ID, w.svcs[spec.svc].ID, spec.role); err != nil {
			t.Fatal(err)
		}
		w.users[role] = u
	}

	dob := models.Date{Year: 1985, Month: 3, Day: 14}
	w.person("refuge_only", "refuge", models.PersonInput{GivenName: marker, FamilyName: "Refuge" + marker, DOB: dob,
		Aliases: []models.Alias{{GivenName: "Alias" + marker, FamilyName: "Hidden"}}})
	w.note("refuge_only", "refuge", "Safety plan agreed. Marker "+marker+" in the note.")
	w.person("hostel_person", "hostel", models.PersonInput{GivenName: "Harriet", FamilyName: "Hostel", DOB: models.Date{Year: 1990, Month: 6, Day: 1}})
	w.note("hostel_person", "hostel", "Settled well at the hostel.")
	w.person("mixed", "refuge", models.PersonInput{GivenName: "Maria", FamilyName: "Mixed", DOB: models.Date{Year: 1979, Month: 1, Day: 2}})
	w.note("mixed", "refuge", "Refuge note about "+marker+" that the hostel must not see.")
	w.involve("mixed", "hostel")
	w.note("mixed", "hostel", "Hostel note on Maria.")
	w.person("daycentre_past", "daycentre", models.PersonInput{GivenName: "Derek", FamilyName: "Daycentre", DOB: models.Date{Year: 1970, Month: 7, Day: 7}})
	w.closeAgo("daycentre_past", "daycentre", 200*24*time.Hour)
	w.person("sexwork_only", "sexwork", models.PersonInput{GivenName: "Sasha" + sexworkMarker, FamilyName: "Night", DOB: models.Date{Year: 1995, Month: 5, Day: 5}})
	w.addCasework()       // casework_fixture_test.go: assessments, cases, plans, consent
	w.buildPlacement()    // fixture_placement_test.go
	w.addStreetContacts() // streetcontacts_fixture_test.go
	w.addTasks()          // fixture_tasks_test.go
}

// mustHash is the fixture password's hash, shared by every fixture user:
// argon2id at a test-only cost (modeltest.CheapPasswordHash), since at the
// production cost each of the suite's hundreds of logins would take about
// a second of CPU under the race detector. The production cost is pinned by
// models' TestHashPasswordUsesProductionCost.
func mustHash(testing.TB) string { return modeltest.TestPasswordHash }

func (w *world) author(role string) models.Author {
	ms, err := w.store.Memberships(ctx, w.users[role].ID)
	if err != nil || len(ms) == 0 {
		w.t.Fatalf("memberships of %s: %v", role, err)
	}
	return models.Author{UserID: w.users[role].ID, ServiceID: ms[0].ServiceID}
}

func (w *world) person(key, role string, in models.PersonInput) *models.Person {
	p, err := w.store.CreatePerson(ctx, w.author(role), in)
	if err != nil {
		w.t.Fatalf("person %s: %v", key, err)
	}
	w.people[key] = p
	return p
}

func (w *world) note(key, role, body string) {
	n, err := w.store.AddNote(ctx, models.Nothing, w.author(role), w.people[key].ID, models.NoteInput{Body: body})
	if err != nil {
		w.t.Fatal(err)
	}
	w.ids["note_"+key+"_"+role] = n.ID
}

func (w *world) involve(key, role string) {
	a := w.author(role)
	inv, _, err := w.store.OpenInvolvement(ctx, models.InvolvementStart{PersonID: w.people[key].ID, ServiceID: a.ServiceID, UserID: a.UserID, Source: models.SourceWorkingWith})
	if err != nil {
		w.t.Fatal(err)
	}
	w.ids["inv_"+key+"_"+role] = inv.ID
}

func (w *world) closeAgo(key, role string, ago time.Duration) {
	a := w.author(role)
	err := w.store.Gorm().Exec("UPDATE involvements SET ended_at = ?, end_reason = 'moved on' WHERE person_id = ? AND service_id = ?",
		models.Now().Add(-ago), w.people[key].ID, a.ServiceID).Error
	if err != nil {
		w.t.Fatal(err)
	}
}

// client talks to the test server as one user, through the pages (with a
// cookie session) or the API (with a bearer token).
type client struct {
	w     *world
	http  *http.Client
	token string
	role  string
	// redirected: the last answer was a redirect, which may have left a
	// flash message for the next page.
	redirected atomic.Bool
}

// web logs a user in through the login form.
func (w *world) web(role string) *client {
	w.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{w: w, role: role, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if role == "" {
		return c
	}
	r := c.do("POST", "/login", url.Values{"email": {role + "@test.example"}, "password": {modeltest.TestPassword}}.Encode(), "application/x-www-form-urlencoded")
	if r.status != http.StatusSeeOther {
		w.t.Fatalf("login as %s: %d %s", role, r.status, r.body)
	}
	return c
}

// api gets a bearer token for a user.
func (w *world) api(role string) *client {
	w.t.Helper()
	c := &client{w: w, role: role, http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if role == "" {
		return c
	}
	r := c.json("POST", "/api/v1/tokens", map[string]any{"email": role + "@test.example", "password": modeltest.TestPassword})
	if r.status != http.StatusCreated {
		w.t.Fatalf("token for %s: %d %s", role, r.status, r.body)
	}
	var tok struct{ Token string }
	json.Unmarshal([]byte(r.body), &tok)
	c.token = tok.Token
	return c
}

type response struct {
	status int
	body   string
	header http.Header
}

func (c *client) do(method, path, body, contentType string, header ...string) response {
	c.w.t.Helper()
	req, err := http.NewRequest(method, c.w.ts.URL+path, strings.NewReader(body))
	if err != nil {
		c.w.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	c.redirected.Store(resp.StatusCode == http.StatusSeeOther)
	return response{status: resp.StatusCode, body: string(b), header: resp.Header}
}

func (c *client) get(path string) response { return c.do("GET", path, "", "") }

func (c *client) form(path string, v url.Values) response {
	return c.do("POST", path, v.Encode(), "application/x-www-form-urlencoded")
}

func (c *client) json(method, path string, v any) response {
	var body string
	switch x := v.(type) {
	case nil:
	case string:
		body = x
	default:
		b, _ := json.Marshal(v)
		body = string(b)
	}
	return c.do(method, path, body, "application/json")
}

// decode unmarshals a JSON response body.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// dumpLogsOnFailure prints the server log when a test fails.
func (w *world) dumpLogsOnFailure() {
	if t, ok := w.t.(*testing.T); ok {
		t.Cleanup(func() {
			if t.Failed() {
				t.Log(w.logs.String())
			}
		})
	}
}

func (c *client) doWithHeader(method, path, body, header, value string) response {
	c.w.t.Helper()
	return c.do(method, path, body, "application/json", header, value)
}
