package models

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// Assessments in data compliance.

// assessmentSections maps the rules' keys to the form's sections. The
// first five are the core sections the default rules require; an admin
// may make any other section essential too.
var assessmentSections = []struct{ key, section, label string }{
	{"about_you", "about_you", "About you"},
	{"housing_history", "housing", "Housing history and current situation"},
	{"physical_health", "physical_health", "Physical health"},
	{"mental_health", "mental_health", "Emotional wellbeing and mental health"},
	{"substance_use", "substances", "Substance and alcohol use"},
	{"offending", "offending", "Offending"},
	{"finances", "finances", "Finances"},
	{"skills", "skills", "Skills, training and employment"},
	{"tenancy", "tenancy", "Tenancy sustainment"},
	{"relationships_safety", "relationships_safety", "Relationships and safety"},
	{"needs_score", "needs_score", "Needs score"},
	{"client_voice", "client_voice", "In my own words"},
	{"referrer", "referrer", "Referrer's comments"},
}

// assessmentExtractor: an assessment counts for its service in the month
// it was completed, and a draft in every month from the one it was started
// until it is completed or discarded: an unfinished assessment is missing
// data. A section is missing when it shows for the person's answers but is
// not done (a required question unanswered, or an optional-only section
// left untouched); a section the form version lacks, or hides for these
// answers, does not apply. Consent is missing when no decision about
// sharing the assessment (given or refused) is recorded for the person by
// this service or a non-confidential one: a confidential service's record
// must not show through another service's list (rule 4).
var assessmentExtractor = func() *complianceExtractor {
	e := &complianceExtractor{
		Type:   "assessment",
		Counts: "Assessments completed in the month, and drafts started by the month's end that were not yet completed then.",
		Fields: []ComplianceField{{Key: "consent", Label: "Consent to share",
			MissingWhen: "No decision about sharing the assessment (given or refused) is recorded for the person, by this service or by any service that is not confidential. A consent only a refuge or sex-work service recorded does not count for another service, since it must not show outside that service. A consent recorded after the month closed does not change the published score; it shows only in the month re-run today.",
			missing: "NOT EXISTS (SELECT 1 FROM consents cn WHERE cn.person_id = a.person_id AND cn.purpose = '" + ConsentShareAssessment + "'" +
				" AND (cn.service_id = a.service_id OR cn.confidential = FALSE))"}},
		rows: func(db *gorm.DB, w complianceWindow) *gorm.DB {
			return db.Table("assessments a").
				Where("a.service_id IN (?)", w.services).
				Where("(a.status = ? AND a.completed_at >= ? AND a.completed_at < ?) OR (a.created_at < ? AND (a.status = ? OR a.completed_at >= ?))",
					AssessmentCompleted, w.start, w.end, w.end, AssessmentDraft, w.end).
				Where(notMergedAway("a.person_id"))
		},
		id: "a.id", service: "a.service_id", person: "a.person_id",
		link: func(id, person int64) string {
			return "/people/" + strconv.FormatInt(person, 10) + "/assessments/" + strconv.FormatInt(id, 10)
		},
		extra: []string{"a.answers", "a.form_version_id", "a.for_service_type"},
	}
	for _, sec := range assessmentSections {
		e.Fields = append(e.Fields, ComplianceField{Key: sec.key, Label: sec.label,
			MissingWhen: "The section shows for the person's answers but is not done: a required question is unanswered, or a section of optional questions only is left untouched. A section the assessment's form version lacks, or hides for these answers, does not apply and is not counted."})
	}
	e.check = checkSections
	return e
}()

// checkSections reads each assessment's answers against its form version
// (each version loaded once) and marks the sections not done.
func checkSections(ctx context.Context, s *Store) (func(extra []any, missing, na *int64) error, error) {
	forms := map[int64]*FormDefinition{}
	const first = 1 // the sections follow consent in Fields
	return func(extra []any, missing, na *int64) error {
		var ans Answers
		if err := ans.Scan(extra[0]); err != nil {
			return err
		}
		fv, err := asInt64(extra[1])
		if err != nil {
			return err
		}
		d, ok := forms[fv]
		if !ok {
			v, err := s.FormVersionByID(ctx, fv)
			if err != nil {
				return fmt.Errorf("form version %d: %w", fv, err)
			}
			d = &v.Definition
			forms[fv] = d
		}
		serviceType, _ := extra[2].(string)
		if b, ok := extra[2].([]byte); ok {
			serviceType = string(b)
		}
		done := map[string]bool{}
		shown := map[string]bool{}
		for _, p := range d.Progress(ans, serviceType) {
			shown[p.ID], done[p.ID] = p.Shown, p.Done()
		}
		for i, sec := range assessmentSections {
			bit := int64(1) << (first + i)
			switch {
			case !shown[sec.section]:
				*na |= bit
			case !done[sec.section]:
				*missing |= bit
			}
		}
		return nil
	}, nil
}

func asInt64(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int32:
		return int64(x), nil
	case []byte:
		return strconv.ParseInt(string(x), 10, 64)
	case string:
		return strconv.ParseInt(x, 10, 64)
	}
	return 0, fmt.Errorf("unexpected %T for an id", v)
}
