package models_test

import (
	"errors"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// everythingBut sees every row except one service's involvements, as a
// reader outside a confidential service would.
func everythingBut(serviceID int64) models.Scope {
	return models.NewScope("test: all but one service", "involvements.service_id <> ?", []any{serviceID})
}

func TestMergeMovesEverythingInOneTransaction(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		b := modeltest.Build(t, s)
		area := b.Service(b.Org("Area"), "Area Team", models.AreaTeam, w.la)
		admin := b.User("Admin", area, models.RoleAreaAdmin)
		adm := models.Author{UserID: admin.ID, ServiceID: area.ID}
		dup, err := s.CreatePerson(ctx, w.by(), models.PersonInput{GivenName: "Annie", FamilyName: "Exampel", DOB: models.Date{Year: 1980, Month: 3, Day: 4},
			SafetyFlag: true, SafetyContact: "Outreach lead", Aliases: []models.Alias{{GivenName: "Nan", FamilyName: "Example"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: dup.ID, ServiceID: w.refuge.ID, Source: models.SourceWorkingWith}); err != nil {
			t.Fatal(err)
		}
		s.AddNote(ctx, all, w.by(), dup.ID, models.NoteInput{Body: "note on the duplicate"})
		s.AddNote(ctx, all, models.Author{UserID: w.rworkr.ID, ServiceID: w.refuge.ID}, dup.ID, models.NoteInput{Body: "refuge note"})
		a, _, _ := s.StartAssessment(ctx, all, all, w.by(), dup.ID, models.AssessmentStart{})
		s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{Answers: answers(t, completeAnswers(t, w.la.ID))})
		s.CompleteAssessment(ctx, all, w.by(), a.ID)
		cs, _ := s.OpenCase(ctx, all, w.by(), dup.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "new"})
		// A failed match for each record on the same day: after the merge
		// they are one person's, and the gaps report counts them once.
		for i, id := range []int64{dup.ID, w.person.ID} {
			if err := s.RecordGap(ctx, models.GapEvent{PersonID: &id, Kind: models.GapNoMatch, Reason: "no_vacancy", LAID: &w.la.ID, DedupeKey: "merge-test:" + string(rune('a'+i))}); err != nil {
				t.Fatal(err)
			}
		}

		if _, err := s.MergePeople(ctx, all, adm, w.person.ID, models.MergeInput{MergeID: w.person.ID, Reason: "same person, same DOB"}); err == nil {
			t.Error("merging a record into itself")
		}
		if _, err := s.MergePeople(ctx, all, adm, w.person.ID, models.MergeInput{MergeID: dup.ID, Reason: "short"}); err == nil {
			t.Error("a merge needs a real reason")
		}
		// Both records have open prevention cases with the hostel: refused until one closes.
		clash, _ := s.OpenCase(ctx, all, w.by(), w.person.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "new"})
		_, err = s.MergePeople(ctx, all, adm, w.person.ID, models.MergeInput{MergeID: dup.ID, Reason: "Same person: DOB and alias match"})
		var ce *models.ConflictError
		if !errors.As(err, &ce) || ce.Field != "merge_id" {
			t.Fatalf("clash: %v", err)
		}
		if n := countWhere(t, s, "case_notes", dup.ID); n != 2 {
			t.Fatalf("a refused merge moves nothing: %d notes left", n)
		}
		s.Transition(ctx, all, w.by(), clash.ID, models.TransitionInput{Action: "confirm_referral"})
		s.Transition(ctx, all, w.by(), clash.ID, models.TransitionInput{Action: "client_contacted"})
		s.Transition(ctx, all, w.by(), clash.ID, models.TransitionInput{Action: "to_closure"})
		if _, err := s.Transition(ctx, all, w.by(), clash.ID, models.TransitionInput{Action: "confirm_closure", Outcome: "HS - Advice and information only"}); err != nil {
			t.Fatal(err)
		}

		m, err := s.MergePeople(ctx, all, adm, w.person.ID, models.MergeInput{MergeID: dup.ID, Reason: "Same person: DOB and alias match"})
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"involvements", "case_notes", "assessments", "cases", "gap_events"} {
			if n := countWhere(t, s, table, dup.ID); n != 0 {
				t.Errorf("%s: %d rows left on the merged record", table, n)
			}
		}
		if n := countWhere(t, s, "gap_events", w.person.ID); n != 2 {
			t.Errorf("the survivor has %d gap events, want both", n)
		}
		if _, ok := m.Moved[""]; ok {
			t.Errorf("gap events are moved, never listed: %+v", m.Moved)
		}
		if m.Moved["case notes"] != 1 || m.Moved["assessments"] != 1 || m.Moved["cases"] != 1 {
			t.Errorf("moved counts (confidential rows never counted): %+v", m.Moved)
		}
		survivor, _ := s.Person(ctx, all, w.person.ID)
		if !survivor.SafetyFlag || survivor.SafetyContact != "Outreach lead" || survivor.DOB.IsZero() || len(survivor.Aliases) != 2 {
			t.Errorf("survivor identity: %+v", survivor)
		}
		gone, _ := s.Person(ctx, all, dup.ID)
		if gone.MergedIntoID == nil || *gone.MergedIntoID != w.person.ID || s.UnscopedMergedInto(ctx, dup.ID) != w.person.ID {
			t.Errorf("merged record: %+v", gone)
		}
		hits, _, _ := s.SearchPeople(ctx, all, models.PersonSearch{Text: "annie exampel"})
		if len(hits) == 0 || hits[0].ID != w.person.ID {
			t.Errorf("the duplicate's name finds the survivor: %+v", hits)
		}
		if cs2, _ := s.Case(ctx, all, cs.ID); cs2.PersonID != w.person.ID {
			t.Error("case moved")
		}
		list, total, err := s.PersonMerges(ctx, all, 0, 10, 0)
		if err != nil || total != 1 || list[0].MergedName != "Annie Exampel" || list[0].Moved["assessments"] != 1 {
			t.Fatalf("merge log: %v %+v", err, list)
		}
		if _, err := s.MergePeople(ctx, all, adm, w.person.ID, models.MergeInput{MergeID: dup.ID, Reason: "Same person: DOB and alias match"}); err == nil {
			t.Error("a record merges once")
		}
	})
}

func countWhere(t *testing.T, s *models.Store, table string, personID int64) int64 {
	var n int64
	if err := s.Gorm().Table(table).Where("person_id = ?", personID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
