package server

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"gateway/models"
	"gateway/policy"
)

// missingID names no record of any kind.
const missingID int64 = 987654321

// sweepKind says which ids a route's :id must hide from a caller: the ids
// of fixture records that caller may not see through that route.
type sweepKind func(w *world, role string) []int64

// sweepKinds maps every route with an :id to the kind of record it names.
// A route with an id that is not listed fails TestHiddenAnswersExactlyLikeMissing,
// so each new route must say how it is probed.
var sweepKinds = map[string]sweepKind{
	"/people/:id":                       peopleOutside(policy.People),
	"/people/:id/involvements":          peopleOutside(policy.People),
	"/people/:id/break-glass":           peopleOutside(policy.People),
	"/people/:id/edit":                  peopleOutside(policy.Editable),
	"/people/:id/notes":                 peopleOutside(policy.Records),
	"/involvements/:id/close":           involvementsOutside(policy.Involvements), // readable but not closable: refused naming why
	"/admin/organisations/:id":          nothingHidden,
	"/admin/organisations/:id/edit":     orgsOutsideReach,
	"/admin/services/:id":               nothingHidden,
	"/admin/services/:id/edit":          servicesOutsideReach,
	"/admin/local-authorities/:id":      nothingHidden,
	"/admin/local-authorities/:id/edit": nothingHidden,
	"/admin/users/:id":                  usersOutsideReach,
	"/admin/users/:id/edit":             usersOutsideReach,
	"/admin/users/:id/memberships":      usersOutsideReach,
	"/admin/users/:id/disable":          usersOutsideReach,
	"/admin/users/:id/enable":           usersOutsideReach,
	"/admin/users/:id/password":         usersOutsideReach,
	"/admin/memberships/:id/delete":     membershipsOutsideReach,
	"/admin/memberships/:id":            membershipsOutsideReach,
	// Common assessment and casework. Routes with a second id are
	// also swept with those ids by TestCaseworkHiddenAnswersExactlyLikeMissing.
	"/people/:id/merge":                              peopleOutside(policy.Mergeable),
	"/people/:id/assessments":                        peopleOutside(policy.People),
	"/people/:id/assessments/:aid":                   peopleOutside(policy.People),
	"/people/:id/assessments/:aid/sections/:section": peopleOutside(policy.People),
	"/people/:id/assessments/:aid/override":          peopleOutside(policy.People),
	"/people/:id/assessments/:aid/complete":          peopleOutside(policy.People),
	"/people/:id/assessments/:aid/discard":           peopleOutside(policy.People),
	"/people/:id/consents":                           peopleOutside(policy.Records),
	"/people/:id/consents/:cid/withdraw":             peopleOutside(policy.Records),
	"/people/:id/safety-plan":                        peopleOutside(policy.Records),
	"/people/:id/safety-plans":                       peopleOutside(policy.Records),
	"/people/:id/cases":                              peopleOutside(policy.People),
	"/people/:id/my-record":                          peopleOutside(policy.Records),
	"/people/:id/my-record.pdf":                      peopleOutside(policy.Records),
	"/people/:id/subject-access":                     peopleOutside(subjectAccessPeople),
	"/people/:id/subject-access.json":                peopleOutside(subjectAccessPeople),
	"/people/:id/subject-access.pdf":                 peopleOutside(subjectAccessPeople),
	"/cases/:id":                                     casesOutside(policy.Cases),
	"/cases/:id/transitions":                         casesOutside(policy.Cases),
	"/cases/:id/rag":                                 casesOutside(policy.Cases),
	// Placement: sweep_placement_test.go.
	"/people/:id/matches":       peopleOutside(policy.Records),
	"/people/:id/adjustments":   peopleOutside(policy.Records),
	"/people/:id/referrals/new": peopleOutside(policy.Records),
	"/adjustments/:id/withdraw": rowsOutside("priority_adjustments", policy.WithdrawableAdjustments),
	"/referrals/:id":            rowsOutside("referrals", policy.Referrals),
	"/referrals/:id/accept":     rowsOutside("referrals", policy.Referrals), // readable but not decidable: refused by state (TestActionsOnSettledRecordsNameTheirState)
	"/referrals/:id/decline":    rowsOutside("referrals", policy.Referrals),
	"/referrals/:id/withdraw":   rowsOutside("referrals", policy.Referrals),
	"/placements/:id":           rowsOutside("placements", policy.Placements),
	"/placements/:id/move-on":   rowsOutside("placements", policy.Placements),
	"/vacancies/:id/candidates": vacanciesNotOwn,
	"/services/:id/vacancies":   nothingHidden,
	"/services/:id/profile":     nothingHidden,
	"/vacancies/:id":            nothingHidden,
	"/admin/services/:id/rules": nothingHidden,
	"/street-contacts/:id":      contactsOutsidePins,
}

