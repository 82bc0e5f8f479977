package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// Merging people's records: by hand from a person's page, from the
// duplicate review's likely pairs (where a pair may also be set apart as
// two people), and splitting a merge made by mistake.

type mergePage struct {
	Person     identity             `json:"-"`
	Candidates []duplicateMatch     `json:"candidates"`
	Merges     []models.PersonMerge `json:"merges"`
	Errors     models.FieldErrors   `json:"-"`
	MergeID    int64                `json:"-"`
	Reason     string               `json:"-"`
}

func (p mergePage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// mergeForm shows an area admin the likely duplicates of a person, to fold
// one into this record.
func (s *Server) mergeForm(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findPerson(c, policy.Mergeable(a), models.AuditMerge)
	if !ok {
		return
	}
	showAudited(s, c, "merge", models.AuditRead, "person", p.ID, func() (mergePage, error) {
		return s.mergeData(c, a, p)
	})
}

func (s *Server) mergeData(c *gin.Context, a policy.Actor, p *models.Person) (mergePage, error) {
	known, err := s.store.KnownToList(c.Request.Context(), policy.Involvements(a), p.ID)
	if err != nil {
		return mergePage{}, err
	}
	pg := mergePage{Person: identityOf(p, known)}
	in := models.InputOf(p, s.now())
	if pg.Candidates, _, err = s.rankDuplicates(c, a, in, p.ID); err != nil {
		return pg, err
	}
	pg.Merges, _, err = s.store.PersonMerges(c.Request.Context(), policy.Mergeable(a), p.ID, 20, 0)
	return pg, err
}

// mergePerson folds the record merge_id into the person in the path, in
// one transaction, audited on both records.
func (s *Server) mergePerson(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findPerson(c, policy.Mergeable(a), models.AuditMerge)
	if !ok {
		return
	}
	var in models.MergeInput
	fail := func(err error) {
		formFailReloaded(s, c, "merge", err, func() (mergePage, error) {
			pg, perr := s.mergeData(c, a, p)
			pg.MergeID, pg.Reason = in.MergeID, in.Reason
			return pg, perr
		})
	}
	if err := bind(c, &in); err != nil {
		fail(err)
		return
	}
	var m *models.PersonMerge
	err := s.auditedAll(c, func(tx *models.Store) ([]models.AuditEvent, error) {
		var err error
		m, err = tx.MergePeople(c.Request.Context(), policy.Mergeable(a), a.Author(), p.ID, in)
		if err != nil {
			return nil, err
		}
		return mergeEvents(m, in.Reason), nil
	})
	if errors.Is(err, models.ErrNotFound) {
		s.notFound(c)
		return
	}
	if err != nil {
		fail(err)
		return
	}
	s.done(c, http.StatusOK, personURL(p.ID), "Records merged. The other record's history is now on this one, and its address leads here.", m)
}

// mergeEvents record a merge on both records, in the merge's transaction.
func mergeEvents(m *models.PersonMerge, reason string) []models.AuditEvent {
	return []models.AuditEvent{
		{Action: models.AuditMerge, ObjectType: "person", ObjectID: &m.SurvivorID, Reason: "merged person " + strconv.FormatInt(m.MergedID, 10) + " into this record: " + reason},
		{Action: models.AuditMergedAway, ObjectType: "person", ObjectID: &m.MergedID, Reason: "merged into person " + strconv.FormatInt(m.SurvivorID, 10)},
	}
}

type mergesPage struct {
	Merges []models.PersonMerge `json:"merges"`
	Pager  Pager                `json:"pager"`
}

// merges is the log of past merges, for area admins to inspect.
func (s *Server) merges(c *gin.Context) {
	a, _ := actorOf(c)
	limit, offset, n := page(c, 50)
	list, total, err := s.store.PersonMerges(c.Request.Context(), policy.Mergeable(a), 0, limit, offset)
	if err != nil {
		s.fail(c, err)
		return
	}
	list = nonNil(list)
	if err := s.audit(c, models.AuditEvent{Action: models.AuditReadMerges, ObjectType: "person_merge"}); err != nil {
		s.fail(c, err) // a read is not answered unless its audit event is written
		return
	}
	s.respond(c, http.StatusOK, "merges", mergesPage{Merges: list, Pager: Pager{Page: n, Size: limit, Total: total}})
}

// mergedRedirect answers a request for a merged-away person: to a reader
// who may see the survivor it says where they went (a redirect); to anyone
// else it is the same 404 as any hidden or missing person. It reports
// whether it answered.
func (s *Server) mergedRedirect(c *gin.Context, a policy.Actor) bool {
	id, ok := idParam(c, "id")
	if !ok {
		return false
	}
	to := s.store.UnscopedMergedInto(c.Request.Context(), id)
	if to == 0 {
		return false
	}
	if _, err := s.store.Person(c.Request.Context(), policy.People(a), to); err != nil {
		return false
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditRead, ObjectType: "person", ObjectID: &id, Reason: "merged into person " + strconv.FormatInt(to, 10)}); err != nil {
		s.fail(c, err) // a read is not answered unless its audit event is written
		return true
	}
	loc := personURL(to)
	if isAPI(c) {
		c.Header("Location", "/api/v1"+loc)
		abortProblem(c, http.StatusMovedPermanently, mergedProblem{
			apiError:     problem(http.StatusMovedPermanently, "This record was merged into another; see merged_into_id.", nil),
			MergedIntoID: to})
		return true
	}
	s.sessions.Put(c.Request.Context(), "flash", "The record you opened was merged into this one.")
	c.Redirect(http.StatusSeeOther, loc)
	c.Abort()
	return true
}

// mergedProblem answers a merged-away person's address: where the record
// went (also in Location).
type mergedProblem struct {
	apiError
	MergedIntoID int64 `json:"merged_into_id"`
}

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
		return eventsOnEach(models.AuditDuplicateNotSame, "duplicate pair "+strconv.FormatInt(p.ID, 10), p.PersonA, p.PersonB), nil
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
		return eventsOnEach(models.AuditSplit, "merge "+strconv.FormatInt(m.ID, 10)+" split: "+in.Reason, m.SurvivorID, m.MergedID), nil
	})
	if s.missed(c, err, models.AuditSplit, "person_merge", id, "merge of a person the reader cannot see, or missing") {
		return
	}
	s.done(c, http.StatusOK, "/admin/merges", "Merge split. Each record is back with the person it came from.", m)
}

// eventsOnEach is one audit event for each of the people a decision is
// about, so that each record's history shows it.
func eventsOnEach(action, reason string, people ...int64) []models.AuditEvent {
	evs := make([]models.AuditEvent, 0, len(people))
	for _, id := range people {
		evs = append(evs, models.AuditEvent{Action: action, ObjectType: "person", ObjectID: &id, Reason: reason})
	}
	return evs
}
