package reports

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// pageCount counts page objects in a PDF (not the /Pages tree node).
func pageCount(pdf []byte) int { return bytes.Count(pdf, []byte("/Type /Page\n")) }

// BenchmarkCompliance1M scores a month of one million records over the
// Mainstay-sized 156 services, a fifth of them missing one or two fields.
func BenchmarkCompliance1M(b *testing.B) {
	rules := DefaultRules()
	rng := rand.New(rand.NewPCG(1, 2))
	recs := make([]Record, 1_000_000)
	for i := range recs {
		typ := RecordTypes[rng.IntN(len(RecordTypes))]
		r := Record{Type: typ, ID: int64(i), ServiceID: int64(rng.IntN(156)), Label: "Name", Link: "/people/1"}
		if rng.IntN(5) == 0 {
			fs := rules.Types[typ]
			r.Missing = []string{fs[rng.IntN(len(fs))].Key, fs[rng.IntN(len(fs))].Key}
		}
		recs[i] = r
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if got := Score(october, rules, recs); len(got) != 156 {
			b.Fatalf("%d services", len(got))
		}
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkPDF20Pages renders an LA compliance report whose ranking table
// runs to 20 A4 pages. Target: well under 2 s per report.
func BenchmarkPDF20Pages(b *testing.B) {
	r := bigReport(730)
	var buf bytes.Buffer
	if err := ComplianceReportPDF(&buf, r); err != nil {
		b.Fatal(err)
	}
	if n := pageCount(buf.Bytes()); n != 20 {
		b.Fatalf("report has %d pages, want 20: adjust the service count", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := ComplianceReportPDF(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(20, "pages")
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// BenchmarkFlows5M classifies five million street contacts (the national
// scale) of 400,000 people over three years and 6 LAs.
func BenchmarkFlows5M(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	keys := make([]string, 400_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("p%07d", i)
	}
	las := []string{"E08000011", "E08000012", "E08000013", "E08000014", "E08000015", "E06000006"}
	start := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	s := make([]Sighting, 5_000_000)
	for i := range s {
		s[i] = Sighting{PersonKey: keys[rng.IntN(len(keys))], LA: las[rng.IntN(len(las))],
			At: start.Add(time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour))))}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rows := Flows(s, Month{2026, time.January}, Month{2026, time.December}, 0); len(rows) != 72 {
			b.Fatalf("%d rows", len(rows))
		}
	}
	b.ReportMetric(float64(len(s))*float64(b.N)/b.Elapsed().Seconds(), "sightings/s")
}
