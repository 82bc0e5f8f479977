package models_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// everyRow stands in for the policy scopes: store tests check storage and
// the flow, policy's tests own visibility.
var everyRow = models.NewScope("test: every row", "1 = 1", nil)

// everySender decides every referral on every consent record.
func everySender(int64) models.Scope { return everyRow }

type placementWorld struct {
	s                *models.Store
	outreach, hostel *models.Service
	outreachWorker   *models.User
	hostelWorker     *models.User
	beds             *models.Vacancy
}

func newPlacementWorld(t *testing.T, s *models.Store, places int) *placementWorld {
	t.Helper()
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	org := b.Org("Providers")
	w := &placementWorld{s: s, outreach: b.Service(org, "Outreach", models.Outreach, la), hostel: b.Service(org, "Hostel", models.Hostel, la)}
	w.outreachWorker = b.User("Outreach worker", w.outreach, models.RoleWorker)
	w.hostelWorker = b.User("Hostel worker", w.hostel, models.RoleWorker)
	in := models.ServiceInput{OrganisationID: org.ID, Name: "Hostel", Type: models.Hostel, Capacity: 250, LAIDs: w.hostel.LAIDs}
	var err error
	if w.hostel, err = s.UpdateService(ctx, w.hostel.ID, in); err != nil {
		t.Fatal(err)
	}
	if w.beds, err = s.AddVacancy(ctx, w.hostel.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Beds", Places: places}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *placementWorld) refer(t *testing.T, given string) *models.Referral {
	t.Helper()
	p := modeltest.Build(t, w.s).Person(given, "Example", w.outreachWorker, w.outreach)
	by := models.Author{UserID: w.outreachWorker.ID, ServiceID: w.outreach.ID}
	if _, err := w.s.CreateReferral(ctx, everyRow, by, models.ReferralInput{PersonID: p.ID, ToServiceID: w.hostel.ID}, "{}", 0); err == nil || !strings.Contains(err.Error(), "consent") {
		t.Fatalf("a referral without the person's consent should be refused, got %v", err)
	}
	if _, err := w.s.RecordConsent(ctx, everyRow, everySender, by, p.ID, models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "services I am referred to", Given: true}); err != nil {
		t.Fatal(err)
	}
	r, err := w.s.CreateReferral(ctx, everyRow, by, models.ReferralInput{PersonID: p.ID, ToServiceID: w.hostel.ID}, `{"facts":{"needs_score":40}}`, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (w *placementWorld) hostelAuthor() models.Author {
	return models.Author{UserID: w.hostelWorker.ID, ServiceID: w.hostel.ID}
}

// Two hundred workers accept two hundred referrals for the last bed at the
// same moment: exactly one gets it, everyone else is told the bed has gone,
// and nothing of the refused acceptances is left behind.
func TestLastBedGoesToExactlyOneOf200(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 1)
		const n = 200
		refs := make([]*models.Referral, n)
		for i := range refs {
			refs[i] = w.refer(t, "Person"+string(rune('A'+i%26))+strings.Repeat("x", i/26))
		}
		start := make(chan struct{})
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range refs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				_, errs[i] = s.AcceptReferral(ctx, everyRow, w.hostelAuthor(), refs[i].ID, models.AcceptInput{})
			}(i)
		}
		close(start)
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, models.ErrConflict) && strings.Contains(err.Error(), "the bed has gone"):
			default:
				t.Errorf("attempt %d: want success or 'the bed has gone', got %v", i, err)
			}
		}
		if won != 1 {
			t.Fatalf("%d acceptances took the last bed; want exactly 1", won)
		}
		var places, placements, accepted, involvements int64
		s.Gorm().Table("vacancies").Where("id = ?", w.beds.ID).Select("places").Scan(&places)
		s.Gorm().Table("placements").Count(&placements)
		s.Gorm().Table("referrals").Where("status = ?", models.ReferralAccepted).Count(&accepted)
		s.Gorm().Table("involvements").Where("service_id = ?", w.hostel.ID).Count(&involvements)
		if places != 0 || placements != 1 || accepted != 1 || involvements != 1 {
			t.Errorf("after the race: places %d, placements %d, accepted %d, hostel involvements %d; want 0, 1, 1, 1", places, placements, accepted, involvements)
		}
	})
}

