package server

import (
	"net/http"
	"testing"

	"gateway/models"
)

// A people search is the busiest read; at 400,000 people its round trips
// to the database were a good part of its cost (issue 12). It costs the
// same number whatever the name: authentication (the token, the user, the
// memberships with their services, their local authorities: 5), the search
// (the ranked page with the look-up of people only confidential services
// know, its people, their aliases: 3), who knows them (1) and its audit
// event (1); a match of a hidden person adds a query and one transaction
// of two inserts.
func TestAPeopleSearchCostsTenStatements(t *testing.T) {
	w := newWorld(t)
	c := w.api("hostel")
	c.get("/api/v1/people?q=harriet") // the token's last use is written at most once a minute
	before := models.StatementsExecuted()
	r := c.get("/api/v1/people?q=harriet")
	if got := models.StatementsExecuted() - before; r.status != http.StatusOK || got != 10 {
		t.Errorf("a search: %d, %d statements, want 200 and 10", r.status, got)
	}
}
