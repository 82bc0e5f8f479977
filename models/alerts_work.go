package models

import (
	"context"
	"slices"

	"gorm.io/gorm"
)

// AlertFilter narrows a worklist.
type AlertFilter struct {
	Statuses      []string
	Limit, Offset int
}

// Alerts lists alerts through scope: open ones (received, looking) first,
// oldest first, so the worklist starts with what has waited longest.
func (s *Store) Alerts(ctx context.Context, scope Scope, f AlertFilter) ([]PublicAlert, int64, error) {
	q := s.with(ctx).Model(&PublicAlert{}).Scopes(scope.Apply)
	if len(f.Statuses) > 0 {
		q = q.Where("public_alerts.status IN ?", f.Statuses)
	}
	return countedPage[PublicAlert](q, nil, func(q *gorm.DB) *gorm.DB {
		return q.Order("CASE WHEN public_alerts.status IN ('received', 'looking') THEN 0 ELSE 1 END").
			Order("CASE WHEN public_alerts.status IN ('received', 'looking') THEN public_alerts.created_at END ASC").
			Order("public_alerts.updated_at DESC, public_alerts.id DESC").
			Limit(limitOr(f.Limit, 50)).Offset(f.Offset)
	})
}

// Alert finds one alert by reference through scope.
func (s *Store) Alert(ctx context.Context, scope Scope, reference string) (*PublicAlert, error) {
	ref := NormaliseReference(reference)
	if ref == "" {
		return nil, ErrNotFound
	}
	var a PublicAlert
	err := s.with(ctx).Scopes(scope.Apply).Where("public_alerts.reference = ?", ref).First(&a).Error
	return &a, notFound(err)
}

// AlertEvents is an alert's history, oldest first, with who moved it.
func (s *Store) AlertEvents(ctx context.Context, alertID int64) ([]AlertEvent, error) {
	var out []AlertEvent
	err := s.with(ctx).Model(&AlertEvent{}).
		Select("public_alert_events.*, COALESCE(u.name, '') AS user_name").
		Joins("LEFT JOIN users u ON u.id = public_alert_events.user_id").
		Where("public_alert_events.alert_id = ?", alertID).
		Order("public_alert_events.at, public_alert_events.id").Find(&out).Error
	return out, err
}

// AlertUpdate moves an alert on. Version, when set, must be the version the
// worker saw, so two workers cannot both close the same alert unawares.
type AlertUpdate struct {
	Status  string `json:"status"`
	Note    string `json:"note"`
	Version int    `json:"version"`
}

// UpdateAlert records a new status with the worker's note (kept for staff,
// never shown to the reporter). The move must be one AlertNext allows.
func (s *Store) UpdateAlert(ctx context.Context, scope Scope, reference string, by Author, in AlertUpdate) (*PublicAlert, error) {
	c := newCheck()
	c.oneOf("status", in.Status, AlertStatuses)
	c.text("note", &in.Note, false, MaxAlertText)
	if AlertOutcome(in.Status) && in.Note == "" {
		c.Add("note", "say what happened; it stays with your service")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*PublicAlert, error) { return tx.Alert(ctx, scope, reference) }
	return changeLoaded(ctx, s, load, func(tx *Store, a *PublicAlert) error {
		if in.Version != 0 && in.Version != a.Version {
			return Conflict("version", "someone else updated this alert since you opened it; reload and try again")
		}
		if !slices.Contains(AlertNext(a.Status), in.Status) {
			if AlertOutcome(a.Status) {
				return Conflict("status", "this alert is closed ("+AlertStatusLabel(a.Status)+")")
			}
			return Conflict("status", "an alert that is "+AlertStatusLabel(a.Status)+" cannot move to "+AlertStatusLabel(in.Status))
		}
		now := Now()
		upd := map[string]any{"status": in.Status, "version": a.Version + 1, "updated_at": now}
		if AlertOutcome(in.Status) {
			upd["outcome_note"] = in.Note
		}
		res := tx.db.Model(&PublicAlert{}).Where("id = ? AND version = ?", a.ID, a.Version).Updates(upd)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("version", "someone else updated this alert since you opened it; reload and try again")
		}
		a.Status, a.Version, a.UpdatedAt = in.Status, a.Version+1, now
		if AlertOutcome(in.Status) {
			a.OutcomeNote = in.Note
		}
		uid, sid := by.UserID, by.ServiceID
		return tx.db.Create(&AlertEvent{AlertID: a.ID, Status: in.Status, Note: in.Note, UserID: &uid, ServiceID: &sid, At: now}).Error
	})
}

// RouteAlertTo sends an alert (one the scope lets the caller route) to an
// outreach service, keeping its status, with a history line saying so.
func (s *Store) RouteAlertTo(ctx context.Context, scope Scope, reference string, by Author, serviceID int64) (*PublicAlert, error) {
	load := func(tx *Store) (*PublicAlert, error) { return tx.Alert(ctx, scope, reference) }
	return changeLoaded(ctx, s, load, func(tx *Store, a *PublicAlert) error {
		sv, err := tx.Service(ctx, serviceID)
		if err != nil || sv.Type != Outreach || sv.Confidential {
			return Invalid("service_id", "choose a street outreach service")
		}
		now := Now()
		res := tx.db.Model(&PublicAlert{}).Where("id = ? AND version = ?", a.ID, a.Version).
			Updates(map[string]any{"service_id": serviceID, "version": a.Version + 1, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("version", "someone else updated this alert; reload and try again")
		}
		a.ServiceID, a.Version, a.UpdatedAt = &serviceID, a.Version+1, now
		uid := by.UserID
		return tx.db.Create(&AlertEvent{AlertID: a.ID, Status: a.Status, Note: "Routed to " + sv.Name, UserID: &uid, ServiceID: &serviceID, At: now}).Error
	})
}

// AlertContactIDs lists the street contacts recorded in answer to an
// alert, through scope: an alert routed on to another service does not
// name the first service's contacts to it.
func (s *Store) AlertContactIDs(ctx context.Context, scope Scope, alertID int64) ([]int64, error) {
	ids := []int64{}
	err := s.with(ctx).Table("street_contacts").Scopes(scope.Apply).Where("street_contacts.alert_id = ?", alertID).
		Order("street_contacts.id").Pluck("street_contacts.id", &ids).Error
	return ids, err
}
