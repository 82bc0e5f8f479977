package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// personTables are the tables whose rows follow a person into a merge, and
// whether they carry the confidential flag (their confidential rows are
// moved but never counted where the area team can see). A feature that
// adds a table about a person adds it here.
var personTables = []struct {
	Table, Label string
	Confidential bool
}{
	{"involvements", "involvements", true},
	{"case_notes", "case notes", true},
	{"assessments", "assessments", true},
	{"cases", "cases", true},
	{"consents", "consent records", true},
	{"safety_plans", "safety plans", true},
	{"notifications", "", false},
	// Placement.
	{"referrals", "referrals", true},
	{"placements", "placements", true},
	{"priority_adjustments", "priority adjustments", true},
	// Street contacts; their rollups are recounted after the move.
	{"street_contacts", "street contacts", true},
	// Gaps in provision count people (00006): a person's events follow them,
	// so the merged pair count once. Never listed, so no label.
	{"gap_events", "", false},
	// Tasks and appointments follow the person; a service's
	// own, so counted only where not confidential, like notes.
	{"tasks", "tasks and appointments", true},
}

// PersonMerge records one merge: the duplicate record and the survivor
// its history moved to.
type PersonMerge struct {
	ID         int64          `json:"id"`
	SurvivorID int64          `json:"survivor_id"`
	MergedID   int64          `json:"merged_id"`
	Reason     string         `json:"reason"`
	Moved      map[string]int `json:"moved" gorm:"serializer:json"`
	ByUserID   int64          `json:"by_user_id"`
	ServiceID  int64          `json:"service_id"`
	MergedAt   time.Time      `json:"merged_at"`
	// Undo is what the merge changed besides moving rows (mergeUndo, as
	// JSON); SplitAt is set once an area admin has split the merge.
	Undo        string     `json:"-"`
	SplitAt     *time.Time `json:"split_at"`
	SplitReason string     `json:"split_reason,omitempty"`
	SplitByID   *int64     `json:"-" gorm:"column:split_by_user_id"`

	SurvivorName string `json:"survivor_name" gorm:"->;-:migration"`
	MergedName   string `json:"merged_name" gorm:"->;-:migration"`
	ByName       string `json:"by_name" gorm:"->;-:migration"`
}

// MergeInput names the duplicate to fold into the survivor, and why.
type MergeInput struct {
	MergeID int64  `json:"merge_id"`
	Reason  string `json:"reason"`
}

