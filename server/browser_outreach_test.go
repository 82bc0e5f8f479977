package server

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"gateway/geo"
	"gateway/models"
)

// The outreach worker's phone and maps people
// can read, in a real browser at phone and desktop sizes.

// fieldReady gives the world the demo county's gazetteer and basemap.
func (b *browser) fieldReady() {
	b.t.Helper()
	var in []models.PlaceInput
	for _, p := range geo.DemoPlaces() {
		lat, lon := p.Point[1], p.Point[0]
		in = append(in, models.PlaceInput{Name: p.Name, Kind: p.Kind, Lat: &lat, Lon: &lon})
	}
	if _, err := b.w.store.SavePlaces(ctx, in); err != nil {
		b.t.Fatal(err)
	}
	data, err := geo.DemoBasemap()
	if err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(b.t.TempDir(), "basemap.pmtiles")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.w.srv.cfg.Basemap = path
}

// shot saves a screenshot to $GATEWAY_SHOTS, when set, for a person to look at.
func (b *browser) shot(name string) {
	dir := os.Getenv("GATEWAY_SHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
}

// centreMap shows (lat, lon) in the middle of the pin map, as a worker
// scrolling the map to where they stand would.
func (b *browser) centreMap(lat, lon float64) {
	b.t.Helper()
	b.eval(`document.getElementById("pick-map").scrollIntoView({block: "center"});true`)
	b.eval(`document.getElementById("pick-map").gatewayMap.setView([` + ftoa(lat) + `,` + ftoa(lon) + `], 17, {animate: false});true`)
	b.do(chromedp.Sleep(400 * time.Millisecond))
}

func (b *browser) eval(js string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](js)); err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
}

func (b *browser) number(js string) float64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (b *browser) network(offline bool) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) block(paths ...string) {
	b.t.Helper()
	var ps []*network.BlockPattern
	for _, p := range paths {
		ps = append(ps, &network.BlockPattern{URLPattern: b.w.ts.URL + p, Block: true})
	}
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		b.t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps}); err != nil {
		b.t.Fatal(err)
	}
}

// The outreach home on a phone and a desk: one line of header, "Record a
// contact" first, the team's open alerts nearest first with directions and
// their distance, named from the gazetteer.
func TestBrowserOutreachHome(t *testing.T) {
	for _, size := range [][2]int{Phone, Desktop} {
		b := newBrowser(t, size)
		b.fieldReady()
		b.atLocation(hotspotPoint[1]+0.001, hotspotPoint[0])
		b.login("outreach")
		b.open("/outreach")
		b.do(chromedp.WaitVisible(chromedp.CSS(`a[href="/street-contacts/new"]`)))
		if h := b.number(`document.querySelector("header").offsetHeight`); size == Phone && h > 70 {
			t.Errorf("the phone's header is %.0f px tall", h)
		}
		b.do(chromedp.WaitReady(chromedp.CSS(`#alert-list[data-sorted=nearest]`)))
		list := b.text("#alert-list")
		if !strings.Contains(list, "Moorhampton") || !strings.Contains(list, "m away") || !strings.Contains(list, "Directions") {
			t.Errorf("the open alerts: %q", list)
		}
		if href := b.attr(`#alert-list a.button[href^="geo:"]`, "href"); !strings.HasPrefix(href, "geo:52.") {
			t.Errorf("directions link %q", href)
		}
		if size == Phone {
			b.do(chromedp.Click(chromedp.CSS(`#menu-toggle`)), chromedp.WaitVisible(chromedp.CSS(`#mainnav a[href="/alerts"]`)))
			b.shot("outreach_home_menu_phone")
			b.do(chromedp.Click(chromedp.CSS(`#menu-toggle`)))
		}
		b.shot("outreach_home_" + map[bool]string{true: "phone", false: "desktop"}[size == Phone])
	}
}

// A contact recorded with no signal waits on the phone, survives a reload,
// and is sent once when the signal returns; then nothing of it is left on
// the phone. The pin is placed by tapping the map.
func TestBrowserOfflineContactSentOnReconnect(t *testing.T) {
	b := newBrowser(t, Phone)
	b.fieldReady()
	b.login("outreach")
	b.open("/street-contacts/new")
	b.do(chromedp.WaitReady(chromedp.CSS(`#pick-map[data-ready]`)))
	b.centreMap(hotspotPoint[1]+0.0005, hotspotPoint[0])
	b.tapCentre("#pick-map")
	if b.value("#lat") == "" || !strings.Contains(b.text("#pin-text"), "Pin placed") {
		t.Fatal("tapping the map placed no pin")
	}
	b.network(true)
	b.do(
		chromedp.Click(chromedp.CSS(`input[name=person_mode][value=unknown]`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=description]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "Offline man, 30s, blue sleeping bag"),
		chromedp.Click(chromedp.CSS(`input[name=bedded_down][value=no]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=outcome]`), "engaged"),
		chromedp.Click(chromedp.CSS(`#contact-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#queue-status`)),
	)
	if got := b.text("#queue-status"); !strings.Contains(got, "1 contact is waiting on this phone") {
		t.Fatalf("queue status offline: %q", got)
	}
	b.shot("offline_waiting_phone")
	if owner := b.number(`JSON.parse(localStorage.getItem("gateway.contactQueue.v1"))[0].owner.length`); owner < 3 {
		t.Error("the waiting contact does not say whose it is")
	}
	// Back in range of a mast but the server not reachable yet: a reload
	// keeps the contact waiting.
	b.block("/api/v1/street-contacts", "/healthz")
	b.network(false)
	b.open("/outreach")
	b.do(chromedp.WaitVisible(chromedp.CSS(`#queue-status`)))
	if got := b.text("#queue-status"); !strings.Contains(got, "1 contact is waiting") {
		t.Fatalf("after a reload: %q", got)
	}
	var before int64
	b.w.store.Gorm().Raw("SELECT COUNT(*) FROM street_contacts WHERE description LIKE 'Offline man%'").Scan(&before)
	if before != 0 {
		t.Fatalf("%d contacts before the signal returned", before)
	}
	// The signal returns.
	b.block()
	b.eval(`window.dispatchEvent(new Event("online"));true`)
	b.do(chromedp.Poll[chromedp.Void](`document.documentElement.dataset.queueWaiting === "0"`))
	if got := b.text("#queue-status"); !strings.Contains(got, "sent") {
		t.Errorf("after sending: %q", got)
	}
	b.eval(`window.dispatchEvent(new Event("online"));true`) // a second "online" sends nothing more
	b.do(chromedp.Sleep(500 * time.Millisecond))
	var n int64
	b.w.store.Gorm().Raw("SELECT COUNT(*) FROM street_contacts WHERE description LIKE 'Offline man%' AND site_type = 'not_bedded_down' AND outcome = 'engaged'").Scan(&n)
	if n != 1 {
		t.Fatalf("%d contacts sent, want exactly 1", n)
	}
	if left := b.number(`localStorage.length`); left != 0 {
		t.Errorf("%v items left in localStorage after sending", left)
	}
	b.shot("offline_sent_phone")
}

