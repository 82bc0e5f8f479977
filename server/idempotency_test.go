package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"gateway/models"
)

func notesOf(t *testing.T, w *world, personID int64) int64 {
	var n int64
	w.store.Gorm().Table("case_notes").Where("person_id = ?", personID).Count(&n)
	return n
}

// A resent request with the same Idempotency-Key gets the first answer
// again, status, Location and body with the created id, and creates
// nothing.
func TestAReplayedKeyGetsTheFirstAnswer(t *testing.T) {
	w := newWorld(t)
	c := w.api("hostel")
	p := w.people["hostel_person"].ID
	path := "/api/v1/people/" + itoa(p) + "/notes"
	before := notesOf(t, w, p)
	first := c.doWithHeader("POST", path, `{"body": "Seen at the day centre."}`, "Idempotency-Key", "note-1")
	again := c.doWithHeader("POST", path, `{"body": "Seen at the day centre."}`, "Idempotency-Key", "note-1")
	var a, b struct{ ID int64 }
	json.Unmarshal([]byte(first.body), &a)
	json.Unmarshal([]byte(again.body), &b)
	if first.status != http.StatusCreated || again.status != http.StatusCreated || a.ID == 0 || a.ID != b.ID {
		t.Fatalf("first %d %s, replay %d %s", first.status, first.body, again.status, again.body)
	}
	if again.header.Get("Location") != first.header.Get("Location") || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay headers: %v", again.header)
	}
	if n := notesOf(t, w, p); n != before+1 {
		t.Fatalf("one note, not %d", n-before)
	}
	// The same key on another request is refused, naming the key.
	for _, other := range []struct{ path, body string }{
		{path, `{"body": "Something else."}`}, // another body
		{"/api/v1/people/" + itoa(w.people["mixed"].ID) + "/notes", `{"body": "Seen at the day centre."}`}, // another route
	} {
		r := c.doWithHeader("POST", other.path, other.body, "Idempotency-Key", "note-1")
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"Idempotency-Key"`) {
			t.Errorf("%s %s: %d %s", other.path, other.body, r.status, r.body)
		}
	}
	if n := notesOf(t, w, p); n != before+1 {
		t.Fatalf("nothing more was created: %d", n-before)
	}
	// Keys belong to one user: another user's "note-1" is theirs.
	mgr := w.api("manager")
	if r := mgr.doWithHeader("POST", path, `{"body": "Manager's note."}`, "Idempotency-Key", "note-1"); r.status != http.StatusCreated || strings.Contains(r.body, "Seen at the day centre") {
		t.Fatalf("another user's key: %d %s", r.status, r.body)
	}
}

// A boundary upload reads its body itself (it may be 16 MB); its key is
// bound to that body all the same.
func TestAnUploadsKeyIsBoundToItsBody(t *testing.T) {
	w := newWorld(t)
	admin := w.api("admin")
	first := admin.doWithHeader("POST", "/api/v1/local-authorities", `{"code": "E06000998", "name": "Eastmarsh"}`, "Idempotency-Key", "la-1")
	again := admin.doWithHeader("POST", "/api/v1/local-authorities", `{"code": "E06000998", "name": "Eastmarsh"}`, "Idempotency-Key", "la-1")
	other := admin.doWithHeader("POST", "/api/v1/local-authorities", `{"code": "E06000997", "name": "Westmarsh"}`, "Idempotency-Key", "la-1")
	if first.status != http.StatusCreated || again.status != http.StatusCreated || again.body != first.body || other.status != http.StatusUnprocessableEntity {
		t.Fatalf("first %d, replay %d, another body %d %s", first.status, again.status, other.status, other.body)
	}
}

// Keys and form tokens are kept 24 hours, then purged; a key older than
// that is a new request.
func TestKeysExpireAfterADayAndArePurged(t *testing.T) {
	w := newWorld(t)
	c := w.api("hostel")
	p := w.people["hostel_person"].ID
	path := "/api/v1/people/" + itoa(p) + "/notes"
	c.doWithHeader("POST", path, `{"body": "Old news."}`, "Idempotency-Key", "old-key")
	web := w.web("hostel")
	web.form("/people/"+itoa(p)+"/notes", map[string][]string{"body": {"From the form."}, "_form": {"form-token-1"}})
	var n int64
	w.store.Gorm().Model(&models.IdempotencyKey{}).Count(&n)
	if n != 2 {
		t.Fatalf("both claimed: %d", n)
	}
	w.store.Gorm().Exec("UPDATE idempotency_keys SET created_at = ?", models.Now().Add(-25*time.Hour))
	before := notesOf(t, w, p)
	if r := c.doWithHeader("POST", path, `{"body": "Old news."}`, "Idempotency-Key", "old-key"); r.status != http.StatusCreated || r.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("an expired key is a new request: %d", r.status)
	}
	if notesOf(t, w, p) != before+1 {
		t.Fatal("it created a note")
	}
	w.srv.maintenance().PurgeExpired(ctx)
	w.store.Gorm().Model(&models.IdempotencyKey{}).Count(&n)
	if n != 1 {
		t.Fatalf("the expired form token is purged, the fresh key kept: %d left", n)
	}
}