// MergePeople folds the duplicate record into the survivor in one
// transaction: involvements, notes, assessments, cases, consents and
// safety plans move; the duplicate's name and aliases become aliases of
// the survivor, and its search keys follow; identity the survivor lacks
// (date of birth, contact, the safety flag) is filled from the duplicate;
// the duplicate points at the survivor from then on. identity is the area
// admin's identity scope: both records must be visible to them.
func (s *Store) MergePeople(ctx context.Context, identity Scope, by Author, survivorID int64, in MergeInput) (*PersonMerge, error) {
	c := newCheck()
	c.reason(&in.Reason, "explain why these are the same person")
	if in.MergeID <= 0 {
		c.Add("merge_id", "is required: the record to merge into this one")
	} else if in.MergeID == survivorID {
		c.Add("merge_id", "a record cannot be merged into itself")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var m *PersonMerge
	err := s.Tx(ctx, func(tx *Store) error {
		survivor, err := tx.Person(ctx, identity, survivorID)
		if err != nil {
			return err
		}
		dup, err := tx.Person(ctx, identity, in.MergeID)
		if err == ErrNotFound {
			// Say where a merged record went, if the reader may see it.
			if to := tx.UnscopedMergedInto(ctx, in.MergeID); to != 0 {
				if _, err := tx.Person(ctx, identity, to); err == nil {
					return Invalid("merge_id", fmt.Sprintf("that record was already merged into person %d; merge that one instead", to))
				}
			}
			return Invalid("merge_id", "no such person, or you cannot see them")
		} else if err != nil {
			return err
		}
		if err := tx.clashesBeforeMerge(survivor.ID, dup.ID); err != nil {
			return err
		}
		now := Now()
		var undo mergeUndo
		// Work open at the same service on both records becomes one
		// involvement: the survivor's. The undo remembers which it closed.
		err = tx.db.Raw(`SELECT id FROM involvements WHERE person_id = ? AND ended_at IS NULL AND service_id IN
			(SELECT service_id FROM involvements WHERE person_id = ? AND ended_at IS NULL)`, dup.ID, survivor.ID).Scan(&undo.ClosedInvolvements).Error
		if err != nil {
			return err
		}
		if len(undo.ClosedInvolvements) > 0 {
			err = tx.db.Exec(`UPDATE involvements SET ended_at = ?, end_reason = ?, closed_by_user_id = ? WHERE id IN ?`,
				now, "duplicate record merged", by.UserID, undo.ClosedInvolvements).Error
			if err != nil {
				return err
			}
		}
		moved := map[string]int{}
		var moves [][]any // (table, row id) of every row moved, for the undo
		for _, t := range personTables {
			var ids []int64
			if err := tx.db.Table(t.Table).Where("person_id = ?", dup.ID).Order("id").Pluck("id", &ids).Error; err != nil {
				return err
			}
			if len(ids) == 0 {
				continue
			}
			if t.Confidential {
				var n int64
				if err := tx.db.Table(t.Table).Where("person_id = ? AND confidential = ?", dup.ID, false).Count(&n).Error; err != nil {
					return err
				}
				if n > 0 {
					moved[t.Label] = int(n)
				}
			}
			if err := tx.db.Exec("UPDATE "+t.Table+" SET person_id = ? WHERE person_id = ?", survivor.ID, dup.ID).Error; err != nil {
				return fmt.Errorf("move %s: %w", t.Table, err)
			}
			for _, id := range ids {
				moves = append(moves, []any{t.Table, id})
			}
		}
		// The hotspot rollups count people by id: recount both.
		if err := tx.RebuildStreetContactCells(ctx, survivor.ID, dup.ID); err != nil {
			return err
		}
		if undo.Identity, err = tx.foldIdentity(survivor, dup); err != nil {
			return err
		}
		res := tx.db.Model(&Person{}).Where("id = ? AND merged_into_id IS NULL", dup.ID).
			Updates(map[string]any{"merged_into_id": survivor.ID, "updated_at": now, "version": dup.Version + 1})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("merge_id", "that record was merged meanwhile")
		}
		// Links to records merged into the duplicate earlier now lead to the survivor.
		if err := tx.db.Model(&Person{}).Where("merged_into_id = ?", dup.ID).Pluck("id", &undo.Repointed).Error; err != nil {
			return err
		}
		if err := tx.db.Model(&Person{}).Where("merged_into_id = ?", dup.ID).Update("merged_into_id", survivor.ID).Error; err != nil {
			return err
		}
		undoJSON, err := json.Marshal(undo)
		if err != nil {
			return err
		}
		m = &PersonMerge{SurvivorID: survivor.ID, MergedID: dup.ID, Reason: in.Reason, Moved: moved,
			ByUserID: by.UserID, ServiceID: by.ServiceID, MergedAt: now, Undo: string(undoJSON)}
		if err := tx.db.Omit("SurvivorName", "MergedName", "ByName").Create(m).Error; err != nil {
			return err
		}
		rows := make([][]any, len(moves))
		for i, mv := range moves {
			rows[i] = []any{m.ID, mv[0], mv[1]}
		}
		if err := tx.insertRows(ctx, "person_merge_moves", []string{"merge_id", "table_name", "row_id"}, rows); err != nil {
			return err
		}
		// A pair the duplicate review offered is decided.
		return tx.resolvePairByMerge(survivor.ID, dup.ID, by, now)
	})
	return m, err
}

// clashesBeforeMerge refuses a merge that would leave two drafts or two
// open cases of one service on the survivor: that service must finish one
// first. A confidential service is not named to the area team.
func (s *Store) clashesBeforeMerge(survivor, dup int64) error {
	type clash struct {
		ServiceName  string
		Confidential bool
		What         string
	}
	var clashes []clash
	err := s.db.Raw(`
		SELECT sv.name AS service_name, sv.confidential, 'a draft assessment' AS what
		FROM assessments a JOIN assessments b ON b.service_id = a.service_id AND b.status = 'draft' AND b.person_id = ?
		JOIN services sv ON sv.id = a.service_id
		WHERE a.person_id = ? AND a.status = 'draft'
		UNION ALL
		SELECT sv.name, sv.confidential, 'an open case on the same pathway'
		FROM cases a JOIN cases b ON b.service_id = a.service_id AND b.pathway_id = a.pathway_id AND b.closed_at IS NULL AND b.person_id = ?
		JOIN services sv ON sv.id = a.service_id
		WHERE a.person_id = ? AND a.closed_at IS NULL
		UNION ALL
		SELECT sv.name, sv.confidential, 'a referral waiting'
		FROM referrals a JOIN referrals b ON b.from_service_id = a.from_service_id AND b.to_service_id = a.to_service_id AND b.status = 'sent' AND b.person_id = ?
		JOIN services sv ON sv.id = a.to_service_id
		WHERE a.person_id = ? AND a.status = 'sent'
		UNION ALL
		SELECT sv.name, sv.confidential, 'an open placement'
		FROM placements a JOIN placements b ON b.service_id = a.service_id AND b.moved_on_at IS NULL AND b.person_id = ?
		JOIN services sv ON sv.id = a.service_id
		WHERE a.person_id = ? AND a.moved_on_at IS NULL`, dup, survivor, dup, survivor, dup, survivor, dup, survivor).Scan(&clashes).Error
	if err != nil || len(clashes) == 0 {
		return err
	}
	cl := clashes[0]
	if cl.Confidential {
		return Conflict("merge_id", "both records have open work with the same service that it must finish on one of them first")
	}
	return Conflict("merge_id", "both records have "+cl.What+" with "+cl.ServiceName+"; it must finish or close one of them first")
}

