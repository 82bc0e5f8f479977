package models

import (
	"strconv"

	"gorm.io/gorm"
)

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
			Where("NOT EXISTS (SELECT 1 FROM people pm WHERE pm.id = pl.person_id AND pm.merged_into_id IS NOT NULL)")
	},
	id: "pl.id", service: "pl.service_id", person: "pl.person_id",
	// Only an ended placement can miss a field (the start is required), and
	// its move-on is put right on the amend form, which the service reaches
	// even after its grace period with the person.
	link: func(id, _ int64) string { return "/placements/" + strconv.FormatInt(id, 10) + "/move-on/amend" },
}
