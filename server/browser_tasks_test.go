package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Tasks and appointments in a real browser at a phone's and an office
// screen's size: the worker's home lists tasks and appointments due
// (overdue, today, this week) and one is marked done from there; an
// outreach worker's home is the outreach home. GATEWAY_SCREENSHOTS=DIR
// keeps a full-page picture of each.
func TestBrowserTasksOnTheHomeAndTheOutreachHome(t *testing.T) {
	for _, size := range [][2]int{Phone, Desktop} {
		b := newBrowser(t, size)
		shot := func(name string) {
			dir := os.Getenv("GATEWAY_SCREENSHOTS")
			if dir == "" {
				return
			}
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(int64(size[0]))+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b.login("hostel")
		b.open("/")
		got := b.text("#tasks")
		for _, want := range []string{"Overdue", "Chase the housing benefit form", "Today", "Key work session", "This week", "Doctor's appointment"} {
			if !strings.Contains(got, want) {
				t.Errorf("%v: the home's tasks do not show %q: %s", size, want, got)
			}
		}
		if got := b.text(`[data-testid=unread]`); !strings.Contains(got, "unread") {
			t.Errorf("%v: no unread count in the header: %q", size, got)
		}
		shot("home-tasks")
		// The page reloads after the post: wait for the task to go.
		b.do(chromedp.Click(chromedp.CSS(`#tasks li.overdue button`)),
			chromedp.WaitNotPresent(chromedp.Search(`//li[contains(., "Chase the housing benefit form")]`)),
			chromedp.WaitVisible(chromedp.CSS(`#tasks`)))
		if got := b.text("#tasks"); strings.Contains(got, "Chase the housing benefit form") {
			t.Errorf("%v: a task marked done stays on the home: %s", size, got)
		}
		b.open("/people/" + itoa(b.w.people["hostel_person"].ID) + "#tasks")
		if got := b.text("#tasks"); !strings.Contains(got, "Doctor's appointment") || !strings.Contains(got, "Add a task or appointment") {
			t.Errorf("%v: the person page's tasks: %s", size, got)
		}
		shot("person-tasks")
		b.logout()

		b.login("outreach")
		b.open("/")
		if got := b.location(); got != "/" {
			t.Errorf("%v: the outreach home moved to %s", size, got)
		}
		if got := b.text("main"); !strings.Contains(got, "Record a contact") || !strings.Contains(got, "Open alerts for your team") {
			t.Errorf("%v: the outreach worker's home is not the outreach home: %s", size, got)
		}
		shot("home-outreach")
	}
}
