package policy_test

import (
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// complianceMatrix adds data compliance to the access matrix: for every
// service, whether the actor sees its score (Can and ComplianceServices
// agree) and its named list; for every person, whether their name may
// label a record in the actor's named list (Can and ComplianceNames
// agree); and who edits the rules.
func (w *world) complianceMatrix(t *testing.T, an string, a policy.Actor, record func(actor, object, action string, can bool, scoped *bool)) {
	t.Helper()
	visible, err := w.s.ComplianceServices(ctx, policy.ComplianceServices(a), 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, sv := range visible {
		ids = append(ids, sv.ID)
	}
	for _, sn := range sortedKeys(w.services) {
		sv := w.services[sn]
		if !sv.Type.Provider() {
			continue // no records, so no score
		}
		o := policy.ServiceCompliance{ServiceID: sv.ID, Confidential: sv.Confidential, LAIDs: sv.LAIDs}
		record(an, "compliance:"+sn, "read", policy.Can(a, policy.Read, o), ptr(contains(ids, sv.ID)))
		record(an, "compliance:"+sn, "named_list", policy.Can(a, policy.Record, o), nil)
	}
	named := w.personIDs(t, policy.ComplianceNames(a))
	for _, pn := range sortedKeys(w.people) {
		f, err := policy.FactsOf(ctx, w.s, w.people[pn])
		if err != nil {
			t.Fatal(err)
		}
		record(an, "compliance_name:"+pn, "read", policy.Can(a, policy.Read, policy.ComplianceName{Person: f}), ptr(contains(named, f.ID)))
	}
	record(an, "resource:compliance_rules", "manage", policy.Can(a, policy.Manage, policy.ResourceComplianceRules), nil)

	// The commissioner pack counts placements: which ones each actor's
	// aggregates include.
	var counted []int64
	if err := w.s.Gorm().Table("placements").Scopes(policy.AreaPlacements(a).Apply).Pluck("placements.id", &counted).Error; err != nil {
		t.Fatal(err)
	}
	for _, pn := range sortedKeys(w.placements) {
		var p models.Placement
		if err := w.s.Gorm().First(&p, w.placements[pn]).Error; err != nil {
			t.Fatal(err)
		}
		sv, err := w.s.Service(ctx, p.ServiceID)
		if err != nil {
			t.Fatal(err)
		}
		f, err := policy.FactsOf(ctx, w.s, p.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		o := policy.PlacementCount{Merged: f.Merged, Confidential: p.Confidential, ServiceLAs: sv.LAIDs}
		record(an, "placement_count:"+pn, "read", policy.Can(a, policy.Read, o), ptr(contains(counted, p.ID)))
	}
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// A scheduled run reads as a commissioner of the LAs it is given: the
// same services, never a confidential one, and no names; but it publishes
// every service's closed month.
func TestScheduledRunSeesWhatCommissionersSee(t *testing.T) {
	s := modeltest.SQLite(t)
	w := buildWorld(t, s)
	com := w.actors["commissioner"]
	run := w.pol.Scheduled(com.LAs, w.now)
	if !run.Valid() || !run.IsScheduled() || com.IsScheduled() {
		t.Fatal("a scheduled actor is valid and says so; a user's is not scheduled")
	}
	list := func(sc models.Scope) []int64 { return complianceServiceIDs(t, s, sc) }
	if got, want := list(policy.ComplianceServices(run)), list(policy.ComplianceServices(com)); len(got) == 0 || !equalIDs(got, want) {
		t.Errorf("scheduled run sees %v, the commissioner %v", got, want)
	}
	if contains(list(policy.ComplianceServices(run)), w.services["refuge"].ID) {
		t.Error("a scheduled run's output includes the refuge")
	}
	if !contains(list(policy.CompliancePublishing(run)), w.services["refuge"].ID) {
		t.Error("a scheduled run does not publish the refuge's closed month")
	}
	if contains(list(policy.CompliancePublishing(com)), w.services["refuge"].ID) {
		t.Error("a commissioner's computation publishes the refuge")
	}
	if policy.ComplianceNames(run).Name() != "none" || policy.People(run).Name() != "none" || len(w.personIDs(t, policy.Records(run))) > 0 {
		t.Error("a scheduled run may read names")
	}
	if (policy.Actor{}).Valid() {
		t.Error("the zero actor is valid")
	}
}

// An area admin's commissioner pack reads as a commissioner of the LAs
// asked for (area admins see all): the same services, no
// confidential one, no names, with the admin as the user who asked. No
// one else can read that way.
func TestAreaAdminsPackReadsAsCommissionersAggregates(t *testing.T) {
	s := modeltest.SQLite(t)
	w := buildWorld(t, s)
	admin, com := w.actors["area_admin"], w.actors["commissioner"]
	pack := w.pol.AreaAggregates(admin, com.LAs)
	if !pack.Valid() || pack.UserID != admin.UserID || pack.ServiceID != 0 || !equalIDs(pack.LAs, com.LAs) {
		t.Fatalf("the area admin's pack actor: %+v", pack)
	}
	list := func(sc models.Scope) []int64 { return complianceServiceIDs(t, s, sc) }
	if got, want := list(policy.ComplianceServices(pack)), list(policy.ComplianceServices(com)); len(got) == 0 || !equalIDs(got, want) {
		t.Errorf("the pack sees %v, the commissioner %v", got, want)
	}
	if !policy.Can(pack, policy.Read, policy.ResourceReport) || policy.Can(pack, policy.ReadAll, policy.ResourceCompliance) {
		t.Error("the pack reads as a commissioner, not with the admin's wider rights")
	}
	if policy.ComplianceNames(pack).Name() != "none" || policy.People(pack).Name() != "none" || len(w.personIDs(t, policy.Records(pack))) > 0 {
		t.Error("the pack may read names")
	}
	for _, name := range []string{"commissioner", "hostel_manager", "outreach_worker", "partner"} {
		if w.pol.AreaAggregates(w.actors[name], com.LAs).Valid() {
			t.Errorf("%s reads as an area admin's pack", name)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// complianceServiceIDs lists the services a compliance scope reaches.
func complianceServiceIDs(t *testing.T, s *models.Store, sc models.Scope) []int64 {
	t.Helper()
	svs, err := s.ComplianceServices(ctx, sc, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, sv := range svs {
		ids = append(ids, sv.ID)
	}
	return ids
}
