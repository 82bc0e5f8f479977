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
	m := thisMonth().String()
	b.login("manager")
	b.do(chromedp.Click(chromedp.CSS(`nav.mainnav a[href="/compliance"]`)), chromedp.WaitVisible(chromedp.CSS(`form.filters select[name=month]`)))
	if got := b.location(); !strings.HasPrefix(got, "/services/"+itoa(b.w.svcs["hostel"].ID)+"/compliance") {
		t.Fatalf("the manager's menu leads to %s, not their service", got)
	}
	b.open("/compliance?month=" + m)
	b.do(chromedp.WaitVisible(chromedp.CSS(`table.named`)))
	if got := b.text("h1"); got != "Data compliance: Northmoor Hostel" {
		t.Errorf("heading %q", got)
	}
	if got := b.text(".score-now"); got != "40.0%" {
		t.Errorf("score now %q, want 40.0%%", got)
	}
	list := b.text("table.named")
	if !strings.Contains(list, "Harriet Hostel") || !strings.Contains(list, "Maria Mixed") || !strings.Contains(list, "Local connection") {
		t.Fatalf("named list %q", list)
	}
	b.do(chromedp.Click(chromedp.CSS(`table.named tr:first-child a`)), chromedp.WaitVisible(chromedp.CSS(`input[name=given_name]`)))
	if got := b.location(); got != "/people/"+itoa(b.w.people["hostel_person"].ID)+"/edit" {
		t.Errorf("Complete leads to %s, not Harriet's edit form", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`.whoami button.link`)), chromedp.WaitVisible(chromedp.CSS(`form[action="/login"]`)))

	b.login("commissioner")
	b.open("/compliance?month=" + m)
	b.do(chromedp.WaitVisible(chromedp.CSS(`table.ranking`)), chromedp.WaitVisible(chromedp.CSS(`svg.trend`)))
	ranking := b.text("table.ranking")
	if !strings.Contains(ranking, "Northmoor Hostel") || !strings.Contains(ranking, "40.0%") || !strings.Contains(ranking, "<5") {
		t.Errorf("ranking %q", ranking)
	}
	if page := b.text("main"); strings.Contains(page, "Harriet") || strings.Contains(page, "Maria") || strings.Contains(page, "Safe House") {
		t.Errorf("the commissioner's page shows a name: %q", page)
	}
	if got := b.text(`a.button[href^="/reports/pack"]`); got != "Commissioner pack (PDF)" {
		t.Errorf("pack link %q", got)
	}
}
