package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Month is a calendar month, the unit every report is run for.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "2026-10".
func ParseMonth(s string) (Month, error) {
	y, m, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok || len(y) != 4 || len(m) != 2 {
		return Month{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	year, err1 := strconv.Atoi(y)
	mon, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || year < 1 || mon < 1 || mon > 12 {
		return Month{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return Month{year, time.Month(mon)}, nil
}

// MonthOf is the month t falls in, read in t's own location: callers pass
// times in the area's zone (Europe/London) so a contact at 00:30 BST on the
// 1st counts in the new month.
func MonthOf(t time.Time) Month {
	y, m, _ := t.Date()
	return Month{y, m}
}

// String is the form ParseMonth reads, e.g. "2026-10".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Label is the form people read, e.g. "October 2026".
func (m Month) Label() string { return fmt.Sprintf("%s %d", m.Month, m.Year) }

// index counts months from year 0 so months can be subtracted.
func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

func monthAt(i int) Month { return Month{i / 12, time.Month(i%12 + 1)} }

// Add moves n months forward (or back when n < 0).
func (m Month) Add(n int) Month { return monthAt(m.index() + n) }

// Next is the following month.
func (m Month) Next() Month { return m.Add(1) }

// Prev is the month before.
func (m Month) Prev() Month { return m.Add(-1) }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.index() < o.index() }

// After reports whether m is later than o.
func (m Month) After(o Month) bool { return m.index() > o.index() }

// Since counts the months from o to m (positive when m is later).
func (m Month) Since(o Month) int { return m.index() - o.index() }

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m == Month{} }

// Start is midnight on the 1st in loc; End is the next month's Start, so a
// month is the half-open range [Start, End).
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// End is the first instant after the month in loc.
func (m Month) End(loc *time.Location) time.Time { return m.Next().Start(loc) }

// Months lists from..to inclusive; empty when to is before from.
func Months(from, to Month) []Month {
	if to.Before(from) {
		return nil
	}
	out := make([]Month, 0, to.Since(from)+1)
	for m := from; !m.After(to); m = m.Next() {
		out = append(out, m)
	}
	return out
}

// MarshalText lets a Month travel in JSON and query strings as "2026-10".
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads "2026-10".
func (m *Month) UnmarshalText(b []byte) error {
	p, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = p
	return nil
}

// shortLabel fits a chart axis, e.g. "Oct 26".
func (m Month) shortLabel() string { return m.Month.String()[:3] + " " + itoa(m.Year%100) }
