package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// bigReport is an LA compliance report with n services, enough to run
// its ranking table over several pages.
func bigReport(n int) ComplianceReport {
	r := ComplianceReport{LA: "Big City", Month: october, GeneratedAt: generatedAt, ServiceNames: map[int64]string{}}
	for i := range n {
		id := int64(i + 1)
		r.ServiceNames[id] = fmt.Sprintf("Provider %03d hostel", i+1)
		r.Services = append(r.Services, ServiceScore{ServiceID: id, Month: october, Records: 5 + i,
			Required: 50 + 10*i, Missing: i % 9, Score: percentPresent(50+10*i, i%9)})
	}
	for i := range 12 {
		r.Trend = append(r.Trend, TrendPoint{Month: october.Add(i - 11), Score: 80 + float64(i)})
	}
	return r
}

func TestLongTablesRepeatTheirHeaderOnEveryPage(t *testing.T) {
	const services = 150
	pdf := render(t, func(b *bytes.Buffer) error { return ComplianceReportPDF(b, bigReport(services)) })
	pages := strings.Split(strings.TrimRight(pdfText(t, pdf), "\f"), "\f")
	if len(pages) < 4 {
		t.Fatalf("%d pages; want the table to run over several", len(pages))
	}
	if n := pdfPages(t, pdf); n != len(pages) {
		t.Fatalf("pdftoppm made %d pages, pdftotext saw %d", n, len(pages))
	}
	rows := 0
	for i, page := range pages {
		if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(page, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !strings.Contains(page, "Data compliance: Big City") || !strings.Contains(page, "Period: October 2026") {
			t.Errorf("page %d lacks the report header", i+1)
		}
		here := 0 // ranking rows read "rank Provider nnn hostel score records missing"
		for _, l := range strings.Split(page, "\n") {
			if f := strings.Fields(l); len(f) == 7 && f[1] == "Provider" {
				here++
			}
		}
		if here > 0 && !strings.Contains(page, "Rank") {
			t.Errorf("page %d has %d table rows but no header", i+1, here)
		}
		rows += here
	}
	if rows != services {
		t.Errorf("%d table rows across pages, want %d", rows, services)
	}
}
