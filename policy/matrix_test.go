package policy_test

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

var update = flag.Bool("update", false, "rewrite policy/testdata/access_matrix.golden")

// TestAccessMatrix checks every actor × record × action of the fixture
// against the golden table in testdata, and that the single-object decision
// (Can) and the list scopes agree on every pair.
func TestAccessMatrix(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildWorld(t, s)
		got := w.matrix(t)
		const golden = "testdata/access_matrix.golden"
		if *update && strings.HasSuffix(t.Name(), "sqlite") {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./policy -run TestAccessMatrix -update)", err)
		}
		if got != string(want) {
			t.Errorf("access matrix differs from %s:\n%s", golden, diff(string(want), got))
		}
	})
}

// matrix computes every decision, failing the test where Can and the
// scope disagree, and returns the table as text.
func (w *world) matrix(t *testing.T) string {
	var lines []string
	record := func(actor, object, action string, can bool, scoped *bool) {
		if scoped != nil && *scoped != can {
			t.Errorf("%s %s %s: Can says %v but the scope says %v", actor, object, action, can, *scoped)
		}
		verdict := "deny"
		if can {
			verdict = "allow"
		}
		lines = append(lines, fmt.Sprintf("%-17s %-38s %-12s %s", actor, object, action, verdict))
	}
	in := func(ids []int64, id int64) *bool {
		for _, x := range ids {
			if x == id {
				return ptr(true)
			}
		}
		return ptr(false)
	}
	events := w.auditEvents(t) // matrix_audit_test.go
	for _, an := range sortedKeys(w.actors) {
		a := w.actors[an]
		visible := w.personIDs(t, policy.People(a))
		records := w.personIDs(t, policy.Records(a))
		editable := w.personIDs(t, policy.Editable(a))
		lookup := w.personIDs(t, policy.PartnerLookup(a))
		for _, pn := range sortedKeys(w.people) {
			id := w.people[pn]
			f, err := policy.FactsOf(ctx, w.s, id)
			if err != nil {
				t.Fatal(err)
			}
			obj := "person:" + pn
			record(an, obj, "read", policy.Can(a, policy.Read, f), in(visible, id))
			record(an, obj, "record", policy.Can(a, policy.Record, f), in(records, id))
			record(an, obj, "update", policy.Can(a, policy.Update, f), in(editable, id))
			record(an, obj, "lookup", policy.Can(a, policy.Lookup, f), in(lookup, id))
			record(an, obj, "break_glass", policy.Can(a, policy.BreakGlass, f), nil)
			record(an, obj, "add_note", policy.Can(a, policy.Create, policy.NoteFacts{Person: f, ServiceID: a.ServiceID, Confidential: a.Confidential}), nil)

			notes, _, err := w.s.Notes(ctx, policy.Notes(a), id, 500, 0)
			if err != nil {
				t.Fatal(err)
			}
			var noteIDs []int64
			for _, n := range notes {
				noteIDs = append(noteIDs, n.ID)
			}
			known, err := w.s.KnownToList(ctx, policy.Involvements(a), id)
			if err != nil {
				t.Fatal(err)
			}
			var knownIDs []int64
			for _, k := range known {
				knownIDs = append(knownIDs, k.InvolvementID)
			}
			all, err := w.s.Involvements(ctx, everything, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, inv := range all {
				o := policy.InvolvementObject{Person: f, InvolvementFact: policy.InvolvementFact{ServiceID: inv.ServiceID, Confidential: inv.Confidential, EndedAt: inv.EndedAt}}
				name := fmt.Sprintf("involvement:%s@%s", pn, w.serviceName(t, inv.ServiceID))
				record(an, name, "read", policy.Can(a, policy.Read, o), in(knownIDs, inv.ID))
				_, err := w.s.Involvement(ctx, policy.ClosableInvolvements(a), inv.ID)
				record(an, name, "close", policy.Can(a, policy.Close, o), ptr(err == nil))
			}
			w.caseworkMatrix(t, an, a, pn, f, record)
			for _, nn := range sortedKeys(w.notes) {
				var n models.CaseNote
				if err := w.s.Gorm().First(&n, w.notes[nn]).Error; err != nil {
					t.Fatal(err)
				}
				if n.PersonID != id {
					continue
				}
				nf := policy.NoteFacts{Person: f, ServiceID: n.ServiceID, Confidential: n.Confidential}
				record(an, "note:"+nn, "read", policy.Can(a, policy.Read, nf), in(noteIDs, n.ID))
			}
		}
		w.placementMatrix(t, an, a, record)
		w.complianceMatrix(t, an, a, record)
		for _, res := range []policy.Resource{policy.ResourceAudit, policy.ResourceAdmin, policy.ResourcePartnerLookup, policy.ResourceReport, policy.ResourceOrgAdmin} {
			act := policy.Read
			if res == policy.ResourceAdmin || res == policy.ResourceOrgAdmin {
				act = policy.Manage
			}
			record(an, "resource:"+res.String(), act.String(), policy.Can(a, act, res), nil)
		}
		w.streetContactLines(t, an, a, record)  // streetcontacts_fixture_test.go
		w.auditMatrix(t, an, a, events, record) // matrix_audit_test.go
	}
	return strings.Join(lines, "\n") + "\n"
}

func (w *world) personIDs(t *testing.T, sc models.Scope) []int64 {
	people, _, err := w.s.People(ctx, sc, models.PersonFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	return ids
}

func (w *world) serviceName(t *testing.T, id int64) string {
	sv, err := w.s.Service(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ToLower(strings.ReplaceAll(sv.Name, " ", "_"))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func ptr[T any](v T) *T { return &v }

func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var a, b string
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			b = gl[i]
		}
		if a != b {
			out = append(out, "- "+a, "+ "+b)
		}
		if len(out) > 40 {
			break
		}
	}
	return strings.Join(out, "\n")
}
