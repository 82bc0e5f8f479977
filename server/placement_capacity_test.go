package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A move-on that would list more beds than the service has does not give
// the place back, and says so: on the page and in the API's answer.
func TestMoveOnSaysWhenThePlaceIsNotReturned(t *testing.T) {
	w := newWorld(t)
	// The hostel lists 2 free with Oscar placed; its capacity goes down to 2.
	if err := w.store.Gorm().Exec("UPDATE services SET capacity = 2 WHERE id = ?", w.svcs["hostel"].ID).Error; err != nil {
		t.Fatal(err)
	}
	pid := itoa(w.ids["placement_hostel"])
	web := w.web("hostel")
	r := web.form("/placements/"+pid+"/move-on", url.Values{"date": {time.Now().In(london).Format("2006-01-02")}, "reason": {"planned"},
		"destination": {"supported_housing"}, "_has_free_place": {"1"}, "free_place": {"true"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("move-on: %d %s", r.status, r.body)
	}
	if page := web.get("/placements/" + pid); !strings.Contains(page.body, "The place was not added back to the vacancies") {
		t.Errorf("the flash says the place was not returned: %d", page.status)
	}
	var free int
	w.store.Gorm().Table("vacancies").Where("service_id = ?", w.svcs["hostel"].ID).Select("SUM(places)").Scan(&free)
	if free != 2 {
		t.Errorf("free places: %d, want the 2 the service listed", free)
	}
	// Through the API the answer says it too.
	if err := w.store.Gorm().Exec("UPDATE services SET capacity = 1 WHERE id = ?", w.svcs["refuge"].ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := w.store.Gorm().Exec("UPDATE vacancies SET places = 1 WHERE service_id = ?", w.svcs["refuge"].ID).Error; err != nil {
		t.Fatal(err)
	}
	r = w.api("refuge").json("POST", "/api/v1/placements/"+itoa(w.ids["placement_refuge"])+"/move-on", map[string]any{"date": time.Now().In(london).Format("2006-01-02"),
		"reason": "planned", "destination": "social_tenancy", "free_place": true})
	if r.status != http.StatusOK || !strings.Contains(r.body, `"place_returned":false`) {
		t.Errorf("the API answer says the place was not returned: %d %s", r.status, r.body)
	}
}
