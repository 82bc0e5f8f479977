package server

import (
	"net/http"
	"strings"
	"testing"
)

// Counts that would move when a confidential service writes a record are
// not shown to anyone outside it.

// The form version list counts assessments; a refuge's assessments are
// counted only for the refuge.
func TestFormVersionCountsLeaveOutOthersConfidentialAssessments(t *testing.T) {
	w := newWorld(t)
	refuge := w.api("refuge")
	if r := refuge.json("POST", "/api/v1/people/"+itoa(w.people["refuge_only"].ID)+"/assessments", map[string]any{}); r.status != http.StatusCreated && r.status != http.StatusConflict {
		t.Fatalf("the refuge starts an assessment: %d %s", r.status, r.body)
	}
	var all, public, refugeOwn, sexworkOwn int64
	w.store.Gorm().Table("assessments").Count(&all)
	w.store.Gorm().Table("assessments").Where("confidential = ?", false).Count(&public)
	w.store.Gorm().Table("assessments").Where("confidential = ? OR service_id = ?", false, w.svcs["refuge"].ID).Count(&refugeOwn)
	w.store.Gorm().Table("assessments").Where("confidential = ? OR service_id = ?", false, w.svcs["sexwork"].ID).Count(&sexworkOwn)
	if all == public {
		t.Fatal("the fixture needs a confidential assessment")
	}
	counted := func(role string) int64 {
		var pg struct {
			Versions []struct{ Assessments int64 }
		}
		r := w.api(role).get("/api/v1/forms")
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", role, r.status)
		}
		r.decode(t, &pg)
		var n int64
		for _, v := range pg.Versions {
			n += v.Assessments
		}
		return n
	}
	if got := counted("sexwork"); got != sexworkOwn {
		t.Errorf("the sex-work service counts its own, not the refuge's: %d, want %d", got, sexworkOwn)
	}
	for _, role := range []string{"admin", "hostel", "outreach"} {
		if got := counted(role); got != public {
			t.Errorf("%s counts %d assessments, want %d (not the refuge's)", role, got, public)
		}
	}
	if got := counted("refuge"); got != refugeOwn {
		t.Errorf("the refuge counts its own: %d, want %d", got, refugeOwn)
	}
	if page := w.web("hostel").get("/admin/forms"); page.status != http.StatusOK || !strings.Contains(page.body, "<td class=\"num\">"+itoa(public)+"</td>") {
		t.Errorf("the form versions page: %d", page.status)
	}
}

// An area admin sees a confidential service's compliance only as a
// commissioner would see a service's: records below 5 suppressed, no
// per-field counts; its own managers see the exact figures.
func TestAreaAdminsSeeConfidentialComplianceSuppressed(t *testing.T) {
	w := newWorld(t)
	w.addRiverside()
	m := thisMonth()
	var sc serviceJSON
	w.api("admin").get(serviceURL(w.svcs["refuge"].ID, m)).decode(t, &sc)
	if sc.PerField != nil || sc.Now.Required != "" || (sc.Now.Records == "<5") != (sc.Now.Missing == "*") {
		t.Errorf("the admin's view of the refuge, as rule 9 suppresses it: %+v", sc)
	}
	var own serviceJSON
	w.addRefugeManager()
	w.api("refugemanager").get(serviceURL(w.svcs["refuge"].ID, m)).decode(t, &own)
	if own.PerField == nil || own.Now.Required == "" || own.Now.Records == "<5" {
		t.Errorf("the refuge's manager sees the exact figures: %+v", own.Now)
	}
	sc = serviceJSON{}
	w.api("admin").get(serviceURL(w.svcs["riverside"].ID, m)).decode(t, &sc)
	if sc.PerField == nil || sc.Now.Records != "3" {
		t.Errorf("an ordinary service's exact figures: %+v", sc)
	}
}
