package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// Tasks and appointments with reminders. A task is
// its own service's only (policy.Tasks); the worker's home lists the open
// ones due this week, and the header's unread count carries those due
// today or overdue as reminders. Titles never reach a log line.

// taskRow is a task as its service sees it: the person's name only when
// the reader's scopes still show them.
type taskRow struct {
	models.Task
	Person  string `json:"person,omitempty"`
	Overdue bool   `json:"overdue"`
}

// taskLists are the worker home's reminders.
type taskLists struct {
	Overdue, Today, Week []taskRow
}

// tasksResponse is GET /api/v1/tasks.
type tasksResponse struct {
	Tasks []taskRow `json:"tasks"`
}

// endOfToday is the last moment of today in London.
func (s *Server) endOfToday() time.Time {
	now := s.now().In(models.London)
	return time.Date(now.Year(), now.Month(), now.Day(), 23, 59, 59, 0, models.London)
}

// taskRows names the people of tasks through the reader's people scope.
func (s *Server) taskRows(c *gin.Context, a policy.Actor, ts []models.Task) ([]taskRow, error) {
	var ids []int64
	for _, t := range ts {
		ids = append(ids, t.PersonID)
	}
	names := map[int64]string{}
	if len(ids) > 0 {
		people, _, err := s.store.People(c.Request.Context(), policy.People(a), models.PersonFilter{IDs: ids, Limit: len(ids) + 1})
		if err != nil {
			return nil, err
		}
		for i := range people {
			names[people[i].ID] = people[i].FullName()
		}
	}
	now := s.now()
	out := []taskRow{}
	for _, t := range ts {
		out = append(out, taskRow{Task: t, Person: names[t.PersonID], Overdue: t.DoneAt == nil && t.DueAt.Before(now)})
	}
	return out, nil
}

// homeTasks gathers the open tasks due by the end of the week (seven days
// on), split into overdue, today and later this week.
func (s *Server) homeTasks(c *gin.Context, a policy.Actor) (*taskLists, error) {
	if !policy.Can(a, policy.Read, policy.ResourceTask) {
		return nil, nil
	}
	eod := s.endOfToday()
	ts, err := s.store.Tasks(c.Request.Context(), policy.Tasks(a), models.TaskFilter{Open: true, DueUntil: eod.AddDate(0, 0, 7), Limit: 100})
	if err != nil {
		return nil, err
	}
	rows, err := s.taskRows(c, a, ts)
	if err != nil {
		return nil, err
	}
	tl := &taskLists{}
	now := s.now()
	for _, r := range rows {
		switch {
		case r.DueAt.Before(now):
			tl.Overdue = append(tl.Overdue, r)
		case !r.DueAt.After(eod):
			tl.Today = append(tl.Today, r)
		default:
			tl.Week = append(tl.Week, r)
		}
	}
	return tl, nil
}

// dueReminders counts the actor's open tasks due today or overdue, for
// the header's unread count.
func (s *Server) dueReminders(c *gin.Context, a policy.Actor) int64 {
	if !policy.Can(a, policy.Read, policy.ResourceTask) {
		return 0
	}
	n, _ := s.store.CountDueTasks(c.Request.Context(), policy.Tasks(a), s.endOfToday())
	return n
}

// addTask is POST /people/:id/tasks (page and API): a task or appointment
// about a person the service works with.
func (s *Server) addTask(c *gin.Context) {
	a, p, ok := s.personToAddTo(c, policy.ResourceTask, policy.Records, models.AuditAddTask)
	if !ok {
		return
	}
	var in models.TaskInput
	if !s.bound(c, &in) {
		return
	}
	back := personURL(p.ID)
	s.createOnce(c, "Reminder added.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		t, err := tx.AddTask(c.Request.Context(), a.Author(), a.Confidential, p.ID, in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditAddTask, ObjectType: "person", ObjectID: &p.ID}
		if isAPI(c) {
			return back, t, nil
		}
		return back + "#tasks", t, nil
	}, func(err error) { s.backWithError(c, back+"#tasks", err) })
}

// listTasks is GET /api/v1/tasks: the service's open tasks, soonest first.
func (s *Server) listTasks(c *gin.Context) {
	a, _ := actorOf(c)
	ts, err := s.store.Tasks(c.Request.Context(), policy.Tasks(a), models.TaskFilter{Open: true, Limit: 500})
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.taskRows(c, a, ts)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditList, ObjectType: "task"}); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, tasksResponse{Tasks: rows})
}

// completeTask is POST /tasks/:id/done (page and API). Another service's
// task answers exactly like a missing one.
func (s *Server) completeTask(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.pathIDAudited(c, models.AuditComplete, "task")
	if !ok {
		return
	}
	t, err := s.store.CompleteTask(c.Request.Context(), policy.WritableTasks(a), id)
	if err != nil {
		if err == models.ErrNotFound {
			s.auditDenied(c, models.AuditComplete, "task", id, "not found or hidden")
			s.notFound(c)
			return
		}
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditComplete, ObjectType: "task", ObjectID: &t.ID}); err != nil {
		s.fail(c, err)
		return
	}
	to := c.PostForm("back")
	if to != "/" && to != personURL(t.PersonID)+"#tasks" {
		to = "/"
	}
	s.done(c, http.StatusOK, to, "Marked done.", t)
}
