package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
)

// rankedService is one service in a person's ranking: the matcher's
// explained result and what a worker needs to act on it.
type rankedService struct {
	ServiceID          int64        `json:"service_id"`
	Name               string       `json:"name"`
	Type               string       `json:"type"`
	Confidential       bool         `json:"confidential"`
	Address            string       `json:"address"`
	Phone              string       `json:"phone"`
	Capacity           int          `json:"capacity"`
	Vacancies          int          `json:"vacancies"`
	VacanciesUpdatedAt *models.Time `json:"vacancies_updated_at"`
	OpenForAssessment  bool         `json:"open_for_assessment"`
	AssessmentHours    string       `json:"assessment_hours"`
	RulesVersion       int          `json:"rules_version"`
	matching.Result
}

func (r rankedService) DistanceKM() string {
	if r.DistanceMetres < 0 {
		return ""
	}
	return strconv.FormatFloat(r.DistanceMetres/1000, 'f', 1, 64) + " km"
}

func rankedViews(cat *catalogue, list []matching.RankedService) []rankedService {
	out := make([]rankedService, 0, len(list))
	for _, rs := range list {
		info := cat.info[rs.ServiceID]
		v := rankedService{ServiceID: rs.ServiceID, Name: info.Service.Name, Type: string(info.Service.Type),
			Confidential: info.Service.Confidential, Address: info.Service.Address, Phone: info.Service.Phone,
			Capacity: info.Service.Capacity, Vacancies: info.Vacancies, OpenForAssessment: rs.OpenForAssessment,
			AssessmentHours: info.Hours.Describe(), RulesVersion: info.RulesVersion, Result: rs.Result}
		if !info.UpdatedAt.IsZero() {
			t := info.UpdatedAt
			v.VacanciesUpdatedAt = &t
		}
		out = append(out, v)
	}
	return out
}

// matchFacts is what a ranking rested on, shown beside it.
type matchFacts struct {
	Candidate      matching.Candidate `json:"candidate"`
	AssessmentID   *int64             `json:"assessment_id"`
	AssessedAt     *time.Time         `json:"assessed_at"`
	AssessedBy     string             `json:"assessed_by,omitempty"`
	LocatedBy      string             `json:"located_by"`
	WeightsVersion int                `json:"weights_version"`
}

type matchesPage struct {
	Person      identity                    `json:"person"`
	Facts       matchFacts                  `json:"facts"`
	At          time.Time                   `json:"at"`
	Available   []rankedService             `json:"available"`
	Full        []rankedService             `json:"full"`
	Ineligible  []rankedService             `json:"ineligible"`
	Gap         string                      `json:"gap,omitempty"`
	Exclusions  []matching.RuleCount        `json:"exclusions,omitempty"`
	Adjustments []models.PriorityAdjustment `json:"adjustments"`
	CanRefer    bool                        `json:"-"`
	CanAdjust   bool                        `json:"-"`
}

// GapText says what a gap means for a worker.
func (p matchesPage) GapText() string {
	switch p.Gap {
	case matching.GapNoVacancy:
		return "Services would take this person, but none has a place free now. This is recorded as a gap in provision."
	case matching.GapNoEligibleService:
		return "No service's rules let this person in. This is recorded as a gap in provision."
	}
	return ""
}

