package server

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// atLocation lets the page use the device's location and puts the device
// at (lat, lon).
func (b *browser) atLocation(lat, lon float64) {
	b.t.Helper()
	acc := 8.0
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: b.w.ts.URL}); err != nil {
		b.t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lon, Accuracy: &acc}); err != nil {
		b.t.Fatal(err)
	}
}

// attr waits for an attribute to appear on the first element matching css
// and returns it.
func (b *browser) attr(css, name string) string {
	b.t.Helper()
	b.do(chromedp.WaitReady(chromedp.CSS(css + "[" + name + "]")))
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(css), name))
	if err != nil || !v.Exists {
		b.t.Fatalf("attribute %s of %s: %v", name, css, err)
	}
	return v.Value
}

func (b *browser) value(css string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", css, err)
	}
	return v
}

// useMyLocation presses "Use my location" once the map is ready and waits
// for the pin. The press goes through the element itself: on a loaded
// machine a mouse click at coordinates can land while the page is still
// settling.
func (b *browser) useMyLocation() {
	b.t.Helper()
	b.do(chromedp.WaitVisible(chromedp.CSS(`#locate-me`)), chromedp.WaitVisible(chromedp.CSS(`#pick-map path`)))
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("locate-me").click(), true`)); err != nil {
		b.t.Fatal(err)
	}
	b.do(chromedp.WaitVisible(chromedp.CSS(`#pick-map .leaflet-marker-icon`)))
}

