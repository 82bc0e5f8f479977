package models_test

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

func TestShippedPathwaysAreValidStateMachines(t *testing.T) {
	defs, err := models.ShippedPathways()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range defs {
		keys = append(keys, d.Key)
	}
	if got := strings.Join(keys, ","); got != "housing_first,prevention_relief,rough_sleeper_outreach,tenancy_sustainment" {
		t.Errorf("pathways: %s", got)
	}
	for _, d := range defs {
		if d.Key != "prevention_relief" {
			continue
		}
		var labels []string
		for _, st := range d.States {
			labels = append(labels, st.Label)
		}
		want := "Referral Entered,Contact Client,Triage,IAG Only,Housing Needs Assessment,Prevention,Relief,Closure,Closed"
		if got := strings.Join(labels, ","); got != want {
			t.Errorf("Birmingham statuses:\n got %s\nwant %s", got, want)
		}
		for _, a := range []string{"CONFIRM REFERRAL", "CONTACT UNSUCCESSFUL", "TO CLOSURE", "CONFIRM CLOSURE"} {
			found := false
			for _, x := range d.Actions {
				found = found || x.Label == a
			}
			if !found {
				t.Errorf("action %s missing", a)
			}
		}
	}
}

func TestBirminghamCaseToClosureAndRepresentation(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		_, err := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "prevention_relief", RAG: "purple", RAGReason: "x"})
		var fe models.FieldErrors
		if !errors.As(err, &fe) || fe["rag"] == "" {
			t.Fatalf("bad RAG: %v", err)
		}
		if _, err := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "housing_first", RAGReason: "new"}); err == nil {
			t.Error("a hostel does not open Housing First cases")
		}
		cs, err := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "prevention_relief", RAG: "amber", RAGReason: "Notice to quit served"})
		if err != nil {
			t.Fatal(err)
		}
		if cs.Status != "referral_entered" || cs.PathwayName != "Prevention and relief" || cs.RAG != "amber" {
			t.Fatalf("opened: %+v", cs)
		}
		if _, err := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "again"}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("a second open case on one pathway: want conflict, got %v", err)
		}
		step := func(action, outcome, note string) (*models.Case, error) {
			return s.Transition(ctx, all, w.by(), cs.ID, models.TransitionInput{Action: action, Outcome: outcome, Note: note})
		}
		must := func(action, outcome, note, want string) {
			t.Helper()
			c, err := step(action, outcome, note)
			if err != nil {
				t.Fatalf("%s: %v", action, err)
			}
			if c.Status != want {
				t.Fatalf("%s: at %s, want %s", action, c.Status, want)
			}
		}
		// From the wrong state: a conflict naming the status; nothing changes.
		_, err = step("confirm_closure", "HS - Advice and information only", "")
		var ce *models.ConflictError
		if !errors.As(err, &ce) || ce.Field != "status" || !strings.Contains(ce.Msg, "Referral Entered") {
			t.Fatalf("wrong state: %v", err)
		}
		if _, err := step("fly_away", "", ""); err == nil || !strings.Contains(err.Error(), "action") {
			t.Errorf("unknown action: %v", err)
		}
		must("confirm_referral", "", "", "contact_client")
		if _, err := step("to_closure", "", ""); !errors.As(err, &ce) || !strings.Contains(ce.Msg, "CONTACT UNSUCCESSFUL") {
			t.Fatalf("closure before CONTACT UNSUCCESSFUL: %v", err)
		}
		if _, err := step("contact_unsuccessful", "", ""); err == nil {
			t.Error("CONTACT UNSUCCESSFUL needs a note")
		}
		must("contact_unsuccessful", "", "Phoned twice, no answer", "contact_client")
		must("to_closure", "", "", "closure")
		if _, err := step("confirm_closure", "", ""); err == nil || !strings.Contains(err.Error(), "outcome") {
			t.Errorf("closing without a primary outcome: %v", err)
		}
		if _, err := step("confirm_closure", "Not an outcome", ""); err == nil {
			t.Error("an outcome not on the pathway's list must be refused")
		}
		must("confirm_closure", "HS - Client could not be contacted", "", "closed")
		closed, _ := s.Case(ctx, all, cs.ID)
		if closed.Open() || closed.PrimaryOutcome != "HS - Client could not be contacted" {
			t.Fatalf("closed: %+v", closed)
		}
		events, err := s.CaseEvents(ctx, all, cs.ID)
		if err != nil || len(events) != 5 {
			t.Fatalf("history: %v %d", err, len(events))
		}

		// Re-presenting opens a new case pointing back; the old one cannot
		// then be returned to triage while the new one is open.
		again, err := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "Re-presented"})
		if err != nil || again.RepresentsCaseID == nil || *again.RepresentsCaseID != cs.ID {
			t.Fatalf("re-presentation: %v %+v", err, again)
		}
		if _, err := step("return_to_triage", "", "closed in error"); !errors.Is(err, models.ErrConflict) {
			t.Errorf("reopening under a newer case: %v", err)
		}

		// A stale version is refused.
		if _, err := s.Transition(ctx, all, w.by(), again.ID, models.TransitionInput{Action: "confirm_referral", Version: again.Version + 5}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("stale version: %v", err)
		}
		red, err := s.SetRAG(ctx, all, w.by(), again.ID, models.RAGInput{RAG: "red", RAGReason: "Threatened with violence"})
		if err != nil || red.RAG != "red" {
			t.Fatalf("rag: %v", err)
		}
		if _, err := s.SetRAG(ctx, all, w.by(), again.ID, models.RAGInput{RAG: "green"}); err == nil {
			t.Error("a RAG change needs its reason")
		}
		if err := s.Gorm().Exec("UPDATE case_events SET note = 'x'").Error; err == nil {
			t.Error("case history must be append-only")
		}
	})
}

