package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// click clicks css and waits for the next page to load (a form post
// answers with a new page or a redirect to one).
func (b *browser) click(css string) {
	b.t.Helper()
	b.do(chromedp.Evaluate[chromedp.Void](`document.body.setAttribute('data-stale','1')`),
		chromedp.Click(chromedp.CSS(css)),
		chromedp.WaitReady(chromedp.CSS(`body:not([data-stale])`)))
}

// setField sets an input's value and fires change, as a person typing and
// leaving the field would (date inputs take no keystrokes reliably).
func setField(css, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(function(){var el=document.querySelector(` + jsString(css) + `);el.value=` + jsString(value) +
		`;el.dispatchEvent(new Event('input',{bubbles:true}));el.dispatchEvent(new Event('change',{bubbles:true}));return true})()`)
}

// eval runs a script in the page and returns its value.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("script: %v (at %s)", err, b.location())
	}
	return v
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

// Creating a person who looks like someone already recorded warns, with
// the match and why, before anything is saved; the worker can still
// confirm a new person.
func TestBrowserCreatePersonWarnsOfALikelyDuplicate(t *testing.T) {
	b := newBrowser(t, Desktop)
	b.login("outreach")
	b.open("/people/new")
	b.do(
		chromedp.SendKeys(chromedp.CSS(`input[name=given_name]`), "Hariet"),
		chromedp.SendKeys(chromedp.CSS(`input[name=family_name]`), "Hostle"),
		// The date of birth is three boxes: day, month, year.
		chromedp.SendKeys(chromedp.CSS(`input[name=dob_day]`), "1"),
		chromedp.SendKeys(chromedp.CSS(`input[name=dob_month]`), "6"),
		setField(`input[name=dob_year]`, "1990"),
		// The form asks for likely matches as it is filled in.
		chromedp.WaitVisible(chromedp.CSS(`#live-duplicates .match`)),
	)
	if got := b.text("#live-duplicates"); !strings.Contains(got, "Harriet Hostel") || !strings.Contains(got, "same date of birth") {
		t.Fatalf("live check: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`form.form-grid button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#duplicate-warning`)))
	warning := b.text("#duplicate-warning")
	if !strings.Contains(warning, "Harriet Hostel") || !strings.Contains(warning, "Very likely the same person") {
		t.Fatalf("warning: %q", warning)
	}
	if n := countPeople(t, b.w); n != len(b.w.people) {
		t.Fatalf("nothing saved yet: %d people", n)
	}
	if got := b.text(`form.form-grid button[type=submit]`); got != "None of these: record a new person" {
		t.Fatalf("the button says what it does: %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`form.form-grid button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.person-head h1`)))
	if got := b.text(".person-head h1"); got != "Hariet Hostle" {
		t.Fatalf("created: %q", got)
	}
}

// A worker completes an assessment section by section on a phone: the
// nights question appears only once "sleeping rough now" is yes, progress
// shows, and completion gives the needs score with the threshold.
func TestBrowserCompleteAnAssessmentOnAPhone(t *testing.T) {
	b := newBrowser(t, Phone)
	p := b.w.person("phone", "outreach", personNamed("Pat", "Phone"))
	b.login("outreach")
	b.open("/people/" + itoa(p.ID))
	b.click(`#assessments button[type=submit]`)
	if got := b.text("[data-testid=sections-done]"); got != "0 of 13" {
		t.Fatalf("progress before starting: %q", got)
	}
	b.click(`.sticky-actions a.button`)
	for section := 0; ; section++ {
		if section > 20 {
			t.Fatal("too many sections")
		}
		title := b.text("h1")
		if title == "Housing history and current situation" {
			// The follow-up appears when the answer calls for it.
			if !eval[bool](b, `document.getElementById('q-rough_sleeping_nights').hidden`) {
				t.Fatal("the nights question waits for a yes")
			}
			b.do(chromedp.Click(chromedp.CSS(`input[name="q.rough_sleeping_now"][value=true]`)),
				chromedp.WaitVisible(chromedp.CSS(`input[name="q.rough_sleeping_nights"]`)),
				chromedp.SendKeys(chromedp.CSS(`input[name="q.rough_sleeping_nights"]`), "30"))
		}
		if title == "In my own words" {
			b.do(chromedp.SendKeys(chromedp.CSS(`textarea[name="q.own_words"]`), "I want my own place near my daughter."))
		}
		if title == "Referrer's comments" {
			b.do(chromedp.SendKeys(chromedp.CSS(`textarea[name="q.referrer_comments"]`), "Engages well with outreach."))
		}
		// Answer every other question with choices still unanswered: "no",
		// a middling score, or the first option.
		eval[bool](b, `document.querySelectorAll('.question:not([hidden])').forEach(function(q){
			var radios = q.querySelectorAll('input[type=radio]');
			if (radios.length === 0 || Array.prototype.some.call(radios, function(r){return r.checked && r.value !== ''})) return;
			var pick = q.querySelector('input[type=radio][value=false]') || q.querySelector('input[type=radio][value="3"]') || radios[0];
			pick.click();
		}); true`)
		next := eval[string](b, `(document.querySelector('button[value=next]')||{}).textContent||''`)
		if next == "" {
			b.click(`button[name=go][value=overview]`)
			break
		}
		b.click(`button[value=next]`)
		if flash := eval[string](b, `(document.querySelector('.error-box')||{}).textContent||''`); flash != "" {
			t.Fatalf("saving %q: %s", title, flash)
		}
	}
	if got := b.text("[data-testid=sections-done]"); got != "13 of 13" {
		t.Fatalf("progress when every section is answered: %q", got)
	}
	// Nothing is wider than the phone.
	if eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Error("the assessment page scrolls sideways on a phone")
	}
	b.click(`form[action$="/complete"] button`)
	if got := b.text("h1"); !strings.HasPrefix(got, "Assessment:") {
		t.Fatalf("completed: %q", got)
	}
	score := b.text("[data-testid=needs-score]")
	if score != "36" {
		t.Fatalf("needs score: %q", score)
	}
	page := b.text("main")
	for _, want := range []string{"Housing First indicative threshold: 38", "Women and care leavers may score low", "For how many nights have you been sleeping rough this time?", "30"} {
		if !strings.Contains(page, want) {
			t.Errorf("the completed assessment shows %q", want)
		}
	}
}

// A worker moves a case through the Birmingham pathway: a move the status
// does not allow is refused with the reason, and closure needs a primary
// outcome.
func TestBrowserBirminghamCaseToClosure(t *testing.T) {
	b := newBrowser(t, Desktop)
	p := b.w.person("brum", "hostel", personNamed("Bea", "Birmingham"))
	b.login("hostel")
	b.open("/people/" + itoa(p.ID))
	b.do(chromedp.Click(chromedp.CSS(`#cases details summary`)),
		chromedp.SendKeys(chromedp.CSS(`#cases input[name=rag_reason]`), "Asked to leave by family"),
		chromedp.Click(chromedp.CSS(`#cases form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=case-status]`)))
	act := func(action string) {
		t.Helper()
		b.click(`form[data-action=` + action + `] button`)
	}
	status := func() string { return b.text("[data-testid=case-status]") }
	if got := status(); got != "Referral Entered" {
		t.Fatalf("a new case: %q", got)
	}
	act("confirm_referral")
	if got := status(); got != "Contact Client" {
		t.Fatalf("after CONFIRM REFERRAL: %q", got)
	}
	act("to_closure")
	if got := b.text("[data-testid=case-error]"); !strings.Contains(got, "without using CONTACT UNSUCCESSFUL") {
		t.Fatalf("closure before CONTACT UNSUCCESSFUL is refused with the reason: %q", got)
	}
	if got := status(); got != "Contact Client" {
		t.Fatalf("a refused move changes nothing: %q", got)
	}
	b.do(chromedp.SendKeys(chromedp.CSS(`form[data-action=contact_unsuccessful] textarea[name=note]`), "Three calls, no answer"))
	act("contact_unsuccessful")
	act("to_closure")
	if got := status(); got != "Closure" {
		t.Fatalf("after TO CLOSURE: %q", got)
	}
	b.do(chromedp.RemoveAttribute(chromedp.CSS(`form[data-action=confirm_closure] select[name=outcome]`), "required"))
	act("confirm_closure")
	if got := b.text("[data-testid=case-error]"); !strings.Contains(got, "outcome") {
		t.Fatalf("closing without a primary outcome is refused: %q", got)
	}
	b.do(chromedp.SetValue(chromedp.CSS(`form[data-action=confirm_closure] select[name=outcome]`), "HS - Client could not be contacted"))
	act("confirm_closure")
	if got := status(); got != "Closed" {
		t.Fatalf("closed: %q", got)
	}
	if got := b.text("[data-testid=case-outcome]"); got != "HS - Client could not be contacted" {
		t.Fatalf("outcome: %q", got)
	}
	if got := b.text("ol.timeline"); !strings.Contains(got, "CONTACT UNSUCCESSFUL") || !strings.Contains(got, "Three calls, no answer") {
		t.Errorf("the history records each step: %q", got)
	}
}
