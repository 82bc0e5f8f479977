package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gateway/models"
)

// Outreach finds a placement for someone and refers them to the hostel;
// the hostel reads what was referred, accepts into its bed, and later
// records the move-on.
func TestBrowserReferAcceptAndMoveOn(t *testing.T) {
	b := newBrowser(t, Desktop)
	w := b.w
	p := w.person("nina", "outreach", models.PersonInput{GivenName: "Nina", FamilyName: "Newcomer", Gender: "female",
		DOB: models.Date{Year: 1999, Month: 4, Day: 4}, LocalConnectionLAID: &w.las[0].ID})
	w.assess("nina", "outreach", 41, map[string]any{"rough_sleeping_now": true, "rough_sleeping_nights": 30, "mental_health_concern": true}, "")
	w.consent("nina", "outreach")
	hostel := itoa(w.svcs["hostel"].ID)

	b.login("outreach")
	b.open("/people/" + itoa(p.ID))
	b.do(chromedp.Click(chromedp.CSS(`#placement a.button`)), chromedp.WaitVisible(chromedp.CSS(`table.ranking`)))
	if got := b.text(`tr[data-service="` + hostel + `"]`); !strings.Contains(got, "Northmoor Hostel") || !strings.Contains(got, "free of 20") {
		t.Fatalf("the hostel is ranked with its places: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`tr[data-service="`+hostel+`"] a.button`)), chromedp.WaitVisible(chromedp.CSS(`textarea[name=message]`)))
	b.do(chromedp.SendKeys(chromedp.CSS(`textarea[name=message]`), "Sleeping in the car park; wants a bed tonight."),
		chromedp.Click(chromedp.CSS(`form[action="/referrals"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := b.text(".flash"); !strings.Contains(got, "Referral sent") {
		t.Fatalf("after sending: %q", got)
	}
	if got := b.text("#referral-status"); !strings.Contains(got, "Waiting for a decision") {
		t.Fatalf("the referral waits: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`.whoami button.link`)), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))

	b.login("hostel")
	if got := b.text(".notices"); !strings.Contains(got, "New referral from Northmoor Outreach") {
		t.Fatalf("the hostel is told on its dashboard: %q", got)
	}
	b.open("/referrals")
	b.do(chromedp.Click(chromedp.Search(`//a[text()="Nina Newcomer"]`)), chromedp.WaitVisible(chromedp.CSS(`#referral-status`)))
	if got := b.text("main"); !strings.Contains(got, "Are you sleeping rough now?") || !strings.Contains(got, "41 of 60") {
		t.Fatalf("the hostel reads the referred assessment: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`form[action$="/accept"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := b.text(".flash"); !strings.Contains(got, "place taken") {
		t.Fatalf("after accepting: %q", got)
	}
	if got := b.text("#referral-status"); !strings.Contains(got, "Accepted") {
		t.Fatalf("status after accepting: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`a[href^="/placements/"]`)), chromedp.WaitVisible(chromedp.CSS(`form[action$="/move-on"]`)))
	b.do(chromedp.SetValue(chromedp.CSS(`select[name=reason]`), "planned"),
		chromedp.SetValue(chromedp.CSS(`select[name=destination]`), "supported_housing"),
		chromedp.Click(chromedp.CSS(`form[action$="/move-on"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#move-on`)))
	if got := b.text("main"); !strings.Contains(got, "Move-on recorded") || !strings.Contains(got, "Supported housing") || !strings.Contains(got, "Planned move-on") {
		t.Fatalf("after move-on: %q", got)
	}
	var places int
	w.store.Gorm().Table("vacancies").Where("id = ?", w.ids["vacancy_hostel"]).Select("places").Scan(&places)
	if places != 2 {
		t.Errorf("the bed went back to the vacancies: %d free", places)
	}
}
