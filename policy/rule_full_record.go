package policy

import "gateway/models"

// Rule 3 (docs/ACCESS.md rule 3): case notes, assessments, the case and
// the rest of the full record are readable by users of services involved
// with the person (rule 2), and by an area admin only through an audited
// break glass, which never reaches a confidential service's records
// (rule 4). Written once here in Go and once in SQL, side by side; every
// record's Can case and read scope is built from them.
// TestRule3FullRecordAgreesInGoAndSQL (rules_test.go) holds the pair to the
// same answers on both databases.

// fullRecordReadable is rule 3. The actor's role must allow act on res
// (the record's kind: "note", "assessment", ...; or "person", Record for
// the person as a whole). On one record a service wrote (w not nil), rule
// 4 narrows each half: the involved service reads all but other services'
// confidential records, break glass the non-confidential ones.
func fullRecordReadable(a Actor, res Resource, act Action, p PersonFacts, w *writtenBy) bool {
	if p.Merged {
		return false
	}
	if a.pol.allows(a, res, act) && involved(a, p) && (w == nil || notOthersConfidential(a.ServiceID, *w)) {
		return true
	}
	return brokeGlass(a, p) && (w == nil || !w.confidential)
}

// fullRecordCond is fullRecordReadable in SQL for the person whose id is
// the column person; table names the record's table (with its
// confidential and service_id columns), or is empty for the person as a
// whole.
func fullRecordCond(a Actor, res Resource, act Action, person, table string) cond {
	var cs []cond
	if a.pol.allows(a, res, act) {
		c := involvedCond(a, person)
		if table != "" {
			c = and(c, notOthersConfidentialCond(a.ServiceID, table))
		}
		cs = append(cs, c)
	}
	if g := brokeGlassCond(a, person); g.sql != "" {
		if table != "" {
			g = and(g, notConfidentialCond(table))
		}
		cs = append(cs, g)
	}
	return and(notMerged(person), or(cs...))
}

// recordRowsCond is fullRecordCond for reading the rows of a record
// table that carries person_id, service_id and confidential.
func recordRowsCond(a Actor, res Resource, table string) cond {
	return fullRecordCond(a, res, Read, table+".person_id", table)
}

// brokeGlass is rule 3's exception: an area admin's live break-glass
// opening of a person other services may know about.
func brokeGlass(a Actor, p PersonFacts) bool {
	if p.Merged || !a.pol.allows(a, ResourcePerson, BreakGlass) || !hasPublic(p) {
		return false
	}
	for _, bg := range p.BreakGlass {
		if bg.UserID == a.UserID && bg.ExpiresAt.After(a.Now) {
			return true
		}
	}
	return false
}

// brokeGlassCond is brokeGlass for the person whose id is the column
// person; the empty cond for an actor who may not break glass.
func brokeGlassCond(a Actor, person string) cond {
	if !a.pol.allows(a, ResourcePerson, BreakGlass) {
		return cond{}
	}
	return and(
		cond{sql: "EXISTS (SELECT 1 FROM break_glass bg WHERE bg.person_id = " + person + " AND bg.user_id = ? AND bg.expires_at > ?)", args: []any{a.UserID, a.Now}},
		hasPublicCond(person),
	)
}

// BreakGlassNotices is the scope of involvements whose services are told
// when the actor breaks the glass on their person: every service still
// involved (rule 2), so that those who hold the record know it was
// opened. Nothing for an actor who may not break glass.
func BreakGlassNotices(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePerson, BreakGlass) {
		return models.Nothing
	}
	return scope("involvements: told of a break glass", and(withinGraceCond(a, "involvements.ended_at")))
}
