package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

var referenceIn = regexp.MustCompile(`reference=([0-9A-Z]{5}-[0-9A-Z]{5})`)

func TestPublicAlertIsSubmittedRoutedWorkedAndReadByReference(t *testing.T) {
	w := newWorld(t)
	anon := w.web("")
	page := anon.get("/report-rough-sleeping")
	if page.status != http.StatusOK || !strings.Contains(page.body, `name="website"`) || !strings.Contains(page.body, `class="hp"`) {
		t.Fatalf("the public page with its honeypot: %d", page.status)
	}
	lat, lon := hotspotPoint[1]+0.002, hotspotPoint[0]
	r := anon.form("/report-rough-sleeping", url.Values{"lat": {fmt.Sprint(lat)}, "lon": {fmt.Sprint(lon)},
		"description": {"Young woman in a green sleeping bag by the bank"}, "location": {"Market Place, by the bank"},
		"reporter_name": {"Jo Public"}, "reporter_contact": {"jo@example.org"}, "website": {""}})
	m := referenceIn.FindStringSubmatch(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("submit: %d %s %s", r.status, r.header.Get("Location"), r.body)
	}
	ref := m[1]
	thanks := anon.get(r.header.Get("Location"))
	if !strings.Contains(thanks.body, ref) || !strings.Contains(thanks.body, "Received") {
		t.Errorf("the thank-you page shows the reference and status")
	}
	// Routed to the outreach service covering the pin: on its worklist only.
	out := w.api("outreach")
	list := out.get("/api/v1/alerts?status=open")
	if !strings.Contains(list.body, ref) {
		t.Fatalf("the outreach worklist: %s", list.body)
	}
	if r := w.api("hostel").get("/api/v1/alerts"); r.status != http.StatusForbidden {
		t.Errorf("a hostel has no alert worklist: %d", r.status)
	}
	detail := out.get("/api/v1/alerts/" + ref + "/detail")
	if !strings.Contains(detail.body, "green sleeping bag") || !strings.Contains(detail.body, "jo@example.org") || !strings.Contains(detail.body, `"la_name":"Northmoor"`) {
		t.Errorf("the service sees the whole alert: %s", detail.body)
	}
	for _, step := range []models.AlertUpdate{{Status: models.AlertLooking}, {Status: models.AlertFound, Note: "Found Kerry at 6am, booked into the night shelter"}} {
		if r := out.json("POST", "/api/v1/alerts/"+ref+"/status", step); r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", step.Status, r.status, r.body)
		}
	}
	if r := out.json("POST", "/api/v1/alerts/"+ref+"/status", models.AlertUpdate{Status: models.AlertLooking}); r.status != http.StatusConflict {
		t.Errorf("a closed alert cannot be reopened: %d", r.status)
	}
	// The reporter reads the outcome and nothing else.
	pub := w.api("").get("/api/v1/alerts/" + strings.ToLower(ref))
	var st alertStatus
	pub.decode(t, &st)
	if pub.status != http.StatusOK || st.Status != models.AlertFollowedUp || st.StatusLabel != "Followed up" || !st.Closed ||
		st.Message != "The outreach team found the person and followed up. Thank you." {
		t.Fatalf("public status: %d %s", pub.status, pub.body)
	}
	for _, secret := range []string{"Kerry", "night shelter", "green sleeping bag", "Market Place", "Jo Public", "jo@example", "Northmoor", fmt.Sprintf("%.3f", lat)} {
		if strings.Contains(pub.body, secret) {
			t.Errorf("the public status gives away %q: %s", secret, pub.body)
		}
	}
	if web := anon.get("/report-rough-sleeping/status?reference=" + ref); !strings.Contains(web.body, "Followed up") || strings.Contains(web.body, "Kerry") {
		t.Errorf("the public status page")
	}
	if r := w.api("").get("/api/v1/alerts/ZZZZZ-ZZZZZ"); r.status != http.StatusNotFound {
		t.Errorf("an unknown reference: %d", r.status)
	}
}

