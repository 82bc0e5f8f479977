package models

// dobCompatible is a condition on people.dob for a date of birth someone
// gave: the people whose recorded date could be that date. A full date
// matches itself and records holding only its month or year; a month
// matches its days and its year; a year matches everything in it. Dates
// are text in byte order, so each is one index range or equality.
func dobCompatible(d Date) (string, []any) {
	switch d.Precision() {
	case "day":
		return "people.dob IN (?, ?, ?)", []any{d.String(), d.String()[:7], d.String()[:4]}
	case "month":
		m := d.String()
		return "(people.dob = ? OR (people.dob >= ? AND people.dob < ?))", []any{m[:4], m, m + "~"}
	}
	y := d.String()
	return "(people.dob >= ? AND people.dob < ?)", []any{y, y + "~"}
}
