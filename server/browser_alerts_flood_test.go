package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Under a flood the public form asks for the check; the page's script
// does it (18 zero bits, as configured by default) and sends the alert by
// itself, and the reporter gets their reference.
func TestBrowserAlertCheckUnderAFlood(t *testing.T) {
	b := newBrowser(t, Phone)
	b.w.srv.alertLimits = newAlertLimiter(AlertLimits{PerArea: 1, AreaEvery: time.Hour})
	north := b.w.las[0].ID
	b.w.srv.alertLimits.allowArea(&north) // the flood spent the area's budget
	b.open("/report-rough-sleeping")
	start := time.Now()
	b.do(chromedp.SendKeys(chromedp.CSS(`textarea[name=location]`), "Doorway of the old bank, Market Place"),
		chromedp.SetValue(chromedp.CSS(`select[name=la_id]`), fmt.Sprint(north)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "Woman with a red rucksack asleep in the doorway"),
		chromedp.Click(chromedp.CSS(`#alert-form button[type=submit]`)),
	)
	// The check's page (#pow-status) may be done and gone before a poll
	// for it sees it, so the server's log shows that it was asked for.
	b.do(chromedp.WaitVisible(chromedp.CSS(`#reference`)))
	t.Logf("filling in, sending, the check and sending again took %v", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(b.w.logs.String(), "public alert asked for proof of work") {
		t.Fatal("the form never asked for the check")
	}
	if ref := strings.TrimSpace(b.text("#reference")); len(ref) != 11 {
		t.Fatalf("reference %q", ref)
	}
	var n int64
	b.w.store.Gorm().Table("public_alerts").Where("description LIKE ?", "%red rucksack%").Count(&n)
	if n != 1 {
		t.Fatalf("one alert stored, not %d", n)
	}
}
