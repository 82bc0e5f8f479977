package models

import (
	"strconv"

	"gorm.io/gorm"
)

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
			Where("sc.person_id IS NULL OR NOT EXISTS (SELECT 1 FROM people pm WHERE pm.id = sc.person_id AND pm.merged_into_id IS NOT NULL)")
	},
	id: "sc.id", service: "sc.service_id", person: "COALESCE(sc.person_id, 0)",
	link: func(id, _ int64) string { return "/street-contacts/" + strconv.FormatInt(id, 10) },
}
