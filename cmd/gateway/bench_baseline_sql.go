package main

import (
	"fmt"
	"strings"
	"time"

	"gateway/models"
	"gateway/models/names"
)

// The database baselines of `gateway bench`: for each route, the rows it
// answers with, fetched by hand-written SQL under the same visibility
// condition its policy scope applies, with the audit INSERT where the
// route writes one. Each builder names the scope it mirrors; when a scope
// in policy/ changes, the SQL here must change with it (the smoke test
// runs every statement, so a renamed column fails it, but a changed rule
// would not: read policy/scopes*.go when touching this file).
//
// Where the policy writes notMerged(person) as a NOT EXISTS probe of the
// people table, a statement that already reads people tests the row's own
// columns: the same condition, one probe fewer, which is the point of a
// baseline.

// baseActor is what the scopes read of an actor, taken once from the
// policy's own Actor for the user the route logs in as.
type baseActor struct {
	userID, serviceID int64
	las               []int64
	since             time.Time // involvedSince: now minus the grace period
	now               time.Time
	canAssessments    bool // casbin: assessment read
	canAdjustments    bool // casbin: adjustment read
}

// in is "(?, ?, ...)" for n values, with the values as args.
func in[T any](vs []T) (string, []any) {
	if len(vs) == 0 {
		return "(NULL)", nil
	}
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(vs)), ", ") + ")", args
}

// involvedNowSQL mirrors policy.involvedCond: the actor's service has an
// open involvement with the person, or closed within the grace period.
func involvedNowSQL(a baseActor, person string) (string, []any) {
	return "EXISTS (SELECT 1 FROM involvements ig WHERE ig.person_id = " + person +
		" AND ig.service_id = ? AND (ig.ended_at IS NULL OR ig.ended_at > ?))", []any{a.serviceID, a.since}
}

// identitySQL mirrors policy.identityCond without notMerged (the caller
// tests the people row): a non-confidential service has worked with the
// person, or the actor's own service has, or a referral to it is pending
// or was decided within the grace period.
func identitySQL(a baseActor, person string) (string, []any) {
	return "(EXISTS (SELECT 1 FROM involvements ip WHERE ip.person_id = " + person + " AND ip.confidential = ?)" +
			" OR EXISTS (SELECT 1 FROM involvements io WHERE io.person_id = " + person + " AND io.service_id = ?)" +
			" OR EXISTS (SELECT 1 FROM referrals rh WHERE rh.person_id = " + person + " AND rh.to_service_id = ? AND (rh.status = '" + models.ReferralSent + "' OR rh.decided_at > ?)))",
		[]any{false, a.serviceID, a.serviceID, a.since}
}

// knownToSQL mirrors policy.Involvements' row condition (other services'
// confidential involvements appear nowhere) for one person whose identity
// the caller has already found visible, with models.KnownToList's columns
// and order.
func knownToSQL(a baseActor, personID int64) baseStmt {
	return baseStmt{sql: `SELECT i.id, i.service_id, sv.name, sv.type, sv.phone, i.source, i.reason, i.started_at, i.ended_at, i.end_reason
		FROM involvements i JOIN services sv ON sv.id = i.service_id
		WHERE i.person_id = ? AND (i.confidential = ? OR i.service_id = ?)
		ORDER BY CASE WHEN i.ended_at IS NULL THEN 0 ELSE 1 END, i.started_at DESC, i.id DESC`,
		args: []any{personID, false, a.serviceID}}
}

func aliasesSQL(personID int64) baseStmt {
	return baseStmt{sql: "SELECT * FROM person_aliases WHERE person_id = ? ORDER BY id", args: []any{personID}}
}