// kindOf finds the sweep kind of a route (API routes share the page's).
func kindOf(path string) (sweepKind, bool) {
	p := strings.TrimPrefix(path, "/api/v1")
	if k, ok := sweepKinds[p]; ok {
		return k, true
	}
	if k, ok := sweepKinds["/admin"+p]; ok {
		return k, true
	}
	return nil, false
}

func (w *world) actor(role string) policy.Actor {
	ms, err := w.store.Memberships(ctx, w.users[role].ID)
	if err != nil || len(ms) == 0 {
		w.t.Fatalf("memberships of %s", role)
	}
	sv, err := w.store.Service(ctx, ms[0].ServiceID)
	if err != nil {
		w.t.Fatal(err)
	}
	ms[0].Service = sv
	return w.pol.Actor(w.users[role], ms[0], models.Now())
}

func peopleOutside(scope func(policy.Actor) models.Scope) sweepKind {
	return func(w *world, role string) []int64 {
		visible, _, err := w.store.People(ctx, scope(w.actor(role)), models.PersonFilter{Limit: 500})
		if err != nil {
			w.t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, p := range visible {
			seen[p.ID] = true
		}
		var out []int64
		for _, p := range w.people {
			if !seen[p.ID] {
				out = append(out, p.ID)
			}
		}
		return out
	}
}

func involvementsOutside(scope func(policy.Actor) models.Scope) sweepKind {
	return func(w *world, role string) []int64 {
		var all []models.Involvement
		w.store.Gorm().Find(&all)
		var out []int64
		for _, inv := range all {
			if _, err := w.store.Involvement(ctx, scope(w.actor(role)), inv.ID); err != nil {
				out = append(out, inv.ID)
			}
		}
		return out
	}
}

func nothingHidden(*world, string) []int64 { return nil }

// The org admin of the fixture administers the day centre's organisation.
func orgsOutsideReach(w *world, role string) []int64 {
	if role != "orgadmin" {
		return nil
	}
	var ids []int64
	w.store.Gorm().Model(&models.Organisation{}).Where("id <> ?", w.svcs["daycentre"].OrganisationID).Pluck("id", &ids)
	return ids
}

func servicesOutsideReach(w *world, role string) []int64 {
	if role != "orgadmin" {
		return nil
	}
	var ids []int64
	w.store.Gorm().Model(&models.Service{}).Where("organisation_id <> ?", w.svcs["daycentre"].OrganisationID).Pluck("id", &ids)
	return ids
}

func usersOutsideReach(w *world, role string) []int64 {
	if role != "orgadmin" {
		return nil
	}
	var ids []int64
	w.store.Gorm().Model(&models.User{}).Where("id NOT IN (SELECT m.user_id FROM memberships m JOIN services s ON s.id = m.service_id WHERE s.organisation_id = ?)",
		w.svcs["daycentre"].OrganisationID).Pluck("id", &ids)
	return ids
}

func membershipsOutsideReach(w *world, role string) []int64 {
	if role != "orgadmin" {
		return nil
	}
	var ids []int64
	w.store.Gorm().Model(&models.Membership{}).Where("service_id IN (SELECT id FROM services WHERE organisation_id <> ?)",
		w.svcs["daycentre"].OrganisationID).Pluck("id", &ids)
	return ids
}

var roles = []string{"hostel", "manager", "outreach", "daycentre", "refuge", "sexwork", "commissioner", "partner", "admin", "orgadmin"}

// TestHiddenAnswersExactlyLikeMissing walks every registered route with an
// id, as every role, through both front doors, with ids of records the
// caller must not see, and expects the same status, body and headers as
// for an id that does not exist (rule 12).
func TestHiddenAnswersExactlyLikeMissing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	routes := w.srv.Routes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path+routes[i].Method < routes[j].Path+routes[j].Method })
	var mu sync.Mutex
	probes := 0
	probedPeople := map[int64]int{} // person → people routes probed with them hidden
	t.Run("roles", func(t *testing.T) {
		for _, role := range roles {
			t.Run(role, func(t *testing.T) {
				t.Parallel()
				web, api := w.web(role), w.api(role)
				for _, rt := range routes {
					if !strings.Contains(rt.Path, ":id") {
						continue
					}
					kind, ok := kindOf(rt.Path)
					if !ok {
						t.Fatalf("%s %s has an id but the sweep does not know what it names; add it to sweepKinds", rt.Method, rt.Path)
					}
					c := web
					if strings.HasPrefix(rt.Path, "/api/") {
						c = api
					}
					// The telling ids (the refuge-only, sex-work-only and
					// mixed people, or what is theirs) always; others to
					// make up two.
					table := tableOfRoute(rt.Path)
					hidden, telling := w.tellingFirst(table, kind(w, role))
					hidden = hidden[:min(len(hidden), max(2, min(telling, sweepIDsPerRoute)))]
					missing := probe(c, rt.Method, rt.Path, missingID)
					if rt.Method != "GET" && len(hidden) > 0 && missing.status != http.StatusNotFound && missing.status != http.StatusForbidden {
						t.Errorf("%s %s as %s: a missing id answers %d, so the probe never reached the look-up; give the route a body that is otherwise valid in sweepBodies",
							rt.Method, rt.Path, role, missing.status)
					}
					for _, id := range hidden {
						got := probe(c, rt.Method, rt.Path, id)
						mu.Lock()
						probes++
						if table == "people" {
							probedPeople[id]++
						}
						mu.Unlock()
						if diff := sameAnswer(withoutID(missing, missingID), withoutID(got, id)); diff != "" {
							t.Errorf("%s %s as %s: hidden id %d answers unlike a missing one: %s", rt.Method, rt.Path, role, id, diff)
						}
					}
				}
			})
		}
	})
	t.Logf("%d hidden-id probes", probes)
	if probes < 100 {
		t.Errorf("the sweep probed only %d hidden ids; the fixture should hide more", probes)
	}
	for _, key := range []string{"refuge_only", "sexwork_only", "mixed"} {
		if probedPeople[w.people[key].ID] == 0 {
			t.Errorf("the sweep never probed the %s person where it is hidden", key)
		}
	}
}

