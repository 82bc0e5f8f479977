package models

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// RetentionType is one kind of record with a retention period (UK GDPR
// Article 5(1)(e)): what happens to it when the period has passed.
type RetentionType struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Action      string `json:"then"`
	DefaultDays int    `json:"default_days"`
}

// RetentionTypes are the record types with a period, in the order shown.
var RetentionTypes = []RetentionType{
	{"person", "People with no open work, counted from the last contact with any service", "erased as on request: identity and free text go, the records stay counted", 6 * 365},
	{"street_contact", "Street contacts", "the exact point moves to the centre of its map tile; the description and the recorder go", 2 * 365},
	{"public_alert", "Public alerts, once closed", "the description, place in words, reporter's name and contact go", 365},
	{"notification", "Dashboard notifications", "deleted", 365},
	{"break_glass", "Break-glass episodes", "deleted (the audit log keeps that they happened until its own period ends)", 6 * 365},
	{"audit_event", "Audit events", "deleted", 6 * 365},
}

// RetentionVersion is one saved set of periods; the highest is in force.
type RetentionVersion struct {
	ID              int64          `json:"id"`
	Version         int            `json:"version"`
	Periods         map[string]int `json:"periods" gorm:"-"`
	PeriodsJSON     string         `json:"-" gorm:"column:periods"`
	Reason          string         `json:"reason"`
	CreatedByUserID *int64         `json:"-"`
	CreatedAt       time.Time      `json:"created_at"`
}

func (RetentionVersion) TableName() string { return "retention_versions" }

// DefaultRetention is version 0: the periods in force before an area admin
// saves any.
func DefaultRetention() RetentionVersion {
	p := map[string]int{}
	for _, t := range RetentionTypes {
		p[t.Key] = t.DefaultDays
	}
	return RetentionVersion{Periods: p, Reason: "defaults"}
}

// Retention is the version in force.
func (s *Store) Retention(ctx context.Context) (RetentionVersion, error) {
	var v RetentionVersion
	err := s.with(ctx).Order("version DESC").Take(&v).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return DefaultRetention(), nil
	}
	if err != nil {
		return v, err
	}
	return v, v.decode()
}

func (v *RetentionVersion) decode() error {
	d := DefaultRetention()
	v.Periods = d.Periods
	var saved map[string]int
	if err := json.Unmarshal([]byte(v.PeriodsJSON), &saved); err != nil {
		return err
	}
	for k, n := range saved {
		v.Periods[k] = n
	}
	return nil
}

