package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gateway/models"
)

// Single sign-on through a real browser against the test's own provider,
// then the identity and credential pages at a phone's and an office screen's size.
// GATEWAY_SCREENSHOTS=DIR keeps a PNG of each page there.
func TestBrowserSSOLoginAndCredentialPages(t *testing.T) {
	for _, size := range [][2]int{Phone, Desktop} {
		t.Run(itoa(int64(size[0]))+"x"+itoa(int64(size[1])), func(t *testing.T) {
			t.Setenv(idpSecretEv, idpSecret)
			b := newBrowser(t, size)
			idp := newTestIdP(t)
			ip, err := b.w.store.CreateProvider(ctx, models.ProviderInput{Slug: "northmoor", Name: "Northmoor Council", Issuer: idp.srv.URL, ClientID: idpClientID, SecretEnv: idpSecretEv})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.w.store.SetOrganisationSSO(ctx, b.w.svcs["area"].OrganisationID, models.OrgSSOInput{ProviderID: ip.ID, EmailDomains: "test.example"}); err != nil {
				t.Fatal(err)
			}
			shot := func(name string) {
				dir := os.Getenv("GATEWAY_SCREENSHOTS")
				if dir == "" {
					return
				}
				png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(int64(size[0]))+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			b.open("/login")
			if got := b.text(".sso-buttons"); !strings.Contains(got, "Sign in with Northmoor Council") {
				t.Fatalf("login button: %q", got)
			}
			shot("login-sso")

			// A bad signature is refused with a page that says so.
			idp.set(func(p *testIdP) { p.Email, p.BadSignature = "admin@test.example", true })
			b.do(chromedp.Click(chromedp.CSS(`a.sso`)), chromedp.WaitVisible(chromedp.CSS(`.error-box`)))
			if got := b.text(".error-box"); !strings.Contains(got, "did not carry a valid signature") {
				t.Fatalf("refusal page: %q", got)
			}
			shot("sso-refused")

			// The real thing: the button, the provider, back signed in.
			idp.set(func(p *testIdP) { p.BadSignature = false })
			b.open("/login")
			// On a phone the account is folded into the menu: open it.
			b.do(chromedp.Click(chromedp.CSS(`a.sso`)), chromedp.WaitReady(chromedp.CSS(`header .whoami`)))
			b.openMenu() // home_browser_test.go
			if got := b.text("header .whoami"); !strings.Contains(got, "User admin") {
				t.Fatalf("signed in as the area admin: %q", got)
			}

			b.open("/admin/sso")
			if got := b.text("main"); !strings.Contains(got, "/login/sso/northmoor/callback") {
				t.Fatalf("sso page: %q", got)
			}
			shot("admin-sso")

			b.open("/admin/clients")
			b.do(
				chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "Police case system"),
				chromedp.SetValue(chromedp.CSS(`select[name=service_id]`), itoa(b.w.svcs["police"].ID)),
				chromedp.Click(chromedp.CSS(`input[value="partner_lookup:read"]`)),
				chromedp.SetValue(chromedp.CSS(`input[name=expires_on]`), time.Now().AddDate(1, 0, 0).Format("2006-01-02")),
				chromedp.SendKeys(chromedp.CSS(`textarea[name=allowed_addresses]`), "203.0.113.0/24"),
				chromedp.Click(chromedp.CSS(`form[action="/admin/clients"] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`.once`)),
			)
			if got := b.text(".once"); !strings.Contains(got, "gws_") || !strings.Contains(got, "shown only this once") {
				t.Fatalf("secret shown once: %q", got)
			}
			shot("admin-clients-created")
			b.open("/admin/clients")
			shot("admin-clients")

			b.open("/account/tokens")
			b.do(
				chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "Audit export script"),
				chromedp.Click(chromedp.CSS(`input[value="audit:read"]`)),
				chromedp.Click(chromedp.CSS(`form[action="/account/tokens"] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`.once`)),
			)
			if got := b.text(".once"); !strings.Contains(got, "gw_") {
				t.Fatalf("token shown once: %q", got)
			}
			shot("account-tokens")
		})
	}
}
