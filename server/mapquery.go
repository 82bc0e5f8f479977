package server

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
)

// dateRange is the time a map or report covers: London days from From to
// To inclusive, as the instants [Start, End).
type dateRange struct {
	From, To   string // YYYY-MM-DD, as echoed back to the client
	Start, End time.Time
}

// Days is the length of the range in days.
func (r dateRange) Days() int { return int(r.End.Sub(r.Start).Hours()/24 + 0.5) }

// parseRange reads ?from= and ?to=, each a London date (YYYY-MM-DD) or a
// month (YYYY-MM: from its first day, to its last). Missing, to is today
// and from is defaultDays before it. Longer than maxDays is refused.
func parseRange(c *gin.Context, now time.Time, defaultDays, maxDays int) (dateRange, error) {
	return rangeOf(c.Query("from"), c.Query("to"), now, defaultDays, maxDays)
}

// parseRangeDefault is the default range, for a page whose query was bad.
func parseRangeDefault(now time.Time, days int) (dateRange, error) {
	return rangeOf("", "", now, days, days)
}

func rangeOf(fromQ, toQ string, now time.Time, defaultDays, maxDays int) (dateRange, error) {
	today := now.In(models.London)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, models.London)
	to := today
	if v := strings.TrimSpace(toQ); v != "" {
		d, month, err := parseDay(v)
		if err != nil {
			return dateRange{}, models.Invalid("to", err.Error())
		}
		to = d
		if month {
			to = d.AddDate(0, 1, -1)
		}
	}
	from := to.AddDate(0, 0, -(defaultDays - 1))
	if v := strings.TrimSpace(fromQ); v != "" {
		d, _, err := parseDay(v)
		if err != nil {
			return dateRange{}, models.Invalid("from", err.Error())
		}
		from = d
	}
	if to.Before(from) {
		return dateRange{}, models.Invalid("to", "must not be before from")
	}
	r := dateRange{From: from.Format("2006-01-02"), To: to.Format("2006-01-02"), Start: from.UTC(), End: to.AddDate(0, 0, 1).UTC()}
	if r.Days() > maxDays {
		return dateRange{}, models.Invalid("from", "the range may be at most "+strconv.Itoa(maxDays)+" days")
	}
	return r, nil
}

// maxMapMonths is the longest range a hotspot map covers: five years.
const maxMapMonths = 60

// parseMonthRange reads a commissioner's ?from= and ?to= as whole London
// months: each a month (YYYY-MM), or a date that is the first day of a
// month (from) or the last day of one (to). Any other day is refused:
// maps of ranges a day apart differ by the people first seen in a cell
// that day, a count under 5 that suppressing each map cannot hide.
// Missing, the range is the defaultMonths ending this month.
func parseMonthRange(c *gin.Context, now time.Time, defaultMonths, maxMonths int) (dateRange, error) {
	return monthRangeOf(c.Query("from"), c.Query("to"), now, defaultMonths, maxMonths)
}

const wholeMonths = " (hotspot maps cover whole months, so that maps a day apart cannot be subtracted to reveal fewer than 5 people)"

func monthRangeOf(fromQ, toQ string, now time.Time, defaultMonths, maxMonths int) (dateRange, error) {
	today := now.In(models.London)
	to := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, models.London) // first day of to's month
	if v := strings.TrimSpace(toQ); v != "" {
		d, month, err := parseDay(v)
		switch {
		case err != nil:
			return dateRange{}, models.Invalid("to", "must be a month like 2026-10, or the last day of a month like 2026-10-31")
		case !month && d.AddDate(0, 0, 1).Day() != 1:
			return dateRange{}, models.Invalid("to", "must be the last day of a month, or a month like 2026-10"+wholeMonths)
		}
		to = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, models.London)
	}
	from := to.AddDate(0, -(defaultMonths - 1), 0)
	if v := strings.TrimSpace(fromQ); v != "" {
		d, month, err := parseDay(v)
		switch {
		case err != nil:
			return dateRange{}, models.Invalid("from", "must be a month like 2026-10, or the first day of a month like 2026-10-01")
		case !month && d.Day() != 1:
			return dateRange{}, models.Invalid("from", "must be the first day of a month, or a month like 2026-10"+wholeMonths)
		}
		from = d
	}
	if to.Before(from) {
		return dateRange{}, models.Invalid("to", "must not be before from")
	}
	if months := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1; months > maxMonths {
		return dateRange{}, models.Invalid("from", "the range may be at most "+strconv.Itoa(maxMonths)+" months")
	}
	end := to.AddDate(0, 1, 0)
	return dateRange{From: from.Format("2006-01-02"), To: end.AddDate(0, 0, -1).Format("2006-01-02"), Start: from.UTC(), End: end.UTC()}, nil
}

// parseDay reads YYYY-MM-DD or YYYY-MM as midnight in London.
func parseDay(v string) (day time.Time, month bool, err error) {
	if t, err := time.ParseInLocation("2006-01-02", v, models.London); err == nil {
		return t, false, nil
	}
	if t, err := time.ParseInLocation("2006-01", v, models.London); err == nil {
		return t, true, nil
	}
	return time.Time{}, false, errors.New("must be a date like 2026-10-31 or a month like 2026-10")
}

// parseTiles reads ?bbox=minLon,minLat,maxLon,maxLat into the base tiles it
// covers, widened to whole cells of 2^shift tiles so no cell at the edge of
// the view is counted in part. No bbox means everywhere.
func parseTiles(c *gin.Context, shift uint) (models.TileRange, error) {
	v := strings.TrimSpace(c.Query("bbox"))
	if v == "" {
		return models.TileRange{}, nil
	}
	b, err := geo.ParseBBox(v)
	if err != nil {
		return models.TileRange{}, geoFieldError(err)
	}
	x0, y0 := geo.BaseTile(orb.Point{b.Min[0], b.Max[1]}) // north-west corner: smallest x and y
	x1, y1 := geo.BaseTile(orb.Point{b.Max[0], b.Min[1]})
	mask := uint32(1)<<shift - 1
	return models.TileRange{MinX: int(x0 &^ mask), MinY: int(y0 &^ mask), MaxX: int(x1 | mask), MaxY: int(y1 | mask)}, nil
}

// geoFieldError turns geo's field errors into the one bad-input error.
func geoFieldError(err error) error {
	var fe *geo.FieldError
	if errors.As(err, &fe) {
		return models.Invalid(fe.Field, fe.Problem)
	}
	return models.Invalid("bbox", err.Error())
}

// parseZoom reads the map's ?zoom= (0..22).
func parseZoom(c *gin.Context) (int, error) {
	v := strings.TrimSpace(c.Query("zoom"))
	if v == "" {
		return 10, nil
	}
	z, err := strconv.Atoi(v)
	if err != nil || z < 0 || z > 22 {
		return 0, models.Invalid("zoom", "must be a whole number from 0 to 22 (the map's zoom level)")
	}
	return z, nil
}

// asFieldErrors reports whether err is bad input, and which fields.
func asFieldErrors(err error, fe *models.FieldErrors) bool { return errors.As(err, fe) }