// An accept and a withdraw of the same referral at once: one wins, and the
// loser is told why rather than overwriting it.
func TestAcceptAndWithdrawRaceHasOneWinner(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 3)
		for round := 0; round < 10; round++ {
			r := w.refer(t, "Racer"+string(rune('A'+round)))
			var wg sync.WaitGroup
			var acceptErr, withdrawErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, acceptErr = s.AcceptReferral(ctx, everyRow, w.hostelAuthor(), r.ID, models.AcceptInput{})
			}()
			go func() {
				defer wg.Done()
				_, withdrawErr = s.WithdrawReferral(ctx, everyRow, models.Author{UserID: w.outreachWorker.ID, ServiceID: w.outreach.ID}, r.ID, "")
			}()
			wg.Wait()
			if (acceptErr == nil) == (withdrawErr == nil) {
				t.Fatalf("round %d: accept %v, withdraw %v; want exactly one to succeed", round, acceptErr, withdrawErr)
			}
			for _, err := range []error{acceptErr, withdrawErr} {
				if err != nil && !errors.Is(err, models.ErrConflict) {
					t.Fatalf("round %d: the loser should get a conflict, got %v", round, err)
				}
			}
			if acceptErr == nil {
				// Free the bed for the next round.
				s.Gorm().Exec("UPDATE vacancies SET places = 3")
				s.Gorm().Exec("UPDATE placements SET moved_on_at = ?", models.Now())
			}
		}
	})
}

func TestReferralFlowNotifiesTheOtherSideAndKeepsTheSnapshot(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 2)
		r := w.refer(t, "Dana")
		kinds := func(svc int64) []string {
			var out []string
			s.Gorm().Table("notifications").Where("service_id = ?", svc).Order("id").Pluck("kind", &out)
			return out
		}
		if got := kinds(w.hostel.ID); len(got) != 1 || got[0] != models.NoticeReferralReceived {
			t.Fatalf("the receiving service should be told of the referral, got %v", got)
		}
		if _, err := s.CreateReferral(ctx, everyRow, models.Author{UserID: w.outreachWorker.ID, ServiceID: w.outreach.ID},
			models.ReferralInput{PersonID: r.PersonID, ToServiceID: w.hostel.ID}, "{}", 0); !errors.Is(err, models.ErrConflict) {
			t.Errorf("a second referral to the same service while one waits should conflict, got %v", err)
		}
		acc, err := s.AcceptReferral(ctx, everyRow, w.hostelAuthor(), r.ID, models.AcceptInput{Note: "room 4"})
		if err != nil {
			t.Fatal(err)
		}
		if acc.Placement == nil || acc.Involvement.Source != models.SourceReferral || acc.Involvement.Reason != "accepted a referral" {
			t.Fatalf("accepting should start a placement and open a referral involvement: %+v", acc)
		}
		// The outreach service also hears that the hostel opened work with
		// the person (open_elsewhere), as for any new involvement.
		if got := kinds(w.outreach.ID); len(got) != 2 || got[1] != models.NoticeReferralAccepted {
			t.Errorf("the referrer should be told of the acceptance, got %v", got)
		}
		if _, err := s.AcceptReferral(ctx, everyRow, w.hostelAuthor(), r.ID, models.AcceptInput{}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("accepting twice should conflict, got %v", err)
		}
		stored, err := s.Referral(ctx, everyRow, r.ID)
		if err != nil || stored.Snapshot != `{"facts":{"needs_score":40}}` || stored.GivenName != "Dana" || stored.ToServiceName != "Hostel" {
			t.Fatalf("the referral should keep its snapshot and show names: %v %+v", err, stored)
		}
		var places int64
		s.Gorm().Table("vacancies").Where("id = ?", w.beds.ID).Select("places").Scan(&places)
		if places != 1 {
			t.Fatalf("one of two places should be left, got %d", places)
		}

		today := models.DateOf(time.Now().In(time.UTC))
		_, err = s.MoveOn(ctx, everyRow, w.hostelAuthor(), acc.Placement.ID, models.MoveOnInput{Date: today, Reason: "bogus"})
		var fe models.FieldErrors
		if !errors.As(err, &fe) || fe["reason"] == "" || fe["destination"] == "" {
			t.Fatalf("move-on with a bad reason and no destination should name both fields, got %v", err)
		}
		future := models.DateOf(time.Now().AddDate(0, 0, 3))
		if _, err = s.MoveOn(ctx, everyRow, w.hostelAuthor(), acc.Placement.ID, models.MoveOnInput{Date: future, Reason: "planned", Destination: "social_tenancy"}); !errors.As(err, &fe) || fe["date"] == "" {
			t.Fatalf("a move-on date in the future should be refused, got %v", err)
		}
		p, err := s.MoveOn(ctx, everyRow, w.hostelAuthor(), acc.Placement.ID, models.MoveOnInput{Date: today, Reason: "planned", Destination: "social_tenancy", FreePlace: true})
		if err != nil || p.Open() || p.MoveOnDestination != "social_tenancy" {
			t.Fatalf("move-on: %v %+v", err, p)
		}
		s.Gorm().Table("vacancies").Where("id = ?", w.beds.ID).Select("places").Scan(&places)
		if places != 2 {
			t.Errorf("move-on with free_place should return the place, got %d places", places)
		}
		var open int64
		s.Gorm().Table("involvements").Where("service_id = ? AND person_id = ? AND ended_at IS NULL", w.hostel.ID, r.PersonID).Count(&open)
		if open != 0 {
			t.Error("move-on should close the service's involvement")
		}
		if _, err := s.MoveOn(ctx, everyRow, w.hostelAuthor(), acc.Placement.ID, models.MoveOnInput{Date: today, Reason: "planned", Destination: "social_tenancy"}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("a second move-on should conflict, got %v", err)
		}
	})
}