// RetentionHistory lists every saved version, newest first.
func (s *Store) RetentionHistory(ctx context.Context) ([]RetentionVersion, error) {
	out := []RetentionVersion{}
	if err := s.with(ctx).Order("version DESC").Find(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		if err := out[i].decode(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RetentionInput is a new set of periods, in days, with why.
type RetentionInput struct {
	Periods map[string]int `json:"periods"`
	Reason  string         `json:"reason"`
}

// SaveRetention saves a new version. Every period must be a whole number
// of days, at least one; a type left out keeps its current period.
func (s *Store) SaveRetention(ctx context.Context, by Author, in RetentionInput) (*RetentionVersion, error) {
	c := newCheck()
	c.reason(&in.Reason, "say why the periods change")
	known := map[string]bool{}
	for _, t := range RetentionTypes {
		known[t.Key] = true
	}
	if len(in.Periods) == 0 {
		c.Add("periods", "is required")
	}
	for k, n := range in.Periods {
		switch {
		case !known[k]:
			c.Add("periods."+k, "is not a record type with a retention period")
		case n <= 0:
			c.Add("periods."+k, "must be at least 1 day: zero or negative would erase records as soon as they are written")
		case n > 100*365:
			c.Add("periods."+k, "must be at most 36500 days")
		}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var v RetentionVersion
	err := s.Tx(ctx, func(tx *Store) error {
		cur, err := tx.Retention(ctx)
		if err != nil {
			return err
		}
		for k, n := range in.Periods {
			cur.Periods[k] = n
		}
		b, _ := json.Marshal(cur.Periods)
		v = RetentionVersion{Version: cur.Version + 1, Periods: cur.Periods, PeriodsJSON: string(b), Reason: in.Reason,
			CreatedByUserID: &by.UserID, CreatedAt: Now()}
		if err := tx.db.Create(&v).Error; err != nil {
			return err
		}
		return tx.db.Create(&AuditEvent{At: v.CreatedAt, ActorUserID: &by.UserID, ActingServiceID: &by.ServiceID, Action: AuditRetentionSaved,
			ObjectType: "retention", ObjectID: ptr(int64(v.Version)), Outcome: Allowed, Reason: in.Reason}).Error
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func ptr[T any](v T) *T { return &v }

// RetentionCounts is how many records of each type are (or were) past
// their period. Counts only: a run's audit event holds nothing else.
type RetentionCounts map[string]int64

// retentionTarget selects the ids of one type's records past the cutoff
// and not yet dealt with.
func (s *Store) retentionTarget(key string, cutoff time.Time) *gorm.DB {
	switch key {
	case "person":
		return s.db.Table("people").Select("people.id").Where(`people.merged_into_id IS NULL AND people.erased_at IS NULL AND people.updated_at < ?
			AND NOT EXISTS (SELECT 1 FROM involvements i WHERE i.person_id = people.id AND (i.ended_at IS NULL OR i.ended_at >= ? OR i.started_at >= ?))
			AND NOT EXISTS (SELECT 1 FROM street_contacts c WHERE c.person_id = people.id AND c.seen_at >= ?)
			AND NOT EXISTS (SELECT 1 FROM case_notes n WHERE n.person_id = people.id AND n.created_at >= ?)
			AND NOT EXISTS (SELECT 1 FROM placements pl WHERE pl.person_id = people.id AND pl.moved_on_at IS NULL)
			AND NOT EXISTS (SELECT 1 FROM cases cs WHERE cs.person_id = people.id AND cs.closed_at IS NULL)
			AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = people.id AND r.status = ?)`,
			cutoff, cutoff, cutoff, cutoff, cutoff, ReferralSent)
	case "street_contact":
		return s.db.Table("street_contacts").Select("id").Where("seen_at < ? AND anonymised_at IS NULL", cutoff)
	case "public_alert":
		return s.db.Table("public_alerts").Select("id").Where("updated_at < ? AND anonymised_at IS NULL AND status NOT IN ?", cutoff,
			[]string{AlertReceived, AlertLooking})
	case "notification":
		return s.db.Table("notifications").Select("id").Where("created_at < ?", cutoff)
	case "break_glass":
		return s.db.Table("break_glass").Select("id").Where("created_at < ? AND expires_at < ?", cutoff, cutoff)
	case "audit_event":
		return s.db.Table("audit_events").Select("id").Where("at < ?", cutoff)
	}
	panic("retention: unknown type " + key)
}

// RetentionPlan counts what the periods in force would deal with at now.
func (s *Store) RetentionPlan(ctx context.Context, now time.Time) (RetentionCounts, RetentionVersion, error) {
	v, err := s.Retention(ctx)
	if err != nil {
		return nil, v, err
	}
	out := RetentionCounts{}
	st := &Store{db: s.with(ctx), dialect: s.dialect, dsn: s.dsn, feed: s.feed}
	for _, t := range RetentionTypes {
		var n int64
		if err := st.retentionTarget(t.Key, now.AddDate(0, 0, -v.Periods[t.Key])).Count(&n).Error; err != nil {
			return nil, v, err
		}
		out[t.Key] = n
	}
	return out, v, nil
}

// ApplyRetention deals with everything past its period in batches of
// batch records, each batch one transaction, calling progress after each.
// Each batch is audited in its own transaction (retention_batch: the type
// and how many), and the whole run once at the end with counts only
// (retention_run, a summary of batches already accounted for).
func (s *Store) ApplyRetention(ctx context.Context, now time.Time, batch int, progress func(done, total int64)) (RetentionCounts, error) {
	plan, v, err := s.RetentionPlan(ctx, now)
	if err != nil {
		return nil, err
	}
	if batch <= 0 {
		batch = 500
	}
	var total, done int64
	for _, n := range plan {
		total += n
	}
	out := RetentionCounts{}
	for _, t := range RetentionTypes {
		cutoff := now.AddDate(0, 0, -v.Periods[t.Key])
		for {
			var ids []int64
			n := 0
			err := s.Tx(ctx, func(tx *Store) error {
				if err := tx.retentionTarget(t.Key, cutoff).Order("id").Limit(batch).Pluck("id", &ids).Error; err != nil {
					return err
				}
				if len(ids) == 0 {
					return nil
				}
				n = len(ids)
				if err := tx.retire(t.Key, ids, now); err != nil {
					return err
				}
				// The batch's own event commits with it: a run
				// cut short still accounts for every batch that landed.
				return tx.Audit(ctx, AuditEvent{Action: AuditRetentionBatch, ObjectType: "retention", ObjectID: ptr(int64(v.Version)),
					Reason: t.Key + " " + strconv.Itoa(n)})
			})
			if err != nil {
				return out, err
			}
			if n == 0 {
				break
			}
			out[t.Key] += int64(n)
			done += int64(n)
			if progress != nil {
				progress(done, total)
			}
			if n < batch {
				break
			}
		}
	}
	if progress != nil && done > 0 {
		// Records of one type dealt with by another (a person's street
		// contacts, anonymised with the person) leave the count short.
		progress(done, done)
	}
	counts, _ := json.Marshal(out)
	err = s.Audit(ctx, AuditEvent{Action: AuditRetentionRun, ObjectType: "retention", ObjectID: ptr(int64(v.Version)), Reason: string(counts)})
	return out, err
}

// retire deals with one batch of one type inside a transaction.
func (s *Store) retire(key string, ids []int64, now time.Time) error {
	switch key {
	case "person":
		if err := s.erase(now, ids...); err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.db.Create(&Erasure{PersonID: id, Reason: "retention period ended", ErasedAt: now}).Error; err != nil {
				return err
			}
		}
		return nil
	case "street_contact":
		return s.anonymiseContacts("id IN ?", []any{ids}, now)
	case "public_alert":
		if err := s.db.Exec(`UPDATE public_alerts SET description = '', location_text = '', reporter_name = '', reporter_contact = '',
			outcome_note = '', anonymised_at = ? WHERE id IN ?`, now, ids).Error; err != nil {
			return err
		}
		return s.db.Exec("UPDATE public_alert_events SET note = '' WHERE alert_id IN ?", ids).Error
	case "notification":
		return s.db.Exec("DELETE FROM notifications WHERE id IN ?", ids).Error
	case "break_glass":
		return s.db.Exec("DELETE FROM break_glass WHERE id IN ?", ids).Error
	case "audit_event":
		if err := s.unlock("retention"); err != nil {
			return err
		}
		if err := s.db.Exec("DELETE FROM audit_events WHERE id IN ?", ids).Error; err != nil {
			return err
		}
		return s.relock()
	}
	return errors.New("retention: unknown type " + strconv.Quote(key))
}
