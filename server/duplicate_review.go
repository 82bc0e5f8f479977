package server

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// pairView is a likely duplicate pair as the review list shows it: both
// people as identity only (rule 6), with the matcher's reasons.
type pairView struct {
	ID       int64      `json:"id"`
	Score    float64    `json:"score"`
	Strength string     `json:"strength"`
	Reasons  []string   `json:"reasons"`
	FoundAt  time.Time  `json:"found_at"`
	Status   string     `json:"status"`
	Note     string     `json:"note"`
	Resolved *time.Time `json:"resolved_at"`
	A        identity   `json:"person_a"`
	B        identity   `json:"person_b"`
}

type reviewPage struct {
	Pairs   []pairView        `json:"pairs"`
	Pager   Pager             `json:"pager"`
	Status  string            `json:"status"`
	LastRun *models.ReviewRun `json:"last_run"`
	Errors  models.FieldErrors
}

var pairStatuses = []string{models.PairOpen, models.PairMerged, models.PairNotSame}

// duplicateReview is the area's duplicate review list: the likely
// duplicates the nightly review found among people already recorded, the
// strongest first. Area admins see every pair whose two people they may
// see; a confidential service's managers the pairs with their own people.
// Reading it is audited as a list of the people shown.
func (s *Server) duplicateReview(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	pg := reviewPage{Status: c.DefaultQuery("status", models.PairOpen), Pairs: []pairView{}}
	if !slices.Contains(pairStatuses, pg.Status) {
		if isAPI(c) {
			s.fail(c, models.Invalid("status", "must be one of: open, merged, not_same"))
			return
		}
		pg.Errors, pg.Status = models.FieldErrors{"status": "choose open, merged or not the same person"}, models.PairOpen
	}
	limit, offset, n := page(c, 25)
	pairs, total, err := s.store.DuplicatePairs(ctx, policy.DuplicatePairs(a), models.PairFilter{Status: pg.Status, Limit: limit, Offset: offset})
	if err != nil {
		s.fail(c, err)
		return
	}
	pg.Pager = Pager{Page: n, Size: limit, Total: total}
	var ids []int64
	for _, p := range pairs {
		ids = append(ids, p.PersonA, p.PersonB)
	}
	people, known, err := s.identities(c, a, ids)
	if err != nil {
		s.fail(c, err)
		return
	}
	shown := []int64{}
	for _, p := range pairs {
		pa, okA := people[p.PersonA]
		pb, okB := people[p.PersonB]
		if !okA || !okB { // changed since the pair was listed: not shown
			continue
		}
		pg.Pairs = append(pg.Pairs, pairView{ID: p.ID, Score: p.Score, Strength: p.Strength, Reasons: p.Reasons, FoundAt: p.FoundAt,
			Status: p.Status, Note: p.Note, Resolved: p.ResolvedAt, A: identityOf(pa, known[pa.ID]), B: identityOf(pb, known[pb.ID])})
		shown = append(shown, p.PersonA, p.PersonB)
	}
	if pg.LastRun, err = s.store.LastReviewRun(ctx); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.auditList(c, models.AuditDuplicateReview, strconv.Itoa(len(pg.Pairs))+" pairs", shown); err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if pg.Errors != nil {
		status = http.StatusUnprocessableEntity
	}
	s.respond(c, status, "duplicate_review", pg)
}