// sweepIDsPerRoute bounds the hidden ids each route is probed with, per
// role and front door: enough for the refuge-only, sex-work-only and mixed
// people (tellingFirst puts them first) while the sweep stays quick under
// -race on two cores. Every hidden record is still checked by the access
// matrix, which proves the scopes and Can agree.
const sweepIDsPerRoute = 3

// tellingFirst orders ids of table as the leak test ranks them (see
// tellingCond): the refuge-only, sex-work-only and mixed people and what
// belongs to them or to confidential services first, then the rest, each
// by id. Every run probes the same ids, and the most telling ones.
func (w *world) tellingFirst(table string, ids []int64) (ordered []int64, telling int) {
	if len(ids) == 0 || table == "" {
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		return ids, 0
	}
	var rows []struct {
		ID      int64
		Telling int
	}
	err := w.store.Gorm().Table(table).Where("id IN ?", ids).
		Select("id, CASE WHEN " + w.tellingCond(table) + " THEN 1 ELSE 0 END AS telling").
		Order("telling DESC, id").Scan(&rows).Error
	if err != nil || len(rows) != len(ids) {
		w.t.Fatalf("ordering %d hidden %s: %v (%d found)", len(ids), table, err, len(rows))
	}
	for _, r := range rows {
		ordered = append(ordered, r.ID)
		if r.Telling == 1 {
			telling++
		}
	}
	return ordered, telling
}

// sweepBodies are otherwise valid bodies for the routes that check their
// input before looking the record up: with an empty body a hidden and a
// missing id would both be refused for the input, and hiding never tried.
var sweepBodies = map[string]map[string]string{
	"/involvements/:id/close": {"reason": "sweep probe: closing"},
	"/people/:id/break-glass": {"reason": "sweep probe: safeguarding enquiry"},
}

func probe(c *client, method, path string, id int64) response {
	if c.token == "" && c.redirected.Load() {
		// A redirect may leave a flash message that the next page shows;
		// drawing a page first clears it, so each probe starts alike.
		c.get("/choose-service")
	}
	p := strings.Replace(path, ":id", itoa(id), 1)
	body := sweepBodies[strings.TrimPrefix(path, "/api/v1")]
	switch {
	case method == "GET":
		return c.get(p)
	case c.token != "":
		v := map[string]any{}
		for k, s := range body {
			v[k] = s
		}
		return c.json(method, p, v)
	default:
		v := url.Values{}
		for k, s := range body {
			v.Set(k, s)
		}
		return c.form(p, v)
	}
}

// withoutID blanks the probed id where the answer merely echoes it (a
// redirect back to the address the caller asked for).
func withoutID(r response, id int64) response {
	s := itoa(id)
	r.body = strings.ReplaceAll(r.body, "/"+s, "/{id}")
	h := r.header.Clone()
	for k, vs := range h {
		for i := range vs {
			vs[i] = strings.ReplaceAll(vs[i], "/"+s, "/{id}")
		}
		h[k] = vs
	}
	r.header = h
	return r
}

// sameAnswer compares two responses, ignoring what differs on every
// request anyway (the request id, the date, a refreshed session cookie).
func sameAnswer(a, b response) string {
	if a.status != b.status {
		return "status " + itoa(int64(a.status)) + " vs " + itoa(int64(b.status))
	}
	if a.body != b.body {
		return "bodies differ"
	}
	skip := map[string]bool{"Date": true, "X-Request-Id": true, "Set-Cookie": true}
	for k := range a.header {
		if !skip[k] && strings.Join(a.header[k], ",") != strings.Join(b.header[k], ",") {
			return "header " + k + " differs"
		}
	}
	for k := range b.header {
		if _, ok := a.header[k]; !ok && !skip[k] {
			return "header " + k + " only on the hidden answer"
		}
	}
	if (a.header.Get("Set-Cookie") == "") != (b.header.Get("Set-Cookie") == "") {
		return "Set-Cookie on one answer only"
	}
	return ""
}
