package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func count(t *testing.T, w *world, table string) int64 {
	t.Helper()
	var n int64
	if err := w.store.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// Bad input gets a 4xx whose message names the field, and changes nothing.
func TestBadInputNamesTheFieldAndChangesNothing(t *testing.T) {
	w := newWorld(t)
	admin := w.api("admin")
	la := w.las[0].ID
	cases := []struct {
		name, method, path string
		body               any
		status             int
		field              string
		table              string
	}{
		// A body that is not JSON at all is 400 (it was 422);
		// well-formed JSON that says the wrong thing stays 422.
		{"malformed JSON", "POST", "/api/v1/organisations", `{"name": "Half`, 400, "body", "organisations"},
		{"not an object", "POST", "/api/v1/organisations", `["a"]`, 422, "body", "organisations"},
		{"empty body", "POST", "/api/v1/organisations", ``, 400, "body", "organisations"},
		{"unknown field", "POST", "/api/v1/organisations", map[string]any{"name": "X", "colour": "red"}, 422, "colour", "organisations"},
		{"wrong type", "POST", "/api/v1/services", map[string]any{"organisation_id": "one"}, 422, "organisation_id", "services"},
		{"over-long name", "POST", "/api/v1/organisations", map[string]any{"name": strings.Repeat("a", 101)}, 422, "name", "organisations"},
		{"missing name", "POST", "/api/v1/organisations", map[string]any{"name": "  "}, 422, "name", "organisations"},
		{"duplicate name", "POST", "/api/v1/organisations", map[string]any{"name": "northmoor housing TRUST"}, 409, "name", "organisations"},
		{"invalid email", "POST", "/api/v1/users", map[string]any{"email": "not-an-email", "name": "N", "password": "long enough password", "service_id": w.svcs["hostel"].ID, "role": "worker"}, 422, "email", "users"},
		{"duplicate email", "POST", "/api/v1/users", map[string]any{"email": "HOSTEL@test.example", "name": "N", "password": "long enough password", "service_id": w.svcs["hostel"].ID, "role": "worker"}, 409, "email", "users"},
		{"short password", "POST", "/api/v1/users", map[string]any{"email": "new@test.example", "name": "N", "password": "short", "service_id": w.svcs["hostel"].ID, "role": "worker"}, 422, "password", "users"},
		{"role not for this service", "POST", "/api/v1/users", map[string]any{"email": "new@test.example", "name": "N", "password": "long enough password", "service_id": w.svcs["hostel"].ID, "role": "commissioner"}, 422, "role", "users"},
		{"latitude out of range", "POST", "/api/v1/services", map[string]any{"organisation_id": w.svcs["hostel"].OrganisationID, "name": "New", "type": "hostel", "lat": 91.0, "lon": 0.0, "la_ids": []int64{la}}, 422, "lat", "services"},
		{"longitude without latitude", "POST", "/api/v1/services", map[string]any{"organisation_id": w.svcs["hostel"].OrganisationID, "name": "New", "type": "hostel", "lon": 1.0, "la_ids": []int64{la}}, 422, "lat", "services"},
		{"unknown service type", "POST", "/api/v1/services", map[string]any{"organisation_id": w.svcs["hostel"].OrganisationID, "name": "New", "type": "castle", "la_ids": []int64{la}}, 422, "type", "services"},
		{"no local authority", "POST", "/api/v1/services", map[string]any{"organisation_id": w.svcs["hostel"].OrganisationID, "name": "New", "type": "hostel"}, 422, "la_ids", "services"},
		{"missing local authority", "POST", "/api/v1/services", map[string]any{"organisation_id": w.svcs["hostel"].OrganisationID, "name": "New", "type": "hostel", "la_ids": []int64{99999}}, 422, "la_ids", "services"},
		{"duplicate service name", "POST", "/api/v1/services", map[string]any{"organisation_id": w.svcs["hostel"].OrganisationID, "name": "Northmoor HOSTEL", "type": "hostel", "la_ids": []int64{la}}, 409, "name", "services"},
		{"bad LA code", "POST", "/api/v1/local-authorities", map[string]any{"code": "no spaces!", "name": "X"}, 422, "code", "local_authorities"},
		{"boundary in BNG", "POST", "/api/v1/local-authorities", map[string]any{"code": "E06999999", "name": "X", "boundary": map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{445000, 315000}, {446000, 315000}, {446000, 316000}, {445000, 315000}}}}}, 422, "boundary", "local_authorities"},
		{"person without a name", "POST", "/api/v1/people", map[string]any{"given_name": ""}, 422, "given_name", "people"},
		{"date of birth in the future", "POST", "/api/v1/people", map[string]any{"given_name": "A", "dob": "2999-01-01"}, 422, "dob", "people"},
		{"impossible date", "POST", "/api/v1/people", map[string]any{"given_name": "A", "dob": "2001-02-30"}, 422, "dob", "people"},
		{"safety flag without contact", "POST", "/api/v1/people", map[string]any{"given_name": "A", "safety_flag": true}, 422, "safety_contact", "people"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := admin
			if tc.table == "people" {
				c = w.api("hostel")
			}
			before := count(t, w, tc.table)
			r := c.json(tc.method, tc.path, tc.body)
			var e apiError
			r.decode(t, &e)
			if r.status != tc.status || e.Fields[tc.field] == "" {
				t.Fatalf("want %d naming %q, got %d %s", tc.status, tc.field, r.status, r.body)
			}
			if after := count(t, w, tc.table); after != before {
				t.Fatalf("%s changed: %d → %d", tc.table, before, after)
			}
		})
	}
}

