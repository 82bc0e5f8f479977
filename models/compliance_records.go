package models

import (
	"strconv"

	"gorm.io/gorm"
)

// People, street contacts, placements and cases in data compliance: the
// kinds of record read by SQL alone (assessments, whose sections follow
// their form version, are in compliance_casework.go).

// notMergedAway is the SQL condition that the person in the column person
// has not been merged into another record: they count through the survivor.
func notMergedAway(person string) string {
	return "NOT EXISTS (SELECT 1 FROM people pm WHERE pm.id = " + person + " AND pm.merged_into_id IS NOT NULL)"
}

// recordPage links to the page where a manager fixes a record: prefix, the
// record's id, then suffix.
func recordPage(prefix, suffix string) func(id, _ int64) string {
	return func(id, _ int64) string { return prefix + strconv.FormatInt(id, 10) + suffix }
}

// personExtractor: a person counts once for each service with an
// involvement open at any time in the month (started before the month
// ended, not closed before it began), whoever created the record: every
// service working with someone shares the job of keeping their identity
// complete. People merged into another record count through the survivor.
var personExtractor = &complianceExtractor{
	Type:   "person",
	Counts: "Each person once for every service with an involvement open at any time in the month.",
	Fields: []ComplianceField{
		{Key: "name", Label: "Name", MissingWhen: "Either the given name or the family name is blank (one name part blank is missing).", missing: "p.given_name = '' OR p.family_name = ''"},
		{Key: "dob_or_estimated_age", Label: "Date of birth or estimated age", MissingWhen: "Neither a date of birth (a year alone is enough) nor an estimated age is recorded.", missing: "p.dob IS NULL AND p.estimated_birth_year IS NULL"},
		{Key: "gender", Label: "Gender", MissingWhen: "No gender is recorded. \"Prefers not to say\" is a recorded answer, not missing.", missing: "p.gender = ''"},
		// "unknown" is a status nobody has found out yet, not a recorded one.
		{Key: "nationality_or_immigration_status", Label: "Nationality or immigration status",
			MissingWhen: "No nationality is recorded and the immigration status is blank or \"Not known\" (a status nobody has found out yet is not a recorded one).",
			missing:     "p.nationality = '' AND p.immigration_status IN ('', 'unknown')"},
		{Key: "local_connection", Label: "Local connection", MissingWhen: "No local authority is recorded as the person's local connection.", missing: "p.local_connection_la_id IS NULL"},
	},
	rows: func(db *gorm.DB, w complianceWindow) *gorm.DB {
		open := db.Session(&gorm.Session{NewDB: true}).Table("involvements").
			Select("DISTINCT involvements.service_id, involvements.person_id").
			Where("involvements.started_at < ? AND (involvements.ended_at IS NULL OR involvements.ended_at >= ?)", w.end, w.start).
			Where("involvements.service_id IN (?)", w.services)
		return db.Table("(?) AS iv", open).
			Joins("JOIN people p ON p.id = iv.person_id").
			Where("p.merged_into_id IS NULL")
	},
	id: "p.id", service: "iv.service_id", person: "p.id",
	link: recordPage("/people/", "/edit"),
}

// streetContactExtractor: a street contact counts for
// the outreach service that recorded it, in the month it was made. The
// form requires the point, time and site type, so gaps come from imported
// or migrated contacts: a point at 0,0 (none given), no time, no site type.
// A contact with someone not known is labelled by its number in the named
// list, since there is no name.
var streetContactExtractor = &complianceExtractor{
	Type:   "street_contact",
	Counts: "Street contacts the service recorded in the month.",
	Fields: []ComplianceField{
		{Key: "point", Label: "Map point", MissingWhen: "The contact has no map point.", missing: "sc.lat = 0 AND sc.lon = 0"},
		{Key: "time", Label: "Time of contact", MissingWhen: "The contact has no time.", missing: "sc.seen_at IS NULL"},
		{Key: "site_type", Label: "Sleeping site type", MissingWhen: "No sleeping site type is recorded.", missing: "sc.site_type = ''"},
	},
	rows: func(db *gorm.DB, w complianceWindow) *gorm.DB {
		return db.Table("street_contacts sc").
			Where("sc.service_id IN (?)", w.services).
			Where("sc.seen_at >= ? AND sc.seen_at < ?", w.start, w.end).
			Where("sc.person_id IS NULL OR " + notMergedAway("sc.person_id"))
	},
	id: "sc.id", service: "sc.service_id", person: "COALESCE(sc.person_id, 0)",
	link: recordPage("/street-contacts/", ""),
}

// placementExtractor: a placement counts for its
// service in every month it was open at any time (started before the month
// ended, not moved on before it began). The move-on reason and destination
// apply once the move-on is recorded within the month or earlier; before
// that they are not due. A destination recorded as "not known" is missing:
// it is the outcome commissioners follow.
var placementExtractor = &complianceExtractor{
	Type:   "placement",
	Counts: "Placements open at any time in the month; move-on reason and destination once the move-on is recorded.",
	Fields: []ComplianceField{
		{Key: "start", Label: "Start date", MissingWhen: "The placement has no start date.", missing: "pl.started_at IS NULL"},
		{Key: "move_on_reason", Label: "Move-on reason", MissingWhen: "The move-on was recorded (in the month or before) with no reason. Before a move-on is recorded the field is not due and not counted.", missing: "pl.move_on_reason = ''",
			notApplicable: "pl.moved_on_at IS NULL OR pl.moved_on_at >= @end"},
		{Key: "move_on_destination", Label: "Move-on destination", MissingWhen: "The move-on was recorded (in the month or before) with no destination, or with \"Not known\": the destination is the outcome commissioners follow. Before a move-on is recorded the field is not due.", missing: "pl.move_on_destination IN ('', 'unknown')",
			notApplicable: "pl.moved_on_at IS NULL OR pl.moved_on_at >= @end"},
	},
	rows: func(db *gorm.DB, w complianceWindow) *gorm.DB {
		return db.Table("placements pl").
			Where("pl.service_id IN (?)", w.services).
			Where("pl.started_at < ? AND (pl.moved_on_at IS NULL OR pl.moved_on_at >= ?)", w.end, w.start).
			Where(notMergedAway("pl.person_id"))
	},
	id: "pl.id", service: "pl.service_id", person: "pl.person_id",
	// Only an ended placement can miss a field (the start is required), and
	// its move-on is put right on the amend form, which the service reaches
	// even after its grace period with the person.
	link: recordPage("/placements/", "/move-on/amend"),
}

// caseExtractor: a case counts for its service in the month it was closed,
// when its outcome should have been recorded.
var caseExtractor = &complianceExtractor{
	Type:   "case",
	Counts: "Cases closed in the month.",
	Fields: []ComplianceField{{Key: "outcome_on_closure", Label: "Outcome on closure", MissingWhen: "The case was closed with no primary outcome recorded.", missing: "c.primary_outcome = ''"}},
	rows: func(db *gorm.DB, w complianceWindow) *gorm.DB {
		return db.Table("cases c").
			Where("c.service_id IN (?)", w.services).
			Where("c.closed_at >= ? AND c.closed_at < ?", w.start, w.end).
			Where(notMergedAway("c.person_id"))
	},
	id: "c.id", service: "c.service_id", person: "c.person_id",
	link: recordPage("/cases/", ""),
}
