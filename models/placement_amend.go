package models

import (
	"context"
	"strconv"
	"strings"
)

// MoveOnAmendment puts right why a placement ended and where the person
// went, after move-on was recorded: a destination recorded as "Not known"
// counts as missing in the service's data compliance until someone finds
// out. The date stays as recorded: it ended the involvement
// and the vacancy's count.
type MoveOnAmendment struct {
	Reason      string `json:"reason"`
	Destination string `json:"destination"`
	Note        string `json:"note"`
}

func (in *MoveOnAmendment) validate() error {
	c := newCheck()
	checkMoveOnOutcome(c, in.Reason, in.Destination, &in.Note)
	return c.Err()
}

// AmendMoveOn changes the move-on reason, destination and note of an ended
// placement found through scope (the service's own ended placements:
// policy.AmendablePlacements). It returns the placement as it is now and a
// note of what changed, from what, for the audit trail, which is where the
// earlier answer is kept (the note's text is not copied there).
func (s *Store) AmendMoveOn(ctx context.Context, scope Scope, id int64, in MoveOnAmendment) (*Placement, string, error) {
	var changes []string
	load := func(tx *Store) (*Placement, error) { return tx.Placement(ctx, scope, id) }
	p, err := changeLoaded(ctx, s, load, func(tx *Store, p *Placement) error {
		if p.Open() {
			return Conflict("placement", "this placement has not ended; record move-on instead")
		}
		if err := in.validate(); err != nil {
			return err
		}
		if in.Reason != p.MoveOnReason {
			changes = append(changes, "reason "+orMissing(p.MoveOnReason)+" → "+in.Reason)
		}
		if in.Destination != p.MoveOnDestination {
			changes = append(changes, "destination "+orMissing(p.MoveOnDestination)+" → "+in.Destination)
		}
		if in.Note != p.MoveOnNote {
			changes = append(changes, "note changed")
		}
		if len(changes) == 0 {
			return nil
		}
		err := tx.db.Exec("UPDATE placements SET move_on_reason = ?, move_on_destination = ?, move_on_note = ? WHERE id = ? AND moved_on_at IS NOT NULL",
			in.Reason, in.Destination, in.Note, p.ID).Error
		p.MoveOnReason, p.MoveOnDestination, p.MoveOnNote = in.Reason, in.Destination, in.Note
		return err
	})
	if err != nil {
		return nil, "", err
	}
	what := "nothing changed"
	if len(changes) > 0 {
		what = strings.Join(changes, "; ")
	}
	return p, "placement " + strconv.FormatInt(p.ID, 10) + ": " + what, nil
}
