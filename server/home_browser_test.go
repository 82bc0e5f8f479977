package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// openMenu opens the phone's folded menu, when the header has one showing.
func (b *browser) openMenu() {
	b.t.Helper()
	shown, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const m = document.getElementById("menu-toggle");
		return !!m && !m.hidden && getComputedStyle(m).display !== "none" && m.getAttribute("aria-expanded") !== "true" })()`))
	if shown {
		b.do(chromedp.Click(chromedp.CSS(`#menu-toggle`)))
	}
}

// Home pages in a real browser at a phone's and an office
// screen's size: the worker's home shows the caseload with what needs
// doing and the header's search and unread count; searching from the
// header finds people; the commissioner's home shows headline figures.
func TestBrowserWorkerAndCommissionerHomes(t *testing.T) {
	for _, size := range [][2]int{Phone, Desktop} {
		b := newBrowser(t, size)
		b.login("hostel")
		b.open("/")
		for _, want := range []string{"Key worker", "Last contact", "Review due", "Referral decision due", "Harriet"} {
			if got := b.text("table.caseload"); !strings.Contains(got, want) {
				t.Errorf("%v: the caseload does not show %q: %s", size, want, got)
			}
		}
		if got := b.text(`[data-testid=unread]`); !strings.Contains(got, "unread") {
			t.Errorf("%v: no unread count in the header: %q", size, got)
		}
		b.openMenu()
		b.do(chromedp.SendKeys(chromedp.CSS(`#header-q`), "Harriet\n"), chromedp.WaitVisible(chromedp.CSS(`#results`)))
		if got := b.location(); !strings.HasPrefix(got, "/people?q=Harriet") {
			t.Errorf("%v: the header search went to %s", size, got)
		}
		if got := b.text("#results"); !strings.Contains(got, "Hostel") {
			t.Errorf("%v: the header search did not find Harriet: %s", size, got)
		}
		b.open("/")
		b.logout() // browser_streetcontacts_test.go

		b.login("commissioner")
		b.open("/")
		got := b.text(".headlines")
		for _, want := range []string{"People seen rough sleeping", "New to the streets", "Returned to the streets", "People placed", "Data compliance", "last month"} {
			if !strings.Contains(got, want) {
				t.Errorf("%v: the commissioner's headlines do not show %q: %s", size, want, got)
			}
		}
	}
}
