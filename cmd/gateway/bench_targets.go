package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
)

// benchWorld is what the routes of `gateway bench` need: the server, a
// client for it, the users logged in, the baseline's pool and the records
// to ask for, drawn through the users' own scopes.
type benchWorld struct {
	srv      *inProcess
	client   *http.Client
	base     baseDB
	worker   benchUser // person, search, notes, matches
	commish  benchUser // hotspots, compliance, PDF
	visible  []int64   // people whose identity the worker may see
	records  []int64   // people whose full record the worker may read
	fullName []string  // full names of visible people, as recorded
	bbox     string
	la       models.LocalAuthority // the commissioner's LA the PDF is of
	now      time.Time
}

type benchUser struct {
	email string
	token string
	actor baseActor
}

// sampleSize bounds the records drawn for each route.
const sampleSize = 2000

// newBenchWorld logs in as both users and draws the samples. The server's
// pool size is the baseline's.
func newBenchWorld(ctx context.Context, srv *inProcess, dsn, worker, commissioner, password string) (*benchWorld, error) {
	w := &benchWorld{srv: srv, now: time.Now()}
	// The default transport keeps two idle connections a host: at 50
	// clients the rest would be redialled on every request, measuring TCP.
	w.client = &http.Client{Transport: &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128}}
	sqlDB, err := srv.store.Gorm().DB()
	if err != nil {
		return nil, err
	}
	if w.base, err = openBaseDB(ctx, withAppName(dsn, benchBaseAppName), sqlDB.Stats().MaxOpenConnections); err != nil {
		return nil, fmt.Errorf("baseline pool: %w", err)
	}
	var wa, ca policy.Actor
	if w.worker, wa, err = w.login(ctx, worker, password); err != nil {
		return nil, err
	}
	if w.commish, ca, err = w.login(ctx, commissioner, password); err != nil {
		return nil, err
	}
	if len(ca.LAs) == 0 {
		return nil, fmt.Errorf("%s covers no local authority: log in as a commissioner (--commissioner)", commissioner)
	}
	g := srv.store.Gorm().WithContext(ctx)
	// A scattered sample, the same every run: (id * prime) mod prime.
	order := "(people.id * 7919) % 100003"
	if err := g.Model(&models.Person{}).Scopes(policy.People(wa).Apply).Order(order).Limit(sampleSize).Pluck("people.id", &w.visible).Error; err != nil {
		return nil, err
	}
	if err := g.Model(&models.Person{}).Scopes(policy.Records(wa).Apply).Order(order).Limit(sampleSize).Pluck("people.id", &w.records).Error; err != nil {
		return nil, err
	}
	var named []models.Person
	if err := g.Model(&models.Person{}).Scopes(policy.People(wa).Apply).Order(order).Limit(sampleSize).Find(&named).Error; err != nil {
		return nil, err
	}
	for _, p := range named {
		if n := strings.TrimSpace(p.GivenName + " " + p.FamilyName); strings.Contains(n, " ") {
			w.fullName = append(w.fullName, n)
		}
	}
	if len(w.visible) == 0 || len(w.records) == 0 || len(w.fullName) == 0 {
		return nil, fmt.Errorf("%s may see %d people and read the record of %d: fill the database with gateway generate or gateway demo first",
			worker, len(w.visible), len(w.records))
	}
	if w.bbox, err = countyBBox(ctx, srv.store); err != nil {
		return nil, err
	}
	la, err := srv.store.LA(ctx, ca.LAs[0])
	if err != nil {
		return nil, err
	}
	w.la = *la
	return w, nil
}

