package policy

import (
	"slices"
	"testing"

	"gateway/models"
)

// Each access rule is written once in Go (what Can asks of loaded facts)
// and once in SQL (what every scope is built from). These tests hold each
// pair together on the small fixture of rules_fixture_test.go, on both
// databases: for every actor, the Go predicate asked row by row and the SQL
// builder pick the same people or records, and those are the ones the rule
// says.

// Rule 2: a service is involved with a person while it has an open
// involvement, and for the grace period after it closes.
func TestRule2InvolvedAgreesInGoAndSQL(t *testing.T) {
	eachRuleWorld(t, func(t *testing.T, w *ruleWorld) {
		facts := w.facts(t)
		everyInvolvementButPastGrace := []string{"open@hostel", "in_grace@daycentre", "refuge_only@refuge",
			"refuge_and_hostel@refuge", "refuge_and_hostel@hostel", "glass@daycentre", "glass_expired@daycentre",
			"glass_refuge_only@refuge", "merged@hostel"}
		for actor, want := range map[string][]string{
			"hostel":    {"open", "refuge_and_hostel"}, // never a person merged away
			"daycentre": {"in_grace", "glass", "glass_expired"},
			"refuge":    {"refuge_only", "refuge_and_hostel", "glass_refuge_only"},
			"area":      {},
		} {
			a := w.actors[actor]
			agree(t, "involved", actor,
				w.pickPeople(facts, func(p PersonFacts) bool { return involved(a, p) }),
				w.rows(t, "people", and(notMerged("people.id"), involvedCond(a, "people.id")), w.names), want)

			var counting []string
			for _, i := range w.involvementRows(t) {
				if withinGrace(a, i.EndedAt) {
					counting = append(counting, w.involvements[i.ID])
				}
			}
			agree(t, "within grace", actor, counting,
				w.rows(t, "involvements", withinGraceCond(a, "involvements.ended_at"), w.involvements), everyInvolvementButPastGrace)
			if actor == "area" {
				// Breaking the glass tells every service still involved.
				agree(t, "told of a break glass", actor, counting,
					w.scoped(t, "involvements", BreakGlassNotices(a), w.involvements), everyInvolvementButPastGrace)
			}
		}
		// Only an actor who may break glass tells anyone.
		if got := w.scoped(t, "involvements", BreakGlassNotices(w.actors["hostel"]), w.involvements); len(got) != 0 {
			t.Errorf("a worker's break-glass notices reach %v, want none", got)
		}
	})
}

// Rule 3: the full record is readable by users of services involved with
// the person, and by an area admin through a live break glass, which never
// reaches a person known only to confidential services. On one record,
// rule 4 narrows both halves: an involved service reads all but other
// services' confidential records, break glass the non-confidential ones.
func TestRule3FullRecordAgreesInGoAndSQL(t *testing.T) {
	eachRuleWorld(t, func(t *testing.T, w *ruleWorld) {
		facts := w.facts(t)
		notes := w.noteRows(t)
		for actor, want := range map[string]struct{ people, notes []string }{
			"hostel": {[]string{"open", "refuge_and_hostel"},
				[]string{"open@hostel", "refuge_and_hostel@hostel"}},
			"daycentre": {[]string{"in_grace", "glass", "glass_expired"},
				[]string{"in_grace@daycentre", "glass@daycentre"}},
			"refuge": {[]string{"refuge_only", "refuge_and_hostel", "glass_refuge_only"},
				[]string{"refuge_only@refuge", "refuge_and_hostel@refuge", "refuge_and_hostel@hostel", "glass_refuge_only@refuge"}},
			"area": {[]string{"glass"}, []string{"glass@daycentre"}},
		} {
			a := w.actors[actor]
			agree(t, "full record", actor,
				w.pickPeople(facts, func(p PersonFacts) bool { return fullRecordReadable(a, ResourcePerson, Record, p, nil) }),
				w.rows(t, "people", fullRecordCond(a, ResourcePerson, Record, "people.id", ""), w.names), want.people)

			var readable []string
			for _, n := range notes {
				if fullRecordReadable(a, ResourceNote, Read, facts[n.PersonID], &writtenBy{n.ServiceID, n.Confidential}) {
					readable = append(readable, w.notes[n.ID])
				}
			}
			agree(t, "notes", actor, readable, w.rows(t, "case_notes", recordRowsCond(a, ResourceNote, "case_notes"), w.notes), want.notes)
		}
	})
}

