package models

import (
	"context"
	"time"
)

// maxDisclosures bounds the disclosures in one export.
const maxDisclosures = 20000

// PartsNote is what the export says of confidential services' parts:
// that they exist and are awaited or were sent, never whose they are.
const (
	PartsNoneNote     = "No other part of this record is held separately."
	PartsAwaitedNote  = "Part of this record is held separately and is awaited: it is sent to the person directly by those who hold it, not through this export."
	PartsReleasedNote = "Part of this record is held separately; it has been sent to the person directly by those who hold it."
)

// subjectAccessMore reads the later sections of SubjectAccessScopes: gap
// events, linked public alerts, notifications and the rest.
func (s *Store) subjectAccessMore(ctx context.Context, sc SubjectAccessScopes, r *SubjectAccessRecord) error {
	id := r.Person.ID
	db := s.with(ctx)
	r.GapEvents = []GapEvent{}
	if err := db.Scopes(sc.GapEvents.Apply).Where("gap_events.person_id = ?", id).Order("gap_events.at, gap_events.id").Find(&r.GapEvents).Error; err != nil {
		return err
	}
	var alerts []PublicAlert
	if err := s.with(ctx).Scopes(sc.Alerts.Apply).Where("public_alerts.id IN (SELECT alert_id FROM street_contacts WHERE person_id = ? AND alert_id IS NOT NULL)", id).
		Order("public_alerts.created_at, public_alerts.id").Find(&alerts).Error; err != nil {
		return err
	}
	r.PublicAlerts = []LinkedAlert{}
	for _, a := range alerts {
		evs := []AlertEvent{}
		if err := s.with(ctx).Table("public_alert_events").Select("public_alert_events.*").Where("alert_id = ?", a.ID).Order("at, id").Find(&evs).Error; err != nil {
			return err
		}
		r.PublicAlerts = append(r.PublicAlerts, LinkedAlert{PublicAlert: a, Events: evs})
	}
	r.Notifications = []SARNotification{}
	if err := s.with(ctx).Table("notifications").Scopes(sc.Notifications.Apply).
		Select("notifications.kind, services.name AS service_name, notifications.created_at, notifications.read_at").
		Joins("JOIN services ON services.id = notifications.service_id").
		Where("notifications.person_id = ?", id).Order("notifications.created_at, notifications.id").Scan(&r.Notifications).Error; err != nil {
		return err
	}
	r.BreakGlass = []SARBreakGlass{}
	if err := s.with(ctx).Table("break_glass").Scopes(sc.BreakGlass.Apply).
		Select("users.name AS by_name, break_glass.reason, break_glass.created_at, break_glass.expires_at").
		Joins("JOIN users ON users.id = break_glass.user_id").
		Where("break_glass.person_id = ?", id).Order("break_glass.created_at, break_glass.id").Scan(&r.BreakGlass).Error; err != nil {
		return err
	}
	r.DuplicateReviews = []SARDuplicatePair{}
	if err := s.with(ctx).Table("duplicate_pairs").Scopes(sc.DuplicatePairs.Apply).
		Select("CASE WHEN duplicate_pairs.person_a = ? THEN duplicate_pairs.person_b ELSE duplicate_pairs.person_a END AS other_person_id, duplicate_pairs.strength, duplicate_pairs.status, duplicate_pairs.found_at, duplicate_pairs.resolved_at", id).
		Where("duplicate_pairs.person_a = ? OR duplicate_pairs.person_b = ?", id, id).Order("duplicate_pairs.found_at, duplicate_pairs.id").Scan(&r.DuplicateReviews).Error; err != nil {
		return err
	}
	r.TransfersIn = []SARTransferIn{}
	if err := s.with(ctx).Table("transfers_in").Scopes(sc.Transfers.Apply).
		Select("transfers_in.from_area, services.name AS service_name, transfers_in.imported_at").
		Joins("JOIN services ON services.id = transfers_in.service_id").
		Where("transfers_in.person_id = ?", id).Order("transfers_in.imported_at, transfers_in.document_id").Scan(&r.TransfersIn).Error; err != nil {
		return err
	}
	r.Disclosures = []Disclosure{}
	if err := s.with(ctx).Table("audit_events").Scopes(sc.Disclosures.Apply).
		Select("audit_events.at, services.name AS service, organisations.name AS organisation, services.type AS service_type, audit_events.action, audit_events.reason").
		Joins("JOIN services ON services.id = audit_events.acting_service_id").
		Joins("JOIN organisations ON organisations.id = services.organisation_id").
		Where(`audit_events.outcome = ? AND (
			(audit_events.object_type = 'person' AND audit_events.object_id = ?)
			OR (audit_events.object_type = 'assessment' AND audit_events.object_id IN (SELECT id FROM assessments WHERE person_id = ?))
			OR (audit_events.object_type = 'case' AND audit_events.object_id IN (SELECT id FROM cases WHERE person_id = ?))
			OR (audit_events.object_type = 'street_contact' AND audit_events.object_id IN (SELECT id FROM street_contacts WHERE person_id = ?)))`,
			Allowed, id, id, id, id).
		Order("audit_events.at, audit_events.id").Limit(maxDisclosures).Scan(&r.Disclosures).Error; err != nil {
		return err
	}
	parts, err := s.SubjectAccessParts(ctx, sc.Parts, id)
	if err != nil {
		return err
	}
	r.Parts = parts
	return nil
}

