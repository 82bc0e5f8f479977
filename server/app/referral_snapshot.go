package app

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/paulmach/orb"

	"gateway/matching"
	"gateway/models"
)

// ReferralSnapshot is what a referral carries: the person's assessment and
// matching facts as they were when it was sent, so the receiving service
// reads what was referred without reassessing (rule 7), whatever changes
// on the person's record later. It is written once and never updated.
type ReferralSnapshot struct {
	TakenAt    time.Time               `json:"taken_at"`
	Person     SnapshotPerson          `json:"person"`
	Assessment *SnapshotAssessment     `json:"assessment"`
	Facts      *models.AssessmentFacts `json:"facts,omitempty"`
	// Candidate is the person as the matcher saw them, so the receiving
	// service ranks everyone referred to a vacancy on the same footing. It
	// never carries a point (see PlacelessCandidate).
	Candidate   matching.Candidate   `json:"candidate"`
	Adjustments []SnapshotAdjustment `json:"adjustments"`
	// Fit is the receiving service's fit for the person when it was sent.
	Fit *matching.Result `json:"fit,omitempty"`
}

type SnapshotPerson struct {
	Age             int    `json:"age,omitempty"`
	AgeEstimated    bool   `json:"age_estimated,omitempty"`
	Gender          string `json:"gender"`
	LocalConnection string `json:"local_connection,omitempty"`
}

type SnapshotAssessment struct {
	ID                  int64             `json:"id"`
	CompletedAt         *time.Time        `json:"completed_at"`
	By                  string            `json:"by"`
	FormVersion         int               `json:"form_version"`
	NeedsScore          *int              `json:"needs_score"`
	NeedsOverride       bool              `json:"needs_override"`
	NeedsOverrideReason string            `json:"needs_override_reason,omitempty"`
	Sections            []SnapshotSection `json:"sections"`
	Answers             models.Answers    `json:"answers"`
}

// SnapshotSection is a form section's answers with the questions' wording
// of the form version they were answered on.
type SnapshotSection struct {
	Title     string           `json:"title"`
	Sensitive bool             `json:"sensitive,omitempty"`
	Answers   []SnapshotAnswer `json:"answers"`
}

type SnapshotAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

type SnapshotAdjustment struct {
	Kind   string `json:"kind"`
	Points int    `json:"points"`
	Reason string `json:"reason"`
	By     string `json:"by"`
	At     string `json:"at"`
}

// SnapshotSource is what the sender may see of the person now, read
// through the sender's scopes (the server's personFacts).
type SnapshotSource struct {
	Candidate   matching.Candidate
	Assessment  *models.Assessment // the latest completed one the sender may see
	Facts       *models.AssessmentFacts
	Adjustments []models.PriorityAdjustment
	LAID        *int64 // the LA the person is counted in
}

// BuildSnapshot freezes what the sender may see of the person now, less
// where they were last met on the street.
func BuildSnapshot(ctx context.Context, store *models.Store, p *models.Person, src SnapshotSource, fit *matching.Result, now time.Time) (*ReferralSnapshot, error) {
	snap := &ReferralSnapshot{TakenAt: now, Facts: src.Facts, Candidate: PlacelessCandidate(src.Candidate), Fit: fit, Adjustments: []SnapshotAdjustment{}}
	snap.Person.Gender = p.Gender
	if age, estimated, known := p.AgeOn(now); known {
		snap.Person.Age, snap.Person.AgeEstimated = age, estimated
	}
	laNames, err := LANames(ctx, store)
	if err != nil {
		return nil, err
	}
	if src.LAID != nil {
		snap.Person.LocalConnection = laNames[*src.LAID]
	}
	for _, j := range src.Adjustments {
		snap.Adjustments = append(snap.Adjustments, SnapshotAdjustment{Kind: j.Kind, Points: j.Points, Reason: j.Reason,
			By: j.CreatedByName + ", " + j.ServiceName, At: j.CreatedAt.In(Zone).Format("2 Jan 2006")})
	}
	if src.Assessment != nil {
		sa, err := snapshotAssessmentOf(ctx, store, src.Assessment, laNames)
		if err != nil {
			return nil, err
		}
		snap.Assessment = sa
	}
	return snap, nil
}

// snapshotAssessmentOf freezes an assessment with the same read-back the
// assessment page shows, in its form version's words.
func snapshotAssessmentOf(ctx context.Context, store *models.Store, a *models.Assessment, laNames map[int64]string) (*SnapshotAssessment, error) {
	sa := &SnapshotAssessment{ID: a.ID, CompletedAt: a.CompletedAt, By: a.ServiceName, FormVersion: a.FormVersion,
		NeedsScore: a.NeedsScore, NeedsOverride: a.NeedsOverride, NeedsOverrideReason: a.NeedsOverrideReason,
		Answers: a.Answers.Clone(), Sections: []SnapshotSection{}}
	form, err := store.FormVersionByID(ctx, a.FormVersionID)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	if form != nil {
		for _, sec := range ReadBack(&form.Definition, a, laNames) {
			ss := SnapshotSection{Title: sec.Title, Sensitive: sec.Sensitive}
			for _, it := range sec.Items {
				ss.Answers = append(ss.Answers, SnapshotAnswer{Question: it.Label, Answer: it.Answer})
			}
			sa.Sections = append(sa.Sections, ss)
		}
	}
	return sa, nil
}

// LANames maps every LA's id to its name, for answers and snapshots that
// name an LA.
func LANames(ctx context.Context, store *models.Store) (map[int64]string, error) {
	las, err := store.LAs(ctx)
	out := make(map[int64]string, len(las))
	for _, la := range las {
		out[la.ID] = la.Name
	}
	return out, err
}

// DecodeSnapshot reads a stored snapshot; one that cannot be read is shown
// as empty rather than failing the page. A point stored by a referral sent
// before snapshots were placeless is dropped on the way out.
func DecodeSnapshot(raw string) *ReferralSnapshot {
	var snap ReferralSnapshot
	if err := json.Unmarshal([]byte(raw), &snap); err != nil {
		return &ReferralSnapshot{}
	}
	snap.Candidate = PlacelessCandidate(snap.Candidate)
	return &snap
}

// PlacelessCandidate is the person as a referral carries them: without the
// point the sender's ranking measured from. That point may be where they
// were last met on the street, which only outreach maps show, for 90 days
// (rule 10); the receiver is not yet working with them (rule 7); and when
// the sender is a confidential outreach service it is that service's own
// contact (rule 4). Both services read the snapshot, so it holds no place.
func PlacelessCandidate(c matching.Candidate) matching.Candidate {
	c.Location, c.HasLocation = orb.Point{}, false
	return c
}
