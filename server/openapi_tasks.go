package server

import "gateway/models"

// Tasks and appointments with reminders, added to apiOps at
// start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"POST", "/people/{id}/tasks", "Add a task or appointment about a person your service works with; only your service sees it", "tasks", "TaskInput", &models.Task{}, nil, 201},
		{"GET", "/tasks", "Your service's open tasks and appointments, soonest due first", "tasks", "", tasksResponse{}, nil, 200},
		{"POST", "/tasks/{id}/done", "Mark one of your service's tasks or appointments done", "tasks", "", &models.Task{}, nil, 200},
	}...)
	extraSchemas["TaskInput"] = obj(map[string]any{"title": str, "kind": map[string]any{"type": "string", "enum": models.TaskKinds},
		"due_at": map[string]any{"type": "string", "description": "an RFC 3339 time, a London date and time like 2026-12-07T14:30, or a date (due at the end of that day)"}},
		"title", "due_at")
}
