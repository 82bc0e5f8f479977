package main

import (
	"context"
	"io"
	"testing"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// BenchmarkComplianceMonth1M computes a month's data compliance for every
// service over one million records on PostgreSQL, as the scheduled run
// does: the records of every kind read, scored and the month re-run
// beside its published scores. Target: under 60 s. Needs
// GATEWAY_TEST_POSTGRES; generating the month takes about a minute first.
//
//	GATEWAY_TEST_POSTGRES=postgres://... go test ./cmd/gateway -run XXX -bench ComplianceMonth1M -benchtime 3x
func BenchmarkComplianceMonth1M(b *testing.B) {
	ctx := context.Background()
	dsn := modeltest.PostgresDSN(b)
	store, err := models.Open(dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx, io.Discard); err != nil {
		b.Fatal(err)
	}
	m := reports.Month{Year: 2026, Month: time.October}
	sum, err := demo.GenerateMonth(ctx, store, demo.MonthOptions{Records: 1_000_000, Start: m.Start(app.Zone), End: m.End(app.Zone)})
	if err != nil {
		b.Fatal(err)
	}
	pol, err := policy.New(ctx, store, policy.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer pol.Close()
	las, _ := store.LAs(ctx)
	var ids []int64
	for _, la := range las {
		ids = append(ids, la.ID)
	}
	rep := &app.Reporter{Store: store, Now: time.Now}
	run := pol.Scheduled(ids, time.Now())
	// The first run publishes October and the 11 months before it.
	start := time.Now()
	if _, err := rep.ComplianceReport(ctx, run, m, nil, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d records generated in %s; first run (12 months computed and published) %s", sum.Records, sum.Took.Round(time.Second), time.Since(start).Round(time.Millisecond))
	var checked int
	b.ResetTimer()
	for b.Loop() {
		r, err := rep.ComplianceReport(ctx, run, m, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		checked = 0
		for _, s := range r.Current {
			checked += s.Records
		}
	}
	b.ReportMetric(float64(checked), "records")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/month")
}