func TestDeclineNeedsAReasonAndRecordsAGapOnce(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 1)
		r := w.refer(t, "Eve")
		var fe models.FieldErrors
		if _, err := s.DeclineReferral(ctx, everyRow, w.hostelAuthor(), r.ID, models.DeclineInput{Reason: models.OptionOther}, nil); !errors.As(err, &fe) || fe["note"] == "" {
			t.Fatalf("declining with 'other' and no text should ask for the note, got %v", err)
		}
		if _, err := s.DeclineReferral(ctx, everyRow, w.hostelAuthor(), r.ID, models.DeclineInput{Reason: "not_a_reason"}, nil); !errors.As(err, &fe) || fe["reason"] == "" {
			t.Fatalf("an unknown reason should be refused, got %v", err)
		}
		la := w.hostel.LAIDs[0]
		got, err := s.DeclineReferral(ctx, everyRow, w.hostelAuthor(), r.ID, models.DeclineInput{Reason: "pets", Note: "a large dog"},
			func(*models.Referral) models.GapEvent {
				return models.GapEvent{Need: "mental_health", TargetGroup: "rough_sleeper", LAID: &la}
			})
		if err != nil || got.Status != models.ReferralDeclined || got.DeclineReason != "pets" {
			t.Fatalf("decline: %v %+v", err, got)
		}
		rows, err := s.GapEvents(ctx, everyRow, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
		if err != nil || len(rows) != 1 || rows[0].Kind != models.GapDecline || rows[0].Reason != "pets" || rows[0].LAName != "Northmoor" || rows[0].PersonID != r.PersonID {
			t.Fatalf("the decline should be one gap event, about the person: %v %+v", err, rows)
		}
		if err := s.RecordGap(ctx, models.GapEvent{Kind: models.GapNoMatch, Reason: "no_vacancy", LAID: &la, DedupeKey: "no_match:x:today"}); err == nil {
			t.Error("a gap event without its person should be refused")
		}
		for i := 0; i < 2; i++ {
			if err := s.RecordGap(ctx, models.GapEvent{PersonID: &r.PersonID, Kind: models.GapNoMatch, Reason: "no_vacancy", LAID: &la, DedupeKey: "no_match:1:today"}); err != nil {
				t.Fatal(err)
			}
		}
		rows, _ = s.GapEvents(ctx, everyRow, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
		if len(rows) != 2 {
			t.Errorf("a repeated no-match with the same key should count once, got %d events", len(rows))
		}
	})
}