// Public endpoints take requests from non-browser clients (no Origin or
// Sec-Fetch-Site) but not a cross-site form post from a browser.
func TestPublicAlertAPIAndCrossSiteForms(t *testing.T) {
	w := newWorld(t)
	api := w.api("")
	r := api.json("POST", "/api/v1/alerts", map[string]any{"location": "Bus station, Southvale, under the canopy", "la_id": w.las[1].ID,
		"description": "Man in his 60s with a walking stick, there most nights"})
	var st alertStatus
	r.decode(t, &st)
	if r.status != http.StatusCreated || r.header.Get("Location") != "/api/v1/alerts/"+st.Reference {
		t.Fatalf("API alert: %d %s", r.status, r.body)
	}
	a, err := w.store.AlertByReference(ctx, st.Reference)
	if err != nil || a.ServiceID == nil || *a.ServiceID != w.svcs["outreach"].ID || a.LAID == nil || *a.LAID != w.las[1].ID {
		t.Errorf("routed by the chosen LA: %+v %v", a, err)
	}
	bad := api.json("POST", "/api/v1/alerts", map[string]any{"description": "someone"})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `"location"`) || !strings.Contains(bad.body, `"description"`) {
		t.Errorf("no place, short description: %d %s", bad.status, bad.body)
	}
	cross := w.web("").do("POST", "/report-rough-sleeping", url.Values{"location": {"x street"}, "description": {"a long enough description"}}.Encode(),
		"application/x-www-form-urlencoded", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if cross.status != http.StatusForbidden {
		t.Errorf("a cross-site form post: %d", cross.status)
	}
}

func TestPublicAlertHoneypotAndRateLimit(t *testing.T) {
	w := newWorld(t)
	count := func() int64 {
		var n int64
		w.store.Gorm().Table("public_alerts").Count(&n)
		return n
	}
	before := count()
	api := w.api("")
	r := api.json("POST", "/api/v1/alerts", map[string]any{"location": "High Street", "description": "Buy cheap watches now at our site", "website": "http://spam.example"})
	var st alertStatus
	r.decode(t, &st)
	if r.status != http.StatusCreated || st.Reference == "" {
		t.Errorf("a robot is answered as if it worked: %d %s", r.status, r.body)
	}
	if count() != before {
		t.Error("the honeypot kept the robot's alert")
	}
	if got := api.get("/api/v1/alerts/" + st.Reference); got.status != http.StatusNotFound {
		t.Errorf("the robot's reference leads nowhere: %d", got.status)
	}
	// The robot used one of the address's five; four more, then 429.
	for i := 0; i < 4; i++ {
		if r := api.json("POST", "/api/v1/alerts", map[string]any{"location": "High Street", "description": fmt.Sprintf("Person number %d in a doorway", i)}); r.status != http.StatusCreated {
			t.Fatalf("alert %d: %d %s", i, r.status, r.body)
		}
	}
	r = api.json("POST", "/api/v1/alerts", map[string]any{"location": "High Street", "description": "One alert too many from here"})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("the sixth alert in a burst: %d %v", r.status, r.header)
	}
	// A client naming its own address is not believed: no proxy is trusted
	// unless configured, so the limit counts the connection's address.
	r = api.do("POST", "/api/v1/alerts", `{"location": "High Street", "description": "From a made-up address"}`, "application/json", "X-Forwarded-For", "203.0.113.77")
	if r.status != http.StatusTooManyRequests {
		t.Errorf("X-Forwarded-For slipped past the limit: %d", r.status)
	}
	if count() != before+4 {
		t.Errorf("alerts stored: %d, want 4", count()-before)
	}
}

// Alerts a caller may not see answer exactly like a reference that does
// not exist, on every alert route, for every role (rule 12).
func TestHiddenAlertsAnswerLikeMissing(t *testing.T) {
	w := newWorld(t)
	const missingRef = "ZZZZZ-ZZZZZ"
	routes := w.srv.Routes()
	probes := 0
	for _, role := range roles {
		web, api := w.web(role), w.api(role)
		a := w.actor(role)
		for _, rt := range routes {
			if !strings.Contains(rt.Path, ":reference") || rt.Path == "/api/v1/alerts/:reference" {
				continue // the public status is open to anyone with the reference
			}
			scope := policy.Alerts(a)
			switch {
			case strings.HasSuffix(rt.Path, "/status"):
				scope = policy.WorkableAlerts(a)
			case strings.HasSuffix(rt.Path, "/route"):
				scope = policy.RoutableAlerts(a)
			}
			c := web
			if strings.HasPrefix(rt.Path, "/api/") {
				c = api
			}
			probe := func(ref string) response {
				if c.token == "" {
					c.get("/choose-service")
				}
				p := strings.Replace(rt.Path, ":reference", ref, 1)
				var r response
				switch {
				case rt.Method == "GET":
					r = c.get(p)
				case c.token != "":
					r = c.json(rt.Method, p, map[string]any{})
				default:
					r = c.form(p, nil)
				}
				r.body = strings.ReplaceAll(r.body, ref, "{ref}")
				return r
			}
			missing := probe(missingRef)
			for _, ref := range w.alertReferences() {
				if _, err := w.store.Alert(ctx, scope, ref); err == nil {
					continue
				}
				probes++
				if diff := sameAnswer(missing, probe(ref)); diff != "" {
					t.Errorf("%s %s as %s: hidden alert answers unlike a missing one: %s", rt.Method, rt.Path, role, diff)
				}
			}
		}
	}
	if probes < 40 {
		t.Errorf("only %d hidden-alert probes", probes)
	}
}

