package models

import (
	"context"

	"gorm.io/gorm"
)

// personRecord says how one kind of record kept on a person (a case, an
// assessment, a consent, a safety plan) is read: its row with the names
// of its service and author joined in, listed newest first or found by
// id, through the reader's scope; or, just after the caller wrote it,
// without one.
type personRecord[T any] struct {
	table   string   // its table, which its columns are named after
	columns string   // what every read selects
	joins   []string // what the columns name besides the table
	newest  string   // the order of a person's list
	most    int      // how long that list may be
}

// all reads every record of the kind, for a caller that has already
// decided what it may see.
func (r personRecord[T]) all(ctx context.Context, s *Store) *gorm.DB {
	q := s.with(ctx).Model(new(T)).Select(r.columns)
	for _, j := range r.joins {
		q = q.Joins(j)
	}
	return q
}

// through reads the records scope shows.
func (r personRecord[T]) through(ctx context.Context, s *Store, scope Scope) *gorm.DB {
	return r.all(ctx, s).Scopes(scope.Apply)
}

// of lists a person's records that scope shows, newest first.
func (r personRecord[T]) of(ctx context.Context, s *Store, scope Scope, personID int64) ([]T, error) {
	var out []T
	err := r.through(ctx, s, scope).Where(r.table+".person_id = ?", personID).
		Order(r.newest).Limit(r.most).Find(&out).Error
	return out, err
}

// one finds a record through scope; hidden is ErrNotFound, like missing.
func (r personRecord[T]) one(ctx context.Context, s *Store, scope Scope, id int64) (*T, error) {
	return takeOne[T](r.through(ctx, s, scope).Where(r.table+".id = ?", id))
}

// written reads a record the caller has just written, for its response.
func (r personRecord[T]) written(ctx context.Context, s *Store, id int64) (*T, error) {
	return takeOne[T](r.all(ctx, s).Where(r.table+".id = ?", id))
}

// The kinds of record read that way.
var (
	// caseRecords reads a case with its pathway, service and worker; a
	// person's list has open cases first.
	caseRecords = personRecord[Case]{
		table:   "cases",
		columns: caseColumns,
		joins: []string{
			"JOIN pathways pw ON pw.id = cases.pathway_id",
			"JOIN services sv ON sv.id = cases.service_id",
			"LEFT JOIN users wu ON wu.id = cases.worker_user_id",
		},
		newest: "CASE WHEN cases.closed_at IS NULL THEN 0 ELSE 1 END, cases.opened_at DESC, cases.id DESC",
		most:   200,
	}

	// assessmentRecords reads an assessment with who wrote it for which
	// service and its form version number; a person's list has drafts first,
	// then completed ones by completion time.
	assessmentRecords = personRecord[Assessment]{
		table:   "assessments",
		columns: "assessments.*, sv.name AS service_name, u.name AS author_name, fv.version AS form_version",
		joins: []string{
			"JOIN services sv ON sv.id = assessments.service_id",
			"JOIN users u ON u.id = assessments.created_by_user_id",
			"JOIN form_versions fv ON fv.id = assessments.form_version_id",
		},
		newest: "CASE WHEN assessments.status = 'draft' THEN 0 ELSE 1 END, assessments.completed_at DESC, assessments.id DESC",
		most:   200,
	}

	// consentRecords reads a consent record with its service and recorder.
	consentRecords = personRecord[Consent]{
		table:   "consents",
		columns: "consents.*, sv.name AS service_name, u.name AS recorder_name",
		joins: []string{
			"JOIN services sv ON sv.id = consents.service_id",
			"JOIN users u ON u.id = consents.recorded_by_user_id",
		},
		newest: "consents.recorded_at DESC, consents.id DESC",
		most:   200,
	}

	// adjustmentRecords reads a priority adjustment with its author and
	// service (read by the matcher's own lists, not of and one).
	adjustmentRecords = personRecord[PriorityAdjustment]{
		table:   "priority_adjustments",
		columns: "priority_adjustments.*, u.name AS created_by_name, sv.name AS service_name",
		joins: []string{
			"JOIN users u ON u.id = priority_adjustments.created_by_user_id",
			"JOIN services sv ON sv.id = priority_adjustments.service_id",
		},
	}

	// safetyPlanRecords reads a plan version with its service and author.
	safetyPlanRecords = personRecord[SafetyPlan]{
		table:   "safety_plans",
		columns: "safety_plans.*, sv.name AS service_name, u.name AS author_name",
		joins: []string{
			"JOIN services sv ON sv.id = safety_plans.service_id",
			"JOIN users u ON u.id = safety_plans.created_by_user_id",
		},
		newest: "safety_plans.created_at DESC, safety_plans.id DESC",
		most:   100,
	}
)