func TestFormErrorsAreShownBesideTheFieldWithWhatWasTyped(t *testing.T) {
	w := newWorld(t)
	c := w.web("hostel")
	r := c.form("/people", url.Values{"given_name": {""}, "family_name": {"Typed Family"}, "email": {"nope"}, "_form": {"tok1"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	for _, want := range []string{"is required", "must be an email address", `value="Typed Family"`, "Nothing was saved"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the form should show %q", want)
		}
	}
}

// A double-clicked submit of one form creates one record.
func TestADuplicateSubmitCreatesOneRecord(t *testing.T) {
	w := newWorld(t)
	c := w.web("hostel")
	before := count(t, w, "people")
	form := url.Values{"given_name": {"Dora"}, "family_name": {"Double"}, "_form": {"same-token"}}
	first := c.form("/people", form)
	second := c.form("/people", form)
	if first.status != http.StatusSeeOther || second.status != http.StatusSeeOther {
		t.Fatalf("both submits redirect: %d %d", first.status, second.status)
	}
	if first.header.Get("Location") != second.header.Get("Location") {
		t.Errorf("the second submit goes to what the first created: %s vs %s", first.header.Get("Location"), second.header.Get("Location"))
	}
	if after := count(t, w, "people"); after != before+1 {
		t.Fatalf("want one new person, got %d", after-before)
	}
	// The API does the same with an Idempotency-Key.
	h := w.api("admin")
	r1 := h.doWithHeader("POST", "/api/v1/organisations", `{"name":"Once Only"}`, "Idempotency-Key", "k-1")
	r2 := h.doWithHeader("POST", "/api/v1/organisations", `{"name":"Once Only"}`, "Idempotency-Key", "k-1")
	// (the replay gets the first answer again, 201 with its body,
	// where it used to get a 409.)
	if r1.status != http.StatusCreated || r2.status != http.StatusCreated || r2.body != r1.body || r2.header.Get("Location") == "" {
		t.Fatalf("idempotent create: %d then %d (%s)", r1.status, r2.status, r2.header.Get("Location"))
	}
}

func TestOrgAdminsManageOnlyTheirOwnOrganisation(t *testing.T) {
	w := newWorld(t)
	c := w.api("orgadmin") // org admin of Southvale Homes (the day centre)
	mine := w.svcs["daycentre"].OrganisationID
	theirs := w.svcs["hostel"].OrganisationID
	if r := c.json("PATCH", "/api/v1/organisations/"+itoa(theirs), map[string]any{"name": "Taken over"}); r.status != http.StatusNotFound {
		t.Errorf("another organisation is not theirs: %d", r.status)
	}
	if r := c.json("PATCH", "/api/v1/organisations/"+itoa(mine), map[string]any{"name": "Southvale Homes Ltd"}); r.status != http.StatusOK {
		t.Errorf("their own organisation: %d %s", r.status, r.body)
	}
	r := c.json("POST", "/api/v1/services", map[string]any{"organisation_id": theirs, "name": "Sneaky", "type": "hostel", "la_ids": []int64{w.las[0].ID}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "organisation_id") {
		t.Errorf("a service for another organisation is refused: %d %s", r.status, r.body)
	}
	r = c.json("POST", "/api/v1/users", map[string]any{"email": "new@test.example", "name": "New", "password": "long enough password", "service_id": w.svcs["daycentre"].ID, "role": "area_admin"})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "role") {
		t.Errorf("an org admin cannot make area admins: %d %s", r.status, r.body)
	}
	r = c.json("POST", "/api/v1/users", map[string]any{"email": "new@test.example", "name": "New", "password": "long enough password", "service_id": w.svcs["daycentre"].ID, "role": "worker"})
	if r.status != http.StatusCreated {
		t.Fatalf("an org admin adds a worker to their service: %d %s", r.status, r.body)
	}
	if r := c.get("/api/v1/users/" + itoa(w.users["hostel"].ID)); r.status != http.StatusNotFound {
		t.Errorf("users of other organisations are not theirs: %d", r.status)
	}
	var list userListPage
	c.get("/api/v1/users").decode(t, &list)
	for _, u := range list.Users {
		if u.Email == "hostel@test.example" {
			t.Error("the user list shows only their organisation's users")
		}
	}
	if r := w.api("hostel").get("/api/v1/users"); r.status != http.StatusForbidden {
		t.Errorf("workers administer nothing: %d", r.status)
	}
}

func TestAreaAdminsManageLocalAuthoritiesWithBoundaries(t *testing.T) {
	w := newWorld(t)
	c := w.api("admin")
	square := map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{-1.5, 52.5}, {-1.4, 52.5}, {-1.4, 52.6}, {-1.5, 52.6}, {-1.5, 52.5}}}}
	r := c.json("POST", "/api/v1/local-authorities", map[string]any{"code": "e06999001", "name": "Testshire", "boundary": square})
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var la laJSON
	r.decode(t, &la)
	if la.Code != "E06999001" || la.MinLon == nil || *la.MinLon != -1.5 {
		t.Fatalf("code upper-cased and bbox stored: %+v", la)
	}
	var got laJSON
	c.get("/api/v1/local-authorities/"+itoa(la.ID)).decode(t, &got)
	if !strings.Contains(string(got.Boundary), "MultiPolygon") {
		t.Errorf("the boundary comes back as GeoJSON: %s", got.Boundary)
	}
	if r := w.api("hostel").json("POST", "/api/v1/local-authorities", map[string]any{"code": "E1", "name": "Y"}); r.status != http.StatusForbidden {
		t.Errorf("workers cannot add LAs: %d", r.status)
	}
}