// identities loads people by id through the actor's identity scope, with
// what "known to" the actor may see.
func (s *Server) identities(c *gin.Context, a policy.Actor, ids []int64) (map[int64]*models.Person, map[int64][]models.KnownTo, error) {
	ctx := c.Request.Context()
	out := map[int64]*models.Person{}
	if len(ids) == 0 {
		return out, nil, nil
	}
	list, _, err := s.store.People(ctx, policy.People(a), models.PersonFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return nil, nil, err
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	known, err := s.store.KnownToMany(ctx, policy.Involvements(a), ids)
	return out, known, err
}

// pairMissing is why a pair the reader asked for was not found.
const pairMissing = "pair not in the reader's review list, or missing"

// pairNotSame decides a pair as two different people; the review never
// offers it again.
func (s *Server) pairNotSame(c *gin.Context) {
	a, _ := actorOf(c)
	var in models.NotSameInput
	id, ok := s.pathIDBound(c, &in)
	if !ok {
		return
	}
	var p *models.DuplicatePair
	err := s.auditedAll(c, func(tx *models.Store) ([]models.AuditEvent, error) {
		var err error
		p, err = tx.MarkNotSame(c.Request.Context(), policy.DuplicatePairs(a), a.Author(), id, in)
		if err != nil {
			return nil, err
		}
		var evs []models.AuditEvent
		for _, pid := range []int64{p.PersonA, p.PersonB} {
			evs = append(evs, models.AuditEvent{Action: models.AuditDuplicateNotSame, ObjectType: "person", ObjectID: &pid, Reason: "duplicate pair " + strconv.FormatInt(p.ID, 10)})
		}
		return evs, nil
	})
	if s.missed(c, err, models.AuditDuplicateNotSame, "duplicate_pair", id, pairMissing) {
		return
	}
	s.done(c, http.StatusOK, "/duplicates/review", "Recorded as two different people. The review will not offer this pair again.", p)
}

// pairMergeInput chooses which of the pair's records to keep.
type pairMergeInput struct {
	Keep   int64  `json:"keep"`
	Reason string `json:"reason"`
}

// pairMerge merges one of a pair's records into the other, as the person
// merge does, for whoever may decide the pair.
func (s *Server) pairMerge(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	p, err := s.store.DuplicatePair(ctx, policy.DuplicatePairs(a), id)
	if s.missed(c, err, models.AuditMerge, "duplicate_pair", id, pairMissing) {
		return
	}
	var in pairMergeInput
	if !s.bound(c, &in) {
		return
	}
	var other int64
	switch in.Keep {
	case p.PersonA:
		other = p.PersonB
	case p.PersonB:
		other = p.PersonA
	default:
		s.fail(c, models.Invalid("keep", "choose which of the two records to keep"))
		return
	}
	var m *models.PersonMerge
	err = s.auditedAll(c, func(tx *models.Store) ([]models.AuditEvent, error) {
		var err error
		m, err = tx.MergePeople(ctx, policy.PairMergeable(a), a.Author(), in.Keep, models.MergeInput{MergeID: other, Reason: in.Reason})
		if err != nil {
			return nil, err
		}
		return mergeEvents(m, in.Reason), nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.done(c, http.StatusOK, personURL(m.SurvivorID), "Records merged. The other record's history is now on this one, and its address leads here.", m)
}

// splitMerge undoes a mistaken merge (within 30 days), each record going
// back to the person it came from.
func (s *Server) splitMerge(c *gin.Context) {
	a, _ := actorOf(c)
	var in models.SplitInput
	id, ok := s.pathIDBound(c, &in)
	if !ok {
		return
	}
	var m *models.PersonMerge
	err := s.auditedAll(c, func(tx *models.Store) ([]models.AuditEvent, error) {
		var err error
		m, err = tx.SplitMerge(c.Request.Context(), policy.Splittable(a), a.Author(), id, in)
		if err != nil {
			return nil, err
		}
		var evs []models.AuditEvent
		for _, pid := range []int64{m.SurvivorID, m.MergedID} {
			evs = append(evs, models.AuditEvent{Action: models.AuditSplit, ObjectType: "person", ObjectID: &pid,
				Reason: "merge " + strconv.FormatInt(m.ID, 10) + " split: " + in.Reason})
		}
		return evs, nil
	})
	if s.missed(c, err, models.AuditSplit, "person_merge", id, "merge of a person the reader cannot see, or missing") {
		return
	}
	s.done(c, http.StatusOK, "/admin/merges", "Merge split. Each record is back with the person it came from.", m)
}
