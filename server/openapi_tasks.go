package server

import "gateway/models"

// tasksSchemas are the request schemas of tasks and appointments.
func tasksSchemas() map[string]any {
	return map[string]any{
		"TaskInput": obj(map[string]any{"title": str, "kind": map[string]any{"type": "string", "enum": models.TaskKinds},
			"due_at": map[string]any{"type": "string", "description": "an RFC 3339 time, a London date and time like 2026-12-07T14:30, or a date (due at the end of that day)"}},
			"title", "due_at"),
	}
}
