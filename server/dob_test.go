package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A worker who knows only the year of birth, or the month and year,
// records just that, through either front door; it is shown as such.
func TestAPartialDateOfBirthIsAcceptedStoredAndShownAsSuch(t *testing.T) {
	w := newWorld(t)
	c := w.api("hostel")
	for _, dob := range []string{"1971", "1971-03"} {
		r := c.json("POST", "/api/v1/people", map[string]any{"given_name": "Yara", "family_name": "Partial" + strings.ReplaceAll(dob, "-", "x"), "dob": dob, "confirm_new": true})
		if r.status != http.StatusCreated || !strings.Contains(r.body, `"dob":"`+dob+`"`) {
			t.Fatalf("dob %s: %d %s", dob, r.status, r.body)
		}
	}
	for _, bad := range []string{"71", "1971-13", "1971-02-30", "2999", "March 1971", "1971-3"} {
		r := c.json("POST", "/api/v1/people", map[string]any{"given_name": "Yara", "dob": bad, "confirm_new": true})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"dob"`) {
			t.Errorf("dob %q: want 422 naming dob, got %d %s", bad, r.status, r.body)
		}
	}
	for _, q := range []string{"dob=1971", "given_name=Yara&family_name=Partial1971&dob=1971"} {
		path := "/api/v1/people?" + q
		if strings.Contains(q, "given_name") {
			path = "/api/v1/people/duplicates?" + q
		}
		if r := c.get(path); r.status != http.StatusOK || !strings.Contains(r.body, "Partial1971") {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}
	if r := c.get("/api/v1/people/duplicates?given_name=Yara&dob=71"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"dob"`) {
		t.Errorf("a duplicate check with a bad dob: %d %s", r.status, r.body)
	}

	// The web form asks for day, month and year in three boxes; the year
	// alone is enough, and is what the person page then shows.
	web := w.web("hostel")
	form := url.Values{"given_name": {"Zed"}, "family_name": {"Yearonly"}, "dob_day": {""}, "dob_month": {""}, "dob_year": {"1968"}, "confirm_new": {"1"}, "_form": {"dob1"}}
	r := web.form("/people", form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("year only from the form: %d %s", r.status, r.body)
	}
	page := web.get(r.header.Get("Location"))
	if !strings.Contains(page.body, "1968") || strings.Contains(page.body, "1 Jan 1968") {
		t.Errorf("the person page shows the year as such: %s", page.body)
	}
	// A day without its month is refused under the date of birth, and the
	// boxes keep what was typed.
	form = url.Values{"given_name": {"Zed"}, "family_name": {"Dayonly"}, "dob_day": {"14"}, "dob_month": {""}, "dob_year": {"1968"}, "_form": {"dob2"}}
	r = web.form("/people", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "give the month as well as the day") ||
		!strings.Contains(r.body, `name="dob_day" inputmode="numeric" pattern="[0-9]*" maxlength="2" size="2" value="14"`) {
		t.Errorf("day without month: %d %s", r.status, r.body)
	}
}
