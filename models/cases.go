package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Case is a service's work with a person along one pathway: where it is
// (Status, a state of the pathway), how worried the service is (RAG with
// its reason) and when anything last happened. Confidential copies the
// service's flag (rule 4).
type Case struct {
	ID               int64      `json:"id"`
	PersonID         int64      `json:"person_id"`
	ServiceID        int64      `json:"service_id"`
	Confidential     bool       `json:"-"`
	PathwayID        int64      `json:"pathway_id"`
	Status           string     `json:"status"`
	Flags            []string   `json:"flags" gorm:"serializer:json"`
	RAG              string     `json:"rag" gorm:"column:rag"`
	RAGReason        string     `json:"rag_reason" gorm:"column:rag_reason"`
	PrimaryOutcome   string     `json:"primary_outcome"`
	WorkerUserID     *int64     `json:"worker_user_id"`
	OpenedByUserID   int64      `json:"opened_by_user_id"`
	RepresentsCaseID *int64     `json:"represents_case_id"`
	OpenedAt         time.Time  `json:"opened_at"`
	ClosedAt         *time.Time `json:"closed_at"`
	LastActivityAt   time.Time  `json:"last_activity_at"`
	Version          int        `json:"version"`

	PathwayKey  string `json:"pathway" gorm:"->;-:migration"`
	PathwayName string `json:"pathway_name" gorm:"->;-:migration"`
	ServiceName string `json:"service_name" gorm:"->;-:migration"`
	WorkerName  string `json:"worker_name" gorm:"->;-:migration"`
}

func (Case) TableName() string { return "cases" }

// RAG concern levels.
const (
	RAGGreen = "green"
	RAGAmber = "amber"
	RAGRed   = "red"
)

// RAGLevels lists the levels in order of concern.
var RAGLevels = []string{RAGGreen, RAGAmber, RAGRed}

// SourceCase: an involvement opened because a service opened a case.
const SourceCase = "case"

// Open reports whether the case is still open.
func (c *Case) Open() bool { return c.ClosedAt == nil }