// Rule 4: what a confidential service writes is readable only by its own
// users, and a person known only to confidential services does not exist
// for anyone else.
func TestRule4ConfidentialAgreesInGoAndSQL(t *testing.T) {
	eachRuleWorld(t, func(t *testing.T, w *ruleWorld) {
		facts := w.facts(t)
		notes, invs := w.noteRows(t), w.involvementRows(t)
		outsideRefuge := []string{"open", "in_grace", "past_grace", "refuge_and_hostel", "glass", "glass_expired"}
		for actor, want := range map[string]struct{ identity, notes, involvements []string }{
			"hostel": {outsideRefuge,
				[]string{"open@hostel", "in_grace@daycentre", "past_grace@daycentre", "refuge_and_hostel@hostel", "glass@daycentre", "merged@hostel"},
				[]string{"open@hostel", "in_grace@daycentre", "past_grace@daycentre", "refuge_and_hostel@hostel", "glass@daycentre",
					"glass_expired@daycentre", "merged@hostel"}},
			"refuge": {append([]string{"refuge_only", "glass_refuge_only"}, outsideRefuge...),
				[]string{"open@hostel", "in_grace@daycentre", "past_grace@daycentre", "refuge_only@refuge", "refuge_and_hostel@refuge",
					"refuge_and_hostel@hostel", "glass@daycentre", "glass_refuge_only@refuge", "merged@hostel"},
				[]string{"open@hostel", "in_grace@daycentre", "past_grace@daycentre", "refuge_only@refuge", "refuge_and_hostel@refuge",
					"refuge_and_hostel@hostel", "glass@daycentre", "glass_expired@daycentre", "glass_refuge_only@refuge", "merged@hostel"}},
		} {
			a := w.actors[actor]
			agree(t, "identity", actor,
				w.pickPeople(facts, func(p PersonFacts) bool { return identityVisible(a, p) }),
				w.rows(t, "people", identityCond(a, "people.id"), w.names), want.identity)

			var readable []string
			for _, n := range notes {
				if notOthersConfidential(a.ServiceID, writtenBy{n.ServiceID, n.Confidential}) {
					readable = append(readable, w.notes[n.ID])
				}
			}
			agree(t, "notes not another's confidential", actor, readable,
				w.rows(t, "case_notes", notOthersConfidentialCond(a.ServiceID, "case_notes"), w.notes), want.notes)

			var known []string
			for _, i := range invs {
				if notOthersConfidential(a.ServiceID, writtenBy{i.ServiceID, i.Confidential}) {
					known = append(known, w.involvements[i.ID])
				}
			}
			agree(t, "involvements not another's confidential", actor, known,
				w.rows(t, "involvements", notOthersConfidentialCond(a.ServiceID, "involvements"), w.involvements), want.involvements)
		}

		// Known outside the confidential services: the same for every
		// reader (merged people included; the scopes add notMerged).
		agree(t, "known publicly", "anyone",
			w.pickPeople(facts, hasPublic),
			w.rows(t, "people", hasPublicCond("people.id"), w.names), append([]string{"merged"}, outsideRefuge...))

		// A reader who reads as no writing service sees no confidential
		// record at all.
		var public []string
		for _, n := range notes {
			if !n.Confidential {
				public = append(public, w.notes[n.ID])
			}
		}
		agree(t, "notes no confidential service wrote", "break glass", public,
			w.rows(t, "case_notes", notConfidentialCond("case_notes"), w.notes),
			[]string{"open@hostel", "in_grace@daycentre", "past_grace@daycentre", "refuge_and_hostel@hostel", "glass@daycentre", "merged@hostel"})
	})
}

func (w *ruleWorld) pickPeople(facts map[int64]PersonFacts, pick func(PersonFacts) bool) []string {
	out := []string{}
	for id, f := range facts {
		if pick(f) {
			out = append(out, w.names[id])
		}
	}
	return out
}

func (w *ruleWorld) noteRows(t *testing.T) []models.CaseNote {
	t.Helper()
	var notes []models.CaseNote
	if err := w.s.Gorm().Select("id", "person_id", "service_id", "confidential").Find(&notes).Error; err != nil {
		t.Fatal(err)
	}
	return notes
}

func (w *ruleWorld) involvementRows(t *testing.T) []models.Involvement {
	t.Helper()
	var invs []models.Involvement
	if err := w.s.Gorm().Find(&invs).Error; err != nil {
		t.Fatal(err)
	}
	return invs
}

// scoped are the rows of table a scope lets through, by name.
func (w *ruleWorld) scoped(t *testing.T, table string, sc models.Scope, names map[int64]string) []string {
	t.Helper()
	var ids []int64
	if err := w.s.Gorm().Table(table).Scopes(sc.Apply).Pluck(table+".id", &ids).Error; err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, id := range ids {
		out = append(out, names[id])
	}
	slices.Sort(out)
	return out
}