func TestReferralsExpireAndTellBothSides(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 1)
		r := w.refer(t, "Fay")
		if n, err := s.ExpireReferrals(ctx, time.Now()); err != nil || n != 0 {
			t.Fatalf("nothing is due yet: %d %v", n, err)
		}
		if _, err := s.AcceptReferral(ctx, everyRow, w.hostelAuthor(), r.ID, models.AcceptInput{}); err != nil {
			t.Fatal(err)
		}
		r2 := w.refer(t, "Gus")
		s.Gorm().Exec("UPDATE referrals SET expires_at = ? WHERE id = ?", models.Now().Add(-time.Minute), r2.ID)
		if _, err := s.DeclineReferral(ctx, everyRow, w.hostelAuthor(), r2.ID, models.DeclineInput{Reason: "no_vacancy"}, nil); !errors.Is(err, models.ErrConflict) || !strings.Contains(err.Error(), "expired") {
			t.Fatalf("deciding an expired referral should say it expired, got %v", err)
		}
		n, err := s.ExpireReferrals(ctx, time.Now())
		if err != nil || n != 1 {
			t.Fatalf("one referral should expire: %d %v", n, err)
		}
		var kinds []string
		s.Gorm().Table("notifications").Where("kind = ?", models.NoticeReferralExpired).Order("service_id").Pluck("service_id", &kinds)
		if len(kinds) != 2 {
			t.Errorf("both services should be told of the expiry, got %v", kinds)
		}
		got, _ := s.Referral(ctx, everyRow, r2.ID)
		if got.Status != models.ReferralExpired {
			t.Errorf("status = %s", got.Status)
		}
	})
}

func TestVacanciesStayWithinCapacityAndVersionsConflict(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 200)
		var fe models.FieldErrors
		if _, err := s.AddVacancy(ctx, w.hostel.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Annex", Places: 51}); !errors.As(err, &fe) || fe["places"] == "" {
			t.Fatalf("places beyond capacity should be refused, got %v", err)
		}
		if _, err := s.AddVacancy(ctx, w.hostel.ID, w.hostelWorker.ID, models.VacancyInput{Label: "beds", Places: 1}); !errors.Is(err, models.ErrConflict) {
			t.Fatalf("a second line with the same label should conflict, got %v", err)
		}
		if _, err := s.AddVacancy(ctx, w.outreach.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Beds", Places: 1}); !errors.As(err, &fe) || fe["places"] == "" {
			t.Fatalf("a service without capacity has no places to offer, got %v", err)
		}
		v, err := s.UpdateVacancy(ctx, w.hostel.ID, w.beds.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Beds", Places: 4})
		if err != nil || v.Places != 4 {
			t.Fatalf("update: %v %+v", err, v)
		}
		if _, err := s.UpdateVacancy(ctx, w.outreach.ID, w.beds.ID, w.hostelWorker.ID, models.VacancyInput{Label: "Beds", Places: 4}); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("another service's line is not found, got %v", err)
		}
		in := models.RulesInput{Reason: "takes dogs now"}
		v1, err := s.AddEligibilityVersion(ctx, w.hostel.ID, w.hostelWorker.ID, `{"pets_allowed":true}`, `[]`, in)
		if err != nil || v1.Version != 1 {
			t.Fatalf("first version: %v %+v", err, v1)
		}
		if _, err := s.AddEligibilityVersion(ctx, w.hostel.ID, w.hostelWorker.ID, `{}`, `[]`, in); !errors.Is(err, models.ErrConflict) {
			t.Fatalf("saving over a version you did not start from should conflict, got %v", err)
		}
		in.Based = 1
		if _, err := s.AddEligibilityVersion(ctx, w.hostel.ID, w.hostelWorker.ID, `{}`, `[]`, in); err != nil {
			t.Fatal(err)
		}
		cur, _ := s.CurrentEligibility(ctx)
		hist, _ := s.EligibilityHistory(ctx, w.hostel.ID)
		if cur[w.hostel.ID].Version != 2 || len(hist) != 2 || hist[0].CreatedByName != "Hostel worker" {
			t.Errorf("current %+v history %+v", cur, hist)
		}
	})
}
