package server

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/server/app"
)

// contractRoles are the callers every read is tried as: nobody, each kind
// of worker, a manager, the partner, the commissioner and both admins.
var contractRoles = []string{"", "hostel", "manager", "outreach", "refuge", "daycentre", "commissioner", "partner", "admin", "orgadmin"}

// TestAPIContract calls every operation of /api/v1 as several roles,
// success and refusal alike, and checks each real answer against the
// served OpenAPI document with an independent validator
// (libopenapi-validator): the status must be documented, the media type
// declared, and the body must match its schema. It also checks that every
// operation answered with a success at least once, and that an operation
// the document calls public answers without a token.
func TestAPIContract(t *testing.T) {
	w := newWorld(t)
	ct := newContract(t, w)

	// Reads, as everyone.
	for _, path := range contractReads(w) {
		for _, role := range contractRoles {
			ct.call(role, "GET", path, nil)
		}
	}
	// Writes, in an order that keeps the fixture usable.
	ct.writes()
	// Answers no fixture call gives: unknown routes and methods, bad
	// bodies, a body too large.
	ct.call("hostel", "GET", "/api/v1/no-such-thing", nil)
	ct.call("hostel", "PUT", "/api/v1/people", map[string]any{})
	ct.call("hostel", "POST", "/api/v1/people", "{not json")
	ct.call("hostel", "POST", "/api/v1/people", map[string]any{"given_name": 7})
	ct.call("hostel", "POST", "/api/v1/people", strings.Repeat(" ", 2<<20))
	// Query parameters the document marks required are refused when left out.
	for _, c := range []struct{ role, path string }{
		{"partner", "/api/v1/partner/lookup"},
		{"partner", "/api/v1/partner/lookup?name=Harriet+Hostel&dob=1990-06-01"},
	} {
		if r := ct.call(c.role, "GET", c.path, nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("GET %s without a required parameter: %d", c.path, r.status)
		}
	}

	for _, op := range apiOps {
		key := op.Method + " " + op.Path
		if !ct.succeeded[key] {
			t.Errorf("%s was never answered with a success: add a call to contract_test.go", key)
		}
	}
	t.Logf("%d answers validated over %d operations", ct.checked, len(apiOps))
}

// contract holds the validator and what was seen.
type contract struct {
	t         *testing.T
	w         *world
	v         validator.Validator
	doc       map[string]any
	clients   map[string]*client
	succeeded map[string]bool
	checked   int
}

func newContract(t *testing.T, w *world) *contract {
	r := w.api("").get("/api/v1/openapi.json")
	if r.status != http.StatusOK {
		t.Fatalf("openapi.json: %d", r.status)
	}
	d, err := libopenapi.NewDocument([]byte(r.body))
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(d, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Errorf("document: %s: %s", e.Message, e.Reason)
		}
	}
	ct := &contract{t: t, w: w, v: v, clients: map[string]*client{}, succeeded: map[string]bool{}}
	ct.validatorHasTeeth()
	r.decode(t, &ct.doc)
	ct.everyOperationMayBeUnavailable()
	for _, role := range contractRoles {
		ct.clients[role] = w.api(role)
	}
	return ct
}

// call sends one request and validates the answer against the document.
// A body of url.Values is sent as a form; header is name, value pairs.
func (ct *contract) call(role, method, path string, body any, header ...string) response {
	t := ct.t
	t.Helper()
	c := ct.clients[role]
	var r response
	switch b := body.(type) {
	case url.Values:
		r = c.do(method, path, b.Encode(), mediaForm, header...)
	default:
		if method == "GET" || method == "DELETE" && body == nil {
			r = c.do(method, path, "", "", header...)
		} else {
			var s string
			if body != nil {
				if x, ok := body.(string); ok {
					s = x
				} else {
					j, _ := json.Marshal(body)
					s = string(j)
				}
			}
			r = c.do(method, path, s, mediaJSON, header...)
		}
	}
	ct.checked++
	u, _ := url.Parse(ct.w.ts.URL + path)
	req, _ := http.NewRequest(method, u.String(), nil)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if r.status < 300 {
		ct.checkRequest(method, u.String(), c.token, body, header...)
	}
	resp := &http.Response{StatusCode: r.status, Header: r.header, Body: io.NopCloser(strings.NewReader(r.body)), Request: req}
	where := fmt.Sprintf("%s %s as %q → %d", method, path, role, r.status)
	key, documented := ct.operation(method, u.Path)
	if ok, errs := ct.v.ValidateHttpResponse(req, resp); documented && !ok {
		for _, e := range errs {
			msg := e.Message + ": " + e.Reason
			for _, se := range e.SchemaValidationErrors {
				msg += fmt.Sprintf("\n\t%s %s", se.FieldPath, se.Reason)
			}
			t.Errorf("%s: %s\n\tbody: %.600s", where, msg, r.body)
		}
	}
	ct.strict(where, method, u.Path, r)
	if documented {
		if r.status < 400 {
			ct.succeeded[key] = true
		}
		if ct.public(method, key) && r.status == http.StatusUnauthorized && ct.response(key, r.status) == nil {
			t.Errorf("%s: the document says %s needs no token", where, key)
		}
		if role == "" && !ct.public(method, key) && r.status != http.StatusUnauthorized && r.status != http.StatusNotFound {
			t.Errorf("%s: the document says %s needs a token, but it answered without one", where, key)
		}
	} else if !strings.Contains(r.header.Get("Content-Type"), problemJSON) {
		t.Errorf("%s: an address outside the document answered %s, not a problem detail", where, r.header.Get("Content-Type"))
	}
	return r
}

