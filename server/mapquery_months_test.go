package server

import (
	"errors"
	"testing"
	"time"

	"gateway/models"
)

// Commissioners' hotspot ranges are whole London months: a range a day
// longer than another would give away, by subtraction, the people first
// seen in a cell that day.
func TestHotspotRangesAreWholeMonths(t *testing.T) {
	now := time.Date(2026, 10, 14, 9, 0, 0, 0, models.London)
	for _, tc := range []struct {
		from, to string
		want     string // From..To, or the field refused
	}{
		{"", "", "2025-11-01..2026-10-31"},
		{"2026-01", "2026-03", "2026-01-01..2026-03-31"},
		{"2026-01-01", "2026-03-31", "2026-01-01..2026-03-31"},
		{"2024-02", "2024-02-29", "2024-02-01..2024-02-29"},
		{"", "2026-03", "2025-04-01..2026-03-31"},
		{"2026-01-02", "2026-03-31", "from"},
		{"2026-01-01", "2026-03-30", "to"},
		{"2026-01-01", "2026-10-14", "to"},
		{"2026-01", "2026-13", "to"},
		{"last week", "", "from"},
		{"2026-05", "2026-04", "to"},
		{"2021-01", "2026-01", "from"},
		{"2021-02", "2026-01", "2021-02-01..2026-01-31"},
	} {
		r, err := monthRangeOf(tc.from, tc.to, now, 12, maxMapMonths)
		var fe models.FieldErrors
		got := r.From + ".." + r.To
		if errors.As(err, &fe) {
			for f := range fe {
				got = f
			}
		}
		if got != tc.want {
			t.Errorf("from %q to %q: got %s, want %s (%v)", tc.from, tc.to, got, tc.want, err)
		}
	}
	// A month is London's: October begins at 23:00 UTC on 30 September.
	r, _ := monthRangeOf("2026-10", "2026-10", now, 12, maxMapMonths)
	if want := time.Date(2026, 9, 30, 23, 0, 0, 0, time.UTC); !r.Start.Equal(want) || !r.End.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("October is %s to %s", r.Start, r.End)
	}
}
