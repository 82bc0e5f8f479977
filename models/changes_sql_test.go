package models

import "testing"

// Only the tables a statement writes count; tables it reads in a
// subquery or join would empty the caches at every case note.
func TestTargetTopicsAreTheTablesWritten(t *testing.T) {
	id, cat := topicSet(1<<TopicIdentity), topicSet(1<<TopicCatalogue)
	for _, c := range []struct {
		sql  string
		want topicSet
	}{
		{"SELECT * FROM users WHERE id = ?", 0},
		{"UPDATE users SET auth_epoch = auth_epoch + 1 WHERE id = ?", id},
		{"update `users` set disabled_at = ?", id},
		{`DELETE FROM "service_las" WHERE service_id = ?`, id | cat},
		{"INSERT INTO service_las (service_id, la_id) VALUES (?, ?)", id | cat},
		{"UPDATE vacancies SET places = places - 1 WHERE id = ?", cat},
		{"UPDATE case_notes SET body = ? WHERE service_id IN (SELECT id FROM services)", 0},
		{"INSERT INTO audit_events (actor_user_id) SELECT id FROM users", 0},
		{"WITH gone AS (SELECT id FROM people) UPDATE api_tokens SET revoked_at = ?", id},
		{"  (DELETE FROM ONLY memberships WHERE id = ?)", id},
		{"TRUNCATE TABLE weights_versions", cat},
		{"DROP TABLE IF EXISTS services", id | cat},
		{"SELECT pg_notify(?, ?)", 0},
	} {
		if got := targetTopics(c.sql); got != c.want {
			t.Errorf("%q: topics %b, want %b", c.sql, got, c.want)
		}
	}
}
