package policy

// Rule 4 (docs/ACCESS.md rule 4): what a confidential service writes is
// readable only by users of that same service, and a person known only to
// confidential services does not exist for anyone else. Written once here
// in Go and once in SQL, side by side; TestRule4ConfidentialAgreesInGoAndSQL
// (rules_test.go) holds each pair to the same answers on both databases.

// writtenBy is what rule 4 looks at on a record: the service that wrote it
// (or opened it, for an involvement) and whether that service is
// confidential, a flag copied onto every row it writes.
type writtenBy struct {
	service      int64
	confidential bool
}

// notOthersConfidential: a reader acting for service reader may read the
// record unless another service wrote it in confidence.
func notOthersConfidential(reader int64, w writtenBy) bool {
	return !w.confidential || w.service == reader
}

// notOthersConfidentialCond is notOthersConfidential on a table's
// confidential and service_id columns.
func notOthersConfidentialCond(reader int64, table string) cond {
	return cond{sql: table + ".confidential = ? OR " + table + ".service_id = ?", args: []any{false, reader}}
}

// notConfidentialCond is the same rule for a reader who reads as no
// service that writes records (break glass, partners, commissioners'
// counts, an export): only what no confidential service wrote. In Go it
// is !w.confidential.
func notConfidentialCond(table string) cond {
	return cond{sql: table + ".confidential = ?", args: []any{false}}
}

// hasPublic: some non-confidential service has worked with the person, so
// the person exists for readers outside the confidential services.
func hasPublic(p PersonFacts) bool {
	for _, i := range p.Involvements {
		if !i.Confidential {
			return true
		}
	}
	return false
}

// hasPublicCond is hasPublic for the person whose id is the column person.
func hasPublicCond(person string) cond {
	return cond{sql: "EXISTS (SELECT 1 FROM involvements ip WHERE ip.person_id = " + person + " AND ip.confidential = ?)", args: []any{false}}
}

// ownInvolvementCond: the actor's service has ever worked with the person.
// In Go it is the own-service half of notOthersConfidential on an
// involvement.
func ownInvolvementCond(a Actor, person string) cond {
	return cond{sql: "EXISTS (SELECT 1 FROM involvements io WHERE io.person_id = " + person + " AND io.service_id = ?)", args: []any{a.ServiceID}}
}

// identityVisible is rule 4 for the person as a whole (with rule 6's
// identity search and rule 7's referral): a person exists for a reader
// when one of their involvements is not another service's confidential
// one (some non-confidential service, or the reader's own, has worked with
// them), or the reader's service was referred them.
func identityVisible(a Actor, p PersonFacts) bool {
	if p.Merged {
		return false
	}
	for _, i := range p.Involvements {
		if notOthersConfidential(a.ServiceID, writtenBy{i.ServiceID, i.Confidential}) {
			return true
		}
	}
	return referredHere(a, p)
}

// identityCond is identityVisible for the person whose id is the column
// person. Its halves are separate EXISTS probes, each on its own index.
func identityCond(a Actor, person string) cond {
	return and(notMerged(person), or(hasPublicCond(person), ownInvolvementCond(a, person), referredHereCond(a, person)))
}