// ReleaseWindow is how long a confidential service's release of its part
// answers a subject access request.
const ReleaseWindow = 90 * 24 * time.Hour

// SubjectAccessParts counts the confidential services holding records
// about the person and how many released their part within ReleaseWindow.
// scope is over involvements (policy.SubjectAccess: the confidential ones).
func (s *Store) SubjectAccessParts(ctx context.Context, scope Scope, personID int64) (SARParts, error) {
	var holders []int64
	if err := s.with(ctx).Table("involvements").Scopes(scope.Apply).Where("involvements.person_id = ?", personID).
		Distinct().Pluck("involvements.service_id", &holders).Error; err != nil {
		return SARParts{}, err
	}
	p := SARParts{Note: PartsNoneNote}
	if len(holders) == 0 {
		return p, nil
	}
	var released int64
	if err := s.with(ctx).Table("subject_access_releases").Where("person_id = ? AND service_id IN ? AND released_at >= ?", personID, holders, Now().Add(-ReleaseWindow)).
		Distinct("service_id").Count(&released).Error; err != nil {
		return p, err
	}
	p.Released = int(released)
	p.Awaited = len(holders) - p.Released
	p.Note = PartsReleasedNote
	if p.Awaited > 0 {
		p.Note = PartsAwaitedNote
	}
	return p, nil
}

// ReleaseSubjectAccessPart records that a confidential service's manager
// released the service's part to the person. A service that holds nothing
// about the person has nothing to release.
func (s *Store) ReleaseSubjectAccessPart(ctx context.Context, by Author, personID int64) error {
	return s.Tx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.db.Table("involvements").Where("person_id = ? AND service_id = ?", personID, by.ServiceID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return Invalid("service", "this service holds no records about this person, so it has no part to release")
		}
		now := Now()
		if err := tx.db.Exec("INSERT INTO subject_access_releases (person_id, service_id, released_by_user_id, released_at) VALUES (?, ?, ?, ?)",
			personID, by.ServiceID, by.UserID, now).Error; err != nil {
			return err
		}
		return tx.db.Create(&AuditEvent{At: now, ActorUserID: &by.UserID, ActingServiceID: &by.ServiceID, Action: AuditSubjectAccessPartReleased,
			ObjectType: "person", ObjectID: &personID, Outcome: Allowed, ConfidentialServiceID: &by.ServiceID}).Error
	})
}

// AskForSubjectAccessParts tells each confidential service holding records
// about the person, that has not released its part within ReleaseWindow
// and was not already asked within it, that its part is awaited.
func (s *Store) AskForSubjectAccessParts(ctx context.Context, actorUserID, personID int64) error {
	now := Now()
	since := now.Add(-ReleaseWindow)
	return s.with(ctx).Exec(`INSERT INTO notifications (service_id, kind, person_id, actor_user_id, created_at)
		SELECT DISTINCT i.service_id, ?, i.person_id, ?, ? FROM involvements i
		WHERE i.person_id = ? AND i.confidential = ?
		AND NOT EXISTS (SELECT 1 FROM subject_access_releases r WHERE r.person_id = i.person_id AND r.service_id = i.service_id AND r.released_at >= ?)
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.person_id = i.person_id AND n.service_id = i.service_id AND n.kind = ? AND n.created_at >= ?)`,
		NoticeSubjectAccessPart, actorUserID, now, personID, true, since, NoticeSubjectAccessPart, since).Error
}

// HasOpenWork reports an open placement, case or referral at any service.
func (s *Store) HasOpenWork(ctx context.Context, personID int64) (bool, error) {
	return (&Store{db: s.with(ctx), dialect: s.dialect, feed: s.feed}).openWork(personID)
}

// SubjectAccessCoverage says, for every table that names a person, where
// the subject access export holds it: the export's JSON key, or why the
// table needs no section of its own. TestSubjectAccessCoversEveryTable
// reads the schema and fails on a table missing here.
var SubjectAccessCoverage = map[string]string{
	"people":                  "person",
	"person_aliases":          "identity: person.aliases",
	"person_name_keys":        "derived: search keys computed from the names in person",
	"person_names":            "derived: PostgreSQL's trigram index of the names in person",
	"involvements":            "involvements",
	"case_notes":              "case_notes",
	"assessments":             "assessments",
	"consents":                "consents",
	"safety_plans":            "safety_plans",
	"cases":                   "cases",
	"person_merges":           "merges",
	"referrals":               "referrals",
	"placements":              "placements",
	"priority_adjustments":    "priority_adjustments",
	"street_contacts":         "street_contacts",
	"street_contact_cells":    "derived: monthly counts of street_contacts",
	"street_contact_presence": "derived: months present, from street_contacts",
	"gap_events":              "gap_events",
	"notifications":           "notifications",
	"break_glass":             "break_glass",
	"duplicate_pairs":         "duplicate_reviews",
	"subject_access_releases": "other_parts",
	"erasures":                "derived: an erased person has no record left to export",
	"transfers_in":            "transfers_in",
	"tasks":                   "tasks",
}
