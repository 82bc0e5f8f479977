package models

import (
	"context"
	"errors"
	"time"
)

// AssessmentStart begins an assessment. ForServiceType is the type of
// service it is for (a refuge's assessment asks the refuge's extra
// questions); empty means the author's own service type.
type AssessmentStart struct {
	ForServiceType string `json:"for_service_type"`
}

// StartAssessment opens a draft on the current form version for the
// author's service, pre-filled from the person's latest completed
// assessment that the author may read (through readable, evaluated after
// the author's involvement is opened) and from their identity. Assessing a
// person opens an involvement. If the service already has a
// draft for the person, that draft is returned with created=false.
// identity must be the author's identity scope.
func (s *Store) StartAssessment(ctx context.Context, identity, readable Scope, by Author, personID int64, in AssessmentStart) (a *Assessment, created bool, err error) {
	err = s.Tx(ctx, func(tx *Store) error {
		person, err := tx.Person(ctx, identity, personID)
		if err != nil {
			return err
		}
		sv, err := tx.Service(ctx, by.ServiceID)
		if err != nil {
			return err
		}
		if in.ForServiceType == "" {
			in.ForServiceType = string(sv.Type)
		}
		if !ServiceType(in.ForServiceType).Provider() {
			return Invalid("for_service_type", "must be a type of provider service, such as hostel or refuge")
		}
		var draft Assessment
		err = tx.db.Where("person_id = ? AND service_id = ? AND status = ?", personID, by.ServiceID, AssessmentDraft).Take(&draft).Error
		if err == nil {
			a, err = tx.Assessment(ctx, readable, draft.ID)
			if errors.Is(err, ErrNotFound) {
				// The service's involvement lapsed; working with the person again reopens it.
				if _, _, err := tx.OpenInvolvement(ctx, InvolvementStart{PersonID: personID, ServiceID: by.ServiceID, UserID: by.UserID, Source: SourceAssessment}); err != nil {
					return err
				}
				a, err = tx.Assessment(ctx, readable, draft.ID)
			}
			return err
		} else if !errors.Is(notFound(err), ErrNotFound) {
			return err
		}
		if _, _, err := tx.OpenInvolvement(ctx, InvolvementStart{PersonID: personID, ServiceID: by.ServiceID, UserID: by.UserID, Source: SourceAssessment}); err != nil {
			return err
		}
		form, err := tx.CurrentForm(ctx)
		if err != nil {
			return err
		}
		now := Now()
		a = &Assessment{PersonID: personID, ServiceID: by.ServiceID, Confidential: sv.Confidential, FormVersionID: form.ID,
			ForServiceType: in.ForServiceType, Status: AssessmentDraft, Answers: Answers{}, CreatedByUserID: by.UserID,
			CreatedAt: now, UpdatedAt: now}
		prev, err := tx.LatestAssessment(ctx, readable, personID)
		if err == nil {
			a.SupersedesID = &prev.ID
			a.Answers = tx.carryOver(ctx, &form.Definition, prev.Answers, in.ForServiceType)
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		a.Answers = prefill(&form.Definition, a.Answers, person, in.ForServiceType, now)
		a.NeedsScore = form.Definition.Score(a.Answers)
		if err := tx.db.Omit("ServiceName", "AuthorName", "FormVersion").Create(a).Error; err != nil {
			return clashAs(err, "assessment", "your service started a draft for this person at the same moment; open it from the person's page")
		}
		created = true
		a, err = tx.Assessment(ctx, readable, a.ID)
		return err
	})
	return a, created, err
}

// carryOver keeps the previous assessment's answers that still fit the
// current form: same question id, a valid answer of its type, and shown.
// An answer that no longer fits is left for the worker to give again.
func (s *Store) carryOver(ctx context.Context, d *FormDefinition, prev Answers, serviceType string) Answers {
	out := Answers{}
	laOK := s.laExists(ctx)
	for _, id := range prev.IDs() {
		q, _ := d.Question(id)
		if q == nil {
			continue
		}
		if norm, clear, msg := normaliseAnswer(q, prev[id], laOK); msg == "" && !clear {
			out[id] = norm
		}
	}
	_, effective := d.visibility(out, serviceType)
	return effective
}

// prefill copies facts about the person into the questions that ask for
// them: age always (it changes), gender and local connection when not
// already answered.
func prefill(d *FormDefinition, ans Answers, p *Person, serviceType string, now time.Time) Answers {
	for _, sec := range d.Sections {
		for _, q := range sec.Questions {
			switch q.Prefill {
			case PrefillAge:
				if age, _, known := p.AgeOn(now); known && age >= 0 {
					ans[q.ID] = rawJSON(age)
				}
			case PrefillGender:
				if !ans.Has(q.ID) && p.Gender != "" && q.hasOption(p.Gender) {
					ans[q.ID] = rawJSON(p.Gender)
				}
			case PrefillLocalConnection:
				if !ans.Has(q.ID) && p.LocalConnectionLAID != nil {
					ans[q.ID] = rawJSON(*p.LocalConnectionLAID)
				}
			}
		}
	}
	_, effective := d.visibility(ans, serviceType)
	return effective
}

func (s *Store) laExists(ctx context.Context) func(int64) bool {
	return func(id int64) bool {
		_, err := s.LA(ctx, id)
		return err == nil
	}
}

// AssessmentUpdate changes a draft: answers to set (null clears one), and
// optionally the needs-score override. Fields left nil keep their values.
type AssessmentUpdate struct {
	Answers             Answers `json:"answers"`
	NeedsOverride       *bool   `json:"needs_override"`
	NeedsOverrideReason *string `json:"needs_override_reason"`
}

// UpdateDraft applies a change to a draft the author's service may edit
// (scope). Nothing is saved unless every answer is acceptable.
func (s *Store) UpdateDraft(ctx context.Context, scope Scope, id int64, in AssessmentUpdate) (*Assessment, error) {
	var out *Assessment
	err := s.Tx(ctx, func(tx *Store) error {
		a, form, err := tx.lockedDraft(ctx, scope, id)
		if err != nil {
			return err
		}
		answers, err := form.Definition.Merge(a.Answers, in.Answers, a.ForServiceType, tx.laExists(ctx))
		if err != nil {
			return err
		}
		override, reason := a.NeedsOverride, a.NeedsOverrideReason
		if in.NeedsOverride != nil {
			override = *in.NeedsOverride
		}
		if in.NeedsOverrideReason != nil {
			reason = *in.NeedsOverrideReason
		}
		if err := checkOverride(override, &reason); err != nil {
			return err
		}
		score := form.Definition.Score(answers)
		res := tx.db.Model(&Assessment{}).Where("id = ? AND status = ?", a.ID, AssessmentDraft).Updates(map[string]any{
			"answers": answers, "needs_score": score, "needs_override": override, "needs_override_reason": reason, "updated_at": Now(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("status", "this assessment was completed meanwhile; start a new one to change it")
		}
		out, err = tx.Assessment(ctx, scope, a.ID)
		return err
	})
	return out, err
}

// checkOverride: an override of the Housing First threshold always carries
// a reason; without an override there is no reason to keep.
func checkOverride(override bool, reason *string) error {
	c := newCheck()
	c.text("needs_override_reason", reason, override, MaxReason)
	if override && c.Err() == nil && len([]rune(*reason)) < 10 {
		c.Add("needs_override_reason", "say why the score should not decide (at least 10 characters)")
	}
	if !override {
		*reason = ""
	}
	return c.Err()
}

// lockedDraft loads a draft through scope with its form, holding the row
// for the transaction so two saves of one draft apply one after the other.
func (s *Store) lockedDraft(ctx context.Context, scope Scope, id int64) (*Assessment, *FormVersion, error) {
	if err := lockRow[Assessment](s, id); err != nil {
		return nil, nil, err
	}
	a, err := s.Assessment(ctx, scope, id)
	if err != nil {
		return nil, nil, err
	}
	if a.Completed() {
		return nil, nil, Conflict("status", "a completed assessment cannot be changed; start a new one, pre-filled from it")
	}
	form, err := s.FormVersionByID(ctx, a.FormVersionID)
	if err != nil {
		return nil, nil, err
	}
	return a, form, nil
}

// CompleteAssessment finishes a draft: every shown required question must
// be answered (each missing one is named), and then it never changes.
func (s *Store) CompleteAssessment(ctx context.Context, scope Scope, by Author, id int64) (*Assessment, error) {
	var out *Assessment
	err := s.Tx(ctx, func(tx *Store) error {
		a, form, err := tx.lockedDraft(ctx, scope, id)
		if err != nil {
			return err
		}
		if missing := form.Definition.Missing(a.Answers, a.ForServiceType); len(missing) > 0 {
			return missing
		}
		score := form.Definition.Score(a.Answers)
		if score == nil {
			return Invalid("answers", "score all 12 needs domains before completing")
		}
		now := Now()
		res := tx.db.Model(&Assessment{}).Where("id = ? AND status = ?", a.ID, AssessmentDraft).Updates(map[string]any{
			"status": AssessmentCompleted, "needs_score": *score, "completed_at": now, "completed_by_user_id": by.UserID, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("status", "this assessment was already completed")
		}
		// Read back without the editing scope: it shows drafts only.
		out, err = tx.assessmentByID(ctx, a.ID)
		return err
	})
	return out, err
}

// DiscardDraft deletes a draft the author's service may edit. Completed
// assessments are never deleted (the database refuses).
func (s *Store) DiscardDraft(ctx context.Context, scope Scope, id int64) error {
	return s.Tx(ctx, func(tx *Store) error {
		a, _, err := tx.lockedDraft(ctx, scope, id)
		if err != nil {
			return err
		}
		return tx.db.Where("id = ? AND status = ?", a.ID, AssessmentDraft).Delete(&Assessment{}).Error
	})
}

// assessmentByID reads an assessment the caller has just written, for its
// response.
func (s *Store) assessmentByID(ctx context.Context, id int64) (*Assessment, error) {
	return assessmentRecords.written(ctx, s, id)
}
