package models_test

import (
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// A refusal recorded by a service that is neither side of a waiting
// referral withdraws it when the sender's view of consent says no, but in
// no one's name: the two services are told, with the neutral note. Each
// referral is decided on the consent records its sender may see.
func TestConsentRefusedElsewhereWithdrawsReferralsByNoOne(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newPlacementWorld(t, s, 2)
		r := w.refer(t, "Fay")
		b := modeltest.Build(t, s)
		la, err := s.LA(ctx, w.hostel.LAIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		day := b.Service(b.Org("Others"), "Day centre", models.DayCentre, la)
		dayWorker := b.User("Day worker", day, models.RoleWorker)
		var before int64
		s.Gorm().Table("notifications").Select("COALESCE(MAX(id), 0)").Scan(&before)

		// The sender's view hides every record but its own: the day
		// centre's refusal does not settle the outreach team's referral.
		ownOnly := func(sender int64) models.Scope {
			return models.NewScope("test: the sender's own records", "consents.service_id = ?", []any{sender})
		}
		refusal := models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "anyone", Given: false}
		if _, err := s.RecordConsent(ctx, everyRow, ownOnly, models.Author{UserID: dayWorker.ID, ServiceID: day.ID}, r.PersonID, refusal); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Referral(ctx, everyRow, r.ID); got.Status != models.ReferralSent {
			t.Fatalf("a refusal the sender cannot see leaves its referral waiting: %s", got.Status)
		}

		// Seen by the sender, it withdraws the referral, by no one.
		if _, err := s.RecordConsent(ctx, everyRow, everySender, models.Author{UserID: dayWorker.ID, ServiceID: day.ID}, r.PersonID, refusal); err != nil {
			t.Fatal(err)
		}
		got, err := s.Referral(ctx, everyRow, r.ID)
		if err != nil || got.Status != models.ReferralWithdrawn || got.DecidedByUserID != nil || got.DecidedByName != "" || got.DecisionNote != models.ConsentWithdrawnNote {
			t.Fatalf("withdrawn by no one, with the neutral note: %v %+v", err, got)
		}
		var told []struct {
			ServiceID   int64
			ActorUserID *int64
		}
		s.Gorm().Table("notifications").Select("service_id, actor_user_id").Where("id > ? AND kind = ?", before, models.NoticeReferralWithdrawn).Order("service_id").Scan(&told)
		if len(told) != 2 || told[0].ActorUserID != nil || told[1].ActorUserID != nil {
			t.Errorf("both services are told, by no one: %+v", told)
		}
	})
}