// CaseEvent is one line of a case's history: opened, an action taken, or
// the RAG level changed. The history is append-only.
type CaseEvent struct {
	ID         int64     `json:"id"`
	CaseID     int64     `json:"case_id"`
	Kind       string    `json:"kind"`
	Action     string    `json:"action"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	Outcome    string    `json:"outcome"`
	RAG        string    `json:"rag" gorm:"column:rag"`
	Note       string    `json:"note"`
	UserID     int64     `json:"user_id"`
	At         time.Time `json:"at"`

	UserName string `json:"user_name" gorm:"->;-:migration"`
}

// Case event kinds.
const (
	EventOpened = "opened"
	EventAction = "action"
	EventRAG    = "rag"
)

// CaseInput opens a case.
type CaseInput struct {
	Pathway   string `json:"pathway"`
	RAG       string `json:"rag"`
	RAGReason string `json:"rag_reason"`
	Note      string `json:"note"`
}

func checkRAG(c *check, rag string, reason *string) {
	c.oneOf("rag", rag, RAGLevels)
	c.text("rag_reason", reason, true, MaxReason)
}

// OpenCase opens a case on a pathway for the author's service. identity
// must be the author's identity scope; opening a case opens the service's
// involvement. A person who re-presents after a closed case gets a new
// case that points back at it; only one case per pathway per service is
// open at a time.
func (s *Store) OpenCase(ctx context.Context, identity Scope, by Author, personID int64, in CaseInput) (*Case, error) {
	if in.RAG == "" {
		in.RAG = RAGGreen
	}
	c := newCheck()
	c.text("pathway", &in.Pathway, true, MaxName)
	checkRAG(c, in.RAG, &in.RAGReason)
	c.text("note", &in.Note, false, MaxReason)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var out *Case
	err := s.txOnPerson(ctx, identity, personID, func(tx *Store) error {
		p, err := tx.PathwayByKey(ctx, in.Pathway)
		if errors.Is(err, ErrNotFound) {
			return Invalid("pathway", "is not a pathway; choose one of the pathways listed")
		} else if err != nil {
			return err
		}
		sv, err := tx.Service(ctx, by.ServiceID)
		if err != nil {
			return err
		}
		if !p.Definition.OpenableBy(sv.Type) {
			return Invalid("pathway", p.Name+" cases are opened by "+strings.ReplaceAll(strings.Join(p.Definition.ServiceTypes, ", "), "_", " ")+" services")
		}
		if _, _, err := tx.OpenInvolvement(ctx, InvolvementStart{PersonID: personID, ServiceID: by.ServiceID, UserID: by.UserID, Source: SourceCase, Reason: p.Name + " case"}); err != nil {
			return err
		}
		now := Now()
		uid := by.UserID
		cs := &Case{PersonID: personID, ServiceID: by.ServiceID, Confidential: sv.Confidential, PathwayID: p.ID,
			Status: p.Definition.Initial, Flags: []string{}, RAG: in.RAG, RAGReason: in.RAGReason, WorkerUserID: &uid,
			OpenedByUserID: by.UserID, OpenedAt: now, LastActivityAt: now, Version: 1}
		var prev Case
		err = tx.db.Where("person_id = ? AND service_id = ? AND pathway_id = ? AND closed_at IS NOT NULL", personID, by.ServiceID, p.ID).
			Order("closed_at DESC, id DESC").Take(&prev).Error
		if err == nil {
			cs.RepresentsCaseID = &prev.ID
		} else if !errors.Is(notFound(err), ErrNotFound) {
			return err
		}
		if err := tx.db.Omit("PathwayKey", "PathwayName", "ServiceName", "WorkerName").Create(cs).Error; err != nil {
			return clashAs(err, "pathway", "this person already has an open "+p.Name+" case with your service")
		}
		ev := CaseEvent{CaseID: cs.ID, Kind: EventOpened, ToStatus: cs.Status, RAG: cs.RAG, Note: in.Note, UserID: by.UserID, At: now}
		if err := tx.db.Omit("UserName").Create(&ev).Error; err != nil {
			return err
		}
		out = cs
		return nil
	})
	if err != nil {
		return nil, err
	}
	return caseRecords.written(ctx, s, out.ID)
}

const caseColumns = "cases.*, pw.key AS pathway_key, pw.name AS pathway_name, sv.name AS service_name, COALESCE(wu.name, '') AS worker_name"

// Cases lists a person's cases through scope: open ones first, newest first.
func (s *Store) Cases(ctx context.Context, scope Scope, personID int64) ([]Case, error) {
	return caseRecords.of(ctx, s, scope, personID)
}

// Case finds one case through scope; hidden is ErrNotFound.
func (s *Store) Case(ctx context.Context, scope Scope, id int64) (*Case, error) {
	return caseRecords.one(ctx, s, scope, id)
}

// CaseEvents is a case's history, oldest first. scope must show the case.
func (s *Store) CaseEvents(ctx context.Context, scope Scope, caseID int64) ([]CaseEvent, error) {
	if _, err := s.Case(ctx, scope, caseID); err != nil {
		return nil, err
	}
	var out []CaseEvent
	err := s.with(ctx).Model(&CaseEvent{}).Select("case_events.*, u.name AS user_name").
		Joins("JOIN users u ON u.id = case_events.user_id").
		Where("case_events.case_id = ?", caseID).Order("case_events.at, case_events.id").Find(&out).Error
	return out, err
}

// TransitionInput takes an action on a case. Version, when given, must be
// the case's current version, so an action chosen on a stale page is not
// applied twice or out of order.
type TransitionInput struct {
	Action  string `json:"action"`
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
	Version int    `json:"version"`
}

// Transition takes an action on a case the author's service runs (scope).
// An action the pathway does not have, or one taken from the wrong status,
// or without what it requires, is refused with a message naming the field
// or status, and nothing changes.
func (s *Store) Transition(ctx context.Context, scope Scope, by Author, caseID int64, in TransitionInput) (*Case, error) {
	c := newCheck()
	c.text("action", &in.Action, true, MaxName)
	c.text("outcome", &in.Outcome, false, MaxText)
	c.text("note", &in.Note, false, MaxReason)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.Tx(ctx, func(tx *Store) error {
		cs, p, err := tx.lockedCase(ctx, scope, caseID, in.Version)
		if err != nil {
			return err
		}
		d := &p.Definition
		act := d.Action(in.Action)
		if act == nil {
			var keys []string
			for _, a := range d.Actions {
				keys = append(keys, a.Key)
			}
			return Invalid("action", "is not an action of the "+p.Name+" pathway; its actions are: "+strings.Join(keys, ", "))
		}
		if !slices.Contains(act.From, cs.Status) {
			var at []string
			for _, f := range act.From {
				at = append(at, d.StateLabel(f))
			}
			return Conflict("status", fmt.Sprintf("%s cannot be used while the case is at %s; it applies at %s",
				act.Label, d.StateLabel(cs.Status), strings.Join(at, ", ")))
		}
		for _, flag := range act.Requires[cs.Status] {
			if !slices.Contains(cs.Flags, flag) {
				return Conflict("status", act.RequiresMessage)
			}
		}
		switch {
		case act.NeedsOutcome && in.Outcome == "":
			return Invalid("outcome", "choose the primary outcome to "+strings.ToLower(act.Label))
		case act.NeedsOutcome && !slices.Contains(d.Outcomes, in.Outcome):
			return Invalid("outcome", "is not one of the "+p.Name+" outcomes")
		case !act.NeedsOutcome && in.Outcome != "":
			return Invalid("outcome", act.Label+" does not record an outcome")
		case act.NeedsNote && in.Note == "":
			return Invalid("note", "is required: say what happened")
		}
		now := Now()
		updates := map[string]any{"last_activity_at": now, "version": cs.Version + 1}
		to := cs.Status
		if act.To != "" {
			to = act.To
			updates["status"] = to
			wasClosed := d.State(cs.Status) != nil && d.State(cs.Status).Closed
			switch {
			case d.State(to).Closed:
				updates["closed_at"], updates["primary_outcome"] = now, in.Outcome
			case wasClosed:
				updates["closed_at"], updates["primary_outcome"] = nil, ""
			}
		}
		if len(act.Sets) > 0 {
			flags := slices.Clone(cs.Flags)
			for _, f := range act.Sets {
				if !slices.Contains(flags, f) {
					flags = append(flags, f)
				}
			}
			updates["flags"] = jsonText(flags)
		}
		res := tx.db.Model(&Case{}).Where("id = ? AND version = ?", cs.ID, cs.Version).Updates(updates)
		if res.Error != nil {
			if uniqueViolation(res.Error) {
				return Conflict("status", "a newer "+p.Name+" case is open for this person with your service; record the work there")
			}
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("version", "someone else updated this case since you opened it; reload and try again")
		}
		ev := CaseEvent{CaseID: cs.ID, Kind: EventAction, Action: act.Key, FromStatus: cs.Status, ToStatus: to,
			Outcome: in.Outcome, Note: in.Note, UserID: by.UserID, At: now}
		id = cs.ID
		return tx.db.Omit("UserName").Create(&ev).Error
	})
	if err != nil {
		return nil, err
	}
	return caseRecords.written(ctx, s, id)
}

// lockedCase loads a case through scope with its pathway, holding the row
// on PostgreSQL (SQLite's write lock already serialises writers).
func (s *Store) lockedCase(ctx context.Context, scope Scope, id int64, version int) (*Case, *Pathway, error) {
	if err := lockRow[Case](s, id); err != nil {
		return nil, nil, err
	}
	cs, err := s.Case(ctx, scope, id)
	if err != nil {
		return nil, nil, err
	}
	if version != 0 && version != cs.Version {
		return nil, nil, Conflict("version", "someone else updated this case since you opened it; reload and try again")
	}
	p, err := s.PathwayByID(ctx, cs.PathwayID)
	if err != nil {
		return nil, nil, err
	}
	return cs, p, nil
}

// RAGInput changes a case's concern level.
type RAGInput struct {
	RAG       string `json:"rag"`
	RAGReason string `json:"rag_reason"`
	Version   int    `json:"version"`
}

// SetRAG records a new concern level with its reason.
func (s *Store) SetRAG(ctx context.Context, scope Scope, by Author, caseID int64, in RAGInput) (*Case, error) {
	c := newCheck()
	checkRAG(c, in.RAG, &in.RAGReason)
	if err := c.Err(); err != nil {
		return nil, err
	}
	err := s.Tx(ctx, func(tx *Store) error {
		cs, _, err := tx.lockedCase(ctx, scope, caseID, in.Version)
		if err != nil {
			return err
		}
		if !cs.Open() {
			return Conflict("status", "the case is closed; its concern level no longer changes")
		}
		now := Now()
		res := tx.db.Model(&Case{}).Where("id = ? AND version = ?", cs.ID, cs.Version).
			Updates(map[string]any{"rag": in.RAG, "rag_reason": in.RAGReason, "last_activity_at": now, "version": cs.Version + 1})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("version", "someone else updated this case since you opened it; reload and try again")
		}
		ev := CaseEvent{CaseID: cs.ID, Kind: EventRAG, RAG: in.RAG, Note: in.RAGReason, UserID: by.UserID, At: now}
		return tx.db.Omit("UserName").Create(&ev).Error
	})
	if err != nil {
		return nil, err
	}
	return caseRecords.written(ctx, s, caseID)
}

func jsonText(v any) string { return string(rawJSON(v)) }
