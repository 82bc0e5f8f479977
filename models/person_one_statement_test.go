package models_test

import (
	"reflect"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// A person's record, aliases and "known to" list read in one statement are
// exactly what the separate reads give, on both databases: the same
// aliases in the order they were added, the same involvements (open first,
// newest first) with their times, and a closed one's end.
func TestAPersonReadInOneStatementEqualsTheSeparateReads(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		org := b.Org("Trust")
		hostel := b.Service(org, "Hostel", models.Hostel, la)
		outreach := b.Service(org, "Outreach", models.Outreach, la)
		day := b.Service(org, "Day Centre", models.DayCentre, la)
		u := b.User("Worker", hostel, models.RoleWorker)
		p, err := s.CreatePerson(ctx, models.Author{UserID: u.ID, ServiceID: hostel.ID}, models.PersonInput{GivenName: "Anna", FamilyName: "Wiśniewska",
			Aliases: []models.Alias{{GivenName: "Ania", FamilyName: "Wisniewska"}, {GivenName: "Anne", FamilyName: "O'Brien"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range []*models.Service{outreach, day} {
			if _, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: p.ID, ServiceID: sv.ID, UserID: u.ID, Source: models.SourceWorkingWith, Reason: `met at "the arches"`}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond) // distinct start times, so the order is the newest first
		}
		every := models.NewScope("test: every involvement", "1 = 1", nil)
		known, err := s.KnownToList(ctx, every, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CloseInvolvement(ctx, every, known[0].InvolvementID, u.ID, "moved on"); err != nil {
			t.Fatal(err)
		}
		if known, err = s.KnownToList(ctx, every, p.ID); err != nil || len(known) != 3 || known[2].EndedAt == nil {
			t.Fatalf("three involvements, the closed one last: %+v %v", known, err)
		}
		people, _, err := s.People(ctx, allPeople, models.PersonFilter{IDs: []int64{p.ID}})
		if err != nil || len(people) != 1 {
			t.Fatal(err)
		}

		read, err := s.PersonKnownTo(ctx, allPeople, p.ID, every)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sameTimes(read.Person.Aliases), sameTimes(people[0].Aliases)) || len(read.Person.Aliases) != 2 {
			t.Errorf("aliases:\n one statement %+v\n separate      %+v", read.Person.Aliases, people[0].Aliases)
		}
		if !reflect.DeepEqual(read.KnownTo, known) {
			t.Errorf("known to:\n one statement %+v\n separate      %+v", read.KnownTo, known)
		}
		none := models.NewScope("test: no involvement", "1 = 0", nil)
		if read, err := s.PersonKnownTo(ctx, allPeople, p.ID, none); err != nil || read.KnownTo == nil || len(read.KnownTo) != 0 {
			t.Errorf("nothing the scope lets through is an empty list: %+v %v", read, err)
		}
	})
}

// sameTimes drops the monotonic clock and the location, which a time read
// back never has, so aliases compare by what was stored.
func sameTimes(as []models.Alias) []models.Alias {
	out := append([]models.Alias(nil), as...)
	for i := range out {
		out[i].CreatedAt = out[i].CreatedAt.UTC().Round(time.Microsecond)
	}
	return out
}
