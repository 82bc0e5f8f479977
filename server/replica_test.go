package server

import (
	"net/http"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// With a read replica (--db-replica), maps, reports and people search read
// from it, still through the reader's policy scope; a person's record and
// its notes, every write and every audit row stay on the primary. The
// replica here is the same database through a pool of its own, so the
// store can say which pool each statement ran on.
func TestReplicaAnswersMapsReportsAndSearchOnly(t *testing.T) {
	dsn := modeltest.PostgresDSN(t) // skips without GATEWAY_TEST_POSTGRES; fails if set and unreachable
	modeltest.Open(t, dsn)          // migrates
	store, err := models.OpenWith(dsn, models.Options{Replica: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	w := newWorldOn(t, store)
	harriet := w.people["hostel_person"].ID
	audits := func() int64 {
		var n int64
		if err := store.Gorm().Raw("SELECT count(*) FROM audit_events").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct {
		name, role, path   string
		onReplica, audited bool
		want               string
	}{
		{"people search", "hostel", "/api/v1/people?q=Harriet", true, true, "Harriet"},
		{"hotspot map", "commissioner", "/api/v1/hotspots?zoom=14", true, false, ""},
		{"flows", "commissioner", "/api/v1/reports/flows", true, false, ""},
		{"compliance report", "commissioner", "/api/v1/reports/compliance?format=csv", true, true, ""},
		{"a person's record", "hostel", "/api/v1/people/" + itoa(harriet), false, true, "Harriet"},
		{"a person's notes", "hostel", "/api/v1/people/" + itoa(harriet) + "/notes", false, true, "Settled well"},
	} {
		c := w.api(tc.role)
		p0, r0 := store.PoolStatements()
		a0 := audits()
		r := c.get(tc.path)
		p1, r1 := store.PoolStatements()
		if r.status != http.StatusOK || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: %d %.200s", tc.name, r.status, r.body)
			continue
		}
		onReplica, onPrimary := r1-r0, p1-p0
		if tc.onReplica && onReplica == 0 {
			t.Errorf("%s: nothing read on the replica (%d statements on the primary)", tc.name, onPrimary)
		}
		if !tc.onReplica && onReplica != 0 {
			t.Errorf("%s: %d statements on the replica; a person's record is read on the primary", tc.name, onReplica)
		}
		if onPrimary == 0 {
			t.Errorf("%s: nothing on the primary, where its audit row is written", tc.name)
		}
		if tc.audited && audits() <= a0 {
			t.Errorf("%s: not audited", tc.name)
		}
		t.Logf("%-18s primary %2d statements, replica %2d", tc.name, onPrimary, onReplica)
	}
	// The replica's search goes through the reader's scope: the hostel
	// does not find a person only the refuge knows.
	if r := w.api("hostel").get("/api/v1/people?q=" + w.people["refuge_only"].GivenName); strings.Contains(r.body, w.people["refuge_only"].FamilyName) {
		t.Errorf("the replica's search showed the hostel a refuge-only person: %.300s", r.body)
	}
}
