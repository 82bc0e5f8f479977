package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A manager opens Data compliance from the menu, finds their named list
// and follows a record to fix it; a commissioner opens the ranking and
// sees figures and the trend, never a name.
func TestBrowserCompliancePagesAsManagerAndCommissioner(t *testing.T) {
	b := newBrowser(t, Desktop)
	b.w.addRiverside()
	m := thisMonth().String()
	b.login("rmanager")
	b.do(chromedp.Click(chromedp.CSS(`nav.mainnav a[href="/compliance"]`)), chromedp.WaitVisible(chromedp.CSS(`form.filters select[name=month]`)))
	if got := b.location(); !strings.HasPrefix(got, "/services/"+itoa(b.w.svcs["riverside"].ID)+"/compliance") {
		t.Fatalf("the manager's menu leads to %s, not their service", got)
	}
	b.open("/compliance?month=" + m)
	b.do(chromedp.WaitVisible(chromedp.CSS(`table.named`)))
	if got := b.text("h1"); got != "Data compliance: Riverside Hostel" {
		t.Errorf("heading %q", got)
	}
	if got := b.text(".score-now"); got != "60.0%" {
		t.Errorf("score now %q, want 60.0%%", got)
	}
	list := b.text("table.named")
	if !strings.Contains(list, "Rory Partial") || !strings.Contains(list, "Rosa") || strings.Contains(list, "Rhian") || !strings.Contains(list, "Local connection") {
		t.Fatalf("named list %q", list)
	}
	b.do(chromedp.Click(chromedp.CSS(`table.named tr:first-child a`)), chromedp.WaitVisible(chromedp.CSS(`input[name=given_name]`)))
	if got := b.location(); got != "/people/"+itoa(b.w.people["rory"].ID)+"/edit" {
		t.Errorf("Complete leads to %s, not Rory's edit form", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`.whoami button.link`)), chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)))

	b.login("commissioner")
	b.open("/compliance?month=" + m)
	b.do(chromedp.WaitVisible(chromedp.CSS(`table.ranking`)), chromedp.WaitVisible(chromedp.CSS(`svg.trend`)))
	ranking := b.text("table.ranking")
	if !strings.Contains(ranking, "Riverside Hostel") || !strings.Contains(ranking, "60.0%") || !strings.Contains(ranking, "<5") {
		t.Errorf("ranking %q", ranking)
	}
	if page := b.text("main"); strings.Contains(page, "Rory") || strings.Contains(page, "Harriet") || strings.Contains(page, "Safe House") {
		t.Errorf("the commissioner's page shows a name: %q", page)
	}
	if got := b.text(`a.button[href^="/reports/pack"]`); got != "Commissioner pack (PDF)" {
		t.Errorf("pack link %q", got)
	}
}
