package reports

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"
)

// smallPack holds true counts of 0–4 in every section, and totals that are
// distinctive numbers, so the PDF text can be searched for leaks.
func smallPack() Pack {
	m := october
	var flows []FlowRow
	for i := range 12 {
		flows = append(flows, FlowRow{Month: m.Add(i - 11), LA: "L1", New: 117, Returner: i % 5, LongTerm: 203, Intermittent: 9})
	}
	return Pack{
		LA: "L1", LAName: "Smallshire", Month: m, GeneratedAt: generatedAt,
		Hotspots: []Hotspot{{Area: "Market Square", Contacts: 4}, {Area: "Station Approach", Contacts: 1}, {Area: "Riverside", Contacts: 88}},
		Flows:    flows,
		Gaps:     gapPeople(octoberGaps{"Pets not accepted|Dog|Rough sleepers": 112, "Risk too high|Arson|Offenders": 57, "Other|Couple|Couples": 2}, octoberGaps{"No couples provision|Couple|Couples": 2}),
		Placements: Placements{Started: 3, MoveOns: []MoveOn{
			{Destination: "Private rented sector", Reason: "Planned", People: 619},
			{Destination: "Social housing", Reason: "Planned", People: 26},
			{Destination: "Prison", Reason: "Custody", People: 1},
		}},
		Compliance: []ServiceScore{
			{ServiceID: 1, Month: m, Records: 2, Required: 10, Missing: 4, Score: 60,
				Named: []MissingRecord{{Type: "person", ID: 7, Label: "Алексей Смирнов"}}},
			{ServiceID: 2, Month: m, Records: 340, Required: 1700, Missing: 17, Score: 99},
		},
		ServiceNames: map[int64]string{1: "Night shelter", 2: "Street outreach"},
	}
}

func isSmall(tok string) bool { return len(tok) == 1 && tok[0] >= '0' && tok[0] <= '4' }

func TestPackNeverPrintsACountBelowFive(t *testing.T) {
	text := pdfText(t, render(t, func(b *bytes.Buffer) error { return CommissionerPackPDF(b, smallPack()) }))

	// Every table row and chart bar that holds a count: no 0–4 anywhere on it.
	labels := []string{"Market Square", "Station Approach", "Riverside", "Referral declined",
		"No service matched", "Private rented sector", "Social housing", "Prison", "New", "Returner", "Long-term", "Intermittent"}
	for _, m := range Months(october.Add(-11), october) {
		labels = append(labels, m.Label())
	}
	for _, label := range labels {
		rows := rowsStarting(text, label)
		if len(rows) == 0 {
			t.Errorf("no row for %q", label)
		}
		for _, fields := range rows {
			if i := slices.IndexFunc(fields, isSmall); i >= 0 {
				t.Errorf("%s row shows %q: %v", label, fields[i], fields)
			}
		}
	}
	for _, want := range []struct{ label, cell string }{
		{"Market Square", "<5"}, {"Station Approach", "<5"}, {"Riverside", "88"},
		{"Prison", "<5"},
		{"All move-ons", "*"},
	} {
		rows := rowsStarting(text, want.label)
		if len(rows) == 0 || rows[0][len(rows[0])-1] != want.cell {
			t.Errorf("%s: got %v, want last cell %q", want.label, rows, want.cell)
		}
	}
	// Gaps: 171 people declined, 112 for pets, 57 for risk and 2 for another
	// reason. The 2 cannot stand alone beside the total (171 − 112 − 57), so
	// risk is pooled with it; the 2 failed matches are <5 with no breakdown.
	if rows := rowsStarting(text, "All people"); len(rows) != 2 || rows[0][0] != "171" || rows[1][0] != "<5" {
		t.Errorf("gaps people rows = %v, want 171 and <5", rows)
	}
	if rows := rowsStarting(text, "By reason"); len(rows) != 1 || strings.Join(rows[0], " ") != "Pets not accepted 112" {
		t.Errorf("by reason = %v", rows)
	}
	if rows := rowsStarting(text, "Others, pooled: Other; Risk too high"); len(rows) != 1 || strings.Join(rows[0], " ") != "59" {
		t.Errorf("pooled reasons = %v", rows)
	}
	// Totals that would give the small cells back by subtraction.
	for _, total := range []string{"57" /* gaps: risk alone */, "646" /* move-ons */, "329", "330", "331", "332", "333" /* people */, "342" /* records */} {
		if strings.Contains(text, total) {
			t.Errorf("text contains the true total %s", total)
		}
	}
	if !strings.Contains(text, "People placed this month: <5.") {
		t.Error("placements started not suppressed")
	}
	// The night shelter has 2 records: "<5", and its missing fields withheld.
	if rows := rowsStarting(text, "2 Night shelter"); len(rows) != 1 || strings.Join(rows[0], " ") != "60.0% <5 *" {
		t.Errorf("night shelter row = %v", rows)
	}
	if strings.Contains(text, "Алексей") {
		t.Error("a named-list label reached the commissioner pack")
	}
}

