package server

import (
	"time"

	"gateway/models"
	"gateway/policy"
)

// Tasks and appointments in the fixture: the hostel's, one
// overdue, one today and one next week; the refuge's, whose title carries
// the confidential marker and must reach no one outside the refuge.
func (w *world) addTasks() {
	now := time.Now().UTC()
	// The last minute of London's day, so "today" stays today however late
	// the suite runs (at 23:00 it was overdue from 23:00 on); a run that
	// crosses midnight between building the fixture and reading the page
	// still sees it as yesterday's.
	eod := func() time.Time {
		l := now.In(models.London)
		return time.Date(l.Year(), l.Month(), l.Day(), 23, 59, 0, 0, models.London)
	}()
	for key, spec := range map[string]struct {
		person, role, title, kind string
		due                       time.Time
	}{
		"task_hostel_overdue": {"hostel_person", "hostel", "Chase the housing benefit form", models.TaskTask, now.Add(-26 * time.Hour)},
		"task_hostel_today":   {"mixed", "hostel", "Key work session", models.TaskAppointment, eod},
		"task_hostel_week":    {"hostel_person", "hostel", "Doctor's appointment", models.TaskAppointment, now.Add(72 * time.Hour)},
		"task_refuge":         {"refuge_only", "refuge", "Court date for " + marker, models.TaskAppointment, now.Add(-2 * time.Hour)},
	} {
		a := w.author(spec.role)
		t, err := w.store.AddTask(ctx, a, w.svcs[spec.role].Confidential, w.people[spec.person].ID,
			models.TaskInput{Title: spec.title, Kind: spec.kind, Due: spec.due.Format(time.RFC3339)})
		if err != nil {
			w.t.Fatal(err)
		}
		w.ids[key] = t.ID
	}
}

// tasksOutside: the fixture's tasks the role may not mark done.
func tasksOutside(w *world, role string) []int64 {
	var all []models.Task
	if err := w.store.Gorm().Find(&all).Error; err != nil {
		w.t.Fatal(err)
	}
	mine, err := w.store.Tasks(ctx, policy.WritableTasks(w.actor(role)), models.TaskFilter{Limit: 500})
	if err != nil {
		w.t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, t := range mine {
		seen[t.ID] = true
	}
	var out []int64
	for _, t := range all {
		if !seen[t.ID] {
			out = append(out, t.ID)
		}
	}
	return out
}

func init() {
	sweepKinds["/tasks/:id/done"] = tasksOutside
	sweepKinds["/people/:id/tasks"] = peopleOutside(policy.Records)
}
