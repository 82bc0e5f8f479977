package models

import (
	"context"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Erasure is one person erased (UK GDPR Article 17), on request or because
// the retention period ended. PersonID is the tombstone left behind: the
// row keeps every record counted and holds no identity.
type Erasure struct {
	ID                    int64     `json:"id"`
	PersonID              int64     `json:"person_id"`
	Reason                string    `json:"reason"`
	RequestedViaServiceID *int64    `json:"requested_via_service_id"`
	OpenWorkReason        string    `json:"open_work_reason"`
	ByUserID              *int64    `json:"-"`
	ErasedAt              time.Time `json:"erased_at"`
}

// ErasureInput is an area admin's erasure request. OpenWorkReason must be
// given when the person still has an open placement, case or referral.
type ErasureInput struct {
	Reason                string `json:"reason"`
	RequestedViaServiceID FlexID `json:"requested_via_service_id"`
	OpenWorkReason        string `json:"open_work_reason"`
}

// FlexID is an id a client may send as a number or as a string of digits
// (as a form does).
type FlexID int64

func (f *FlexID) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return Invalid("requested_via_service_id", "must be a service id")
	}
	*f = FlexID(n)
	return nil
}

// ErasedText stands in for each answer of an erased assessment, so the
// compliance counts (an answer is there or not) do not move.
const ErasedText = "[erased]"