// login logs in through the API and builds, from the policy's own Actor
// for the same user, what the baseline's SQL needs.
func (w *benchWorld) login(ctx context.Context, email, password string) (benchUser, policy.Actor, error) {
	tok, err := benchLogin(w.srv.URL, email, password)
	if err != nil {
		return benchUser{}, policy.Actor{}, err
	}
	u, err := w.srv.store.UserByEmail(ctx, email)
	if err != nil {
		return benchUser{}, policy.Actor{}, err
	}
	ms, err := w.srv.store.Memberships(ctx, u.ID)
	if err != nil || len(ms) == 0 {
		return benchUser{}, policy.Actor{}, fmt.Errorf("%s has no membership (%v)", email, err)
	}
	// A login token acts for the first membership (server/auth.go).
	m := ms[0]
	if m.Service, err = w.srv.store.Service(ctx, m.ServiceID); err != nil {
		return benchUser{}, policy.Actor{}, err
	}
	a := w.srv.pol.Actor(u, m, models.Now())
	// The baselines restate the scopes' SQL, rule 2's grace cut-off with
	// them (policy's involvedSince: now minus the grace period).
	ba := baseActor{userID: a.UserID, serviceID: a.ServiceID, las: a.LAs, since: a.Now.Add(-a.Grace).UTC(), now: a.Now,
		canAssessments: policy.Can(a, policy.Read, policy.ResourceAssessment),
		canAdjustments: policy.Can(a, policy.Read, policy.ResourceAdjustment)}
	return benchUser{email: email, token: tok, actor: ba}, a, nil
}

func (w *benchWorld) close() {
	if w.base != nil {
		w.base.close()
	}
}

// get asks the server for path as u and reads the whole answer; anything
// but 200 is an error.
func (w *benchWorld) get(ctx context.Context, u benchUser, path string) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", w.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+u.token)
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("GET %s: %d %s", strings.SplitN(path, "?", 2)[0], resp.StatusCode, b)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// targets are the routes of `gateway bench`, in the order the table shows.
func (w *benchWorld) targets() []benchTarget {
	pick := func(r *rand.Rand, ids []int64) int64 { return ids[r.IntN(len(ids))] }
	wk, cm := w.worker, w.commish
	pg := w.base.postgres()
	today := w.now.In(models.London)
	thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, models.London)
	lastMonth := thisMonth.AddDate(0, -1, 0)
	key := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	month := lastMonth.Format("2006-01")
	shift := uint(geo.BaseZoom - geo.CellZoom(benchZoom))
	hotspots := func(from, to time.Time) string {
		return fmt.Sprintf("/api/v1/hotspots?bbox=%s&zoom=%d&from=%s&to=%s", w.bbox, benchZoom, from.Format("2006-01"), to.Format("2006-01"))
	}
	twoYears := lastMonth.AddDate(0, -22, 0) // 24 months with this one so far
	var trend []string
	for i := 11; i >= 0; i-- {
		trend = append(trend, lastMonth.AddDate(0, -i, 0).Format("2006-01"))
	}
	start, end := lastMonth.UTC(), thisMonth.UTC()
	return []benchTarget{
		{name: "person by id",
			route: func(ctx context.Context, r *rand.Rand) error {
				return w.get(ctx, wk, "/api/v1/people/"+strconv.FormatInt(pick(r, w.visible), 10))
			},
			base: func(ctx context.Context, r *rand.Rand) error {
				id := pick(r, w.visible)
				return w.readThenAudit(ctx, id, personReads(wk.actor, id), auditSQL(wk.actor, "read", "person", &id, ""))
			}},
		{name: "people search",
			route: func(ctx context.Context, r *rand.Rand) error {
				return w.get(ctx, wk, "/api/v1/people?q="+url.QueryEscape(w.fullName[r.IntN(len(w.fullName))]))
			},
			base: func(ctx context.Context, r *rand.Rand) error {
				return w.searchBaseline(ctx, w.fullName[r.IntN(len(w.fullName))])
			}},
		{name: "note list (50 newest)",
			route: func(ctx context.Context, r *rand.Rand) error {
				return w.get(ctx, wk, "/api/v1/people/"+strconv.FormatInt(pick(r, w.records), 10)+"/notes")
			},
			base: func(ctx context.Context, r *rand.Rand) error {
				id := pick(r, w.records)
				return w.readThenAudit(ctx, 0, notesReads(wk.actor, id), auditSQL(wk.actor, "read_notes", "person", &id, ""))
			}},
		{name: "matches",
			route: func(ctx context.Context, r *rand.Rand) error {
				return w.get(ctx, wk, "/api/v1/people/"+strconv.FormatInt(pick(r, w.records), 10)+"/matches")
			},
			base: func(ctx context.Context, r *rand.Rand) error {
				id := pick(r, w.records)
				return w.readThenAudit(ctx, id, matchesReads(wk.actor, id), auditSQL(wk.actor, "read_matches", "person", &id, ""))
			}},
		{name: "hotspots, a month",
			route: func(ctx context.Context, r *rand.Rand) error { return w.get(ctx, cm, hotspots(lastMonth, lastMonth)) },
			base: func(ctx context.Context, r *rand.Rand) error {
				return w.base.run(ctx, hotspotRead(pg, cm.actor, nil, shift, key(lastMonth), key(lastMonth), time.Time{})...)
			}},
		{name: "hotspots, two years",
			route: func(ctx context.Context, r *rand.Rand) error { return w.get(ctx, cm, hotspots(twoYears, thisMonth)) },
			base: func(ctx context.Context, r *rand.Rand) error {
				return w.base.run(ctx, hotspotRead(pg, cm.actor, nil, shift, key(twoYears), key(lastMonth), thisMonth.UTC())...)
			}},
		{name: "compliance, a month",
			route: func(ctx context.Context, r *rand.Rand) error {
				return w.get(ctx, cm, "/api/v1/compliance?month="+month)
			},
			base: func(ctx context.Context, r *rand.Rand) error {
				return w.readThenAudit(ctx, 0, complianceReads(cm.actor, 0, start, end, trend),
					auditSQL(cm.actor, "read_compliance", "report", nil, month))
			}},
		{name: "commissioner PDF",
			route: func(ctx context.Context, r *rand.Rand) error {
				return w.get(ctx, cm, "/api/v1/reports/pack?la="+url.QueryEscape(w.la.Code)+"&month="+month)
			},
			base: func(ctx context.Context, r *rand.Rand) error {
				reads := complianceReads(cm.actor, w.la.ID, start, end, trend)
				reads = append(reads, hotspotRead(pg, cm.actor, []int64{w.la.ID}, shift, key(lastMonth), key(lastMonth), time.Time{})...)
				return w.readThenAudit(ctx, 0, reads, auditSQL(cm.actor, "export_commissioner_pack", "report", nil, month))
			}},
	}
}

