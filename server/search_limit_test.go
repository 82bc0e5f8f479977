package server

import (
	"strconv"
	"strings"
	"testing"

	"gateway/models"
)

// A name more than models.SearchLimit people share: the pages hold the
// closest and the answer says it was limited, in the API and on the page
// ; no silent cap.
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