// A service's confidentiality is copied onto everything it has written, so
// once it holds records the admin form and the API refuse to change it,
// naming the field (not a 500), and the service stays as it was.
func TestConfidentialityOfAServiceWithRecordsCannotChange(t *testing.T) {
	w := newWorld(t)
	hostel := w.svcs["hostel"]
	r := w.api("admin").json("PATCH", "/api/v1/services/"+itoa(hostel.ID), map[string]any{"confidential": true})
	var e apiError
	r.decode(t, &e)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(e.Fields["confidential"], "create a new service") {
		t.Fatalf("API: want 422 naming confidential, got %d %s", r.status, r.body)
	}
	r = w.api("admin").json("PATCH", "/api/v1/services/"+itoa(hostel.ID), map[string]any{"type": "refuge"})
	r.decode(t, &e)
	if r.status != http.StatusUnprocessableEntity || e.Fields["confidential"] == "" {
		t.Fatalf("API: becoming a refuge would make it confidential: %d %s", r.status, r.body)
	}
	form := url.Values{"_form": {"conf-1"}, "organisation_id": {itoa(hostel.OrganisationID)}, "name": {hostel.Name}, "type": {string(hostel.Type)},
		"_has_confidential": {"1"}, "confidential": {"true"}, "la_ids": {itoa(w.las[0].ID)}}
	r = w.web("admin").form("/admin/services/"+itoa(hostel.ID)+"/edit", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "confidentiality cannot change once it holds records") {
		t.Fatalf("form: want 422 with the message beside the field, got %d", r.status)
	}
	sv, err := w.store.Service(t.Context(), hostel.ID)
	if err != nil || sv.Confidential || sv.Type != hostel.Type {
		t.Fatalf("the service is unchanged: %v %+v", err, sv)
	}
}
