package server

import (
	"net/http"
	"strconv"
	"strings"
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

// A name more than models.SearchLimit people share: the pages hold the
// closest and the answer says it was limited, in the API and on the page
// (issue 12: no silent cap).
func TestASearchMatchingMoreThanTheLimitSaysSo(t *testing.T) {
	w := newWorld(t)
	w.person("exact", "hostel", models.PersonInput{GivenName: "Ottoline", FamilyName: "Brackenbury"})
	for i := range models.SearchLimit + 5 {
		w.person("alike"+strconv.Itoa(i), "hostel", models.PersonInput{GivenName: "Ottoline", FamilyName: "Brakenbury"})
	}
	var pg searchPage
	w.api("daycentre").get("/api/v1/people?q=ottoline+brackenbury").decode(t, &pg)
	if !pg.Limited || pg.Pager.Total != models.SearchLimit || len(pg.Results) == 0 || pg.Results[0].ID != w.people["exact"].ID {
		t.Errorf("limited at %d with the exact name first: limited %v, total %d, %d results", models.SearchLimit, pg.Limited, pg.Pager.Total, len(pg.Results))
	}
	if body := w.web("daycentre").get("/people?q=ottoline+brackenbury").body; !strings.Contains(body, "More than 200 people have a name like this") {
		t.Errorf("the page says the search was limited")
	}
	w.api("daycentre").get("/api/v1/people?q=ottoline").decode(t, &pg)
	if !pg.Limited {
		t.Errorf("one name, the same")
	}
}
