package reports

import (
	"bytes"
	"strings"
	"testing"
)

// Where a month's move-on counts are small, the pack shows the
// twelve months to it by destination alone, so that most cells show,
// still suppressing below 5, and never beside the monthly breakdown.
func TestPackShowsARollingYearWhenMonthlyMoveOnsAreSmall(t *testing.T) {
	p := smallPack()
	p.Placements = Placements{Started: 7, MoveOns: []MoveOn{
		{Destination: "Social housing", Reason: "Planned", People: 2},
		{Destination: "Prison", Reason: "Custody", People: 1},
		{Destination: "Social housing", Reason: "Transfer", People: 6},
	}}
	if !p.Placements.MostlySuppressed() {
		t.Fatal("two of three cells under 5 is mostly suppressed")
	}
	p.Placements.Rolling = []MoveOn{{Destination: "Social housing", People: 38}, {Destination: "Private rented sector", People: 21}, {Destination: "Prison", People: 3}}
	p.Placements.RollingFrom = p.Month.Add(-11)
	text := pdfText(t, render(t, func(b *bytes.Buffer) error { return CommissionerPackPDF(b, p) }))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Move-on outcomes, twelve months to", "Social housing 38", "Private rented sector 21", "Prison <5", "All move-ons *"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the pack does not show %q", want)
		}
	}
	if strings.Contains(flat, "Transfer") {
		t.Error("the monthly breakdown by reason is printed beside the rolling year")
	}
	if (Placements{MoveOns: []MoveOn{{People: 9}, {People: 7}, {People: 2}}}).MostlySuppressed() {
		t.Error("two of three cells shown is not mostly suppressed")
	}
}
