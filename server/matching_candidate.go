package server

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
)

// personFacts is what the matcher knows of a person, as one reader may
// see it, and where each fact came from.
type personFacts struct {
	Candidate   matching.Candidate
	Assessment  *models.Assessment // the latest completed one the reader may see
	Facts       *models.AssessmentFacts
	Adjustments []models.PriorityAdjustment
	// LocatedBy says where distances are measured from, for the page.
	LocatedBy string
	// LAID is the LA the person is counted in (gaps report).
	LAID *int64
}

// factsOf builds a person's candidate from their record, their latest
// completed assessment, recorded adjustments and open involvements, each
// read through the reader's scopes, so a ranking never rests on what the
// reader may not see.
func (s *Server) factsOf(ctx context.Context, a policy.Actor, p *models.Person, known []models.KnownTo, now time.Time) (*personFacts, error) {
	pf := &personFacts{Candidate: matching.Candidate{PersonID: p.ID, Gender: p.Gender}}
	c := &pf.Candidate
	if p.DOB.IsFull() {
		c.BirthDate = p.DOB.Time()
	} else if !p.DOB.IsZero() { // a month or year only: about this age
		c.Age = max(p.DOB.AgeOn(now), 0)
	} else if p.EstimatedBirthYear != nil {
		c.Age = max(now.Year()-*p.EstimatedBirthYear, 0)
	}
	asmt, err := s.store.LatestAssessment(ctx, policy.Assessments(a), p.ID)
	switch {
	case err == nil:
		f := asmt.Facts()
		pf.Assessment, pf.Facts = asmt, &f
		c.RoughSleepingTonight, c.NightsRough, c.NeedsScore = f.RoughSleepingNow, f.NightsRough, f.NeedsScore
		c.Needs, c.Risks, c.Groups = f.Needs, f.Risks, slices.Clone(f.Groups)
		c.Pets, c.Wheelchair, c.Couple = f.Pets, f.Wheelchair, f.Couple
		if f.NeedsOverride && strings.TrimSpace(f.NeedsOverrideReason) != "" {
			c.NeedsOverride = &matching.Override{Reason: f.NeedsOverrideReason}
		}
		if f.LocalConnectionLAID != nil {
			pf.LAID = f.LocalConnectionLAID
		}
	case !errors.Is(err, models.ErrNotFound):
		return nil, err
	}
	if pf.LAID == nil {
		pf.LAID = p.LocalConnectionLAID
	}
	for _, la := range []*int64{pf.LAID, p.LocalConnectionLAID} {
		if la != nil && !slices.Contains(c.LocalConnectionLAs, *la) {
			c.LocalConnectionLAs = append(c.LocalConnectionLAs, *la)
		}
	}
	// Groups the record itself shows, for people not yet assessed.
	if p.Gender == "female" && !slices.Contains(c.Groups, "women") {
		c.Groups = append(c.Groups, "women")
	}
	if age := c.AgeAt(now); age >= 16 && age <= 24 && !slices.Contains(c.Groups, "young_people") {
		c.Groups = append(c.Groups, "young_people")
	}
	for _, k := range known {
		if k.EndedAt == nil && (c.WaitingSince.IsZero() || k.StartedAt.Before(c.WaitingSince)) {
			c.WaitingSince = k.StartedAt.Time
		}
	}
	adj, err := s.store.Adjustments(ctx, policy.Adjustments(a), []int64{p.ID})
	if err != nil {
		return nil, err
	}
	pf.Adjustments = adj[p.ID]
	for _, j := range pf.Adjustments {
		by := j.CreatedByName + ", " + j.ServiceName
		switch j.Kind {
		case models.AdjustDiscretion:
			c.Discretion = append(c.Discretion, matching.Discretion{Points: j.Points, Reason: j.Reason, By: by})
		case models.AdjustNeedsOverride:
			if c.NeedsOverride == nil {
				c.NeedsOverride = &matching.Override{Reason: j.Reason + " (recorded by " + by + ")"}
			}
		}
	}
	if pt, where, ok, err := s.lastSeenAt(ctx, a, p.ID); err != nil {
		return nil, err
	} else if ok {
		c.Location, c.HasLocation = pt, true
		pf.LocatedBy = where
	} else if pt, ok := s.personLocation(ctx, pf.LAID); ok {
		c.Location, c.HasLocation = pt, true
		pf.LocatedBy = "the centre of their local-connection area"
	} else if pf.LAID != nil {
		pf.LocatedBy = "nowhere: their local-connection area has no boundary recorded, so distances are unknown"
	} else {
		pf.LocatedBy = "nowhere yet (no local connection recorded), so distances are unknown"
	}
	return pf, nil
}