// Area admins see the alerts no outreach service covered, and route them.
func TestUnroutedAlertIsRoutedByAnAreaAdmin(t *testing.T) {
	w := newWorld(t)
	ref := w.refs["alert_unrouted"]
	admin := w.api("admin")
	if r := admin.get("/api/v1/alerts"); !strings.Contains(r.body, ref) || strings.Contains(r.body, w.refs["alert_outreach"]) {
		t.Fatalf("the admin's list holds the unrouted alert only: %s", r.body)
	}
	if r := admin.json("POST", "/api/v1/alerts/"+ref+"/status", models.AlertUpdate{Status: models.AlertLooking}); r.status != http.StatusForbidden {
		t.Errorf("an area admin does not work alerts: %d", r.status)
	}
	if r := admin.json("POST", "/api/v1/alerts/"+ref+"/route", map[string]any{"service_id": w.svcs["hostel"].ID}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("routing to a hostel: %d %s", r.status, r.body)
	}
	if r := admin.json("POST", "/api/v1/alerts/"+ref+"/route", map[string]any{"service_id": w.svcs["outreach"].ID}); r.status != http.StatusOK {
		t.Fatalf("route: %d %s", r.status, r.body)
	}
	if r := w.api("outreach").get("/api/v1/alerts"); !strings.Contains(r.body, ref) {
		t.Error("the outreach service now has it")
	}
	if r := admin.get("/api/v1/alerts"); strings.Contains(r.body, ref) {
		t.Error("the admin no longer sees a routed alert")
	}
}