// foldIdentity keeps the survivor's identity, fills what it lacks from the
// duplicate, never drops a safety flag, and makes the duplicate's names
// aliases so a search for them finds the survivor. It returns what it
// changed, so a split can put it back.
func (s *Store) foldIdentity(survivor, dup *Person) (identityUndo, error) {
	undo := identityUndo{Filled: map[string]any{}, DupAliases: dup.Aliases}
	p := *survivor
	if p.DOB.IsZero() && p.EstimatedBirthYear == nil && (!dup.DOB.IsZero() || dup.EstimatedBirthYear != nil) {
		p.DOB, p.EstimatedBirthYear = dup.DOB, dup.EstimatedBirthYear
		undo.Filled["dob"], undo.Filled["estimated_birth_year"] = nil, nil
	}
	fill := func(column string, dst *string, src string) {
		if *dst == "" && src != "" {
			*dst = src
			undo.Filled[column] = ""
		}
	}
	fill("gender", &p.Gender, dup.Gender)
	fill("phone", &p.Phone, dup.Phone)
	fill("email", &p.Email, dup.Email)
	fill("nationality", &p.Nationality, dup.Nationality)
	fill("immigration_status", &p.ImmigrationStatus, dup.ImmigrationStatus)
	if p.LocalConnectionLAID == nil && dup.LocalConnectionLAID != nil {
		p.LocalConnectionLAID = dup.LocalConnectionLAID
		undo.Filled["local_connection_la_id"] = nil
	}
	if dup.SafetyFlag { // never undone: a split must not remove a warning
		if !p.SafetyFlag {
			p.SafetyContact = dup.SafetyContact
		} else if dup.SafetyContact != "" && !strings.Contains(p.SafetyContact, dup.SafetyContact) {
			p.SafetyContact = strings.TrimSpace(p.SafetyContact + "; " + dup.SafetyContact)
		}
		p.SafetyFlag = true
	}
	err := s.db.Model(&Person{}).Where("id = ?", p.ID).Updates(map[string]any{
		"dob": p.DOB, "estimated_birth_year": p.EstimatedBirthYear, "gender": p.Gender, "phone": p.Phone, "email": p.Email,
		"nationality": p.Nationality, "immigration_status": p.ImmigrationStatus, "local_connection_la_id": p.LocalConnectionLAID,
		"safety_flag": p.SafetyFlag, "safety_contact": p.SafetyContact, "version": p.Version + 1, "updated_at": Now(),
	}).Error
	if err != nil {
		return undo, err
	}
	aliases := append([]Alias(nil), survivor.Aliases...)
	seen := map[string]bool{strings.ToLower(survivor.FullName()): true}
	for _, a := range aliases {
		seen[strings.ToLower(strings.TrimSpace(a.GivenName+" "+a.FamilyName))] = true
	}
	for _, a := range append([]Alias{{GivenName: dup.GivenName, FamilyName: dup.FamilyName}}, dup.Aliases...) {
		k := strings.ToLower(strings.TrimSpace(a.GivenName + " " + a.FamilyName))
		if !seen[k] {
			seen[k] = true
			aliases = append(aliases, Alias{GivenName: a.GivenName, FamilyName: a.FamilyName})
			undo.AddedAliases = append(undo.AddedAliases, Alias{GivenName: a.GivenName, FamilyName: a.FamilyName})
		}
	}
	if err := s.db.Where("person_id = ?", dup.ID).Delete(&Alias{}).Error; err != nil {
		return undo, err
	}
	if err := s.db.Exec("DELETE FROM person_name_keys WHERE person_id = ?", dup.ID).Error; err != nil {
		return undo, err
	}
	return undo, s.replaceAliases(&p, aliases)
}

// PersonMerges lists merges whose survivor scope shows, newest first; a
// personID > 0 keeps those involving that person.
func (s *Store) PersonMerges(ctx context.Context, scope Scope, personID int64, limit, offset int) ([]PersonMerge, int64, error) {
	q := s.with(ctx).Table("person_merges").
		Joins("JOIN people ON people.id = person_merges.survivor_id").Scopes(scope.Apply).
		Joins("JOIN people md ON md.id = person_merges.merged_id").
		Joins("JOIN users u ON u.id = person_merges.by_user_id")
	if personID > 0 {
		q = q.Where("person_merges.survivor_id = ? OR person_merges.merged_id = ?", personID, personID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []struct {
		PersonMerge
		MovedJSON string
	}
	err := q.Select(`person_merges.id, person_merges.survivor_id, person_merges.merged_id, person_merges.reason,
			person_merges.moved AS moved_json, person_merges.by_user_id, person_merges.service_id, person_merges.merged_at,
			person_merges.split_at, person_merges.split_reason,
			people.given_name || ' ' || people.family_name AS survivor_name, md.given_name || ' ' || md.family_name AS merged_name,
			u.name AS by_name`).
		Order("person_merges.merged_at DESC, person_merges.id DESC").Limit(limitOr(limit, 50)).Offset(offset).Scan(&rows).Error
	out := make([]PersonMerge, len(rows))
	for i, r := range rows {
		out[i] = r.PersonMerge
		json.Unmarshal([]byte(r.MovedJSON), &out[i].Moved)
	}
	return out, total, err
}