func TestReviewLists(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		b := modeltest.Build(t, s)
		other := b.Person("Bob", "Other", w.worker, w.hostel)
		shared := b.Person("Cat", "Shared", w.worker, w.hostel)
		day := b.Service(b.Org("Day org"), "Day Centre", models.DayCentre, w.la)
		if _, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: shared.ID, ServiceID: day.ID, Source: models.SourceWorkingWith}); err != nil {
			t.Fatal(err)
		}
		// A refuge involvement never makes someone "open to several".
		if _, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: other.ID, ServiceID: w.refuge.ID, Source: models.SourceWorkingWith}); err != nil {
			t.Fatal(err)
		}
		stale, _ := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "new"})
		fresh, _ := s.OpenCase(ctx, all, w.by(), other.ID, models.CaseInput{Pathway: "prevention_relief", RAG: "red", RAGReason: "At risk"})
		noted, _ := s.OpenCase(ctx, all, w.by(), shared.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "new"})
		old := models.Now().Add(-20 * 24 * time.Hour)
		s.Gorm().Exec("UPDATE cases SET last_activity_at = ? WHERE id IN ?", old, []int64{stale.ID, noted.ID})
		if _, err := s.AddNote(ctx, all, w.by(), shared.ID, models.NoteInput{Body: "Saw them today"}); err != nil {
			t.Fatal(err)
		}
		f := models.ReviewFilter{ServiceID: w.hostel.ID, Now: models.Now()}
		st, err := s.StaleCases(ctx, all, all, f)
		if err != nil || len(st) != 1 || st[0].ID != stale.ID {
			t.Fatalf("stale: %v %+v", err, st)
		}
		rd, err := s.RedCases(ctx, all, all, f)
		if err != nil || len(rd) != 1 || rd[0].ID != fresh.ID || rd[0].GivenName != "Bob" {
			t.Fatalf("red: %v %+v", err, rd)
		}
		publicOnly := everythingBut(w.refuge.ID)
		several, total, err := s.OpenToSeveral(ctx, all, publicOnly, w.hostel.ID, 10)
		if err != nil || total != 1 || several[0].ID != shared.ID || len(several[0].Services) != 2 {
			t.Fatalf("open to several: %v %d %+v", err, total, several)
		}
	})
}