// ErasePerson erases a person on request. identity is the area admin's
// identity scope; a merged-away record is refused by name (its survivor is
// the one to erase), an unknown, hidden or already erased one is
// ErrNotFound.
func (s *Store) ErasePerson(ctx context.Context, identity Scope, by Author, personID int64, in ErasureInput) (*Erasure, error) {
	c := newCheck()
	c.reason(&in.Reason, "say why the record is erased")
	c.text("open_work_reason", &in.OpenWorkReason, false, MaxReason)
	if in.RequestedViaServiceID <= 0 {
		c.Add("requested_via_service_id", "is required: the service the person asked through")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var e *Erasure
	err := s.Tx(ctx, func(tx *Store) error {
		var raw Person
		if err := tx.db.Take(&raw, personID).Error; err != nil || raw.ErasedAt != nil {
			return ErrNotFound
		}
		if raw.MergedIntoID != nil {
			if _, err := tx.Person(ctx, identity, *raw.MergedIntoID); err != nil {
				return ErrNotFound // merged into someone hidden: as if unknown
			}
			return Invalid("id", "this record was merged into another as a duplicate; erase the record it was merged into")
		}
		p, err := tx.Person(ctx, identity, personID)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.db.Table("services").Where("id = ?", in.RequestedViaServiceID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return Invalid("requested_via_service_id", "no such service")
		}
		if in.OpenWorkReason == "" {
			open, err := tx.openWork(p.ID)
			if err != nil {
				return err
			}
			if open {
				return Invalid("open_work_reason", "the person still has an open placement, case or referral: close it first, or record why the record must go now")
			}
		}
		for _, name := range []string{p.GivenName, p.FamilyName} {
			if len([]rune(name)) >= 3 && strings.Contains(strings.ToLower(in.Reason+" "+in.OpenWorkReason), strings.ToLower(name)) {
				return Invalid("reason", "must not name the person: the erasure record outlives their identity")
			}
		}
		now := Now()
		via := int64(in.RequestedViaServiceID)
		e = &Erasure{PersonID: p.ID, Reason: in.Reason, RequestedViaServiceID: &via,
			OpenWorkReason: in.OpenWorkReason, ByUserID: &by.UserID, ErasedAt: now}
		if err := tx.erase(now, p.ID); err != nil {
			return err
		}
		if err := tx.db.Create(e).Error; err != nil {
			return err
		}
		// Audited without the identity: the tombstone's id and nothing else.
		return tx.db.Create(&AuditEvent{At: now, ActorUserID: &by.UserID, ActingServiceID: &by.ServiceID, Action: AuditPersonErased,
			ObjectType: "person", ObjectID: &p.ID, Outcome: Allowed}).Error
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// openWork: an open placement, an open case or a referral waiting for a
// decision, at any service.
func (s *Store) openWork(personID int64) (bool, error) {
	var n int64
	err := s.db.Raw(`SELECT
		(SELECT COUNT(*) FROM placements WHERE person_id = ? AND moved_on_at IS NULL) +
		(SELECT COUNT(*) FROM cases WHERE person_id = ? AND closed_at IS NULL) +
		(SELECT COUNT(*) FROM referrals WHERE person_id = ? AND status = ?)`, personID, personID, personID, ReferralSent).Scan(&n).Error
	return n > 0, err
}

// unlock lets the append-only triggers give way for the rest of this
// transaction (see migration 00017); relock before committing.
func (s *Store) unlock(purpose string) error {
	return s.db.Exec("INSERT INTO data_protection_unlock (purpose) VALUES (?)", purpose).Error
}

func (s *Store) relock() error { return s.db.Exec("DELETE FROM data_protection_unlock").Error }

// erase removes the identity and the free text of a person and of every
// record merged into them, inside the caller's transaction. Rows stay and
// keep their person_id, so every count, roll-up and score is unchanged;
// what made them about someone in particular goes.
func (s *Store) erase(now time.Time, personIDs ...int64) error {
	ids := append([]int64(nil), personIDs...)
	for frontier := ids; len(frontier) > 0; {
		var next []int64
		if err := s.db.Table("people").Where("merged_into_id IN ?", frontier).Pluck("id", &next).Error; err != nil {
			return err
		}
		ids = append(ids, next...)
		frontier = next
	}
	needles, err := s.identityNeedles(ids)
	if err != nil {
		return err
	}
	if err := s.unlock("erasure"); err != nil {
		return err
	}
	stmts := []struct {
		sql  string
		args []any
	}{
		{`UPDATE people SET given_name = '', family_name = '', dob = NULL, estimated_birth_year = NULL, gender = '', phone = '', email = '',
			nationality = '', immigration_status = '', safety_contact = '', safety_flag = ?, erased_at = ?, updated_at = ?, version = version + 1
			WHERE id IN ?`, []any{false, now, now, ids}},
		{"DELETE FROM person_aliases WHERE person_id IN ?", []any{ids}},
		{"DELETE FROM person_name_keys WHERE person_id IN ?", []any{ids}},
		{"UPDATE involvements SET reason = '', end_reason = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE case_notes SET body = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE assessments SET needs_override_reason = '' WHERE person_id IN ?", []any{ids}},
		{`UPDATE safety_plans SET keeps_me_safe = '', warning_signs = '', what_helps = '', people_to_contact = '', agreed_actions = ''
			WHERE person_id IN ?`, []any{ids}},
		{"UPDATE consents SET with_whom = '', notes = '', withdrawn_reason = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE cases SET rag_reason = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE case_events SET note = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id IN ?)", []any{ids}},
		{"UPDATE referrals SET message = '', snapshot = '{}', decision_note = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE placements SET move_on_note = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE priority_adjustments SET reason = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE break_glass SET reason = '' WHERE person_id IN ?", []any{ids}},
		{"UPDATE tasks SET title = '' WHERE person_id IN ?", []any{ids}},
		{`UPDATE public_alerts SET description = '', location_text = '', reporter_name = '', reporter_contact = '', outcome_note = '', anonymised_at = ?
			WHERE id IN (SELECT alert_id FROM street_contacts WHERE person_id IN ? AND alert_id IS NOT NULL)`, []any{now, ids}},
		{`UPDATE public_alert_events SET note = ''
			WHERE alert_id IN (SELECT alert_id FROM street_contacts WHERE person_id IN ? AND alert_id IS NOT NULL)`, []any{ids}},
		{"UPDATE person_merges SET reason = '', undo = '', split_reason = '' WHERE survivor_id IN ? OR merged_id IN ?", []any{ids, ids}},
		// Without the moves a merge cannot be split: the erased record
		// must not come back.
		{"DELETE FROM person_merge_moves WHERE merge_id IN (SELECT id FROM person_merges WHERE survivor_id IN ? OR merged_id IN ?)", []any{ids, ids}},
		{"UPDATE duplicate_pairs SET reasons = '[]', note = '' WHERE person_a IN ? OR person_b IN ?", []any{ids, ids}},
		{"UPDATE audit_events SET reason = '' WHERE object_type = 'person' AND object_id IN ?", []any{ids}},
	}
	for _, st := range stmts {
		if err := s.db.Exec(st.sql, st.args...).Error; err != nil {
			return err
		}
	}
	if err := s.eraseAnswers(ids); err != nil {
		return err
	}
	if err := s.anonymiseContacts("person_id IN ?", []any{ids}, now); err != nil {
		return err
	}
	// Words typed elsewhere that name the person: a partner's search
	// reason in the audit log, a stored API response.
	find := "instr(lower(%s), ?) > 0"
	if s.dialect == Postgres {
		find = "strpos(lower(%s), ?) > 0"
	}
	// Many needles to one statement: the audit log is read once per
	// hundred needles, not once per needle (retention erases in batches).
	for len(needles) > 0 {
		chunk := needles[:min(100, len(needles))]
		needles = needles[len(chunk):]
		for _, st := range []struct{ sql, col string }{
			{"UPDATE audit_events SET reason = '' WHERE reason <> '' AND (", "reason"},
			{"DELETE FROM idempotency_keys WHERE (", "response"},
		} {
			conds := make([]string, len(chunk))
			args := make([]any, len(chunk))
			for i, n := range chunk {
				conds[i] = strings.Replace(find, "%s", st.col, 1)
				args[i] = n
			}
			if err := s.db.Exec(st.sql+strings.Join(conds, " OR ")+")", args...).Error; err != nil {
				return err
			}
		}
	}
	return s.relock()
}

// identityNeedles are the strings that identify the people: names of at
// least three letters, phone and email, in lower case.
func (s *Store) identityNeedles(ids []int64) ([]string, error) {
	var people []Person
	if err := s.db.Where("id IN ?", ids).Find(&people).Error; err != nil {
		return nil, err
	}
	var aliases []Alias
	if err := s.db.Where("person_id IN ?", ids).Find(&aliases).Error; err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		v = strings.ToLower(strings.TrimSpace(v))
		if utf8.RuneCountInString(v) >= 3 && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, p := range people {
		add(p.GivenName)
		add(p.FamilyName)
		add(p.Phone)
		add(p.Email)
	}
	for _, a := range aliases {
		add(a.GivenName)
		add(a.FamilyName)
	}
	return out, nil
}

// eraseAnswers replaces every answer of the people's assessments with
// ErasedText (numbers and yes/no stay: scores, not words), so a field
// that was answered still counts as answered.
func (s *Store) eraseAnswers(ids []int64) error {
	var rows []struct {
		ID      int64
		Answers string
	}
	if err := s.db.Table("assessments").Select("id, answers").Where("person_id IN ?", ids).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		var v any
		if err := json.Unmarshal([]byte(r.Answers), &v); err != nil {
			v = map[string]any{}
		}
		b, err := json.Marshal(blankStrings(v))
		if err != nil {
			return err
		}
		if err := s.db.Exec("UPDATE assessments SET answers = ? WHERE id = ?", string(b), r.ID).Error; err != nil {
			return err
		}
	}
	return nil
}

func blankStrings(v any) any {
	switch x := v.(type) {
	case string:
		if x == "" {
			return x
		}
		return ErasedText
	case []any:
		for i := range x {
			x[i] = blankStrings(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = blankStrings(x[k])
		}
		return x
	}
	return v
}

// anonymiseContacts takes the exact place, the description, the note and the
// recorder off street contacts: the point moves to the centre of its base
// tile, which the roll-ups already hold, so every cell keeps its count.
func (s *Store) anonymiseContacts(where string, args []any, now time.Time) error {
	var rows []struct {
		ID           int64
		TileX, TileY int
	}
	if err := s.db.Table("street_contacts").Select("id, tile_x, tile_y").Where(where, args...).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		lat, lon := tileCentre(r.TileX, r.TileY)
		if err := s.db.Exec("UPDATE street_contacts SET description = '', note = '', user_id = NULL, lat = ?, lon = ?, anonymised_at = ? WHERE id = ?",
			lat, lon, now, r.ID).Error; err != nil {
			return err
		}
	}
	return nil
}

// tileCentre is the centre of a web-mercator tile at zoom 16 (geo.BaseZoom;
// models cannot import geo).
func tileCentre(x, y int) (lat, lon float64) {
	n := float64(int(1) << 16)
	lon = (float64(x)+0.5)/n*360 - 180
	lat = math.Atan(math.Sinh(math.Pi*(1-2*(float64(y)+0.5)/n))) * 180 / math.Pi
	return math.Round(lat*1e6) / 1e6, math.Round(lon*1e6) / 1e6
}

// Erasures lists erasures, newest first (for the area team; they name no one).
func (s *Store) Erasures(ctx context.Context, limit int) ([]Erasure, error) {
	var out []Erasure
	err := s.with(ctx).Order("erased_at DESC, id DESC").Limit(limit).Find(&out).Error
	if out == nil {
		out = []Erasure{}
	}
	return out, err
}
