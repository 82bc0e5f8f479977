package models

import (
	"context"
	"time"
)

// Assessment is one common assessment of a person ("tell your story
// once"), answered on one version of the form. A draft is saved section by
// section; a completed assessment never changes (the database refuses) and
// a later one supersedes it. Confidential copies the author service's flag:
// a refuge's assessment is read only inside the refuge (rule 4).
type Assessment struct {
	ID                  int64      `json:"id"`
	PersonID            int64      `json:"person_id"`
	ServiceID           int64      `json:"service_id"`
	Confidential        bool       `json:"-"`
	FormVersionID       int64      `json:"form_version_id"`
	ForServiceType      string     `json:"for_service_type"`
	Status              string     `json:"status"`
	Answers             Answers    `json:"answers"`
	NeedsScore          *int       `json:"needs_score"`
	NeedsOverride       bool       `json:"needs_override"`
	NeedsOverrideReason string     `json:"needs_override_reason"`
	SupersedesID        *int64     `json:"supersedes_id"`
	CreatedByUserID     int64      `json:"created_by_user_id"`
	CompletedByUserID   *int64     `json:"completed_by_user_id"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
	CompletedAt         *time.Time `json:"completed_at"`

	ServiceName string `json:"service_name" gorm:"->;-:migration"`
	AuthorName  string `json:"author_name" gorm:"->;-:migration"`
	FormVersion int    `json:"form_version" gorm:"->;-:migration"`
}

// Assessment statuses.
const (
	AssessmentDraft     = "draft"
	AssessmentCompleted = "completed"
)

// HousingFirstThreshold is the indicative needs score for Housing First
// (the Housing First toolkit's adapted NDT assessment).
const HousingFirstThreshold = 38

// Completed reports whether the assessment is final.
func (a *Assessment) Completed() bool { return a.Status == AssessmentCompleted }

// HousingFirstIndicated: the score meets the indicative threshold, or an
// assessor overrode it with a recorded reason (scores alone must never
// exclude someone; women and care leavers often score low on this tool).
func (a *Assessment) HousingFirstIndicated() bool {
	return (a.NeedsScore != nil && *a.NeedsScore >= HousingFirstThreshold) || a.NeedsOverride
}

// Assessments lists a person's assessments through scope, newest first.
func (s *Store) Assessments(ctx context.Context, scope Scope, personID int64) ([]Assessment, error) {
	return assessmentRecords.of(ctx, s, scope, personID)
}

// Assessment finds one assessment through scope; hidden is ErrNotFound,
// like missing.
func (s *Store) Assessment(ctx context.Context, scope Scope, id int64) (*Assessment, error) {
	return assessmentRecords.one(ctx, s, scope, id)
}

// LatestAssessment is the person's most recently completed assessment that
// scope shows, or ErrNotFound when there is none.
func (s *Store) LatestAssessment(ctx context.Context, scope Scope, personID int64) (*Assessment, error) {
	return takeOne[Assessment](assessmentRecords.through(ctx, s, scope).
		Where("assessments.person_id = ? AND assessments.status = ?", personID, AssessmentCompleted).
		Order("assessments.completed_at DESC, assessments.id DESC"))
}
