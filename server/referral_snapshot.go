package server

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/paulmach/orb"

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
	// service ranks everyone referred to a vacancy on the same footing. It
	// never carries a point (see placelessCandidate).
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

// buildSnapshot freezes what the sender may see of the person now, less
// where they were last met on the street.
func (s *Server) buildSnapshot(ctx context.Context, p *models.Person, pf *personFacts, fit *matching.Result, now time.Time) (*referralSnapshot, error) {
	snap := &referralSnapshot{TakenAt: now, Facts: pf.Facts, Candidate: placelessCandidate(pf.Candidate), Fit: fit, Adjustments: []snapshotAdjustment{}}
	snap.Person.Gender = p.Gender
	if age, estimated, known := p.AgeOn(now); known {
		snap.Person.Age, snap.Person.AgeEstimated = age, estimated
	}
	laNames, err := s.laNameMap(ctx)
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
		form, err := s.store.FormVersionByID(ctx, a.FormVersionID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return nil, err
		}
		if form != nil {
			// The same read-back the assessment page shows, frozen.
			for _, sec := range readBack(&form.Definition, a, laNames) {
				ss := snapshotSection{Title: sec.Title, Sensitive: sec.Sensitive}
				for _, it := range sec.Items {
					ss.Answers = append(ss.Answers, snapshotAnswer{Question: it.Label, Answer: it.Answer})
				}
				sa.Sections = append(sa.Sections, ss)
			}
		}
		snap.Assessment = sa
	}
	return snap, nil
}

func (s *Server) laNameMap(ctx context.Context) (map[int64]string, error) {
	las, err := s.store.LAs(ctx)
	out := make(map[int64]string, len(las))
	for _, la := range las {
		out[la.ID] = la.Name
	}
	return out, err
}

// decodeSnapshot reads a stored snapshot; one that cannot be read is shown
// as empty rather than failing the page. A point stored by a referral sent
// before snapshots were placeless is dropped on the way out.
func decodeSnapshot(raw string) *referralSnapshot {
	var snap referralSnapshot
	if err := json.Unmarshal([]byte(raw), &snap); err != nil {
		return &referralSnapshot{}
	}
	snap.Candidate = placelessCandidate(snap.Candidate)
	return &snap
}

// placelessCandidate is the person as a referral carries them: without the
// point the sender's ranking measured from. That point may be where they
// were last met on the street, which only outreach maps show, for 90 days
// (rule 10); the receiver is not yet working with them (rule 7); and when
// the sender is a confidential outreach service it is that service's own
// contact (rule 4). Both services read the snapshot, so it holds no place.
func placelessCandidate(c matching.Candidate) matching.Candidate {
	c.Location, c.HasLocation = orb.Point{}, false
	return c
}

// referredCandidate is a referred person as a receiving service ranks and
// fits them: distances from the centre of their local-connection LA (the
// LA the snapshot names), never from the street, or unknown without one.
func (s *Server) referredCandidate(ctx context.Context, c matching.Candidate) matching.Candidate {
	c = placelessCandidate(c)
	if len(c.LocalConnectionLAs) > 0 {
		c.Location, c.HasLocation = s.laCentroid(ctx, c.LocalConnectionLAs[0])
	}
	return c
}
