package server

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"gateway/matching"
	"gateway/models"
)

// referralSnapshot is what a referral carries: the person's assessment and
// matching facts as they were when it was sent, so the receiving service
// reads what was referred without reassessing (rule 7), whatever changes
// on the person's record later. It is written once and never updated.
type referralSnapshot struct {
	TakenAt    time.Time               `json:"taken_at"`
	Person     snapshotPerson          `json:"person"`
	Assessment *snapshotAssessment     `json:"assessment"`
	Facts      *models.AssessmentFacts `json:"facts,omitempty"`
	// Candidate is the person as the matcher saw them, so the receiving
	// service ranks everyone referred to a vacancy on the same footing.
	Candidate   matching.Candidate   `json:"candidate"`
	Adjustments []snapshotAdjustment `json:"adjustments"`
	// Fit is the receiving service's fit for the person when it was sent.
	Fit *matching.Result `json:"fit,omitempty"`
}

type snapshotPerson struct {
	Age             int    `json:"age,omitempty"`
	AgeEstimated    bool   `json:"age_estimated,omitempty"`
	Gender          string `json:"gender"`
	LocalConnection string `json:"local_connection,omitempty"`
}

type snapshotAssessment struct {
	ID                  int64             `json:"id"`
	CompletedAt         *time.Time        `json:"completed_at"`
	By                  string            `json:"by"`
	FormVersion         int               `json:"form_version"`
	NeedsScore          *int              `json:"needs_score"`
	NeedsOverride       bool              `json:"needs_override"`
	NeedsOverrideReason string            `json:"needs_override_reason,omitempty"`
	Sections            []snapshotSection `json:"sections"`
	Answers             models.Answers    `json:"answers"`
}

// snapshotSection is a form section's answers with the questions' wording
// of the form version they were answered on.
type snapshotSection struct {
	Title     string           `json:"title"`
	Sensitive bool             `json:"sensitive,omitempty"`
	Answers   []snapshotAnswer `json:"answers"`
}

type snapshotAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

type snapshotAdjustment struct {
	Kind   string `json:"kind"`
	Points int    `json:"points"`
	Reason string `json:"reason"`
	By     string `json:"by"`
	At     string `json:"at"`
}

// buildSnapshot freezes what the sender may see of the person now.
func (s *Server) buildSnapshot(ctx context.Context, p *models.Person, pf *personFacts, fit *matching.Result, now time.Time) (*referralSnapshot, error) {
	snap := &referralSnapshot{TakenAt: now, Facts: pf.Facts, Candidate: pf.Candidate, Fit: fit, Adjustments: []snapshotAdjustment{}}
	snap.Person.Gender = p.Gender
	if age, estimated, known := p.AgeOn(now); known {
		snap.Person.Age, snap.Person.AgeEstimated = age, estimated
	}
	laNames, err := s.laNames(ctx)
	if err != nil {
		return nil, err
	}
	if pf.LAID != nil {
		snap.Person.LocalConnection = laNames[*pf.LAID]
	}
	for _, j := range pf.Adjustments {
		snap.Adjustments = append(snap.Adjustments, snapshotAdjustment{Kind: j.Kind, Points: j.Points, Reason: j.Reason,
			By: j.CreatedByName + ", " + j.ServiceName, At: j.CreatedAt.In(london).Format("2 Jan 2006")})
	}
	if a := pf.Assessment; a != nil {
		sa := &snapshotAssessment{ID: a.ID, CompletedAt: a.CompletedAt, By: a.ServiceName, FormVersion: a.FormVersion,
			NeedsScore: a.NeedsScore, NeedsOverride: a.NeedsOverride, NeedsOverrideReason: a.NeedsOverrideReason,
			Answers: a.Answers.Clone(), Sections: []snapshotSection{}}
		def, err := s.store.SnapshotForm(ctx, a.FormVersionID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return nil, err
		}
		if def != nil {
			sa.Sections = answeredSections(def, a.Answers, laNames)
		}
		snap.Assessment = sa
	}
	return snap, nil
}

func (s *Server) laNames(ctx context.Context) (map[int64]string, error) {
	las, err := s.store.LAs(ctx)
	out := make(map[int64]string, len(las))
	for _, la := range las {
		out[la.ID] = la.Name
	}
	return out, err
}

// answeredSections lists the answered questions of each section in form
// order, each answer written out for a reader.
func answeredSections(def *models.FormDefinition, ans models.Answers, laNames map[int64]string) []snapshotSection {
	var out []snapshotSection
	for _, sec := range def.Sections {
		ss := snapshotSection{Title: sec.Title, Sensitive: sec.Sensitive}
		for _, q := range sec.Questions {
			if !ans.Has(q.ID) {
				continue
			}
			ss.Answers = append(ss.Answers, snapshotAnswer{Question: q.Label, Answer: answerText(&q, ans, laNames)})
		}
		if len(ss.Answers) > 0 {
			out = append(out, ss)
		}
	}
	return out
}

func answerText(q *models.Question, ans models.Answers, laNames map[int64]string) string {
	option := func(v string) string {
		for _, o := range q.Options {
			if o.Value == v {
				return o.Label
			}
		}
		return v
	}
	switch q.Type {
	case models.TypeYesNo:
		if ans.Bool(q.ID) {
			return "Yes"
		}
		return "No"
	case models.TypeNumber, models.TypeScore:
		return strconv.FormatInt(ans.Int(q.ID), 10)
	case models.TypeChoice:
		return option(ans.String(q.ID))
	case models.TypeMulti:
		vs := ans.Strings(q.ID)
		if len(vs) == 0 {
			return "None"
		}
		for i := range vs {
			vs[i] = option(vs[i])
		}
		return strings.Join(vs, ", ")
	case models.TypeLA:
		if name, ok := laNames[ans.Int(q.ID)]; ok {
			return name
		}
		return "an area no longer listed"
	}
	return ans.String(q.ID)
}

// decodeSnapshot reads a stored snapshot; one that cannot be read is shown
// as empty rather than failing the page.
func decodeSnapshot(raw string) *referralSnapshot {
	var snap referralSnapshot
	if err := json.Unmarshal([]byte(raw), &snap); err != nil {
		return &referralSnapshot{}
	}
	return &snap
}
