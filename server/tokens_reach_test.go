package server

import (
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// A token limited to reading vacancies reads nothing else the API offers
// without an id: only who it is, the document, and the area's reference
// data any logged-in caller reads (local authorities, organisations,
// services, pathways, the essential-field rules).
func TestANarrowTokenReachesOnlyWhatItNames(t *testing.T) {
	w := newWorld(t)
	r := w.api("manager").json("POST", "/api/v1/tokens/named", map[string]any{"name": "vacancies", "expires_at": time.Now().Add(time.Hour), "permissions": []string{"vacancy:read"}})
	var created struct{ Token string }
	r.decode(t, &created)
	named := &client{w: w, http: http.DefaultClient, token: created.Token}
	var opened []string
	for _, rt := range w.srv.Routes() {
		if rt.Method != "GET" || !strings.HasPrefix(rt.Path, "/api/v1/") || strings.Contains(rt.Path, ":") {
			continue
		}
		if r := named.get(rt.Path); r.status == http.StatusOK {
			opened = append(opened, rt.Path)
		}
	}
	sort.Strings(opened)
	// The area's reference data, the Open Referral directory included.
	want := "/api/v1/compliance/rules /api/v1/directory /api/v1/local-authorities /api/v1/me /api/v1/openapi.json /api/v1/organisations /api/v1/pathways /api/v1/services /api/v1/version"
	if got := strings.Join(opened, " "); got != want {
		t.Errorf("a vacancy:read token opens\n %s\nwant\n %s", got, want)
	}
}
