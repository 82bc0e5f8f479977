package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

// rankedCandidate is one person referred to a vacancy's service, with
// their explained priority.
type rankedCandidate struct {
	ReferralID  int64     `json:"referral_id"`
	PersonID    int64     `json:"person_id"`
	GivenName   string    `json:"given_name"`
	FamilyName  string    `json:"family_name"`
	FromService string    `json:"from_service"`
	SentAt      time.Time `json:"sent_at"`
	models.SafetyMark
	matching.Result
}

type candidatesPage struct {
	Vacancy        models.Vacancy       `json:"vacancy"`
	Service        models.Service       `json:"service"`
	WeightsVersion int                  `json:"weights_version"`
	Eligible       []rankedCandidate    `json:"eligible"`
	Ineligible     []rankedCandidate    `json:"ineligible"`
	Exclusions     []matching.RuleCount `json:"exclusions,omitempty"`
	At             time.Time            `json:"at"`
}

// vacancyCandidates is GET /vacancies/{id}/candidates: the people referred
// to the vacancy's service and waiting, ranked by priority for it, each
// point explained. Priorities come from each referral's snapshot: what was
// referred is what the receiving service may read (rule 7). Only the
// service's own staff see its candidates.
func (s *Server) vacancyCandidates(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	v, err := s.store.Vacancy(ctx, id)
	if err == nil && v.ServiceID != a.ServiceID {
		err = models.ErrNotFound // another service's vacancy is hidden like a missing one
	}
	if s.missed(c, err, models.AuditReadCandidates, "vacancy", id, "not a vacancy of the reader's service, or missing") {
		return
	}
	sv, err := s.store.Service(ctx, v.ServiceID)
	if err != nil {
		s.fail(c, err)
		return
	}
	rules, err := s.store.CurrentEligibility(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	prof, err := s.store.ServiceProfileOf(ctx, sv.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms, info := matchService(a, sv, rules[sv.ID], prof)
	totals, err := s.store.VacancyTotals(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms.Vacancies = totals[sv.ID].Places
	weights, wv, err := s.currentWeights(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	refs, _, err := s.store.Referrals(ctx, policy.Referrals(a), models.ReferralFilter{ToService: sv.ID, Status: models.ReferralSent, Limit: 1000})
	if err != nil {
		s.fail(c, err)
		return
	}
	cands := make([]matching.Candidate, len(refs))
	byPerson := map[int64]*models.Referral{}
	for i := range refs {
		snap := app.DecodeSnapshot(refs[i].Snapshot)
		cands[i] = s.referredCandidate(ctx, snap.Candidate)
		cands[i].PersonID = refs[i].PersonID
		byPerson[refs[i].PersonID] = &refs[i]
	}
	now := s.now()
	ranking := matching.RankCandidates(ms, cands, weights, now)
	view := func(list []matching.RankedCandidate) []rankedCandidate {
		out := []rankedCandidate{}
		for _, rc := range list {
			r := byPerson[rc.PersonID]
			out = append(out, rankedCandidate{ReferralID: r.ID, PersonID: r.PersonID, GivenName: r.GivenName, FamilyName: r.FamilyName,
				FromService: r.FromServiceName, SentAt: r.CreatedAt, SafetyMark: r.SafetyMark, Result: rc.Result})
		}
		return out
	}
	// Each candidate's priority is read from their referred assessment:
	// audited per person, like any read of an assessment.
	for _, r := range refs {
		if err := s.audit(c, models.AuditEvent{Action: models.AuditReadCandidates, ObjectType: "person", ObjectID: &r.PersonID,
			Reason: "vacancy " + strconv.FormatInt(v.ID, 10) + ", referral " + strconv.FormatInt(r.ID, 10)}); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.respond(c, http.StatusOK, "candidates", candidatesPage{Vacancy: *v, Service: info.Service, WeightsVersion: wv,
		Eligible: view(ranking.Eligible), Ineligible: view(ranking.Ineligible), Exclusions: ranking.Exclusions, At: now})
}
