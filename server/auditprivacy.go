package server

import (
	"context"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// Rule 4 in the audit log. A person who exists only
// through confidential services' involvements does not exist for anyone
// else, and that includes whoever reviews the audit log: a read refused
// because of them is logged, for everyone, exactly as a read of a missing
// id ("no such record"), and a look-up that matched them exactly as one
// that matched nobody. What really happened goes to the confidential
// service alone: an event recorded for its managers' eyes
// (policy.AuditEvents), and for a worker's or partner's look-up a
// notification saying who looked, from which service, when and why.

// missReason is the reason a refused read of person id is logged with.
// "Hidden by access rules" only where the person is no secret (some
// non-confidential service knows them); otherwise "no such record", and
// the confidential services hiding them get the truth.
func (s *Server) missReason(c *gin.Context, action string, id int64) string {
	ctx := c.Request.Context()
	if !s.store.UnscopedPersonExists(ctx, id) {
		return "no such record"
	}
	hidden, err := s.tellHidingServices(c, action, id, "refused: a person only your service works with", false)
	if err != nil {
		s.log.Error("audit for a confidential service failed", "err", logSafe(err), "person_id", id)
		return "no such record"
	}
	if hidden {
		return "no such record"
	}
	return "hidden by access rules"
}

// tellHidingServices records, for each confidential service through which
// alone person id exists, a denied event only its managers see, and when
// notify is set a notification to them. It answers whether there were any
// (whether the person is, to the caller and the area, as if missing).
func (s *Server) tellHidingServices(c *gin.Context, action string, personID int64, reason string, notify bool) (bool, error) {
	ctx := c.Request.Context()
	a, _ := actorOf(c)
	hiding, err := s.store.ConfidentialServicesHiding(ctx, personID)
	if err != nil {
		return false, err
	}
	for _, sv := range hiding {
		ev := models.AuditEvent{ActorUserID: &a.UserID, ActingServiceID: &a.ServiceID, Action: action, ObjectType: "person",
			ObjectID: &personID, Outcome: models.Denied, Reason: reason, RequestID: c.GetString("request_id"), ConfidentialServiceID: &sv}
		// The event and the managers' notification pointing at it commit
		// together.
		err := s.store.Tx(ctx, func(tx *models.Store) error {
			id, err := tx.AuditReturningID(ctx, ev)
			if err != nil || !notify {
				return err
			}
			return tx.NotifyHiddenLookup(ctx, sv, personID, a.ServiceID, a.UserID, id)
		})
		if err != nil {
			return true, err
		}
	}
	return len(hiding) > 0, nil
}

// tellHiddenMatches tells confidential services of each of their people
// hidden from a worker that the worker's search matched: ids, the best
// hiddenMatchesTold by how well they matched, which the search asks for in
// its own query (models.PersonSearch.Also with policy.HiddenByConfidential),
// on its first page only, so paging does not repeat it. The search terms
// are never kept: the reason says only what kind of look-up it was. The
// matches' events and notifications are written together
// (models/hidden_lookups.go).
func (s *Server) tellHiddenMatches(c *gin.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	ctx := c.Request.Context()
	a, _ := actorOf(c)
	looked, err := s.store.ConfidentialServicesHidingMany(ctx, ids)
	if err != nil {
		return err
	}
	evs := make([]models.AuditEvent, len(looked))
	for i, l := range looked {
		person, sv := l.PersonID, l.ServiceID
		evs[i] = models.AuditEvent{ActorUserID: &a.UserID, ActingServiceID: &a.ServiceID, Action: models.AuditSearch, ObjectType: "person",
			ObjectID: &person, Outcome: models.Denied, Reason: "a worker's search by name or date of birth (the terms are not kept)",
			RequestID: c.GetString("request_id"), ConfidentialServiceID: &sv}
	}
	return s.store.NotifyHiddenLookups(ctx, evs, looked, a.ServiceID, a.UserID)
}

// hiddenMatchesTold is how many hidden people a search tells of at most.
const hiddenMatchesTold = 50

// hiddenLookupNotice writes the notification for a confidential service's
// manager: who looked, from which service, when and the reason given.
func (s *Server) hiddenLookupNotice(ctx context.Context, a policy.Actor, nt *notice) {
	nt.Text = "Someone outside your service looked up a person your service works with."
	who, from := "someone", "another service"
	if nt.ActorUserID != nil {
		if u, err := s.store.User(ctx, *nt.ActorUserID); err == nil {
			who = u.Name
		}
	}
	if nt.OtherServiceID != nil {
		if sv, err := s.store.Service(ctx, *nt.OtherServiceID); err == nil {
			from = sv.Name
		}
	}
	nt.Detail = who + " of " + from + ", " + nt.CreatedAt.In(london).Format("2 Jan 2006 15:04")
	if nt.RefID != nil {
		if ev, err := s.store.AuditEventFor(ctx, a.ServiceID, *nt.RefID); err == nil {
			nt.Detail += ". " + ev.Reason
		}
	}
	nt.Detail += "."
}
