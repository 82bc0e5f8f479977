package demo

import (
	"time"

	"gateway/models"
)

// demoTasks are the reminders a worker might set, with how far from now
// each falls due: one overdue, one today, two later this week.
var demoTasks = []struct {
	title, kind string
	due         time.Duration
}{
	{"Chase the housing benefit form", models.TaskTask, -26 * time.Hour},
	{"Key work session", models.TaskAppointment, 3 * time.Hour},
	{"GP appointment: go along", models.TaskAppointment, 50 * time.Hour},
	{"Ring the council about the bidding number", models.TaskTask, 4 * 24 * time.Hour},
}

// buildTasks gives every service with people open to it a few tasks and
// appointments, so each worker's home has reminders to show.
func (b *builder) buildTasks() error {
	for _, sv := range b.services {
		staff := b.staff[sv.ID]
		if len(staff) == 0 {
			continue
		}
		var people []int64
		if err := b.store.Gorm().Table("involvements").Select("person_id").
			Where("service_id = ? AND ended_at IS NULL", sv.ID).Order("person_id").Limit(len(demoTasks)).Scan(&people).Error; err != nil {
			return err
		}
		for i, pid := range people {
			t := demoTasks[i%len(demoTasks)]
			in := models.TaskInput{Title: t.title, Kind: t.kind, Due: b.now.Add(t.due).UTC().Format(time.RFC3339)}
			if _, err := b.store.AddTask(b.ctx, models.Author{UserID: staff[0], ServiceID: sv.ID}, sv.Confidential, pid, in); err != nil {
				return err
			}
		}
	}
	return nil
}