// matches is GET /people/{id}/matches: services ranked for the person by
// fit, those with a place now first, then those that would fit but are
// full, then the rest with the rules that keep the person out. The
// ranking rests on the assessment, so only services working with the
// person (and area admins under break glass) may see it.
func (s *Server) matches(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	read, ok := s.findPersonKnownTo(c, policy.Records(a), models.AuditReadMatches, policy.Involvements(a))
	if !ok {
		return
	}
	p, known := read.Person, read.KnownTo
	now := s.now()
	pf, err := s.factsOf(ctx, a, p, known, now)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.loadCatalogue(ctx, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	ranking := matching.RankServices(pf.Candidate, cat.services, cat.weights, now)
	if err := s.recordFailedMatch(c, a, p.ID, pf, ranking); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.auditRead(c, models.AuditReadMatches, "person", p.ID); err != nil {
		s.fail(c, err)
		return
	}
	pg := matchesPage{Person: identityOf(p, known), At: now,
		Facts:     matchFacts{Candidate: withoutPlace(pf.Candidate), LocatedBy: pf.LocatedBy, WeightsVersion: cat.weightsVersion},
		Available: rankedViews(cat, ranking.Available), Full: rankedViews(cat, ranking.Full), Ineligible: rankedViews(cat, ranking.Ineligible),
		Gap: ranking.Gap, Exclusions: ranking.Exclusions, Adjustments: pf.Adjustments,
		CanRefer: policy.Can(a, policy.Create, policy.ResourceReferral)}
	if !isAPI(c) {
		// Only the page offers the adjustment form; its facts cost four
		// statements the API answer does not need.
		pg.CanAdjust = policy.Can(a, policy.Create, policy.AdjustmentFacts{Person: s.factsFor(c, p.ID), ServiceID: a.ServiceID})
	}
	pg.Adjustments = nonNil(pg.Adjustments)
	if pf.Assessment != nil {
		pg.Facts.AssessmentID, pg.Facts.AssessedAt, pg.Facts.AssessedBy = &pf.Assessment.ID, pf.Assessment.CompletedAt, pf.Assessment.ServiceName
	}
	s.respond(c, http.StatusOK, "matches", pg)
}

// factsFor loads the access facts of a person already found through a
// scope, for a Can decision on a record about them. A failure to load
// denies.
func (s *Server) factsFor(c *gin.Context, personID int64) policy.PersonFacts {
	f, err := policy.FactsOf(c.Request.Context(), s.store, personID)
	if err != nil {
		return policy.PersonFacts{Merged: true}
	}
	return f
}

// recordFailedMatch notes a ranking that found no eligible service with a
// place, once per person per day, for the gaps report, in the LA gapLA
// gives. A worker of a confidential service ranking someone records
// nothing a commissioner can count: the event is marked confidential.
func (s *Server) recordFailedMatch(c *gin.Context, a policy.Actor, personID int64, pf *personFacts, r matching.ServiceRanking) error {
	if r.Gap == "" {
		return nil
	}
	reason := r.Gap
	if r.Gap == matching.GapNoEligibleService && len(r.Exclusions) > 0 {
		reason += ":" + r.Exclusions[0].Rule
	}
	la, err := s.gapLA(c.Request.Context(), a, personID, pf.LAID)
	if err != nil {
		return err
	}
	day := s.now().In(london).Format("2006-01-02")
	return s.store.RecordGap(c.Request.Context(), models.GapEvent{PersonID: &personID, Kind: models.GapNoMatch, Reason: reason,
		Need: pf.Candidate.MainNeed(), TargetGroup: pf.Candidate.MainGroup(), LAID: la, Confidential: a.Confidential,
		DedupeKey: "no_match:" + strconv.FormatInt(personID, 10) + ":" + day})
}

// gapLA is the LA a gap is counted in, so that every gap reaches the
// commissioners of some LA: the person's local connection (local); else
// where they were last met on the street, among the contacts the reader's
// ranking may locate them by (never another service's confidential one);
// else the first LA of the reader's service, the one that ranked or
// declined them. Without the fallbacks, the people "local connection
// required" rules leave out, rough sleepers from out of area, would be
// counted by no one. The report labels its LA breakdown to match.
func (s *Server) gapLA(ctx context.Context, a policy.Actor, personID int64, local *int64) (*int64, error) {
	if local != nil {
		return local, nil
	}
	met, err := s.store.LastStreetContactLA(ctx, policy.LocatingStreetContacts(a), personID)
	if err != nil || met != nil {
		return met, err
	}
	if len(a.LAs) > 0 {
		own := a.LAs[0]
		return &own, nil
	}
	return nil, nil
}

// withoutPlace drops the point distances were measured from: it may be
// where the person was met on the street, which only outreach maps show
// (rule 10). The distances stay; the words in LocatedBy say from where.
func withoutPlace(c matching.Candidate) matching.Candidate {
	c.Location = orb.Point{}
	return c
}
