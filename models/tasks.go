package models

import (
	"context"
	"strings"
	"time"
)

// Tasks and appointments on a worker's home: a
// short to-do or an appointment about a person, due at a time, belonging
// to the service that made it and seen by no other. Titles are short and
// never logged (only ids reach a log line).

// Task kinds.
const (
	TaskTask        = "task"
	TaskAppointment = "appointment"
)

// TaskKinds are the kinds a task may have.
var TaskKinds = []string{TaskTask, TaskAppointment}

// MaxTaskTitle bounds a task's title: a reminder, not a note.
const MaxTaskTitle = 120

// Task is one task or appointment.
type Task struct {
	ID           int64      `json:"id"`
	PersonID     int64      `json:"person_id"`
	ServiceID    int64      `json:"service_id"`
	Confidential bool       `json:"-"`
	CreatedBy    int64      `json:"created_by"`
	Title        string     `json:"title"`
	Kind         string     `json:"kind"`
	DueAt        time.Time  `json:"due_at"`
	DoneAt       *time.Time `json:"done_at"`
	CreatedAt    time.Time  `json:"created_at"`
}

func (Task) TableName() string { return "tasks" }

// TaskInput is a new task. Due is an RFC 3339 time, a local date and time
// ("2026-12-07T14:30", London) or a date (due at the end of that day).
type TaskInput struct {
	Title string `json:"title" form:"title"`
	Kind  string `json:"kind" form:"kind"`
	Due   string `json:"due_at" form:"due_at"`
}

// parseDue reads a due time in London's clock.
func parseDue(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	for _, f := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(f, s, London); err == nil {
			return t.UTC(), true
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, London); err == nil {
		return t.Add(23*time.Hour + 59*time.Minute).UTC(), true
	}
	return time.Time{}, false
}

// AddTask records a task for the author's service about a person the
// caller has already found through their scopes. confidential is the
// service's own flag, kept on the row like notes'.
func (s *Store) AddTask(ctx context.Context, by Author, confidential bool, personID int64, in TaskInput) (*Task, error) {
	c := newCheck()
	c.text("title", &in.Title, true, MaxTaskTitle)
	if in.Kind == "" {
		in.Kind = TaskTask
	}
	c.oneOf("kind", in.Kind, TaskKinds)
	due, ok := parseDue(in.Due)
	switch {
	case strings.TrimSpace(in.Due) == "":
		c.Add("due_at", "is required")
	case !ok:
		c.Add("due_at", "must be a date, or a date and time, like 2026-12-07 14:30")
	case due.Before(Now().AddDate(-1, 0, 0)) || due.After(Now().AddDate(5, 0, 0)):
		c.Add("due_at", "must be within a year before and five years after today")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	t := &Task{PersonID: personID, ServiceID: by.ServiceID, Confidential: confidential, CreatedBy: by.UserID,
		Title: in.Title, Kind: in.Kind, DueAt: due, CreatedAt: Now()}
	if err := s.with(ctx).Create(t).Error; err != nil {
		return nil, err
	}
	return t, nil
}

// TaskFilter narrows a task list.
type TaskFilter struct {
	PersonID int64
	Open     bool      // not yet done
	DueUntil time.Time // due at or before this, when set
	Limit    int
}

// Tasks lists tasks through scope, soonest due first.
func (s *Store) Tasks(ctx context.Context, scope Scope, f TaskFilter) ([]Task, error) {
	q := s.with(ctx).Model(&Task{}).Scopes(scope.Apply)
	if f.PersonID != 0 {
		q = q.Where("tasks.person_id = ?", f.PersonID)
	}
	if f.Open {
		q = q.Where("tasks.done_at IS NULL")
	}
	if !f.DueUntil.IsZero() {
		q = q.Where("tasks.due_at <= ?", f.DueUntil)
	}
	out := []Task{}
	err := q.Order("tasks.due_at, tasks.id").Limit(limitOr(f.Limit, 100)).Find(&out).Error
	return out, err
}

// CountDueTasks counts open tasks through scope due at or before until:
// the reminders in a worker's unread count.
func (s *Store) CountDueTasks(ctx context.Context, scope Scope, until time.Time) (int64, error) {
	var n int64
	err := s.with(ctx).Model(&Task{}).Scopes(scope.Apply).
		Where("tasks.done_at IS NULL AND tasks.due_at <= ?", until).Count(&n).Error
	return n, err
}

// CompleteTask marks a task done; ErrNotFound when scope does not reach
// it. Doing a done task again changes nothing.
func (s *Store) CompleteTask(ctx context.Context, scope Scope, id int64) (*Task, error) {
	var t Task
	if err := s.with(ctx).Model(&Task{}).Scopes(scope.Apply).Where("tasks.id = ?", id).Take(&t).Error; err != nil {
		return nil, notFound(err)
	}
	if t.DoneAt == nil {
		now := Now()
		if err := s.with(ctx).Model(&Task{}).Where("id = ? AND done_at IS NULL", id).Update("done_at", now).Error; err != nil {
			return nil, err
		}
		t.DoneAt = &now
	}
	return &t, nil
}
