package models_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"gateway/models"
	"gateway/models/modeltest"
)

var ctx = context.Background()

// allNotes sees every row: store tests check storage, not visibility
// (policy's tests own that).
var allNotes = models.NewScope("test: every row", "1 = 1", nil)

func TestMigrationsGoDownAndUpAgain(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		var out bytes.Buffer
		for {
			before := out.Len()
			if err := s.MigrateDown(ctx, &out); err != nil {
				if errors.Is(err, goose.ErrNoNextVersion) {
					break
				}
				t.Fatalf("down: %v", err)
			}
			if out.Len() == before {
				break
			}
		}
		if err := s.Migrate(ctx, &out); err != nil {
			t.Fatalf("up again: %v", err)
		}
		out.Reset()
		if err := s.MigrationStatus(ctx, &out); err != nil || !strings.Contains(out.String(), "applied") || strings.Contains(out.String(), "pending") {
			t.Fatalf("status after up: %v\n%s", err, out.String())
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		if err := s.Audit(ctx, models.AuditEvent{Action: "read", ObjectType: "person"}); err != nil {
			t.Fatal(err)
		}
		db := s.Gorm()
		if err := db.Exec("UPDATE audit_events SET outcome = 'denied'").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("UPDATE of the audit log should be refused, got %v", err)
		}
		if err := db.Exec("DELETE FROM audit_events").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("DELETE from the audit log should be refused, got %v", err)
		}
		evs, total, err := s.AuditLog(ctx, models.AuditFilter{})
		if err != nil || total != 1 || evs[0].Outcome != models.Allowed {
			t.Fatalf("the event should be intact: %v %d %+v", err, total, evs)
		}
	})
}

func TestCaseNotesAreAmendedOnlyByAppending(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		hostel := b.Service(b.Org("Org"), "Hostel", models.Hostel, la)
		u := b.User("Worker", hostel, models.RoleWorker)
		p := b.Person("Ann", "Example", u, hostel)
		note, err := s.AddNote(ctx, allNotes, models.Author{UserID: u.ID, ServiceID: hostel.ID}, p.ID, models.NoteInput{Body: "first"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Gorm().Exec("UPDATE case_notes SET body = 'changed' WHERE id = ?", note.ID).Error; err == nil {
			t.Error("editing a note's text should be refused by the database")
		}
		if err := s.Gorm().Exec("DELETE FROM case_notes WHERE id = ?", note.ID).Error; err == nil {
			t.Error("deleting a note should be refused by the database")
		}
		amend, err := s.AddNote(ctx, allNotes, models.Author{UserID: u.ID, ServiceID: hostel.ID}, p.ID, models.NoteInput{Body: "correction", AmendsID: &note.ID})
		if err != nil || amend.AmendsID == nil || *amend.AmendsID != note.ID {
			t.Fatalf("amendment: %v %+v", err, amend)
		}
		bogus := int64(99999)
		_, err = s.AddNote(ctx, allNotes, models.Author{UserID: u.ID, ServiceID: hostel.ID}, p.ID, models.NoteInput{Body: "x", AmendsID: &bogus})
		var fe models.FieldErrors
		if !errors.As(err, &fe) || fe["amends_id"] == "" {
			t.Errorf("amending a missing note should name amends_id, got %v", err)
		}
	})
}

// A note list's total is right on every page, whether or not it had to be
// counted separately.
func TestNoteListTotalOnEveryPage(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		hostel := b.Service(b.Org("Org"), "Hostel", models.Hostel, b.LA("Northmoor"))
		u := b.User("Worker", hostel, models.RoleWorker)
		p := b.Person("Ann", "Example", u, hostel)
		for _, body := range []string{"one", "two", "three"} {
			if _, err := s.AddNote(ctx, allNotes, models.Author{UserID: u.ID, ServiceID: hostel.ID}, p.ID, models.NoteInput{Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct{ limit, offset, n int }{{50, 0, 3}, {2, 0, 2}, {2, 2, 1}, {3, 0, 3}, {2, 5, 0}} {
			notes, total, err := s.Notes(ctx, allNotes, p.ID, c.limit, c.offset)
			if err != nil || total != 3 || len(notes) != c.n {
				t.Errorf("limit %d offset %d: %d notes, total %d, %v; want %d notes of 3", c.limit, c.offset, len(notes), total, err, c.n)
			}
		}
	})
}