// auditSQL is the row server.auditRead writes (models.Audit's columns).
func auditSQL(a baseActor, action, objectType string, objectID *int64, reason string) baseStmt {
	return baseStmt{sql: `INSERT INTO audit_events (at, actor_user_id, acting_service_id, action, object_type, object_id, outcome, reason, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		args: []any{models.Now(), a.userID, a.serviceID, action, objectType, objectID, models.Allowed, reason, "bench-baseline"}}
}

// personReads is GET /people/{id} as the API answers it: the person under
// policy.People (identity), their aliases and their "known to" under
// policy.Involvements. The audit INSERT follows once the person is found.
func personReads(a baseActor, id int64) []baseStmt {
	ident, args := identitySQL(a, "p.id")
	return []baseStmt{
		{sql: "SELECT p.* FROM people p WHERE p.id = ? AND p.merged_into_id IS NULL AND p.erased_at IS NULL AND " + ident,
			args: append([]any{id}, args...)},
		aliasesSQL(id),
		knownToSQL(a, id),
	}
}

// notesReads is GET /people/{id}/notes: the 50 newest notes under
// policy.Notes (involved now; other services' confidential notes left
// out; the person not merged), with the authors' and services' names and
// the total, as models.Notes gives them, in one statement.
func notesReads(a baseActor, personID int64) []baseStmt {
	inv, args := involvedNowSQL(a, "n.person_id")
	return []baseStmt{{sql: `SELECT n.*, u.name AS author_name, sv.name AS service_name, COUNT(*) OVER () AS total
		FROM case_notes n JOIN users u ON u.id = n.author_user_id JOIN services sv ON sv.id = n.service_id
		WHERE n.person_id = ? AND ` + inv + ` AND (n.confidential = ? OR n.service_id = ?)
		AND NOT EXISTS (SELECT 1 FROM people pm WHERE pm.id = n.person_id AND (pm.merged_into_id IS NOT NULL OR pm.erased_at IS NOT NULL))
		ORDER BY n.created_at DESC, n.id DESC LIMIT 50`,
		args: append(append([]any{personID}, args...), false, a.serviceID)}}
}

// matchesReads is what GET /people/{id}/matches reads about the person:
// the person under policy.Records (involved now), "known to", the latest
// completed assessment under policy.Assessments and the priority
// adjustments under policy.Adjustments. The catalogue (services, rules,
// vacancies, hours, weights) is left out: it is the same for every person
// and issue 17 holds it in memory, so the least the database must do per
// ranking is the person's own rows.
func matchesReads(a baseActor, id int64) []baseStmt {
	inv, invArgs := involvedNowSQL(a, "p.id")
	asInv, asArgs := involvedNowSQL(a, "s.person_id")
	adInv, adArgs := involvedNowSQL(a, "j.person_id")
	asAllowed, adAllowed := "1 = 0", "1 = 0"
	if a.canAssessments {
		asAllowed = "1 = 1"
	}
	if a.canAdjustments {
		adAllowed = "1 = 1"
	}
	return []baseStmt{
		{sql: "SELECT p.* FROM people p WHERE p.id = ? AND p.merged_into_id IS NULL AND p.erased_at IS NULL AND " + inv,
			args: append([]any{id}, invArgs...)},
		aliasesSQL(id),
		knownToSQL(a, id),
		{sql: `SELECT s.*, sv.name AS service_name, u.name AS created_by_name, fv.version AS form_version
			FROM assessments s JOIN services sv ON sv.id = s.service_id JOIN users u ON u.id = s.created_by_user_id
			JOIN form_versions fv ON fv.id = s.form_version_id
			WHERE s.person_id = ? AND s.status = '` + models.AssessmentCompleted + `' AND ` + asAllowed + ` AND ` + asInv + ` AND (s.confidential = ? OR s.service_id = ?)
			ORDER BY s.completed_at DESC, s.id DESC LIMIT 1`,
			args: append(append([]any{id}, asArgs...), false, a.serviceID)},
		{sql: `SELECT j.*, u.name AS created_by_name, sv.name AS service_name
			FROM priority_adjustments j JOIN users u ON u.id = j.created_by_user_id JOIN services sv ON sv.id = j.service_id
			WHERE j.person_id = ? AND j.withdrawn_at IS NULL AND ` + adAllowed + ` AND ` + adInv + ` AND (j.confidential = ? OR j.service_id = ?)
			ORDER BY j.created_at, j.id`,
			args: append(append([]any{id}, adArgs...), false, a.serviceID)},
	}
}

// searchRead is GET /people?q=<full name>: people sharing weighted name
// keys with the text (names.SearchKeys, as models.SearchPeople derives
// them; a full name needs names.MinDuplicateWeight), under policy.People,
// best first, 25 with the total, the people's rows in the same statement.
// Known-to and the audit row (one event naming the ids) follow it.
func searchRead(a baseActor, text string) baseStmt {
	keys := names.SearchKeys(names.Normalise(text))
	rows := make([]string, len(keys))
	var args []any
	for i, k := range keys {
		rows[i] = "(CAST(? AS TEXT), CAST(? AS INTEGER))"
		args = append(args, k.Key, k.Weight)
	}
	if len(keys) == 0 {
		return baseStmt{sql: "SELECT 1 WHERE 1 = 0"}
	}
	ident, identArgs := identitySQL(a, "p.id")
	args = append(args, names.MinDuplicateWeight)
	args = append(args, identArgs...)
	return baseStmt{sql: `SELECT p.*, w.weight, COUNT(*) OVER () AS total
		FROM (SELECT k.person_id, SUM(q.column2) AS weight FROM person_name_keys k
			JOIN (SELECT * FROM (VALUES ` + strings.Join(rows, ", ") + `) AS v) q ON q.column1 = k.key
			GROUP BY k.person_id HAVING SUM(q.column2) >= ?) w
		JOIN people p ON p.id = w.person_id
		WHERE p.merged_into_id IS NULL AND p.erased_at IS NULL AND ` + ident + `
		ORDER BY w.weight DESC, p.updated_at DESC, p.id DESC LIMIT 25`, args: args}
}

// searchKnownTo is known-to for a page of search results (models.KnownToMany
// under policy.Involvements' row condition; the people were found visible).
func searchKnownTo(a baseActor, ids []int64) baseStmt {
	list, args := in(ids)
	return baseStmt{sql: `SELECT i.person_id, i.id, i.service_id, sv.name, sv.type, sv.phone, i.source, i.reason, i.started_at, i.ended_at, i.end_reason
		FROM involvements i JOIN services sv ON sv.id = i.service_id
		WHERE i.person_id IN ` + list + ` AND (i.confidential = ? OR i.service_id = ?)
		ORDER BY CASE WHEN i.ended_at IS NULL THEN 0 ELSE 1 END, i.started_at DESC`,
		args: append(args, false, a.serviceID)}
}

// monthKey is a street_contact_cells month as each database compares it.
func monthKey(pg bool, m time.Time) any {
	if pg {
		return m
	}
	return m.Format("2006-01-02")
}

// hotspotRead is GET /hotspots for the commissioner's LAs over whole London
// months first..last (the month keys of street_contact_cells), with the
// current month so far, [partFrom, now), from street_contacts when
// partFrom is set: contacts and distinct known people per map cell, under
// policy.StreetContactCellCounts, StreetContactPresenceCounts and
// StreetContactCounts (the actor's LAs, never confidential). The viewport
// is the whole county, so no tile range narrows it; las narrows it to
// some of the actor's LAs (the pack's one), or is nil for all of them.
func hotspotRead(pg bool, a baseActor, las []int64, shift uint, first, last, partFrom time.Time) []baseStmt {
	if las == nil {
		las = a.las
	}
	laList, laArgs := in(las)
	bin := func(t string) string {
		return fmt.Sprintf("(%[1]s.tile_x >> %[2]d) AS cx, (%[1]s.tile_y >> %[2]d) AS cy", t, shift)
	}
	var counts, people []string
	var cArgs, pArgs []any
	counts = append(counts, "SELECT "+bin("c")+", SUM(c.contacts) AS n, SUM(CASE WHEN c.person_id = 0 THEN c.contacts ELSE 0 END) AS u"+
		" FROM street_contact_cells c WHERE c.la_id IN "+laList+" AND c.confidential = ? AND c.month >= ? AND c.month <= ? GROUP BY cx, cy")
	cArgs = append(append(cArgs, laArgs...), false, monthKey(pg, first), monthKey(pg, last))
	idx := func(m time.Time) int { return m.Year()*12 + int(m.Month()) - 1 }
	var masks []string
	var mArgs []any
	for e := idx(first) / 64; e <= idx(last)/64; e++ {
		var mask uint64
		for i := max(idx(first), e*64); i <= min(idx(last), e*64+63); i++ {
			mask |= 1 << uint(i%64)
		}
		masks = append(masks, "(pr.epoch = ? AND (pr.months & ?) <> 0)")
		mArgs = append(mArgs, e, int64(mask))
	}
	people = append(people, "SELECT "+bin("pr")+", pr.person_id AS pk FROM street_contact_presence pr WHERE pr.la_id IN "+laList+
		" AND pr.confidential = ? AND ("+strings.Join(masks, " OR ")+")")
	pArgs = append(append(append(pArgs, laArgs...), false), mArgs...)
	if !partFrom.IsZero() {
		where := " FROM street_contacts s WHERE s.la_id IN " + laList + " AND s.confidential = ? AND s.seen_at >= ? AND s.seen_at < ?"
		counts = append(counts, "SELECT "+bin("s")+", 1 AS n, CASE WHEN s.person_id IS NULL THEN 1 ELSE 0 END AS u"+where)
		cArgs = append(append(cArgs, laArgs...), false, partFrom, a.now)
		people = append(people, "SELECT "+bin("s")+", s.person_id AS pk"+where+" AND s.person_id IS NOT NULL")
		pArgs = append(append(pArgs, laArgs...), false, partFrom, a.now)
	}
	q := baseStmt{sql: `SELECT c.cx, c.cy, c.contacts, c.unknown + COALESCE(p.people, 0) AS people
		FROM (SELECT cx, cy, SUM(n) AS contacts, SUM(u) AS unknown FROM (` + strings.Join(counts, " UNION ALL ") + `) cu GROUP BY cx, cy) c
		LEFT JOIN (SELECT cx, cy, COUNT(*) AS people FROM (SELECT DISTINCT cx, cy, pk FROM (` + strings.Join(people, " UNION ALL ") + `) pu) pd GROUP BY cx, cy) p
			ON p.cx = c.cx AND p.cy = c.cy
		ORDER BY c.cy, c.cx`, args: append(cArgs, pArgs...)}
	if !pg {
		return []baseStmt{q}
	}
	// The server's own settings for this query (models/hotspots.go), in the
	// same round trip: they tune the database, they are not overhead.
	return []baseStmt{{sql: "BEGIN"}, {sql: "SET LOCAL work_mem = '64MB'"}, {sql: "SET LOCAL jit = off"},
		{sql: "SET LOCAL plan_cache_mode = force_custom_plan"}, q, {sql: "COMMIT"}}
}

// complianceReads is what a month's compliance needs from the database
// for the services policy.ComplianceServices gives a commissioner (the
// non-confidential services of their LAs; one LA when la > 0): every
// record of the month of each kind models/compliance_*.go extracts, with
// the columns its missing-field tests read, and the 12 months of published
// scores the trend shows. The scoring itself is arithmetic on these rows.
func complianceReads(a baseActor, la int64, start, end time.Time, months []string) []baseStmt {
	las := a.las
	if la > 0 {
		las = []int64{la}
	}
	list, laArgs := in(las)
	services := "(SELECT sv.id FROM services sv WHERE sv.confidential = ? AND sv.id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id IN " + list + "))"
	svArgs := append([]any{false}, laArgs...)
	notMerged := func(person string) string {
		return "NOT EXISTS (SELECT 1 FROM people pm WHERE pm.id = " + person + " AND pm.merged_into_id IS NOT NULL)"
	}
	w := func(extra ...any) []any { return append(append([]any{}, svArgs...), extra...) }
	ml, mArgs := in(months)
	return []baseStmt{
		{sql: `SELECT iv.service_id, p.id, p.given_name, p.family_name, p.dob, p.estimated_birth_year, p.gender, p.nationality,
				p.immigration_status, p.local_connection_la_id
			FROM (SELECT DISTINCT i.service_id, i.person_id FROM involvements i
				WHERE i.started_at < ? AND (i.ended_at IS NULL OR i.ended_at >= ?) AND i.service_id IN ` + services + `) iv
			JOIN people p ON p.id = iv.person_id WHERE p.merged_into_id IS NULL`,
			args: append([]any{end, start}, svArgs...)},
		{sql: `SELECT s.id, s.service_id, s.person_id, s.status, s.answers, s.form_version_id, s.for_service_type FROM assessments s
			WHERE s.service_id IN ` + services + ` AND ((s.status = ? AND s.completed_at >= ? AND s.completed_at < ?)
				OR (s.created_at < ? AND (s.status = ? OR s.completed_at >= ?))) AND ` + notMerged("s.person_id"),
			args: w(models.AssessmentCompleted, start, end, end, models.AssessmentDraft, end)},
		{sql: `SELECT sc.* FROM street_contacts sc WHERE sc.service_id IN ` + services + ` AND sc.seen_at >= ? AND sc.seen_at < ?
			AND (sc.person_id IS NULL OR ` + notMerged("sc.person_id") + `)`,
			args: w(start, end)},
		{sql: `SELECT pl.* FROM placements pl WHERE pl.service_id IN ` + services + `
			AND pl.started_at < ? AND (pl.moved_on_at IS NULL OR pl.moved_on_at >= ?) AND ` + notMerged("pl.person_id"),
			args: w(end, start)},
		{sql: `SELECT c.* FROM cases c WHERE c.service_id IN ` + services + ` AND c.closed_at >= ? AND c.closed_at < ? AND ` + notMerged("c.person_id"),
			args: w(start, end)},
		{sql: `SELECT cs.* FROM compliance_scores cs WHERE cs.month IN ` + ml + ` AND cs.service_id IN ` + services + ` ORDER BY cs.month, cs.service_id`,
			args: append(mArgs, svArgs...)},
	}
}
