package models_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

func TestAlertReferencesAreReadableAndForgiving(t *testing.T) {
	seen := map[string]bool{}
	shape := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`)
	for range 1000 {
		r := models.NewReference()
		if !shape.MatchString(r) || seen[r] {
			t.Fatalf("reference %q: bad shape or repeated", r)
		}
		seen[r] = true
		typed := strings.ToLower(strings.ReplaceAll(r, "-", " "))
		if got := models.NormaliseReference(typed); got != r {
			t.Errorf("%q typed as %q reads back as %q", r, typed, got)
		}
	}
	if got := models.NormaliseReference("o1lI2-ABCDE"); got != "01112-ABCDE" {
		t.Errorf("O, l and I should read as 0 and 1: %q", got)
	}
	for _, bad := range []string{"", "ABCDE", "ABCDE-FGHJU", "ABCDE-FGHJK-1", "<script>"} {
		if got := models.NormaliseReference(bad); got != "" {
			t.Errorf("%q should not be a reference, read %q", bad, got)
		}
	}
}

func TestAlertIsRoutedToTheMostLocalOutreachService(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		north, south, east := b.LA("Northmoor"), b.LA("Southdale"), b.LA("Eastwold")
		org := b.Org("Outreach Trust")
		county := b.Service(org, "County Outreach", models.Outreach, north, south, east)
		local := b.Service(org, "Northmoor Outreach", models.Outreach, north)
		b.Service(org, "Northmoor Hostel", models.Hostel, north)
		secret := b.Service(org, "Night Van", models.Outreach, south)
		if _, err := s.UpdateService(ctx, secret.ID, models.ServiceInput{OrganisationID: org.ID, Name: "Night Van", Type: models.Outreach,
			Confidential: true, LAIDs: []int64{south.ID}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			la   *int64
			want int64
		}{{&north.ID, local.ID}, {&south.ID, county.ID}, {&east.ID, county.ID}, {nil, county.ID}} {
			got, err := s.RouteAlert(ctx, tc.la)
			if err != nil || got == nil || *got != tc.want {
				t.Errorf("LA %v: routed to %v (%v), want %d", tc.la, got, err, tc.want)
			}
		}
	})
}

func TestAlertWorkedThroughItsStatuses(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newOutreachWorld(t, s)
		lat, lon := 52.63, -1.33
		_, err := s.CreateAlert(ctx, models.AlertInput{Description: "short"}, &w.outreach.ID)
		var fe models.FieldErrors
		if !errors.As(err, &fe) || fe["location"] == "" || fe["description"] == "" {
			t.Fatalf("an alert needs a place and a description: %v", err)
		}
		a, err := s.CreateAlert(ctx, models.AlertInput{Lat: &lat, Lon: &lon, LAID: &w.la.ID,
			Description: "Man in his 50s in the bank doorway, every night"}, &w.outreach.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != models.AlertReceived || a.Version != 1 {
			t.Fatalf("new alert %+v", a)
		}
		mine := allNotes
		if _, err := s.UpdateAlert(ctx, mine, a.Reference, w.author(), models.AlertUpdate{Status: models.AlertFound}); !errors.As(err, &fe) || fe["note"] == "" {
			t.Errorf("an outcome needs a note: %v", err)
		}
		if _, err := s.UpdateAlert(ctx, mine, a.Reference, w.author(), models.AlertUpdate{Status: models.AlertLooking, Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateAlert(ctx, mine, a.Reference, w.author(), models.AlertUpdate{Status: models.AlertNotFound, Note: "nobody", Version: 1}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("a stale version must conflict: %v", err)
		}
		got, err := s.UpdateAlert(ctx, mine, strings.ToLower(a.Reference), w.author(), models.AlertUpdate{Status: models.AlertFound, Note: "Met him at 6am; hostel bed booked."})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != models.AlertFound || got.OutcomeNote == "" || got.Version != 3 {
			t.Errorf("after the outcome: %+v", got)
		}
		if _, err := s.UpdateAlert(ctx, mine, a.Reference, w.author(), models.AlertUpdate{Status: models.AlertLooking}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("a closed alert must stay closed: %v", err)
		}
		evs, err := s.AlertEvents(ctx, a.ID)
		if err != nil || len(evs) != 3 || evs[2].Status != models.AlertFound || evs[2].UserName != "Olu" {
			t.Errorf("history: %+v %v", evs, err)
		}
		// Hidden alerts are missing alerts.
		if _, err := s.UpdateAlert(ctx, models.Nothing, a.Reference, w.author(), models.AlertUpdate{Status: models.AlertLooking}); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
		byRef, err := s.AlertByReference(ctx, " "+strings.ToLower(a.Reference)+" ")
		if err != nil || byRef.ID != a.ID {
			t.Errorf("by reference: %v", err)
		}
	})
}