// strict adds what the validator leaves to taste: the media type must be
// declared exactly (not matched by a wildcard), a status without content
// must send none, and every error is a problem detail that keeps error.
func (ct *contract) strict(where, method, path string, r response) {
	t := ct.t
	t.Helper()
	media, _, _ := mime.ParseMediaType(r.header.Get("Content-Type"))
	key, ok := ct.operation(method, path)
	switch {
	case r.status < 400:
	case ok && key == oauthTokenOp && oauthRefusals[r.status]:
		// The one exemption: the OAuth token endpoint answers the grant's
		// refusals in RFC 6749 §5.2's shape, {error, error_description} as
		// application/json, because that is what OAuth client libraries
		// read; a problem detail would break them. Its other errors (413,
		// 500, 503: the server's, not the protocol's) are problem details.
		var e map[string]any
		if media != mediaJSON || json.Unmarshal([]byte(r.body), &e) != nil || e["error"] == nil || e["error_description"] == nil || e["status"] != nil {
			t.Errorf("%s: not an RFC 6749 error (%s): %.300s", where, media, r.body)
		}
	default:
		var p map[string]any
		if media != problemJSON || json.Unmarshal([]byte(r.body), &p) != nil || p["error"] == nil || p["status"] != float64(r.status) {
			t.Errorf("%s: not a problem detail (%s): %.300s", where, media, r.body)
		}
	}
	if !ok {
		return
	}
	res := ct.response(key, r.status)
	if res == nil {
		return // the validator reports it
	}
	content := mapOf(res["content"])
	switch {
	case len(content) == 0 && r.body != "":
		t.Errorf("%s: the document says no content, the server sent %s", where, media)
	case len(content) > 0 && content[media] == nil:
		t.Errorf("%s: %s is not declared for this status (declared: %v)", where, media, keys(content))
	}
}

// oauthTokenOp is the operation whose refusals (oauthRefusals) follow RFC
// 6749, not RFC 9457: see strict.
const oauthTokenOp = "POST /oauth/token"

var oauthRefusals = map[int]bool{http.StatusBadRequest: true, http.StatusUnauthorized: true, http.StatusTooManyRequests: true}

// response is the document's answer for an operation ("METHOD /path") and
// status, or nil.
func (ct *contract) response(key string, status int) map[string]any {
	method, p, _ := strings.Cut(key, " ")
	op := mapOf(mapOf(mapOf(ct.doc["paths"])[p])[strings.ToLower(method)])
	return mapOf(mapOf(op["responses"])[strconv.Itoa(status)])
}

// operation finds the documented operation a request falls under.
func (ct *contract) operation(method, path string) (string, bool) {
	rel := strings.TrimPrefix(path, "/api/v1")
	for p, item := range mapOf(ct.doc["paths"]) {
		if mapOf(item)[strings.ToLower(method)] == nil {
			continue
		}
		if matchTemplate(p, rel) {
			return method + " " + p, true
		}
	}
	return "", false
}

func (ct *contract) public(method, key string) bool {
	_, p, _ := strings.Cut(key, " ")
	sec, ok := mapOf(mapOf(mapOf(ct.doc["paths"])[p])[strings.ToLower(method)])["security"].([]any)
	return ok && len(sec) == 0
}

