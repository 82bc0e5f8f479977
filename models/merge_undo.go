package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// SplitWindow is how long after a merge an area admin may split it again:
// long enough to notice a mistake in the course of work, short enough that
// the records moved are still the ones the merge moved.
const SplitWindow = 30 * 24 * time.Hour

// mergeUndo is what a merge changed besides the rows it moved (those are
// in person_merge_moves): enough to put both records back as they were.
type mergeUndo struct {
	ClosedInvolvements []int64      `json:"closed_involvements,omitempty"`
	Repointed          []int64      `json:"repointed,omitempty"`
	Identity           identityUndo `json:"identity"`
}

// identityUndo is what foldIdentity changed on the survivor: the columns it
// filled (with the value they had) and the aliases it added, and the
// duplicate's own aliases, which it removed.
type identityUndo struct {
	Filled       map[string]any `json:"filled,omitempty"`
	AddedAliases []Alias        `json:"added_aliases,omitempty"`
	DupAliases   []Alias        `json:"dup_aliases,omitempty"`
}

// SplitInput says why a merge was a mistake.
type SplitInput struct {
	Reason string `json:"reason"`
}

// SplitMerge undoes a merge: every row the merge moved goes back to the
// record it came from (rows written on the survivor since stay there),
// the involvements it closed reopen, the identity it filled in and the
// aliases it added come off the survivor, the duplicate is a person again
// with its own names and aliases, and the rollups are recounted for both.
// Only within SplitWindow, once, and only while the survivor has not been
// merged away itself. identity is the area admin's identity scope over
// the survivor, as for merging.
func (s *Store) SplitMerge(ctx context.Context, identity Scope, by Author, mergeID int64, in SplitInput) (*PersonMerge, error) {
	c := newCheck()
	c.reason(&in.Reason, "explain why these are two people")
	if err := c.Err(); err != nil {
		return nil, err
	}
	var m PersonMerge
	err := s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.Take(&m, mergeID).Error; err != nil {
			return ErrNotFound
		}
		// The survivor must be visible (and so not merged away since).
		if _, err := tx.Person(ctx, identity, m.SurvivorID); err != nil {
			if to := tx.UnscopedMergedInto(ctx, m.SurvivorID); to != 0 {
				if _, err := tx.Person(ctx, identity, to); err == nil {
					return Conflict("merge", fmt.Sprintf("the record this merge kept was merged into person %d since; split that merge first", to))
				}
			}
			return ErrNotFound
		}
		now := Now()
		switch {
		case m.SplitAt != nil:
			return Conflict("merge", "this merge was already split on "+m.SplitAt.In(London).Format("2 Jan 2006"))
		case now.Sub(m.MergedAt) > SplitWindow:
			return Conflict("merge", "merges can be split for 30 days; this one was made on "+m.MergedAt.In(London).Format("2 Jan 2006"))
		}
		var undo mergeUndo
		if err := json.Unmarshal([]byte(m.Undo), &undo); err != nil {
			return fmt.Errorf("merge %d: undo record: %w", m.ID, err)
		}
		if err := tx.moveBack(ctx, &m); err != nil {
			return err
		}
		if len(undo.ClosedInvolvements) > 0 {
			// Reopen only what is still as the merge left it, and only where
			// the survivor has not opened work at that service since.
			err := tx.db.Exec(`UPDATE involvements SET ended_at = NULL, end_reason = '', closed_by_user_id = NULL
				WHERE id IN ? AND person_id = ? AND end_reason = ?
				AND NOT EXISTS (SELECT 1 FROM involvements o WHERE o.person_id = involvements.person_id
					AND o.service_id = involvements.service_id AND o.ended_at IS NULL)`,
				undo.ClosedInvolvements, m.MergedID, "duplicate record merged").Error
			if err != nil {
				return err
			}
		}
		if err := tx.unfoldIdentity(&m, undo.Identity); err != nil {
			return err
		}
		if len(undo.Repointed) > 0 {
			if err := tx.db.Model(&Person{}).Where("id IN ? AND merged_into_id = ?", undo.Repointed, m.SurvivorID).
				Update("merged_into_id", m.MergedID).Error; err != nil {
				return err
			}
		}
		if err := tx.RebuildStreetContactCells(ctx, m.SurvivorID, m.MergedID); err != nil {
			return err
		}
		res := tx.db.Model(&PersonMerge{}).Where("id = ? AND split_at IS NULL", m.ID).
			Updates(map[string]any{"split_at": now, "split_by_user_id": by.UserID, "split_reason": in.Reason})
		if res.Error != nil {
			return res.Error
		}
		m.SplitAt, m.SplitReason = &now, in.Reason
		// The pair the review offered is open again only by a new run:
		// it is now known to be two people.
		return tx.db.Exec(`UPDATE duplicate_pairs SET status = 'not_same', note = ?, resolved_by_user_id = ?, resolved_at = ?
			WHERE person_a = ? AND person_b = ?`, "merge split: "+in.Reason, by.UserID, now,
			min(m.SurvivorID, m.MergedID), max(m.SurvivorID, m.MergedID)).Error
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// moveBack returns every row the merge moved, by table, to the duplicate.
func (s *Store) moveBack(ctx context.Context, m *PersonMerge) error {
	var moves []struct {
		TableName string
		RowID     int64
	}
	if err := s.db.Table("person_merge_moves").Where("merge_id = ?", m.ID).Scan(&moves).Error; err != nil {
		return err
	}
	byTable := map[string][]int64{}
	for _, mv := range moves {
		byTable[mv.TableName] = append(byTable[mv.TableName], mv.RowID)
	}
	for _, t := range personTables {
		ids := byTable[t.Table]
		if err := inChunks(ids, func(chunk []int64) error {
			return s.db.Exec("UPDATE "+t.Table+" SET person_id = ? WHERE id IN ? AND person_id = ?", m.MergedID, chunk, m.SurvivorID).Error
		}); err != nil {
			return fmt.Errorf("move %s back: %w", t.Table, err)
		}
	}
	return nil
}

// unfoldIdentity takes off the survivor what the merge filled in (where it
// still holds what was filled) and the aliases the merge added, and makes
// the duplicate a person again with its own aliases and index keys. A
// safety flag the merge brought stays on the survivor: a split must never
// be what removes a warning.
func (s *Store) unfoldIdentity(m *PersonMerge, undo identityUndo) error {
	var survivor, dup Person
	if err := s.db.Take(&survivor, m.SurvivorID).Error; err != nil {
		return err
	}
	if err := s.db.Take(&dup, m.MergedID).Error; err != nil {
		return err
	}
	// A filled column the survivor's workers changed since stays as they
	// left it: only what still holds the duplicate's value goes back.
	still := map[string]bool{
		"dob": survivor.DOB == dup.DOB, "estimated_birth_year": samePtr(survivor.EstimatedBirthYear, dup.EstimatedBirthYear),
		"gender": survivor.Gender == dup.Gender, "phone": survivor.Phone == dup.Phone, "email": survivor.Email == dup.Email,
		"nationality": survivor.Nationality == dup.Nationality, "immigration_status": survivor.ImmigrationStatus == dup.ImmigrationStatus,
		"local_connection_la_id": samePtr(survivor.LocalConnectionLAID, dup.LocalConnectionLAID),
	}
	restore := map[string]any{}
	for col, old := range undo.Filled {
		if still[col] {
			restore[col] = old
		}
	}
	if len(restore) > 0 {
		restore["version"], restore["updated_at"] = survivor.Version+1, Now()
		if err := s.db.Model(&Person{}).Where("id = ?", survivor.ID).Updates(restore).Error; err != nil {
			return err
		}
	}
	survivor = Person{}
	if err := s.db.Preload("Aliases").Take(&survivor, m.SurvivorID).Error; err != nil {
		return err
	}
	var kept []Alias
	for _, a := range survivor.Aliases {
		added := false
		for _, x := range undo.AddedAliases {
			added = added || (x.GivenName == a.GivenName && x.FamilyName == a.FamilyName)
		}
		if !added {
			kept = append(kept, a)
		}
	}
	if err := s.replaceAliases(&survivor, kept); err != nil {
		return err
	}
	if err := s.db.Model(&Person{}).Where("id = ?", dup.ID).
		Updates(map[string]any{"merged_into_id": nil, "version": dup.Version + 1, "updated_at": Now()}).Error; err != nil {
		return err
	}
	dup.MergedIntoID = nil
	return s.replaceAliases(&dup, undo.DupAliases)
}

func samePtr[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
