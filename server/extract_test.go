package server

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"gateway/server/app"
)

// The LA's statistical extract counts no confidential service's records,
// names no one, and suppresses every count below 5.
func TestStatisticsExtractIsAnonymousAndSuppressed(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	las, err := w.store.LAs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := w.peopleNames(t)
	start, end := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, la := range las {
		out, err := app.StatisticsExtract(ctx, w.store, w.pol, &la, start, end, "2000-01 to 2099-12")
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		for _, m := range []string{marker, sexworkMarker, addressMarker} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(m)) {
				t.Errorf("%s: the extract holds the marker %s", la.Code, m)
			}
		}
		for _, n := range names {
			if strings.Contains(text, n) {
				t.Errorf("%s: the extract names %q", la.Code, n)
			}
		}
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatalf("%s: not CSV: %v", la.Code, err)
		}
		if strings.Join(rows[0], ",") != "la_code,la_name,period,measure,category,count" || len(rows) < 6 {
			t.Fatalf("%s: %v", la.Code, rows)
		}
		// Street contacts by site type add up to the LA's non-confidential
		// contacts: the refuge's own are not counted.
		var want int64
		w.store.Gorm().Table("street_contacts").Where("la_id = ? AND confidential = ?", la.ID, false).Count(&want)
		got, hidden := 0, false
		for _, r := range rows[1:] {
			n, err := strconv.Atoi(r[5])
			if err != nil {
				if r[5] != "<5" && r[5] != "*" {
					t.Errorf("%s: count %q", la.Code, r[5])
				}
				hidden = true
				continue
			}
			if n < 5 {
				t.Errorf("%s: %s %s shows %d, below 5", la.Code, r[3], r[4], n)
			}
			if r[3] == "street_contacts_by_site_type" && r[4] != "total" {
				got += n
			}
		}
		if !hidden && int64(got) != want {
			t.Errorf("%s: site types add to %d, want the %d non-confidential contacts", la.Code, got, want)
		}
	}
	var audited int64
	w.store.Gorm().Table("audit_events").Where("action = ?", "export statistics").Count(&audited)
	if audited != int64(len(las)) {
		t.Errorf("%d extracts audited, want %d", audited, len(las))
	}
}