// matchTemplate: literal segments must match exactly, so /people/duplicates
// is not /people/{id}.
func matchTemplate(tmpl, path string) bool {
	a, b := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.HasPrefix(a[i], "{") {
			if b[i] == "" {
				return false
			}
			if !stringParams[strings.Trim(a[i], "{}")] {
				if _, err := strconv.ParseInt(b[i], 10, 64); err != nil {
					return false
				}
			}
			continue
		}
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// contractReads are the GET addresses tried as every role.
func contractReads(w *world) []string {
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	hp, mixed, ro := id(w.people["hostel_person"].ID), id(w.people["mixed"].ID), id(w.people["refuge_only"].ID)
	la := id(w.las[0].ID)
	v := "/api/v1"
	return []string{
		v + "/me", v + "/version", v + "/openapi.json", v + "/directory", v + "/directory?format=tabular", v + "/places",
		v + "/people?q=Harriet", v + "/people/" + hp, v + "/people/" + mixed, v + "/people/" + ro,
		v + "/people/" + hp + "/notes", v + "/people/" + mixed + "/notes",
		v + "/partner/lookup?" + url.Values{"name": {"Harriet Hostel"}, "dob": {"1990-06-01"}, "reason": {"welfare check after a call"}}.Encode(),
		v + "/audit", v + "/audit/alerts", v + "/notifications", v + "/tasks",
		v + "/local-authorities", v + "/local-authorities/" + la,
		v + "/organisations", v + "/organisations/" + id(w.svcs["daycentre"].OrganisationID),
		v + "/services", v + "/services/" + id(w.svcs["hostel"].ID), v + "/services/" + id(w.svcs["refuge"].ID),
		v + "/users", v + "/users/" + id(w.users["daycentre"].ID),
		v + "/policy",
		v + "/people/duplicates?given_name=Harriet&family_name=Hostel",
		v + "/merges", v + "/duplicate-pairs",
		v + "/people/" + hp + "/assessments", v + "/people/" + hp + "/assessments/" + id(w.ids["assessment_hostel_person_hostel"]),
		v + "/people/" + hp + "/assessments/" + id(w.ids["draft_hostel_person_hostel"]),
		v + "/forms", v + "/forms/1",
		v + "/people/" + hp + "/consents", v + "/people/" + mixed + "/safety-plans",
		v + "/pathways", v + "/people/" + hp + "/cases",
		v + "/cases/" + id(w.ids["case_hostel_person_hostel"]), v + "/cases/" + id(w.ids["case_hostel_person_hostel"]) + "/transitions",
		v + "/review",
		v + "/people/" + hp + "/my-record.pdf",
		v + "/people/" + hp + "/subject-access", v + "/people/" + hp + "/subject-access.pdf",
		v + "/people/" + hp + "/matches", v + "/people/" + mixed + "/matches",
		v + "/referrals", v + "/referrals?box=out", v + "/referrals/" + id(w.ids["referral_outreach_to_hostel"]),
		v + "/referrals/" + id(w.ids["referral_refuge_to_daycentre"]),
		v + "/placements", v + "/placements?state=all", v + "/placements/" + id(w.ids["placement_hostel"]),
		v + "/services/" + id(w.svcs["hostel"].ID) + "/vacancies",
		v + "/vacancies/" + id(w.ids["vacancy_hostel"]) + "/candidates",
		v + "/services/" + id(w.svcs["hostel"].ID) + "/rules", v + "/matching/weights",
		v + "/reports/gaps", v + "/reports/gaps?format=csv",
		v + "/security",
		v + "/alerts/" + w.refs["alert_outreach"], v + "/alerts", v + "/alerts/" + w.refs["alert_outreach"] + "/detail",
		v + "/street-contacts", v + "/street-contacts/" + id(w.ids["contact_rosa"]),
		v + "/hotspots", v + "/reports/flows", v + "/reports/flows?format=csv",
		v + "/compliance",
		v + "/services/" + id(w.svcs["hostel"].ID) + "/compliance",
		v + "/services/" + id(w.svcs["hostel"].ID) + "/compliance?format=csv",
		v + "/services/" + id(w.svcs["hostel"].ID) + "/compliance?format=pdf",
		v + "/reports/compliance?la=" + la + "&format=csv", v + "/reports/compliance?la=" + la,
		v + "/reports/pack?la=" + la,
		v + "/compliance/rules",
		v + "/retention", v + "/sso", v + "/clients", v + "/tokens",
	}
}

// write makes one change: first as callers who may not, then as one who
// may, which must succeed (or answer want).
func (ct *contract) write(role, method, path string, body any, want ...int) response {
	ct.t.Helper()
	for _, other := range []string{"", "partner", "commissioner"} {
		if other != role {
			ct.call(other, method, path, body)
		}
	}
	r := ct.call(role, method, path, body)
	ok := r.status < 300
	for _, s := range want {
		ok = r.status == s
	}
	if !ok {
		ct.t.Errorf("%s %s as %s: %d %s", method, path, role, r.status, r.body)
	}
	return r
}

// idOf reads "id" from a JSON answer, or from one of its members.
func idOf(t *testing.T, r response, member ...string) string {
	t.Helper()
	var m map[string]any
	json.Unmarshal([]byte(r.body), &m)
	for _, k := range member {
		m = mapOf(m[k])
	}
	f, ok := m["id"].(float64)
	if !ok {
		t.Fatalf("no id in %.300s", r.body)
	}
	return strconv.FormatInt(int64(f), 10)
}

// writes makes every change the API offers, once each by a role that may.
func (ct *contract) writes() {
	t, w := ct.t, ct.w
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	hp, mixed := id(w.people["hostel_person"].ID), id(w.people["mixed"].ID)
	v := "/api/v1"
	hostel, daycentre := id(w.svcs["hostel"].ID), id(w.svcs["daycentre"].ID)

	// Auth.
	ct.write("", "POST", v+"/tokens", map[string]any{"email": "hostel@test.example", "password": modeltest.TestPassword})
	ct.write("hostel", "PUT", v+"/tokens/current/service", map[string]any{"service_id": w.svcs["hostel"].ID})
	ct.write("admin", "POST", v+"/places", map[string]any{"type": "FeatureCollection", "features": []any{map[string]any{"type": "Feature",
		"geometry": map[string]any{"type": "Point", "coordinates": []float64{-1.5, 52.8}}, "properties": map[string]any{"name": "Contract Square", "kind": "landmark"}}}})

	// People, notes, involvements.
	ct.write("hostel", "POST", v+"/people", map[string]any{"given_name": "Harriet", "family_name": "Hostel", "dob": "1990-06-01"}, http.StatusConflict)
	nadia := idOf(t, ct.write("hostel", "POST", v+"/people", map[string]any{"given_name": "Nadia", "family_name": "Newcomer", "dob": "1991-02-03"}))
	ct.write("hostel", "PATCH", v+"/people/"+hp, map[string]any{"phone": "07700 900555"})
	ct.write("hostel", "POST", v+"/people/"+hp+"/notes", map[string]any{"body": "Seen today; doing well."})
	task := idOf(t, ct.write("hostel", "POST", v+"/people/"+hp+"/tasks", map[string]any{"title": "Ring the GP", "kind": "appointment", "due_at": models.Now().AddDate(0, 0, 3).Format("2006-01-02T15:04:05Z07:00")}))
	ct.write("hostel", "POST", v+"/people/"+hp+"/tasks", map[string]any{"title": "", "due_at": "soon"}, http.StatusUnprocessableEntity)
	ct.write("hostel", "POST", v+"/tasks/"+task+"/done", nil)
	ct.write("daycentre", "POST", v+"/tasks/"+task+"/done", nil, http.StatusNotFound)
	inv := idOf(t, ct.write("daycentre", "POST", v+"/people/"+hp+"/involvements", map[string]any{"reason": "Comes in for lunch"}))
	ct.write("daycentre", "POST", v+"/people/"+hp+"/involvements", map[string]any{"reason": "Comes in for lunch"})
	ct.write("daycentre", "POST", v+"/involvements/"+inv+"/close", map[string]any{"reason": "Stopped coming"})
	ct.write("admin", "POST", v+"/people/"+hp+"/break-glass", map[string]any{"reason": "Hospital asked urgently about medication"})

	// Merge and split: Nadia recorded twice.
	twin := idOf(t, ct.write("hostel", "POST", v+"/people", map[string]any{"given_name": "Nadia", "family_name": "Newcomer", "dob": "1991-02-03", "confirm_new": true}))
	m := idOf(t, ct.write("admin", "POST", v+"/people/"+nadia+"/merge", map[string]any{"merge_id": mustInt(twin), "reason": "Same person recorded twice"}))
	ct.call("hostel", "GET", v+"/people/"+twin, nil) // 301 to where it went
	ct.write("admin", "POST", v+"/merges/"+m+"/split", map[string]any{"reason": "They were twins after all"})

	// The duplicate review.
	for _, given := range []string{"Hariet", "Harriett"} {
		ct.write("outreach", "POST", v+"/people", map[string]any{"given_name": given, "family_name": "Hostle", "dob": "1990-06-01", "confirm_new": true})
	}
	if _, err := app.ReviewDuplicates(ctx, w.store, w.pol, false, nil); err != nil {
		t.Fatal(err)
	}
	var pairs struct {
		Pairs []struct {
			ID int64 `json:"id"`
			A  struct {
				ID int64 `json:"id"`
			} `json:"person_a"`
		} `json:"pairs"`
	}
	ct.call("admin", "GET", v+"/duplicate-pairs", nil).decode(t, &pairs)
	if len(pairs.Pairs) < 2 {
		t.Fatalf("the duplicate review found %d pairs", len(pairs.Pairs))
	}
	ct.write("admin", "POST", v+"/duplicate-pairs/"+id(pairs.Pairs[0].ID)+"/not-same", map[string]any{"note": "Different people"})
	ct.write("admin", "POST", v+"/duplicate-pairs/"+id(pairs.Pairs[1].ID)+"/merge", map[string]any{"keep": pairs.Pairs[1].A.ID, "reason": "Same person, misspelt"})

	// Assessments and forms.
	ct.write("hostel", "POST", v+"/people/"+hp+"/assessments", map[string]any{}) // the draft there: 200
	as := idOf(t, ct.write("hostel", "POST", v+"/people/"+mixed+"/assessments", map[string]any{}))
	answers := map[string]any{}
	for k, x := range requiredAnswers() {
		answers[k] = x
	}
	ct.write("hostel", "PATCH", v+"/people/"+mixed+"/assessments/"+as, map[string]any{"answers": answers})
	ct.write("hostel", "POST", v+"/people/"+mixed+"/assessments/"+as+"/complete", nil)
	ct.write("hostel", "DELETE", v+"/people/"+hp+"/assessments/"+id(w.ids["draft_hostel_person_hostel"]), nil)
	var form struct {
		Version struct {
			Definition json.RawMessage `json:"definition"`
		} `json:"version"`
	}
	ct.call("admin", "GET", v+"/forms/1", nil).decode(t, &form)
	ct.write("admin", "POST", v+"/forms", map[string]any{"definition": form.Version.Definition, "notes": "The same questions again"})

	// Consent, safety plans, cases.
	consent := idOf(t, ct.write("hostel", "POST", v+"/people/"+hp+"/consents", map[string]any{"purpose": "share_assessment", "with_whom": "services I am referred to", "given": true}))
	ct.write("hostel", "POST", v+"/people/"+hp+"/safety-plans", map[string]any{"keeps_me_safe": "My sister", "agreed_actions": "Text first", "review_by": models.Now().AddDate(0, 1, 0).Format("2006-01-02")})
	cs := idOf(t, ct.write("hostel", "POST", v+"/people/"+nadia+"/cases", map[string]any{"pathway": "prevention_relief", "rag_reason": "Asked to leave by family"}))
	var open struct {
		Case struct {
			Version int `json:"version"`
		} `json:"case"`
		Actions []struct {
			Key string `json:"key"`
		} `json:"actions"`
	}
	ct.call("hostel", "GET", v+"/cases/"+cs, nil).decode(t, &open)
	if len(open.Actions) == 0 {
		t.Fatal("a new case offers no action")
	}
	ct.write("hostel", "POST", v+"/cases/"+cs+"/rag", map[string]any{"rag": "amber", "rag_reason": "Staying with a friend for now"})
	ct.write("hostel", "POST", v+"/cases/"+cs+"/transitions", map[string]any{"action": open.Actions[0].Key, "note": "Done today"})

	// Placement: adjustments, referrals, vacancies, move-on.
	ct.write("hostel", "POST", v+"/people/"+mixed+"/adjustments", map[string]any{"kind": "discretion", "points": 3, "reason": "Discharged from hospital tomorrow"})
	ct.write("hostel", "POST", v+"/adjustments/"+id(w.ids["adjustment_hostel"])+"/withdraw", nil)
	ref := idOf(t, ct.write("hostel", "POST", v+"/referrals", map[string]any{"person_id": w.people["hostel_person"].ID, "to_service_id": w.svcs["daycentre"].ID, "message": "Lunch and company"}))
	ct.write("daycentre", "POST", v+"/referrals/"+ref+"/decline", map[string]any{"reason": "no_vacancy", "note": "Full this month"})
	ref = idOf(t, ct.write("hostel", "POST", v+"/referrals", map[string]any{"person_id": w.people["hostel_person"].ID, "to_service_id": w.svcs["daycentre"].ID}))
	ct.write("hostel", "POST", v+"/referrals/"+ref+"/withdraw", map[string]any{"note": "Sent by mistake"})
	ct.write("daycentre", "POST", v+"/referrals/"+id(w.ids["referral_refuge_to_daycentre"])+"/accept", map[string]any{})
	ct.write("hostel", "POST", v+"/people/"+hp+"/consents/"+consent+"/withdraw", map[string]any{"reason": "Changed her mind"})
	vac := idOf(t, ct.write("manager", "POST", v+"/services/"+hostel+"/vacancies", map[string]any{"label": "Rooms", "places": 1}))
	ct.write("manager", "PATCH", v+"/vacancies/"+vac, map[string]any{"places": 2})
	ct.write("manager", "PUT", v+"/services/"+hostel+"/profile", map[string]any{"assessment_hours": map[string]any{"mon": []string{"09:00-17:00"}}})
	ct.write("hostel", "POST", v+"/placements/"+id(w.ids["placement_hostel"])+"/move-on", map[string]any{"date": models.Now().In(models.London).Format("2006-01-02"), "reason": "planned", "destination": "social_tenancy"})
	ct.write("hostel", "POST", v+"/placements/"+id(w.ids["placement_hostel"])+"/move-on/amend", map[string]any{"note": "Keys handed over"})
	var rules struct {
		Version int             `json:"version"`
		Rules   json.RawMessage `json:"rules"`
	}
	ct.call("admin", "GET", v+"/services/"+hostel+"/rules", nil).decode(t, &rules)
	ct.write("admin", "PUT", v+"/services/"+hostel+"/rules", map[string]any{"based_on_version": rules.Version, "reason": "Checked again", "rules": rules.Rules})
	var weights struct {
		Version int             `json:"version"`
		Weights json.RawMessage `json:"weights"`
	}
	ct.call("admin", "GET", v+"/matching/weights", nil).decode(t, &weights)
	ct.write("admin", "PUT", v+"/matching/weights", map[string]any{"based_on_version": weights.Version, "reason": "Checked again", "weights": weights.Weights})

	// Street contacts and alerts.
	var st struct {
		Reference string `json:"reference"`
	}
	ct.write("", "POST", v+"/alerts", map[string]any{"location": "Bus station, under the canopy", "la_id": w.las[1].ID, "description": "A man in a sleeping bag"}).decode(t, &st)
	ct.write("admin", "POST", v+"/alerts/"+w.refs["alert_unrouted"]+"/route", map[string]any{"service_id": w.svcs["outreach"].ID})
	ct.write("outreach", "POST", v+"/alerts/"+w.refs["alert_outreach"]+"/status", map[string]any{"status": "looking", "note": "On our way"})
	sc := idOf(t, ct.write("outreach", "POST", v+"/street-contacts", map[string]any{"lat": hotspotPoint[1], "lon": hotspotPoint[0], "site_type": "doorway", "description": "man in a green coat"}))
	ct.write("outreach", "PATCH", v+"/street-contacts/"+sc, map[string]any{"site_type": "tent"})

	// Compliance rules.
	var cr struct {
		Version int `json:"version"`
		Rules   struct {
			Types json.RawMessage `json:"types"`
		} `json:"rules"`
	}
	ct.call("admin", "GET", v+"/compliance/rules", nil).decode(t, &cr)
	ct.write("admin", "POST", v+"/compliance/rules", map[string]any{"based_on": cr.Version, "reason": "Checked again", "types": cr.Rules.Types})

	// Administration, last: it changes who may do what.
	ct.write("admin", "POST", v+"/local-authorities", map[string]any{"code": "E06999001", "name": "Testshire"})
	ct.write("admin", "PATCH", v+"/local-authorities/"+id(w.las[1].ID), map[string]any{"code": w.las[1].Code, "name": "Southvale"})
	newOrg := idOf(t, ct.write("admin", "POST", v+"/organisations", map[string]any{"name": "New Charity"}))
	ct.write("orgadmin", "PATCH", v+"/organisations/"+id(w.svcs["daycentre"].OrganisationID), map[string]any{"name": "Southvale Homes Ltd"})
	dropIn := idOf(t, ct.write("orgadmin", "POST", v+"/services", map[string]any{"organisation_id": w.svcs["daycentre"].OrganisationID, "name": "Southvale Drop-in", "type": "day_centre", "la_ids": []int64{w.las[1].ID}}))
	ct.write("orgadmin", "PATCH", v+"/services/"+daycentre, map[string]any{"phone": "01632 960000"})
	u := idOf(t, ct.write("orgadmin", "POST", v+"/users", map[string]any{"email": "new@test.example", "name": "New Worker", "password": "a long enough passphrase here", "service_id": w.svcs["daycentre"].ID, "role": "worker"}))
	ct.write("orgadmin", "PATCH", v+"/users/"+u, map[string]any{"name": "New Worker", "email": "new.worker@test.example"})
	ms := idOf(t, ct.write("orgadmin", "POST", v+"/users/"+u+"/memberships", map[string]any{"service_id": mustInt(dropIn), "role": "manager"}))
	ct.write("orgadmin", "DELETE", v+"/memberships/"+ms, nil)
	ct.write("orgadmin", "POST", v+"/users/"+u+"/disable", nil)
	ct.write("orgadmin", "POST", v+"/users/"+u+"/enable", nil)
	ct.write("admin", "POST", v+"/users/"+u+"/two-factor/reset", nil)
	rule := map[string]any{"role": "partner", "service_type": "*", "resource": "report", "action": "read"}
	ct.write("admin", "POST", v+"/policy/grant", rule)
	ct.write("admin", "POST", v+"/policy/revoke", rule)
	ct.write("admin", "PUT", v+"/security", map[string]any{"require_two_factor": false})

	// Named tokens, retention and erasure (merged from main).
	expires := models.Now().AddDate(0, 0, 30).Format("2006-01-02")
	tok := idOf(t, ct.write("hostel", "POST", v+"/tokens/named", map[string]any{"name": "Vacancy board", "expires_at": expires, "permissions": []string{"vacancy:read"}}))
	ct.write("hostel", "DELETE", v+"/tokens/"+tok, nil)
	var ret struct {
		Current struct {
			Periods map[string]int `json:"periods"`
		} `json:"current"`
	}
	ct.call("admin", "GET", v+"/retention", nil).decode(t, &ret)
	ct.write("admin", "POST", v+"/retention", map[string]any{"periods": ret.Current.Periods, "reason": "Checked again"})
	ct.write("admin", "POST", v+"/people/"+twin+"/erasure", map[string]any{"reason": "The person asked us to erase their record", "requested_via_service_id": w.svcs["hostel"].ID,
		"open_work_reason": "Recorded twice; nothing open on this record"})

	// A confidential service's own part of a subject access export: its
	// manager releases it (the hostel's manager holds none of it).
	w.addManager("refugemgr", "refuge")
	ct.clients["refugemgr"] = w.api("refugemgr")
	ro := id(w.people["refuge_only"].ID)
	ct.expect(http.StatusNotFound, "manager", "POST", v+"/people/"+ro+"/subject-access/part", nil)
	ct.expect(http.StatusForbidden, "admin", "POST", v+"/people/"+ro+"/subject-access/part", nil)
	ct.write("refugemgr", "POST", v+"/people/"+ro+"/subject-access/part", nil)

	// Single sign-on, on the organisation made above so no
	// fixture user's sign-in changes: a provider, the organisation's
	// rules, and removing a provider (refused while one is in use).
	org := newOrg
	provider := func(slug string) map[string]any {
		return map[string]any{"slug": slug, "name": "Contract IdP " + slug, "issuer": "https://idp.contract.example/" + slug, "client_id": "contract-" + slug, "secret_env": "GATEWAY_OIDC_CONTRACT_SECRET"}
	}
	idp := idOf(t, ct.write("admin", "POST", v+"/sso/providers", provider("used")))
	ct.expect(http.StatusConflict, "admin", "POST", v+"/sso/providers", provider("used")) // the slug is taken
	ct.write("admin", "PUT", v+"/sso/organisations/"+org, map[string]any{"provider_id": mustInt(idp), "email_domains": "contract.example", "passwords_off": false})
	ct.expect(http.StatusUnprocessableEntity, "admin", "PUT", v+"/sso/organisations/"+org, map[string]any{"provider_id": mustInt(idp), "email_domains": "not a domain"})
	ct.expect(http.StatusConflict, "admin", "DELETE", v+"/sso/providers/"+idp, nil) // in use
	spare := idOf(t, ct.write("admin", "POST", v+"/sso/providers", provider("spare")))
	ct.write("admin", "DELETE", v+"/sso/providers/"+spare, nil)
	ct.call("", "GET", v+"/sso", nil)
	ct.call("admin", "GET", v+"/sso", nil)

	// A partner system: its credentials, the client-credentials
	// grant as an OAuth library sends it (a form, HTTP Basic) and as JSON,
	// the grant's refusals, and revoking it.
	var cl struct {
		ID     int64  `json:"id"`
		Key    string `json:"client_id"`
		Secret string `json:"client_secret"`
	}
	ct.write("admin", "POST", v+"/clients", map[string]any{"name": "Police case system", "service_id": w.svcs["police"].ID,
		"permissions": []string{"partner_lookup:read"}, "expires_at": expires, "allowed_addresses": []string{}}).decode(t, &cl)
	ct.expect(http.StatusUnprocessableEntity, "admin", "POST", v+"/clients", map[string]any{"name": "Too much", "service_id": w.svcs["police"].ID, "permissions": []string{"person:write"}, "expires_at": expires})
	basic := func(key, secret string) []string {
		req, _ := http.NewRequest("POST", "/", nil)
		req.SetBasicAuth(key, secret)
		return []string{"Authorization", req.Header.Get("Authorization")}
	}
	grant := url.Values{"grant_type": {"client_credentials"}}
	var at struct {
		Token string `json:"access_token"`
	}
	if r := ct.call("", "POST", v+"/oauth/token", grant, basic(cl.Key, cl.Secret)...); r.status != http.StatusOK {
		t.Errorf("the client-credentials grant: %d %s", r.status, r.body)
	} else {
		r.decode(t, &at)
	}
	if r := ct.call("", "POST", v+"/oauth/token", map[string]any{"grant_type": "client_credentials", "client_id": cl.Key, "client_secret": cl.Secret}); r.status != http.StatusOK {
		t.Errorf("the grant as JSON: %d %s", r.status, r.body)
	}
	for _, c := range []struct {
		body   any
		header []string
		status int
	}{
		{url.Values{"grant_type": {"password"}}, basic(cl.Key, cl.Secret), http.StatusBadRequest},
		{"{not json", nil, http.StatusBadRequest},
		{map[string]any{"grant_type": 7}, nil, http.StatusBadRequest},
		{grant, nil, http.StatusUnauthorized},
		{grant, basic(cl.Key, cl.Secret+"x"), http.StatusUnauthorized},
	} {
		if r := ct.call("", "POST", v+"/oauth/token", c.body, c.header...); r.status != c.status {
			t.Errorf("POST /oauth/token with %v: %d, want %d: %s", c.body, r.status, c.status, r.body)
		}
	}
	ct.clients["system"] = &client{w: w, role: "system", http: http.DefaultClient, token: at.Token}
	ct.expect(http.StatusOK, "system", "GET", v+"/partner/lookup?"+url.Values{"name": {"Harriet Hostel"}, "dob": {"1990-06-01"}, "reason": {"welfare check after a call"}}.Encode(), nil)
	ct.expect(http.StatusForbidden, "system", "GET", v+"/clients", nil) // not the system's to see
	ct.write("admin", "POST", v+"/clients/"+id(cl.ID)+"/revoke", nil)
	if r := ct.call("", "POST", v+"/oauth/token", grant, basic(cl.Key, cl.Secret)...); r.status != http.StatusUnauthorized {
		t.Errorf("a revoked client's grant: %d %s", r.status, r.body)
	}
	ct.expect(http.StatusUnauthorized, "system", "GET", v+"/me", nil) // its token stopped at once

	// Last of all: revoke a token.
	ct.clients["spare"] = w.api("manager")
	// (Anyone with a token may revoke it, so only nobody is refused.)
	ct.call("", "DELETE", v+"/tokens/current", nil)
	if r := ct.call("spare", "DELETE", v+"/tokens/current", nil); r.status != http.StatusNoContent {
		t.Errorf("revoking a token: %d %s", r.status, r.body)
	}
}

// expect calls and checks the status.
func (ct *contract) expect(status int, role, method, path string, body any) response {
	ct.t.Helper()
	r := ct.call(role, method, path, body)
	if r.status != status {
		ct.t.Errorf("%s %s as %s: %d, want %d: %.300s", method, path, role, r.status, status, r.body)
	}
	return r
}

func mustInt(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }

// validatorHasTeeth: answers the document does not allow are refused, so
// a quiet run means something.
func (ct *contract) validatorHasTeeth() {
	req, _ := http.NewRequest("GET", ct.w.ts.URL+"/api/v1/version", nil)
	for _, bad := range []struct {
		status      int
		ctype, body string
	}{
		{200, "application/json", `{"version": 5}`},
		{200, "application/json", `{}`},
		{200, "application/json", `{"version": "1", "extra": true}`},
		{418, "application/json", `{"version": "1"}`},
		{200, "text/html", `<p>hello</p>`},
		{404, problemJSON, `{"error": "x"}`},
		// A well-formed problem detail with a status the operation does
		// not document: a handler answering it fails the test.
		{429, problemJSON, `{"type": "about:blank", "title": "Too Many Requests", "status": 429, "detail": "x", "error": "x"}`},
		{409, problemJSON, `{"type": "about:blank", "title": "Conflict", "status": 409, "detail": "x", "error": "x"}`},
	} {
		resp := &http.Response{StatusCode: bad.status, Header: http.Header{"Content-Type": {bad.ctype}}, Body: io.NopCloser(strings.NewReader(bad.body)), Request: req}
		if ok, _ := ct.v.ValidateHttpResponse(req, resp); ok {
			ct.t.Fatalf("the validator let through %d %s %s", bad.status, bad.ctype, bad.body)
		}
	}
	// ...while the same problem detail with a status it does document
	// passes, so what was refused above was the status alone.
	if !ct.validProblem(req, http.StatusNotFound) {
		ct.t.Fatal("the validator refused a documented 404 problem detail")
	}
}

// validProblem: would the validator accept a problem detail with this
// status as req's answer?
func (ct *contract) validProblem(req *http.Request, status int) bool {
	body, _ := json.Marshal(problem(status, "x", nil))
	resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {problemJSON}}, Body: io.NopCloser(strings.NewReader(string(body))), Request: req}
	ok, errs := ct.v.ValidateHttpResponse(req, resp)
	for _, e := range errs {
		ct.t.Logf("%s %s → %d: %s: %s", req.Method, req.URL.Path, status, e.Message, e.Reason)
	}
	return ok
}