// benchZoom is the map zoom at which the county fills a desktop window.
const benchZoom = 10

// readThenAudit sends reads together, then the audit row: a hand-written
// reader audits once it has found what it returns. When want is a person
// id, the first statement must find that person (a sample the scope hides
// would measure a miss, not a read).
func (w *benchWorld) readThenAudit(ctx context.Context, want int64, reads []baseStmt, audit baseStmt) error {
	found := false
	if want != 0 {
		reads[0].row = func([]any) { found = true }
	}
	if err := w.base.run(ctx, reads...); err != nil {
		return err
	}
	if want != 0 && !found {
		return fmt.Errorf("baseline: person %d not found under the scope the route uses", want)
	}
	return w.base.run(ctx, audit)
}

// searchBaseline is the search, then known-to for the page and the
// audit row naming the ids, sent together.
func (w *benchWorld) searchBaseline(ctx context.Context, text string) error {
	var ids []int64
	q := searchRead(w.worker.actor, text)
	q.row = func(vals []any) { ids = append(ids, asInt64(vals[0])) }
	if err := w.base.run(ctx, q); err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("baseline: a search for a recorded full name found nobody")
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return w.base.run(ctx, searchKnownTo(w.worker.actor, ids),
		auditSQL(w.worker.actor, "search", "person", nil, strconv.Itoa(len(ids))+" results; people "+strings.Join(parts, ", ")))
}

// asInt64 reads an id column from either driver.
func asInt64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int32:
		return int64(n)
	case int:
		return int64(n)
	}
	return 0
}
