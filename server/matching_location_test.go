package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Distances for a person met on the street are measured from where they
// were last met, for a service that reads their full record; the point
// itself never leaves the server.
func TestMatchesMeasureFromTheLastStreetContact(t *testing.T) {
	w := newWorld(t)
	rosa := itoa(w.people["rosa"].ID)
	var pg matchesPage
	r := w.api("outreach").get("/api/v1/people/" + rosa + "/matches")
	if r.status != http.StatusOK {
		t.Fatalf("matches: %d %s", r.status, r.body)
	}
	r.decode(t, &pg)
	if !strings.Contains(pg.Facts.LocatedBy, "last met on the street") || !pg.Facts.Candidate.HasLocation {
		t.Fatalf("the outreach team's ranking uses the street contact: %q", pg.Facts.LocatedBy)
	}
	if pg.Facts.Candidate.Location[0] != 0 || strings.Contains(r.body, itoaF(hotspotPoint[1])) {
		t.Errorf("the point itself is not in the answer")
	}
	// A service not involved gets no ranking of this person's record.
	if r := w.api("hostel").get("/api/v1/people/" + rosa + "/matches"); r.status == http.StatusOK && strings.Contains(r.body, "last met on the street") {
		t.Errorf("a service not involved must not measure from the street contact: %s", r.body)
	}
}

func itoaF(f float64) string { return strings.TrimRight(strings.TrimRight(strconvF(f), "0"), ".") }

func strconvF(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }
