package server

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gateway/models/modeltest"
)

// browser is a headless Chromium tab driving a test server.
type browser struct {
	t   *testing.T
	ctx context.Context
	w   *world
}

// Phone is the window of a small phone, for pages used in the street.
var Phone = [2]int{390, 844}

// Desktop is an office screen.
var Desktop = [2]int{1280, 900}

// newBrowser starts the server on a random port with a fresh database (the
// world fixture) and a headless Chromium of the given window size. It
// skips when chromium is missing, unless GATEWAY_CI is set, when it fails.
func newBrowser(t *testing.T, size [2]int) *browser {
	t.Helper()
	path := os.Getenv("GATEWAY_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("GATEWAY_CI") != "" {
			t.Fatalf("chromium is needed for browser tests (apt-get install chromium): %v", err)
		}
		t.Skip("chromium not installed; skipping browser test")
	}
	w := newWorld(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(size[0], size[1]),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser without a deadline: a deadline on the first run
	// would stop the whole browser.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx, w: w}
}

// do runs steps with a time limit, failing the test on error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.location())
	}
}

func (b *browser) open(path string) { b.t.Helper(); b.do(chromedp.Navigate(b.w.ts.URL + path)) }

func (b *browser) location() string {
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	return strings.TrimPrefix(loc, b.w.ts.URL)
}

// text is the visible text of the first element matching css.
func (b *browser) text(css string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v (at %s)", css, err, b.location())
	}
	return s
}

// login goes through the real login page.
func (b *browser) login(role string) {
	b.t.Helper()
	b.open("/login")
	b.do(
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), role+"@test.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), modeltest.TestPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`header .whoami`)), // folded into the menu on a phone
	)
}

func TestBrowserLogInSwitchServiceAndLogOut(t *testing.T) {
	b := newBrowser(t, Desktop)
	if _, err := b.w.store.AddMembership(ctx, b.w.users["manager"].ID, b.w.svcs["outreach"].ID, "worker"); err != nil {
		t.Fatal(err)
	}
	b.login("manager")
	if got := b.location(); got != "/choose-service" {
		t.Fatalf("a user of two services chooses first, got %s", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`button.choice`)), chromedp.WaitVisible(chromedp.CSS(`.acting-service`)))
	if got := b.text(".acting-service"); got != "Northmoor Hostel" {
		t.Fatalf("acting for %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`a.acting`)), chromedp.WaitVisible(chromedp.CSS(`button.choice`)))
	b.do(chromedp.Click(chromedp.CSS(`li:nth-child(2) button.choice`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := b.text(".acting-service"); got != "Northmoor Outreach" {
		t.Fatalf("after switching, acting for %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`.whoami button.link`)), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	b.open("/")
	if got := b.location(); !strings.HasPrefix(got, "/login") {
		t.Fatalf("after logging out the app asks to log in again, got %s", got)
	}
}

// A hostel worker searching for a refuge-only person finds nothing; the
// refuge worker finds and opens them.
func TestBrowserRefugePersonIsFoundOnlyByTheRefuge(t *testing.T) {
	b := newBrowser(t, Desktop)
	b.login("hostel")
	b.open("/people?q=Refuge" + marker)
	if got := b.text("#results"); !strings.Contains(got, "Nobody found") {
		t.Fatalf("the hostel worker should find nobody, got %q", got)
	}
	b.open("/people/" + itoa(b.w.people["refuge_only"].ID))
	if got := b.text("h1"); got != "Not found" {
		t.Fatalf("the refuge person's page is not found for the hostel, got %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`.whoami button.link`)), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))

	b.login("refuge")
	b.open("/people")
	b.do(chromedp.SendKeys(chromedp.CSS(`main input[name=q]`), "Refuge"+marker),
		chromedp.WaitVisible(chromedp.CSS(`#results table.results a`)))
	b.do(chromedp.Click(chromedp.CSS(`#results table.results a`)), chromedp.WaitVisible(chromedp.CSS(`.person-head h1`)))
	if got := b.text(".person-head h1"); !strings.Contains(got, marker) {
		t.Fatalf("the refuge worker opens the person, got %q", got)
	}
	if got := b.text("ol.notes"); !strings.Contains(got, "Safety plan agreed") {
		t.Fatalf("and reads the refuge's notes, got %q", got)
	}
}
