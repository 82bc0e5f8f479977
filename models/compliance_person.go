package models

import (
	"strconv"

	"gorm.io/gorm"
)

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
	link: func(id, _ int64) string { return "/people/" + strconv.FormatInt(id, 10) + "/edit" },
}