// On a desk, a pin placed by tapping the basemap and a contact page that
// names the place from the gazetteer, with CHAIN's detail for the team.
func TestBrowserPinByTapNamedPlace(t *testing.T) {
	b := newBrowser(t, Desktop)
	b.fieldReady()
	b.login("outreach")
	b.open("/street-contacts/new")
	b.do(chromedp.WaitReady(chromedp.CSS(`#pick-map[data-ready]`)))
	if got := b.attr("#pick-map", "data-basemap"); got != "own" {
		t.Errorf("the map's basemap is %q, want Gateway's own", got)
	}
	// Submitting nothing names every problem at once, in plain words.
	b.do(chromedp.Click(chromedp.CSS(`#contact-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#error-summary`)))
	sum := b.text("#error-summary")
	for _, want := range []string{"Who:", "Where:", "Sleeping site:"} {
		if !strings.Contains(sum, want) {
			t.Errorf("the error summary lacks %q: %q", want, sum)
		}
	}
	if strings.Contains(sum, "must be one of") || strings.Contains(sum, "bus_shelter") {
		t.Errorf("raw codes in the summary: %q", sum)
	}
	b.centreMap(hotspotPoint[1]+0.0005, hotspotPoint[0])
	b.tapCentre("#pick-map")
	if b.value("#lat") == "" {
		t.Fatal("tapping the map placed no pin")
	}
	b.shot("contact_form_desktop")
	b.do(
		chromedp.Click(chromedp.CSS(`input[name=person_mode][value=unknown]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "Woman, 50s, with a small dog"),
		chromedp.SetValue(chromedp.CSS(`select[name=site_type]`), "doorway"),
		chromedp.Click(chromedp.CSS(`input[name=with_dog][value=yes]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=outcome]`), "referred"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=note]`), "Referred to the day centre"),
		chromedp.Click(chromedp.CSS(`#contact-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	main := b.text("main")
	for _, want := range []string{"Moorhampton town centre", "Referred to a service", "Referred to the day centre", "With a dog"} {
		if !strings.Contains(main, want) {
			t.Errorf("the contact page lacks %q: %q", want, main)
		}
	}
	b.shot("contact_page_desktop")
}

// The commissioner's hotspot map on a basemap, with a legend and squares
// named from the gazetteer, at both sizes.
func TestBrowserHotspotMapLegendAndNamedPlaces(t *testing.T) {
	for _, size := range [][2]int{Desktop, Phone} {
		b := newBrowser(t, size)
		b.fieldReady()
		b.login("commissioner")
		b.open("/hotspots")
		b.do(chromedp.WaitReady(chromedp.CSS(`#map-legend`)), chromedp.WaitVisible(chromedp.CSS(`#legend`)), chromedp.WaitReady(chromedp.CSS(`#hotspot-map[data-cells]`)))
		legendOn := "#legend" // under the map on a phone; on the map itself on a desk
		if size == Desktop {
			legendOn = "#map-legend"
		}
		if legend := b.text(legendOn); !strings.Contains(legend, "People seen per square") || !strings.Contains(legend, "50 or more") {
			t.Errorf("legend %q", legend)
		}
		// The fixture's six people fall in one square a zoom out from the
		// first view (squares follow the zoom).
		b.do(chromedp.Click(chromedp.CSS(`#hotspot-map .leaflet-control-zoom-out`)),
			chromedp.Poll[chromedp.Void](`document.getElementById("hotspot-map").dataset.cells !== "0"`, chromedp.WithPollingTimeout(10*time.Second)))
		b.do(chromedp.WaitVisible(chromedp.CSS(`#hotspot-places li`)))
		if got := b.text("#hotspot-places"); !strings.Contains(got, "Moorhampton") {
			t.Errorf("the squares are not named: %q", got)
		}
		b.shot("hotspots_" + map[bool]string{true: "phone", false: "desktop"}[size == Phone])
	}
}
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }
