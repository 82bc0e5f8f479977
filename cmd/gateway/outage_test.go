package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/models"
	"gateway/models/modeltest"
)

// A real `gateway serve` child process, killed with
// SIGKILL under write load, and run against a private PostgreSQL that is
// frozen and stopped. CI runs the short version; GATEWAY_TEST_LOAD_SECONDS
// and GATEWAY_TEST_FREEZE_SECONDS lengthen the load and the freeze (the
// figures in docs/OPERATIONS.md used 10 and 25).

func envSeconds(name string, def float64) time.Duration {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil && v > 0 {
		return time.Duration(v * float64(time.Second))
	}
	return time.Duration(def * float64(time.Second))
}

// child is a `gateway serve` process.
type child struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	out  *syncBuf
	done chan error
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServe(t *testing.T, dsn string, args ...string) *child {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	all := append([]string{"serve", "--db", dsn, "--addr", addr}, args...)
	cmd.Env = append(os.Environ(), "GATEWAY_TEST_RUN_AS_MAIN="+strings.Join(all, "\x1f"))
	c := &child{t: t, cmd: cmd, base: "http://" + addr, out: &syncBuf{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = c.out, c.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	return c
}

// waitReady polls /readyz until 200, returning how long it took.
func (c *child) waitReady(limit time.Duration) time.Duration {
	c.t.Helper()
	return c.waitFor("/readyz", "ready", limit, func(status int) bool { return status == 200 })
}

// waitListening polls until the server accepts a connection (any answer
// to /healthz), returning how long it took: a server started while its
// database is down listens before it is ready, and a fixed wait is too
// short on a loaded machine.
func (c *child) waitListening(limit time.Duration) time.Duration {
	c.t.Helper()
	return c.waitFor("/healthz", "listening", limit, func(int) bool { return true })
}

// waitFor polls path until an answer's status satisfies done, failing the
// test as not yet what after limit.
func (c *child) waitFor(path, what string, limit time.Duration, done func(status int) bool) time.Duration {
	c.t.Helper()
	start := time.Now()
	cl := &http.Client{Timeout: 2 * time.Second}
	for {
		if r, err := cl.Get(c.base + path); err == nil {
			r.Body.Close()
			if done(r.StatusCode) {
				return time.Since(start)
			}
		}
		if time.Since(start) > limit {
			c.t.Fatalf("server not %s after %s:\n%s", what, limit, c.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type answer struct {
	status int
	body   []byte
	header http.Header
	took   time.Duration
	err    error
}

func (c *child) do(method, path, token string, body any, timeout time.Duration) answer {
	var rd io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	r, err := (&http.Client{Timeout: timeout}).Do(req)
	a := answer{took: time.Since(start), err: err}
	if err != nil {
		return a
	}
	defer r.Body.Close()
	a.body, _ = io.ReadAll(r.Body)
	a.status, a.header, a.took = r.StatusCode, r.Header, time.Since(start)
	return a
}

func (c *child) token(email string, serviceID int64) string {
	c.t.Helper()
	a := c.do("POST", "/api/v1/tokens", "", map[string]any{"email": email, "password": demo.Password, "service_id": serviceID}, 10*time.Second)
	var tok struct{ Token string }
	json.Unmarshal(a.body, &tok)
	if tok.Token == "" {
		c.t.Fatalf("no token for %s: %d %s %v", email, a.status, a.body, a.err)
	}
	return tok.Token
}

// loadFixture is what the write load needs from the demo area.
type loadFixture struct {
	hostelSvc, outreachSvc int64
	people                 []int64 // the hostel works with them
	targets                []int64 // services the hostel may refer to
	lat, lon               float64 // a point in the outreach team's area
}

func buildLoadDemo(t *testing.T, dsn string) loadFixture {
	t.Helper()
	ctx := context.Background()
	s, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Build(ctx, s, demo.Options{People: 400, StreetContacts: 200, Alerts: -1}); err != nil {
		t.Fatal(err)
	}
	var f loadFixture
	db := s.Gorm()
	// The demo's users keep demo.Password at the fixture's cheap cost
	// (modeltest.CheapPasswordHash): at production cost a login is about a
	// second of CPU under -race, and on a busy machine the login before
	// the freeze outran TestFrozenAndStoppedPostgres's 2 s request deadline
	// ("could not check your password just now"). These tests are about
	// the database going away, not the cost of a password.
	if err := db.Exec("UPDATE users SET password_hash = ? WHERE password_hash <> ''", modeltest.CheapPasswordHash(demo.Password)).Error; err != nil {
		t.Fatal(err)
	}
	svc := func(email string) int64 {
		var id int64
		db.Raw(`SELECT m.service_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY m.service_id LIMIT 1`, email).Scan(&id)
		return id
	}
	f.hostelSvc, f.outreachSvc = svc("hostel@demo.example"), svc("outreach@demo.example")
	// The hostel works with twenty people no confidential service knows.
	var hostelUser int64
	db.Raw(`SELECT user_id FROM memberships WHERE service_id = ? ORDER BY user_id LIMIT 1`, f.hostelSvc).Scan(&hostelUser)
	var ids []int64
	db.Raw(`SELECT id FROM people WHERE merged_into_id IS NULL AND id NOT IN (SELECT person_id FROM involvements WHERE confidential = ?) ORDER BY id LIMIT 20`, true).Scan(&ids)
	for _, id := range ids {
		if _, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: id, ServiceID: f.hostelSvc, UserID: hostelUser,
			Source: models.SourceWorkingWith, Reason: "crash test"}); err != nil {
			t.Fatal(err)
		}
	}
	f.people = ids
	db.Raw(`SELECT id FROM services WHERE id <> ? AND confidential = ? AND type NOT IN ?`, f.hostelSvc, false,
		[]string{string(models.Commissioning), string(models.PartnerAgency), string(models.AreaTeam)}).Scan(&f.targets)
	var pt struct{ Lat, Lon float64 }
	db.Raw(`SELECT lat, lon FROM street_contacts WHERE service_id = ? LIMIT 1`, f.outreachSvc).Scan(&pt)
	f.lat, f.lon = pt.Lat, pt.Lon
	if f.hostelSvc == 0 || f.outreachSvc == 0 || len(f.people) < 5 || len(f.targets) == 0 || f.lat == 0 {
		t.Fatalf("demo fixture incomplete: %+v", f)
	}
	return f
}

// TestKillUnderWriteLoadLosesNothing: SIGKILL a real server while workers
// write notes, street contacts and referrals, and read people; after a
// restart every acknowledged write is there, with its audit event, and so
// is the audit event of every answered read, which the group-commit writer
// shares among reads.
func TestKillUnderWriteLoadLosesNothing(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { killUnderLoad(t, filepath.Join(t.TempDir(), "g.db")) })
	t.Run("postgres", func(t *testing.T) {
		pg := modeltest.PrivatePostgres(t)
		killUnderLoad(t, pg.DSN())
	})
}

type acked struct {
	mu        sync.Mutex
	notes     []int64
	contacts  []int64
	referrals []int64
	reads     []string // request ids of answered person reads
}

func killUnderLoad(t *testing.T, dsn string) {
	f := buildLoadDemo(t, dsn)
	srv := startServe(t, dsn)
	srv.waitReady(60 * time.Second)
	hostel := srv.token("hostel@demo.example", f.hostelSvc)
	outreach := srv.token("outreach@demo.example", f.outreachSvc)
	// Referrals need the person's consent to share their assessment.
	for _, p := range f.people {
		a := srv.do("POST", fmt.Sprintf("/api/v1/people/%d/consents", p), hostel,
			map[string]any{"purpose": "share_assessment", "with_whom": "services the person is referred to", "given": true}, 10*time.Second)
		if a.status != http.StatusCreated {
			t.Fatalf("consent: %d %s", a.status, a.body)
		}
	}
	before := counts(t, dsn)

	var ack acked
	var errs, refused atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	worker := func(kind string, w int) {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			var a answer
			switch kind {
			case "note":
				p := f.people[(w*7+i)%len(f.people)]
				a = srv.do("POST", fmt.Sprintf("/api/v1/people/%d/notes", p), hostel, map[string]any{"body": fmt.Sprintf("crash test note %d-%d", w, i)}, 5*time.Second)
			case "contact":
				a = srv.do("POST", "/api/v1/street-contacts", outreach, map[string]any{"lat": f.lat, "lon": f.lon, "site_type": "tent",
					"description": fmt.Sprintf("crash test contact %d-%d: man, about 40, green coat", w, i)}, 5*time.Second)
			case "referral":
				n := w*100000 + i
				p, to := f.people[n%len(f.people)], f.targets[(n/len(f.people))%len(f.targets)]
				a = srv.do("POST", "/api/v1/referrals", hostel, map[string]any{"person_id": p, "to_service_id": to}, 5*time.Second)
			case "read":
				p := f.people[(w*11+i)%len(f.people)]
				a = srv.do("GET", fmt.Sprintf("/api/v1/people/%d", p), hostel, nil, 5*time.Second)
				if a.err == nil && a.status == http.StatusOK {
					ack.mu.Lock()
					ack.reads = append(ack.reads, a.header.Get("X-Request-Id"))
					ack.mu.Unlock()
					continue
				}
			}
			if a.err != nil {
				errs.Add(1)
				return // the server is gone
			}
			if a.status != http.StatusCreated {
				refused.Add(1)
				if a.status >= 500 {
					t.Errorf("%s: %d %s", kind, a.status, a.body)
				}
				continue
			}
			var got struct {
				ID int64 `json:"id"`
			}
			json.Unmarshal(a.body, &got)
			ack.mu.Lock()
			switch kind {
			case "note":
				ack.notes = append(ack.notes, got.ID)
			case "contact":
				ack.contacts = append(ack.contacts, got.ID)
			case "referral":
				ack.referrals = append(ack.referrals, got.ID)
			}
			ack.mu.Unlock()
		}
	}
	for w := 0; w < 2; w++ {
		wg.Add(3)
		go worker("note", w)
		go worker("contact", w)
		go worker("referral", w)
	}
	for w := 0; w < 4; w++ { // concurrent readers, so reads share commits
		wg.Add(1)
		go worker("read", w)
	}
	// Load for the time asked, and until every kind has a few writes and
	// reads acknowledged (slow under -race; on SQLite a read's audit row
	// waits for the write lock the six writers keep taking), at most a
	// minute.
	loadStart := time.Now()
	for time.Since(loadStart) < envSeconds("GATEWAY_TEST_LOAD_SECONDS", 2) || func() bool {
		ack.mu.Lock()
		defer ack.mu.Unlock()
		return (len(ack.notes) < 5 || len(ack.contacts) < 5 || len(ack.referrals) < 5 || len(ack.reads) < 5) && time.Since(loadStart) < time.Minute
	}() {
		time.Sleep(100 * time.Millisecond)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-srv.done
	close(stop)
	wg.Wait()
	ack.mu.Lock()
	defer ack.mu.Unlock()
	if len(ack.notes) == 0 || len(ack.contacts) == 0 || len(ack.referrals) == 0 {
		t.Fatalf("the load acknowledged too little to test: %d notes, %d contacts, %d referrals (%d refused):\n%s",
			len(ack.notes), len(ack.contacts), len(ack.referrals), refused.Load(), srv.out.String())
	}

	// Restart (recovery happens here, for PostgreSQL and SQLite alike).
	again := startServe(t, dsn)
	again.waitReady(60 * time.Second)
	again.cmd.Process.Signal(syscall.SIGTERM)
	<-again.done

	after := counts(t, dsn)
	s, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.Gorm()
	lost := func(table string, ids []int64) int {
		var n int64
		db.Table(table).Where("id IN ?", ids).Count(&n)
		return len(ids) - int(n)
	}
	lostNotes, lostContacts, lostRefs := lost("case_notes", ack.notes), lost("street_contacts", ack.contacts), lost("referrals", ack.referrals)
	var readAudits int64
	db.Table("audit_events").Where("action = 'read' AND object_type = 'person' AND request_id IN ?", append(ack.reads, "-")).
		Distinct("request_id").Count(&readAudits)
	var contactAudits int64
	db.Table("audit_events").Where("action = 'create' AND object_type = 'street_contact' AND object_id IN ?", ack.contacts).Count(&contactAudits)
	// Every write that committed, acknowledged or not, has its audit event:
	// new rows and new events are equal in number.
	newNotes, newNoteAudits := after.notes-before.notes, after.noteAudits-before.noteAudits
	newRefs, newRefAudits := after.referrals-before.referrals, after.referralAudits-before.referralAudits
	newContacts, newContactAudits := after.contacts-before.contacts, after.contactAudits-before.contactAudits
	t.Logf("acknowledged before SIGKILL: %d notes, %d street contacts, %d referrals, %d reads (%d refused, %d cut by the kill); lost: %d, %d, %d; "+
		"committed rows vs audit events: notes %d/%d, contacts %d/%d, referrals %d/%d; answered reads with their audit event: %d/%d",
		len(ack.notes), len(ack.contacts), len(ack.referrals), len(ack.reads), refused.Load(), errs.Load(), lostNotes, lostContacts, lostRefs,
		newNotes, newNoteAudits, newContacts, newContactAudits, newRefs, newRefAudits, readAudits, len(ack.reads))
	if len(ack.reads) == 0 {
		t.Error("no read was answered under the load, so none was tested")
	}
	if int(readAudits) != len(ack.reads) {
		t.Errorf("answered reads without their audit event after SIGKILL: %d of %d", len(ack.reads)-int(readAudits), len(ack.reads))
	}
	if lostNotes+lostContacts+lostRefs > 0 {
		t.Errorf("acknowledged writes lost after SIGKILL: %d notes, %d contacts, %d referrals", lostNotes, lostContacts, lostRefs)
	}
	if int(contactAudits) != len(ack.contacts) {
		t.Errorf("acknowledged street contacts without their audit event: %d of %d", len(ack.contacts)-int(contactAudits), len(ack.contacts))
	}
	if newNotes != newNoteAudits || newContacts != newContactAudits || newRefs != newRefAudits {
		t.Errorf("writes and audit events differ after SIGKILL: notes %d/%d, contacts %d/%d, referrals %d/%d",
			newNotes, newNoteAudits, newContacts, newContactAudits, newRefs, newRefAudits)
	}
}

type tally struct{ notes, noteAudits, contacts, contactAudits, referrals, referralAudits int64 }

func counts(t *testing.T, dsn string) tally {
	t.Helper()
	s, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.Gorm()
	var c tally
	db.Table("case_notes").Count(&c.notes)
	db.Table("audit_events").Where("action = 'add_note'").Count(&c.noteAudits)
	db.Table("street_contacts").Count(&c.contacts)
	db.Table("audit_events").Where("action = 'create' AND object_type = 'street_contact'").Count(&c.contactAudits)
	db.Table("referrals").Count(&c.referrals)
	db.Table("audit_events").Where("action = 'send_referral'").Count(&c.referralAudits)
	return c
}

// TestFrozenAndStoppedPostgres: with a private PostgreSQL frozen (SIGSTOP,
// as in a network partition) no request hangs past the deadline: a page,
// an API read and an API write each get 503 with Retry-After; when it
// thaws, service resumes by itself. Stopped, the API answers 503 at once,
// not 500; and a server started while the database is down waits for it,
// /readyz 503 until it is back.
func TestFrozenAndStoppedPostgres(t *testing.T) {
	pg := modeltest.PrivatePostgres(t)
	dsn := pg.DSN()
	f := buildLoadDemo(t, dsn)
	deadline := envSeconds("GATEWAY_TEST_DEADLINE_SECONDS", 2)
	freeze := envSeconds("GATEWAY_TEST_FREEZE_SECONDS", 5)
	srv := startServe(t, dsn, "--request-timeout", deadline.String())
	srv.waitReady(60 * time.Second)
	api := srv.token("hostel@demo.example", f.hostelSvc)
	jar := newJar()
	web := &http.Client{Jar: jar, Timeout: freeze + 20*time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := web.PostForm(srv.base+"/login", map[string][]string{"email": {"hostel@demo.example"}, "password": {demo.Password}})
	if err != nil || r.StatusCode != http.StatusSeeOther {
		t.Fatalf("web login: %v %v", err, r)
	}
	r.Body.Close()
	person := f.people[0]
	probe := func(kind string) answer {
		long := freeze + 20*time.Second
		switch kind {
		case "page":
			start := time.Now()
			r, err := web.Get(fmt.Sprintf("%s/people/%d", srv.base, person))
			a := answer{err: err, took: time.Since(start)}
			if err == nil {
				a.body, _ = io.ReadAll(r.Body)
				r.Body.Close()
				a.status, a.header, a.took = r.StatusCode, r.Header, time.Since(start)
			}
			return a
		case "read":
			return srv.do("GET", fmt.Sprintf("/api/v1/people/%d", person), api, nil, long)
		default:
			return srv.do("POST", fmt.Sprintf("/api/v1/people/%d/notes", person), api, map[string]any{"body": "written during an outage"}, long)
		}
	}
	kinds := []string{"page", "read", "write"}
	for _, k := range kinds {
		if a := probe(k); a.status != 200 && a.status != 201 {
			t.Fatalf("before the freeze, %s: %d %v", k, a.status, a.err)
		}
	}
	// outage sends the three kinds of request every 200 ms for d and
	// checks every one ends by the deadline with 503 and Retry-After.
	outage := func(what string, d time.Duration) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var hung, n int
		var slowest time.Duration
		end := time.Now().Add(d)
		for time.Now().Before(end) {
			for _, k := range kinds {
				wg.Add(1)
				go func(k string) {
					defer wg.Done()
					a := probe(k)
					mu.Lock()
					defer mu.Unlock()
					n++
					slowest = max(slowest, a.took)
					switch {
					case a.err != nil:
						t.Errorf("%s, %s: %v after %s", what, k, a.err, a.took)
					case a.took > deadline+1500*time.Millisecond:
						hung++
						t.Errorf("%s, %s: hung %s (deadline %s), status %d", what, k, a.took, deadline, a.status)
					case a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "":
						t.Errorf("%s, %s: status %d, Retry-After %q, want 503 with Retry-After: %.200s", what, k, a.status, a.header.Get("Retry-After"), a.body)
					}
				}(k)
			}
			time.Sleep(200 * time.Millisecond)
		}
		wg.Wait()
		t.Logf("%s for %s: %d requests, %d hung past the %s deadline, slowest %s", what, d, n, hung, deadline, slowest.Round(time.Millisecond))
	}
	recover := func(what string) time.Duration {
		start := time.Now()
		for {
			a := probe("read")
			if a.status == 200 {
				d := time.Since(start)
				t.Logf("%s: the API answered again %.2f s later", what, d.Seconds())
				return d
			}
			if time.Since(start) > 60*time.Second {
				t.Fatalf("%s: no recovery in 60 s (last %d %v):\n%s", what, a.status, a.err, srv.out.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// The pool is usable after recovery: parallel requests all succeed.
	poolDrained := func(what string) {
		var wg sync.WaitGroup
		var bad atomic.Int64
		for i := 0; i < 30; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if a := probe("read"); a.status != 200 {
					bad.Add(1)
				}
			}()
		}
		wg.Wait()
		if bad.Load() > 0 {
			t.Errorf("%s: %d of 30 parallel reads failed after recovery", what, bad.Load())
		}
	}

	pg.Freeze()
	outage("frozen PostgreSQL", freeze)
	pg.Thaw()
	recover("after the thaw")
	poolDrained("after the thaw")

	pg.Stop()
	outage("stopped PostgreSQL", 2*time.Second)
	if a := srv.do("GET", "/readyz", "", nil, 10*time.Second); a.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database stopped: %d", a.status)
	}
	pg.Start()
	recover("after a restart of PostgreSQL")
	poolDrained("after a restart of PostgreSQL")

	// Started while the database is down: it waits, and says so.
	pg.Stop()
	srv.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-srv.done; err != nil {
		t.Errorf("serve exit: %v\n%s", err, srv.out.String())
	}
	late := startServe(t, dsn, "--request-timeout", deadline.String())
	late.waitListening(30 * time.Second)
	if a := late.do("GET", "/healthz", "", nil, 5*time.Second); a.status != 200 {
		t.Errorf("/healthz while waiting for the database: %d %v\n%s", a.status, a.err, late.out.String())
	}
	if a := late.do("GET", "/readyz", "", nil, 5*time.Second); a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "" {
		t.Errorf("/readyz while waiting for the database: %d %v\n%s", a.status, a.err, late.out.String())
	}
	if a := late.do("GET", fmt.Sprintf("/api/v1/people/%d", person), api, nil, 5*time.Second); a.status != http.StatusServiceUnavailable {
		t.Errorf("API while waiting for the database: %d", a.status)
	}
	pg.Start()
	t.Logf("started while the database was down: ready %.2f s after it came back", late.waitReady(60*time.Second).Seconds())
	if a := late.do("GET", fmt.Sprintf("/api/v1/people/%d", person), api, nil, 5*time.Second); a.status != 200 {
		t.Errorf("API once ready: %d %s", a.status, a.body)
	}
}

// TestShutdownCutsSlowClients: SIGTERM drains within --shutdown-timeout;
// a client still sending its body when the limit ends is cut, the server
// says how many, and it exits 0.
func TestShutdownCutsSlowClients(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "g.db")
	srv := startServe(t, dsn, "--shutdown-timeout", "1s")
	srv.waitReady(30 * time.Second)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A form post whose body never finishes arriving.
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=slow")
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	srv.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-srv.done:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, srv.out.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no exit 15 s after SIGTERM:\n%s", srv.out.String())
	}
	took := time.Since(start)
	if took > 5*time.Second {
		t.Errorf("shutdown took %s with a 1 s limit", took)
	}
	if !strings.Contains(srv.out.String(), "cut 1 request(s)") {
		t.Errorf("shutdown did not say it cut the slow request:\n%s", srv.out.String())
	}
	t.Logf("shutdown with a slow client: exit 0 after %s", took.Round(time.Millisecond))
}

func newJar() http.CookieJar {
	j, _ := cookiejar.New(nil)
	return j
}
