package demo

import (
	"time"

	"gateway/models"
)

// buildAccessEpisodes records a few refused and hidden reads, as
// the audit log would hold them when a worker goes looking for people their
// service does not work with: two workers cross the alert threshold (3 in
// 24 hours) so the area admin's access-alert list has something to review,
// and a few single refusals over the past weeks stay below it.
func (b *builder) buildAccessEpisodes() error {
	var people []int64
	if err := b.store.Gorm().Table("people").Select("id").Order("id DESC").Limit(12).Scan(&people).Error; err != nil {
		return err
	}
	if len(people) == 0 {
		return nil
	}
	var workers []serviceInfo
	for _, sv := range b.services {
		if !sv.Confidential && (sv.Type == models.Hostel || sv.Type == models.DayCentre) && len(b.staff[sv.ID]) > 1 {
			workers = append(workers, sv)
		}
	}
	episode := func(sv serviceInfo, user int64, n int, first time.Duration, gap time.Duration) error {
		for i := 0; i < n; i++ {
			person, svc, u := people[(i+int(user))%len(people)], sv.ID, user
			ev := models.AuditEvent{At: b.ago(first + time.Duration(i)*gap), ActorUserID: &u, ActingServiceID: &svc,
				Action: models.AuditRead, ObjectType: "person", ObjectID: &person, Outcome: models.Denied, Reason: "hidden or missing"}
			if err := b.store.Audit(b.ctx, ev); err != nil {
				return err
			}
		}
		return nil
	}
	for i, sv := range workers {
		if i >= 4 {
			break
		}
		user := b.staff[sv.ID][len(b.staff[sv.ID])-1]
		switch {
		case i < 2: // over the threshold in the last day
			if err := episode(sv, user, 4+i, 2*time.Hour+time.Duration(i)*time.Hour, 25*time.Minute); err != nil {
				return err
			}
		default: // single refusals weeks ago, below it
			if err := episode(sv, user, 2, days(9+float64(i)), days(3)); err != nil {
				return err
			}
		}
	}
	return nil
}