func TestConsentRecordWithdrawAndDecide(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		ok, err := s.HasConsent(ctx, all, w.person.ID, models.ConsentShareAssessment)
		if err != nil || ok {
			t.Fatalf("no consent yet: %v %v", err, ok)
		}
		if _, err := s.RecordConsent(ctx, all, everySender, w.by(), w.person.ID, models.ConsentInput{Purpose: "sell_data", WithWhom: "x", Given: true}); err == nil {
			t.Error("unknown purpose must be refused")
		}
		c, err := s.RecordConsent(ctx, all, everySender, w.by(), w.person.ID, models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "Services I am referred to", Given: true})
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.HasConsent(ctx, all, w.person.ID, models.ConsentShareAssessment); !ok {
			t.Error("consent given")
		}
		if _, err := s.WithdrawConsent(ctx, all, everySender, w.by(), c.ID, ""); err == nil {
			t.Error("a withdrawal needs a reason")
		}
		wd, err := s.WithdrawConsent(ctx, all, everySender, w.by(), c.ID, "Changed her mind")
		if err != nil || wd.WithdrawnAt == nil || *wd.WithdrawnBy != w.worker.ID {
			t.Fatalf("withdraw: %v %+v", err, wd)
		}
		if _, err := s.WithdrawConsent(ctx, all, everySender, w.by(), c.ID, "again"); !errors.Is(err, models.ErrConflict) {
			t.Errorf("withdrawing twice: %v", err)
		}
		if ok, _ := s.HasConsent(ctx, all, w.person.ID, models.ConsentShareAssessment); ok {
			t.Error("withdrawn consent is not consent")
		}
		s.RecordConsent(ctx, all, everySender, w.by(), w.person.ID, models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "Services I am referred to", Given: true})
		if ok, _ := s.HasConsent(ctx, all, w.person.ID, models.ConsentShareAssessment); !ok {
			t.Error("consent given again")
		}
		s.RecordConsent(ctx, all, everySender, w.by(), w.person.ID, models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "anyone", Given: false})
		if ok, _ := s.HasConsent(ctx, all, w.person.ID, models.ConsentShareAssessment); ok {
			t.Error("a later refusal wins")
		}
	})
}

func TestSafetyPlanVersions(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		in := models.SafetyPlanInput{KeepsMeSafe: "Staying near the day centre", AgreedActions: "Visit in pairs", ReviewBy: models.DateOf(time.Now().AddDate(0, 1, 0))}
		bad := in
		bad.ReviewBy = models.Date{}
		if _, err := s.WriteSafetyPlan(ctx, all, all, w.by(), w.person.ID, bad); err == nil {
			t.Error("a plan needs a review date")
		}
		p1, err := s.WriteSafetyPlan(ctx, all, all, w.by(), w.person.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		in.WarningSigns = "Stops eating"
		p2, err := s.WriteSafetyPlan(ctx, all, all, w.by(), w.person.ID, in)
		if err != nil || p2.SupersedesID == nil || *p2.SupersedesID != p1.ID {
			t.Fatalf("second version: %v %+v", err, p2)
		}
		latest, err := s.LatestSafetyPlan(ctx, all, w.person.ID)
		if err != nil || latest.ID != p2.ID || latest.ReviewBy != in.ReviewBy {
			t.Fatalf("latest: %v %+v", err, latest)
		}
		if err := s.Gorm().Exec("UPDATE safety_plans SET keeps_me_safe = 'x' WHERE id = ?", p1.ID).Error; err == nil {
			t.Error("a plan version must never change")
		}
	})
}

// Twenty workers pressing CONFIRM REFERRAL at once move the case once; the
// others are told the case has moved on, and the history has one entry.
func TestConcurrentTransitionsApplyOnce(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		cs, err := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "new"})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var ok, conflict atomic.Int32
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Transition(ctx, all, w.by(), cs.ID, models.TransitionInput{Action: "confirm_referral"})
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, models.ErrConflict):
					conflict.Add(1)
				default:
					t.Errorf("unexpected: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 || conflict.Load() != 19 {
			t.Fatalf("%d applied, %d refused", ok.Load(), conflict.Load())
		}
		events, _ := s.CaseEvents(ctx, all, cs.ID)
		if len(events) != 2 {
			t.Fatalf("history: %d entries", len(events))
		}
	})
}
