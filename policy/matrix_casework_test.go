package policy_test

import (
	"testing"

	"gateway/models"
	"gateway/policy"
)

// caseworkMatrix adds the decisions on assessments, cases, safety plans
// and consent records for one actor and one person: read (Can against the
// read scope), update (Can against the writable scope), and, per person,
// starting each kind of record.
func (w *world) caseworkMatrix(t *testing.T, an string, a policy.Actor, pn string, f policy.PersonFacts,
	record func(actor, object, action string, can bool, scoped *bool)) {
	id := w.people[pn]
	for _, kind := range []string{policy.KindAssessment, policy.KindCase, policy.KindSafetyPlan, policy.KindConsent} {
		record(an, "person:"+pn, "create_"+kind, policy.Can(a, policy.Create, policy.RecordFacts{Kind: kind, Person: f, ServiceID: a.ServiceID, Confidential: a.Confidential}), nil)
	}
	readable := map[string]map[int64]bool{}
	list := func(kind string, ids []int64) {
		readable[kind] = map[int64]bool{}
		for _, x := range ids {
			readable[kind][x] = true
		}
	}
	as, err := w.s.Assessments(ctx, policy.Assessments(a), id)
	check(t, err)
	list(policy.KindAssessment, idsOf(as, func(x models.Assessment) int64 { return x.ID }))
	cs, err := w.s.Cases(ctx, policy.Cases(a), id)
	check(t, err)
	list(policy.KindCase, idsOf(cs, func(x models.Case) int64 { return x.ID }))
	ps, err := w.s.SafetyPlans(ctx, policy.SafetyPlans(a), id)
	check(t, err)
	list(policy.KindSafetyPlan, idsOf(ps, func(x models.SafetyPlan) int64 { return x.ID }))
	ks, err := w.s.Consents(ctx, policy.Consents(a), id)
	check(t, err)
	list(policy.KindConsent, idsOf(ks, func(x models.Consent) int64 { return x.ID }))

	for _, name := range sortedKeys(w.casework) {
		r := w.casework[name]
		if r.person != pn {
			continue
		}
		facts := w.recordFacts(t, r, f)
		record(an, name, "read", policy.Can(a, policy.Read, facts), ptr(readable[r.kind][r.id]))
		var writable *bool
		switch r.kind {
		case policy.KindAssessment:
			_, err := w.s.Assessment(ctx, policy.EditableAssessments(a), r.id)
			writable = ptr(err == nil)
		case policy.KindCase:
			_, err := w.s.Case(ctx, policy.WritableCases(a), r.id)
			writable = ptr(err == nil)
		default:
			continue
		}
		record(an, name, "update", policy.Can(a, policy.Update, facts), writable)
	}
}

func (w *world) recordFacts(t *testing.T, r caseworkRecord, f policy.PersonFacts) policy.RecordFacts {
	var row struct {
		ServiceID    int64
		Confidential bool
		Status       string
	}
	table := map[string]string{policy.KindAssessment: "assessments", policy.KindCase: "cases",
		policy.KindSafetyPlan: "safety_plans", policy.KindConsent: "consents"}[r.kind]
	cols := "service_id, confidential"
	if r.kind == policy.KindAssessment {
		cols += ", status"
	}
	check(t, w.s.Gorm().Table(table).Select(cols).Where("id = ?", r.id).Take(&row).Error)
	return policy.RecordFacts{Kind: r.kind, Person: f, ServiceID: row.ServiceID, Confidential: row.Confidential,
		Draft: row.Status == models.AssessmentDraft}
}

func idsOf[T any](xs []T, id func(T) int64) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