// Recording a street contact for an alert closes the alert as found.
func TestStreetContactAnswersAnAlert(t *testing.T) {
	w := newWorld(t)
	ref := w.refs["alert_outreach"]
	out := w.web("outreach")
	form := out.get("/street-contacts/new?alert=" + ref)
	if !strings.Contains(form.body, "Answering public alert "+ref) || !strings.Contains(form.body, "market cross") {
		t.Fatalf("the form starts from the alert")
	}
	r := out.form("/street-contacts", url.Values{"_form": {"a1"}, "alert": {ref}, "lat": {fmt.Sprint(hotspotPoint[1])}, "lon": {fmt.Sprint(hotspotPoint[0])},
		"site_type": {"doorway"}, "person_mode": {"new"}, "given_name": {"Alan"}, "family_name": {"Marsh"}, "estimated_age": {"60"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("record: %d %s", r.status, r.body)
	}
	a, err := w.store.AlertByReference(ctx, ref)
	if err != nil || a.Status != models.AlertFound {
		t.Errorf("the alert after the contact: %+v %v", a, err)
	}
	if d := w.api("outreach").get("/api/v1/alerts/" + ref + "/detail"); !strings.Contains(d.body, `"street_contact_ids":[`) || strings.Contains(d.body, `"street_contact_ids":[]`) {
		t.Errorf("the alert lists its contact: %s", d.body)
	}
	if bad := w.api("outreach").json("POST", "/api/v1/street-contacts", map[string]any{"lat": hotspotPoint[1], "lon": hotspotPoint[0],
		"site_type": "doorway", "description": "x", "alert_reference": w.refs["alert_unrouted"]}); bad.status != http.StatusUnprocessableEntity {
		t.Errorf("answering another service's alert: %d", bad.status)
	}
}

// "Already known to the outreach team" would tell an anonymous reporter
// that the person is a client of services: the reporter reads the same
// status, label and message as for someone found and contacted, while
// staff keep the real outcome.
func TestReporterCannotTellAlreadyKnownFromFound(t *testing.T) {
	w := newWorld(t)
	out := w.api("outreach")
	public := map[string]string{}
	for _, outcome := range []string{models.AlertFound, models.AlertAlreadyKnown} {
		r := w.api("").json("POST", "/api/v1/alerts", map[string]any{"lat": hotspotPoint[1], "lon": hotspotPoint[0], "description": "man in a doorway, " + outcome})
		var st alertStatus
		r.decode(t, &st)
		if r.status != http.StatusCreated {
			t.Fatalf("report: %d %s", r.status, r.body)
		}
		if r := out.json("POST", "/api/v1/alerts/"+st.Reference+"/status", models.AlertUpdate{Status: outcome, Note: "Met him at 6am"}); r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", outcome, r.status, r.body)
		}
		pub := w.api("").get("/api/v1/alerts/" + st.Reference)
		page := w.web("").get("/report-rough-sleeping/status?reference=" + st.Reference)
		if strings.Contains(pub.body, "known") || strings.Contains(page.body, "known to") {
			t.Errorf("%s: the reporter reads that the person is known: %s", outcome, pub.body)
		}
		st = alertStatus{}
		pub.decode(t, &st)
		public[outcome] = st.Status + " | " + st.StatusLabel + " | " + st.Message
		if d := out.get("/api/v1/alerts/" + st.Reference + "/detail"); !strings.Contains(d.body, `"`+outcome+`"`) {
			t.Errorf("staff read the real outcome %s: %s", outcome, d.body)
		}
	}
	if public[models.AlertFound] != public[models.AlertAlreadyKnown] || public[models.AlertFound] != "followed_up | Followed up | The outreach team found the person and followed up. Thank you." {
		t.Errorf("what the reporter reads:\n found: %s\n known: %s", public[models.AlertFound], public[models.AlertAlreadyKnown])
	}
}

// An alert's detail names the street contacts recorded in answer to it
// only where the reader may open them (rule 10): routed on to another
// outreach service, the alert does not hand it the first service's
// contacts outside its LAs; those in its own LAs are its pins too.
func TestReroutedAlertNamesOnlyTheContactsTheNewServiceMaySee(t *testing.T) {
	w := newWorld(t)
	b := modeltest.Build(t, w.store)
	org, err := w.store.Organisation(ctx, w.svcs["outreach"].OrganisationID)
	if err != nil {
		t.Fatal(err)
	}
	south := b.Service(org, "Southvale Outreach", models.Outreach, w.las[1])
	u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: "southoutreach@test.example", Name: "South outreach"}, mustHash(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, u.ID, south.ID, models.RoleWorker); err != nil {
		t.Fatal(err)
	}
	w.users["southoutreach"] = u

	ref := w.refs["alert_outreach"]
	al, err := w.store.AlertByReference(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	// The first service records two contacts for the alert before passing
	// it on: one in its north, one in the south the new service covers.
	contact := func(at orb.Point, la int64) int64 {
		lat, lon := at[1], at[0]
		x, y := geo.BaseTile(at)
		sc, err := w.store.CreateStreetContact(ctx, policy.People(w.actor("outreach")), w.author("outreach"), models.StreetContactInput{
			Lat: &lat, Lon: &lon, TileX: int(x), TileY: int(y), LAID: &la, SiteType: "doorway", Description: "answered the alert", AlertID: &al.ID})
		if err != nil {
			t.Fatal(err)
		}
		return sc.ID
	}
	northID, southID := contact(hotspotPoint, w.las[0].ID), contact(southPoint, w.las[1].ID)

	detail := func(role string) []int64 {
		var d struct {
			Contacts []int64 `json:"street_contact_ids"`
		}
		r := w.api(role).get("/api/v1/alerts/" + ref + "/detail")
		if r.status != http.StatusOK {
			t.Fatalf("%s reads the alert: %d %s", role, r.status, r.body)
		}
		r.decode(t, &d)
		return d.Contacts
	}
	if got := detail("outreach"); fmt.Sprint(got) != fmt.Sprint([]int64{northID, southID}) {
		t.Fatalf("the recording service sees both its contacts: %v", got)
	}
	if r := w.api("outreach").json("POST", "/api/v1/alerts/"+ref+"/route", map[string]any{"service_id": south.ID}); r.status != http.StatusOK {
		t.Fatalf("route on: %d %s", r.status, r.body)
	}
	if got := detail("southoutreach"); fmt.Sprint(got) != fmt.Sprint([]int64{southID}) {
		t.Errorf("the new service is named only the contact in its own LA, got %v (north %d, south %d)", got, northID, southID)
	}
	if r := w.api("southoutreach").get("/api/v1/street-contacts/" + itoa(northID)); r.status != http.StatusNotFound {
		t.Errorf("and cannot open the other: %d", r.status)
	}
}
