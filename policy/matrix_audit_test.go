package policy_test

import (
	"testing"

	"gateway/models"
	"gateway/policy"
)

// auditEvents plants one audit event of each kind the review rules tell
// apart: by an ordinary service, by a confidential
// one, and recorded by others' actions for a confidential service's eyes
// only.
func (w *world) auditEvents(t *testing.T) map[string]int64 {
	id := func(s string) *int64 { v := w.services[s].ID; return &v }
	out := map[string]int64{}
	for name, ev := range map[string]models.AuditEvent{
		"by_hostel":   {ActingServiceID: id("hostel"), Action: "read", ObjectType: "person"},
		"by_refuge":   {ActingServiceID: id("refuge"), Action: "add_note", ObjectType: "person"},
		"for_refuge":  {ActingServiceID: id("police"), Action: "partner_lookup", ObjectType: "person", Outcome: models.Denied, ConfidentialServiceID: id("refuge")},
		"for_sexwork": {ActingServiceID: id("hostel"), Action: "search", ObjectType: "person", Outcome: models.Denied, ConfidentialServiceID: id("sexwork")},
		"no_service":  {Action: "login", ObjectType: "user"},
	} {
		n, err := w.s.AuditReturningID(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

// auditMatrix: who may review which audit event, Can against the scope;
// and which people are hidden from the actor by a confidential service
// (a look-up matching them tells that service).
func (w *world) auditMatrix(t *testing.T, an string, a policy.Actor, events map[string]int64, record func(actor, object, action string, can bool, scoped *bool)) {
	var shown []models.AuditEvent
	if err := w.s.Gorm().Model(&models.AuditEvent{}).Scopes(policy.AuditEvents(a).Apply).Find(&shown).Error; err != nil {
		t.Fatal(err)
	}
	in := map[int64]bool{}
	for _, e := range shown {
		in[e.ID] = true
	}
	for _, name := range sortedKeys(events) {
		var ev models.AuditEvent
		if err := w.s.Gorm().First(&ev, events[name]).Error; err != nil {
			t.Fatal(err)
		}
		f := policy.AuditEventFacts{ActingServiceID: ev.ActingServiceID, ConfidentialServiceID: ev.ConfidentialServiceID}
		if ev.ActingServiceID != nil {
			sv, err := w.s.Service(ctx, *ev.ActingServiceID)
			if err != nil {
				t.Fatal(err)
			}
			f.ActingConfidential = sv.Confidential
		}
		record(an, "audit:"+name, "review", policy.Can(a, policy.Read, f), ptr(in[ev.ID]))
	}
	hidden := map[int64]bool{}
	for _, id := range w.personIDs(t, policy.HiddenByConfidential(a)) {
		hidden[id] = true
	}
	for _, pn := range sortedKeys(w.people) {
		f, err := policy.FactsOf(ctx, w.s, w.people[pn])
		if err != nil {
			t.Fatal(err)
		}
		record(an, "person:"+pn, "hidden_by_confidential", policy.IsHiddenByConfidential(a, f), ptr(hidden[w.people[pn]]))
	}
}