// tapCentre taps the middle of an element, as a finger on a map would.
func (b *browser) tapCentre(css string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	box, err := chromedp.Run(ctx, chromedp.Dimensions(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatal(err)
	}
	q := box.Content
	x, y := (q[0]+q[2]+q[4]+q[6])/4, (q[1]+q[3]+q[5]+q[7])/4
	b.do(chromedp.MouseClickXY(x, y))
}

func (b *browser) logout() {
	b.t.Helper()
	// On a phone the account sits in the folded menu: open it first.
	b.do(chromedp.Evaluate[chromedp.Void](`(function(){var t=document.getElementById("menu-toggle");if(t&&t.offsetParent!==null&&t.getAttribute("aria-expanded")!=="true"){t.click();}return true})()`),
		chromedp.Click(chromedp.CSS(`.whoami button.link`)), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
}

// An outreach worker places a pin on a phone, from the phone's location
// and a tap on the map; the commissioner's hotspot map then shows the
// market cross as a cell, which four people alone did not make.
func TestBrowserPinOnAPhoneAppearsInTheCommissionersCell(t *testing.T) {
	b := newBrowser(t, Phone)
	w := b.w
	// Only the four strangers at the market cross remain in Northmoor.
	for _, key := range []string{"rosa", "rosa_again", "refuge_only"} {
		if err := w.store.Gorm().Exec("DELETE FROM street_contacts WHERE id = ?", w.ids["contact_"+key]).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := w.store.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
	b.login("commissioner")
	b.open("/hotspots")
	if n := b.attr("#hotspot-map", "data-cells"); n != "0" {
		t.Fatalf("four people make no cell, got %s", n)
	}
	b.logout()

	lat, lon := hotspotPoint[1], hotspotPoint[0]
	b.atLocation(lat, lon)
	b.login("outreach")
	b.open("/street-contacts/new")
	b.useMyLocation()
	if got := b.value("#lat"); got == "" {
		t.Fatal("the phone's location placed no pin")
	}
	// The map is now centred on the worker; a tap there places the pin.
	b.do(chromedp.Sleep(400 * time.Millisecond))
	b.tapCentre("#pick-map")
	gotLat, _ := strconv.ParseFloat(b.value("#lat"), 64)
	gotLon, _ := strconv.ParseFloat(b.value("#lon"), 64)
	if math.Abs(gotLat-lat) > 0.0005 || math.Abs(gotLon-lon) > 0.0005 {
		t.Fatalf("the tapped pin is at %f,%f, not by the worker at %f,%f", gotLat, gotLon, lat, lon)
	}
	b.do(
		chromedp.Click(chromedp.CSS(`input[name=person_mode][value=unknown]`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=description]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "Man, 50s, army jacket, under the market cross"),
		chromedp.SetValue(chromedp.CSS(`select[name=site_type]`), "doorway"),
		chromedp.Click(chromedp.CSS(`#contact-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if got := b.text("main"); !strings.Contains(got, "army jacket") || !strings.Contains(got, "Northmoor") {
		t.Fatalf("the recorded contact: %q", got)
	}
	b.open("/street-contacts")
	if n, _ := strconv.Atoi(b.attr("#pins-map", "data-loaded")); n < 5 {
		t.Errorf("the outreach map shows %d pins, want the market cross's five and more", n)
	}
	b.logout()

	b.login("commissioner")
	b.open("/hotspots")
	if n := b.attr("#hotspot-map", "data-cells"); n != "1" {
		t.Fatalf("the market cross is now a cell: %s cells", n)
	}
	if p := b.attr("#hotspot-map", "data-people"); p != "5" {
		t.Errorf("the cell counts %s people, want 5", p)
	}
	b.do(chromedp.WaitVisible(chromedp.CSS(`#hotspot-map path.leaflet-interactive`))) // the cell is drawn
}

// A member of the public reports someone from a phone; the outreach team
// finds the alert on its worklist, works it to an outcome, and the
// reporter reads the outcome by reference.
func TestBrowserPublicAlertSubmittedWorkedAndReadByReference(t *testing.T) {
	b := newBrowser(t, Phone)
	lat, lon := hotspotPoint[1]+0.003, hotspotPoint[0]-0.002
	b.atLocation(lat, lon)
	b.open("/report-rough-sleeping")
	b.useMyLocation()
	b.do(chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "Woman with a red rucksack asleep in the bus shelter"),
		chromedp.Click(chromedp.CSS(`#alert-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#reference`)),
	)
	ref := strings.TrimSpace(b.text("#reference"))
	if len(ref) != 11 || b.text("#alert-status") != "Received" {
		t.Fatalf("reference %q, status %q", ref, b.text("#alert-status"))
	}

	b.login("outreach")
	b.open("/alerts")
	b.do(chromedp.Click(chromedp.CSS(`a[href="/alerts/`+ref+`"]`)), chromedp.WaitVisible(chromedp.CSS(`#alert-update`)))
	if got := b.text("main"); !strings.Contains(got, "red rucksack") {
		t.Fatalf("the alert page: %q", got)
	}
	b.do(chromedp.SetValue(chromedp.CSS(`#alert-update select[name=status]`), "looking"),
		chromedp.Click(chromedp.CSS(`#alert-update button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`h1 .status-looking`)))
	b.do(chromedp.SetValue(chromedp.CSS(`#alert-update select[name=status]`), "found_and_contacted"),
		chromedp.SendKeys(chromedp.CSS(`#alert-update textarea[name=note]`), "Met her at 6.30, took her to the day centre"),
		chromedp.Click(chromedp.CSS(`#alert-update button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`h1 .status-found_and_contacted`)))
	if got := b.text("h1"); !strings.Contains(got, "Found and contacted") {
		t.Fatalf("after the outcome: %q", got)
	}
	b.logout()

	b.open("/report-rough-sleeping/status")
	b.do(chromedp.SendKeys(chromedp.CSS(`input[name=reference]`), strings.ToLower(ref)),
		chromedp.Submit(chromedp.CSS(`input[name=reference]`)), chromedp.WaitVisible(chromedp.CSS(`#alert-status`)))
	if got := b.text("#alert-status"); got != "Followed up" {
		t.Errorf("the reporter reads %q", got)
	}
	if got := b.text("main"); strings.Contains(got, "day centre") || strings.Contains(got, "red rucksack") {
		t.Errorf("the reporter's page tells more than the outcome: %q", got)
	}
}
