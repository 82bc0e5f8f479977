package models

import "context"

// A worker's search that matches people only confidential services know
// tells each of those services (server/auditprivacy.go): an audit event
// for its managers' eyes and a notification pointing at it, per person and
// service. A common name matches several such people, so the events and
// notifications of one search are found and written together: one query
// and one transaction, not a round trip or three for each.

// HiddenLookup is one confidential service to tell of one person a
// look-up matched.
type HiddenLookup struct {
	PersonID  int64
	ServiceID int64
}

// ConfidentialServicesHidingMany is ConfidentialServicesHiding for many
// people in one query, in the order of personIDs, each person's services
// by id.
func (s *Store) ConfidentialServicesHidingMany(ctx context.Context, personIDs []int64) ([]HiddenLookup, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	var rows []HiddenLookup
	err := inChunks(personIDs, func(chunk []int64) error {
		var part []HiddenLookup
		err := s.with(ctx).Table("involvements hc").Distinct("hc.person_id", "hc.service_id").
			Where("hc.person_id IN ? AND hc.confidential = ?", chunk, true).
			Where("NOT EXISTS (SELECT 1 FROM involvements pub WHERE pub.person_id = hc.person_id AND pub.confidential = ?)", false).
			Order("hc.person_id, hc.service_id").Scan(&part).Error
		rows = append(rows, part...)
		return err
	})
	if err != nil {
		return nil, err
	}
	byPerson := map[int64][]HiddenLookup{}
	for _, r := range rows {
		byPerson[r.PersonID] = append(byPerson[r.PersonID], r)
	}
	out := make([]HiddenLookup, 0, len(rows))
	for _, id := range personIDs {
		out = append(out, byPerson[id]...)
		delete(byPerson, id) // an id given twice is told once
	}
	return out, nil
}

// NotifyHiddenLookups appends events (one per look-up, in order) and, for
// each, the notification to its confidential service pointing at it, in
// one transaction: an event and its notification commit together or not
// at all. looked says which look-up each event is; the caller fills the
// events (actor, reason, confidential service).
func (s *Store) NotifyHiddenLookups(ctx context.Context, events []AuditEvent, looked []HiddenLookup, lookerService, lookerUser int64) error {
	if len(events) == 0 {
		return nil
	}
	now := Now()
	for i := range events {
		events[i].ID = 0
		if events[i].At.IsZero() {
			events[i].At = now
		}
		if events[i].Outcome == "" {
			events[i].Outcome = Allowed
		}
	}
	return s.Tx(ctx, func(tx *Store) error {
		if err := tx.with(ctx).Create(&events).Error; err != nil {
			return err
		}
		notes := make([]Notification, len(events))
		for i, ev := range events {
			person, ref := looked[i].PersonID, ev.ID
			notes[i] = Notification{ServiceID: looked[i].ServiceID, Kind: NoticeHiddenLookup, PersonID: &person,
				OtherServiceID: &lookerService, ActorUserID: &lookerUser, RefID: &ref, CreatedAt: now}
		}
		return tx.with(ctx).Create(&notes).Error
	})
}
