package server

import (
	"gateway/models"
	"gateway/policy"
)

// buildPlacement adds the placement flow to the server fixture: beds at the
// hostel and the refuge; Rita, a hostel person, referred to the refuge and placed
// there (a confidential placement); Maria (known to the refuge and the
// hostel) referred by the refuge to the day centre, waiting; an outreach
// person placed at the hostel; priority adjustments, one by the refuge
// carrying the marker; a failed match recorded by the refuge.
func (w *world) buildPlacement() {
	t := w.t
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// The referrals below notify their services; other tests count a
	// service's notifications, so those made here are cleared at the end.
	var before int64
	w.store.Gorm().Table("notifications").Select("COALESCE(MAX(id), 0)").Scan(&before)
	defer func() { must(w.store.Gorm().Exec("DELETE FROM notifications WHERE id > ?", before).Error) }()
	must(w.store.Gorm().Exec("UPDATE services SET capacity = 20 WHERE id = ?", w.svcs["hostel"].ID).Error)
	must(w.store.Gorm().Exec("UPDATE services SET capacity = 6 WHERE id = ?", w.svcs["refuge"].ID).Error)
	w.svcs["hostel"].Capacity, w.svcs["refuge"].Capacity = 20, 6
	beds, err := w.store.AddVacancy(ctx, w.svcs["hostel"].ID, w.users["manager"].ID, models.VacancyInput{Label: "Beds", Places: 3})
	must(err)
	w.ids["vacancy_hostel"] = beds.ID
	rooms, err := w.store.AddVacancy(ctx, w.svcs["refuge"].ID, w.users["refuge"].ID, models.VacancyInput{Label: "Rooms", Places: 1})
	must(err)
	w.ids["vacancy_refuge"] = rooms.ID

	w.person("outreach_person", "outreach", models.PersonInput{GivenName: "Oscar", FamilyName: "Outreach", DOB: models.Date{Year: 1982, Month: 2, Day: 2}})
	w.person("to_refuge", "hostel", models.PersonInput{GivenName: "Rita", FamilyName: "Referred", DOB: models.Date{Year: 1988, Month: 8, Day: 8}, Gender: "female"})
	w.consent("to_refuge", "hostel")
	w.consent("mixed", "refuge")
	w.consent("outreach_person", "outreach")

	toRefuge := w.refer("hostel_to_refuge", "to_refuge", "hostel", "refuge")
	out, err := w.store.AcceptReferral(ctx, policy.DecidableReferrals(w.actor("refuge")), w.author("refuge"), toRefuge, models.AcceptInput{})
	must(err)
	w.ids["placement_refuge"] = out.Placement.ID

	w.refer("refuge_to_daycentre", "mixed", "refuge", "daycentre")

	toHostel := w.refer("outreach_to_hostel", "outreach_person", "outreach", "hostel")
	out, err = w.store.AcceptReferral(ctx, policy.DecidableReferrals(w.actor("hostel")), w.author("hostel"), toHostel, models.AcceptInput{})
	must(err)
	w.ids["placement_hostel"] = out.Placement.ID
	// Outreach steps back once Oscar is placed, so he is open to one service.
	must(w.store.Gorm().Exec("UPDATE involvements SET ended_at = ?, end_reason = 'placed at the hostel' WHERE person_id = ? AND service_id = ?",
		models.Now(), w.people["outreach_person"].ID, w.svcs["outreach"].ID).Error)

	adj, err := w.store.AddAdjustment(ctx, w.author("hostel"), w.people["mixed"].ID, models.AdjustmentInput{Kind: models.AdjustDiscretion, Points: 5, Reason: "hospital discharge tomorrow"})
	must(err)
	w.ids["adjustment_hostel"] = adj.ID
	adj, err = w.store.AddAdjustment(ctx, w.author("refuge"), w.people["refuge_only"].ID, models.AdjustmentInput{Kind: models.AdjustDiscretion, Points: 10, Reason: "fleeing " + marker})
	must(err)
	w.ids["adjustment_refuge"] = adj.ID
	la := w.las[0].ID
	refugeOnly := w.people["refuge_only"].ID
	must(w.store.RecordGap(ctx, models.GapEvent{PersonID: &refugeOnly, Kind: models.GapNoMatch, Reason: "no_vacancy", Need: "domestic_abuse", TargetGroup: "women", LAID: &la, Confidential: true, DedupeKey: "fixture:refuge"}))
}

// consent records that a person agreed to their assessment being shared.
func (w *world) consent(key, role string) {
	_, err := w.store.RecordConsent(ctx, policy.Records(w.actor(role)), policy.SenderConsents(w.actor(role)), w.author(role), w.people[key].ID,
		models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "services I am referred to", Given: true})
	if err != nil {
		w.t.Fatal(err)
	}
}

// refer sends a referral through the store with an empty snapshot.
func (w *world) refer(key, person, from, to string) int64 {
	r, err := w.store.CreateReferral(ctx, policy.Consents(w.actor(from)), w.author(from), models.ReferralInput{PersonID: w.people[person].ID, ToServiceID: w.svcs[to].ID}, "{}", 0)
	if err != nil {
		w.t.Fatalf("referral %s: %v", key, err)
	}
	w.ids["referral_"+key] = r.ID
	return r.ID
}