// everyOperationMayBeUnavailable: every operation documents 503, the
// answer of the request deadline or a database outage (deadline.go,
// respond.go's fail), as a problem detail with Retry-After, since any
// handler that reads the database can give it.
func (ct *contract) everyOperationMayBeUnavailable() {
	t := ct.t
	for _, op := range apiOps {
		key := op.Method + " " + op.Path
		res := ct.response(key, http.StatusServiceUnavailable)
		if mapOf(mapOf(res["content"])[problemJSON]) == nil {
			t.Errorf("%s: 503 is not documented as a problem detail", key)
			continue
		}
		req, _ := http.NewRequest(op.Method, ct.w.ts.URL+"/api/v1"+pathParam.ReplaceAllString(op.Path, "1"), nil)
		if !ct.validProblem(req, http.StatusServiceUnavailable) {
			t.Errorf("%s: the validator refuses a 503 problem detail", key)
		}
	}
}

// checkRequest: a request the server accepted must be one the document
// allows, so the hand-written request schemas stay true too.
func (ct *contract) checkRequest(method, u, token string, body any, header ...string) {
	ct.t.Helper()
	var b []byte
	media := mediaJSON
	switch x := body.(type) {
	case nil:
	case string:
		b = []byte(x)
	case url.Values:
		b, media = []byte(x.Encode()), mediaForm
	default:
		b, _ = json.Marshal(x)
	}
	req, _ := http.NewRequest(method, u, strings.NewReader(string(b)))
	if len(b) > 0 {
		req.Header.Set("Content-Type", media)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if ok, errs := ct.v.ValidateHttpRequest(req); !ok {
		for _, e := range errs {
			msg := e.Message + ": " + e.Reason
			for _, se := range e.SchemaValidationErrors {
				msg += fmt.Sprintf("\n\t%s %s", se.FieldPath, se.Reason)
			}
			ct.t.Errorf("request %s %s: %s\n\tbody: %.300s", method, u, msg, b)
		}
	}
}
