package app

import "time"

// Zone is the area's time zone: months begin and end at midnight there,
// and the nightly jobs keep its hours. UTC only if the zone database is
// missing.
var Zone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()
