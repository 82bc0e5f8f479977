package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

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
