package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models"
)

// Tasks and appointments with reminders. A worker
// adds one from the person page; the home lists it under overdue, today or
// this week; the header's unread count carries those due today or overdue;
// no other service sees or touches it.
func TestTasksRemindTheirServiceAndNoOneElse(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	hostel := w.web("hostel")
	hp := itoa(w.people["hostel_person"].ID)

	// The person page has the form and the service's open tasks.
	page := hostel.get("/people/" + hp)
	for _, want := range []string{"Tasks and appointments", "Add a task or appointment", `name="due_at"`, "Chase the housing benefit form", "Overdue: was due"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the person page lacks %q", want)
		}
	}
	assertTruth(t, "/people/"+hp, page.body)

	// A bad form names its field and saves nothing.
	if r := hostel.json("POST", "/api/v1/people/"+hp+"/tasks", map[string]any{"title": "", "kind": "meeting", "due_at": "tomorrowish"}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, "title") || !strings.Contains(r.body, "kind") || !strings.Contains(r.body, "due_at") {
		t.Errorf("a bad task: %d %s", r.status, r.body)
	}
	// Added from the page, due in two hours today or tomorrow morning.
	due := time.Now().In(models.London).Add(2 * time.Hour).Format("2006-01-02T15:04")
	if r := hostel.form("/people/"+hp+"/tasks", url.Values{"title": {"Phone the landlord"}, "kind": {"task"}, "due_at": {due}, "_form": {"t1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("adding a task: %d %s", r.status, r.body)
	}

	// The home: overdue, today, this week; the header counts the reminders.
	home := hostel.get("/")
	for _, want := range []string{`id="tasks"`, "Overdue", "Chase the housing benefit form", "This week", "Doctor&#39;s appointment", "Phone the landlord", "Harriet Hostel"} {
		if !strings.Contains(home.body, want) {
			t.Errorf("the worker's home lacks %q", want)
		}
	}
	assertTruth(t, "/", home.body)
	var listed tasksResponse
	w.api("hostel").get("/api/v1/tasks").decode(t, &listed)
	if len(listed.Tasks) != 4 {
		t.Fatalf("the hostel's open tasks: %+v", listed.Tasks)
	}
	// Reminders: the overdue one, the one due at the end of today, and
	// the one just added if it falls today.
	reminders := 0
	eod := w.srv.endOfToday()
	for _, tk := range listed.Tasks {
		if !tk.DueAt.After(eod) {
			reminders++
		}
	}
	if !strings.Contains(home.body, `title="0 unread notifications and `+itoa(int64(reminders))+` tasks or appointments due today or overdue"`) &&
		!strings.Contains(home.body, "and "+itoa(int64(reminders))+" tasks or appointments due today or overdue") {
		t.Errorf("the header does not count %d reminders", reminders)
	}

	// No other service sees them: not on their home, not in their API,
	// not marked done by them (a 404, like a task that does not exist).
	for _, role := range []string{"daycentre", "outreach", "refuge", "manager"} {
		body := w.web(role).get("/").body
		seen := strings.Contains(body, "Chase the housing benefit form")
		if role == "manager" && !seen {
			t.Errorf("the hostel's manager works for the same service and sees its tasks")
		}
		if role != "manager" && seen {
			t.Errorf("%s sees the hostel's task", role)
		}
	}
	var theirs tasksResponse
	w.api("daycentre").get("/api/v1/tasks").decode(t, &theirs)
	if len(theirs.Tasks) != 0 {
		t.Errorf("the day centre lists the hostel's tasks: %+v", theirs.Tasks)
	}
	id := itoa(w.ids["task_hostel_overdue"])
	missing := w.api("daycentre").json("POST", "/api/v1/tasks/99999999/done", nil)
	hidden := w.api("daycentre").json("POST", "/api/v1/tasks/"+id+"/done", nil)
	if hidden.status != http.StatusNotFound || hidden.body != missing.body {
		t.Errorf("another service's task answers %d %s, a missing one %d %s", hidden.status, hidden.body, missing.status, missing.body)
	}

	// Done from the home: it leaves the list and the count.
	if r := hostel.form("/tasks/"+id+"/done", url.Values{"back": {"/"}}); r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Fatalf("marking done: %d %s", r.status, r.header.Get("Location"))
	}
	if strings.Contains(hostel.get("/").body, "Chase the housing benefit form") {
		t.Error("a done task stays on the home")
	}
	// The person's subject access export holds the tasks about them; the
	// page counts them.
	if r := w.web("admin").get("/people/" + hp + "/subject-access.json"); !strings.Contains(r.body, "Doctor's appointment") && !strings.Contains(r.body, `Doctor\u0027s appointment`) {
		t.Errorf("the subject access export lacks the task: %d %.300s", r.status, r.body)
	}
	if r := w.web("admin").get("/people/" + hp + "/subject-access"); !strings.Contains(r.body, "Tasks and appointments") {
		t.Errorf("the subject access page does not count tasks: %d", r.status)
	}
	// The refuge's own worker sees theirs.
	if !strings.Contains(w.web("refuge").get("/").body, "Court date for") {
		t.Error("the refuge worker's home lacks the refuge's appointment")
	}
}

// An outreach worker's home is the outreach home: record a contact, what
// waits to be sent, open alerts.
func TestOutreachWorkersHomeIsTheOutreachHome(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r := w.web("outreach").get("/")
	if r.status != http.StatusOK {
		t.Fatalf("GET / as outreach: %d", r.status)
	}
	for _, want := range []string{"Record a contact", `id="queue-status"`, "Open alerts for your team", "contact_queue.js"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the outreach worker's home lacks %q", want)
		}
	}
	assertTruth(t, "/", r.body)
	// Everyone else keeps their own home.
	if body := w.web("hostel").get("/").body; strings.Contains(body, "Open alerts for your team") || !strings.Contains(body, "Your caseload") {
		t.Error("the hostel worker's home is not their caseload")
	}
}