func TestPackShowsTotalsWhenNothingIsSuppressed(t *testing.T) {
	p := smallPack()
	p.Flows = []FlowRow{{Month: october, LA: "L1", New: 5, Returner: 6, LongTerm: 7, Intermittent: 8}}
	text := pdfText(t, render(t, func(b *bytes.Buffer) error { return CommissionerPackPDF(b, p) }))
	if rows := rowsStarting(text, "October 2026"); len(rows) != 1 || strings.Join(rows[0], " ") != "5 6 7 8 26" {
		t.Errorf("flows row = %v, want 5 6 7 8 26", rows)
	}
}

func TestPackFillsEmptySectionsWithAStatement(t *testing.T) {
	text := pdfText(t, render(t, func(b *bytes.Buffer) error {
		return CommissionerPackPDF(b, Pack{LA: "L9", LAName: "Quietshire", Month: october, GeneratedAt: generatedAt})
	}))
	for _, want := range []string{
		"No street contacts were recorded in Quietshire in October 2026.",
		"No one was seen rough sleeping in Quietshire in the 12 months to October 2026.",
		"No declined referrals or unmatched assessments were recorded",
		"No placements started or ended",
		"No records were due for compliance checks",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("empty pack lacks %q", want)
		}
	}
}

func readCSV(t *testing.T, write func(*bytes.Buffer) error) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCommissionerCSVsSuppressEveryCell(t *testing.T) {
	p := smallPack()
	rows := readCSV(t, func(b *bytes.Buffer) error {
		return ComplianceReportCSV(b, ComplianceReport{LA: "Smallshire", Month: october, Services: p.Compliance, ServiceNames: p.ServiceNames})
	})
	want := [][]string{
		{"month", "la", "rank", "service", "score_percent", "records", "fields_missing", "score_now_percent"},
		{"2026-10", "Smallshire", "1", "Street outreach", "99.0", "340", "17", ""},
		{"2026-10", "Smallshire", "2", "Night shelter", "60.0", "<5", "*", ""},
		{"2026-10", "Smallshire", "", "All services", "98.8", "*", "*", ""},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("compliance CSV\n got %q\nwant %q", rows, want)
	}

	rows = readCSV(t, func(b *bytes.Buffer) error { return FlowsCSV(b, p.Flows[11:]) })
	if got := rows[1]; strings.Join(got, ",") != "2026-10,L1,117,<5,203,9,*" {
		t.Errorf("flows CSV row = %v", got)
	}

	rows = readCSV(t, func(b *bytes.Buffer) error { return GapsCSV(b, p.Gaps) })
	want = [][]string{
		{"kind", "breakdown", "value", "people", "pooled"},
		{"Referral declined", "all", "All people", "171", ""},
		{"Referral declined", "reason", "Pets not accepted", "112", ""},
		{"Referral declined", "reason", "Others, pooled", "59", "Other; Risk too high"},
		{"Referral declined", "need", "Dog", "112", ""},
		{"Referral declined", "need", "Others, pooled", "59", "Arson; Couple"},
		{"Referral declined", "target_group", "Rough sleepers", "112", ""},
		{"Referral declined", "target_group", "Others, pooled", "59", "Couples; Offenders"},
		{"Referral declined", "la", "L", "171", ""},
		{"No service matched", "all", "All people", "<5", ""},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("gaps CSV\n got %q\nwant %q", rows, want)
	}
}

func TestSuppressedRowsAreNotOrderedByTheirTrueCounts(t *testing.T) {
	rows := byShownCount([]Hotspot{{"Zed", 4}, {"Alpha", 1}, {"Big", 50}, {"Mid", 5}},
		func(h Hotspot) int { return h.Contacts }, func(h Hotspot) string { return h.Area })
	var got []string
	for _, r := range rows {
		got = append(got, r.Area)
	}
	// Alpha (1) before Zed (4): alphabetical, which says nothing about 1 < 4.
	if strings.Join(got, " ") != "Big Mid Alpha Zed" {
		t.Fatalf("order = %v", got)
	}
}

func TestRendersAreRepeatable(t *testing.T) {
	p := smallPack()
	a := render(t, func(b *bytes.Buffer) error { return CommissionerPackPDF(b, p) })
	b := render(t, func(b *bytes.Buffer) error { return CommissionerPackPDF(b, p) })
	if !bytes.Equal(a, b) {
		t.Fatal("same pack, different bytes")
	}
	p.GeneratedAt = p.GeneratedAt.Add(time.Minute)
	if c := render(t, func(b *bytes.Buffer) error { return CommissionerPackPDF(b, p) }); bytes.Equal(a, c) {
		t.Fatal("generated-at time is not in the output")
	}
}
