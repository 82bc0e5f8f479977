package models

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A person's aliases and "known to" list are read as JSON arrays in the
// same statement as the record, so that reading a person is one trip to
// the database, not three (the person page and API, the note list, and
// every route that finds a person first). Both databases build the array
// in the order the separate queries used.

// jsonArray aggregates the pairs of names and expressions into a JSON array
// of objects, in order, or '[]' when there are no rows.
func (s *Store) jsonArray(pairs, order string) string {
	if s.dialect == Postgres {
		return "COALESCE(json_agg(json_build_object(" + pairs + ") ORDER BY " + order + "), '[]')"
	}
	return "COALESCE(json_group_array(json_object(" + pairs + ") ORDER BY " + order + "), '[]')"
}

// aliasesColumn selects the aliases of the row's person, by id.
func (s *Store) aliasesColumn() string {
	return "(SELECT " + s.jsonArray("'id', a.id, 'given_name', a.given_name, 'family_name', a.family_name, 'created_at', a.created_at", "a.id") +
		" FROM person_aliases a WHERE a.person_id = people.id) AS aliases_json"
}

// knownToOrder is KnownToList's order: open involvements first, newest first.
const knownToOrder = "CASE WHEN involvements.ended_at IS NULL THEN 0 ELSE 1 END, involvements.started_at DESC, involvements.id DESC"

// knownToColumn is the subquery for the involvements of the outer row's
// person that the condition cond (a scope's) lets the reader see, with
// KnownToList's fields.
func (s *Store) knownToColumn(cond string) string {
	pairs := strings.Join([]string{
		"'involvement_id', involvements.id", "'service_id', involvements.service_id", "'service_name', sv.name",
		"'service_type', sv.type", "'phone', sv.phone", "'source', involvements.source", "'reason', involvements.reason",
		"'started_at', involvements.started_at", "'ended_at', involvements.ended_at", "'end_reason', involvements.end_reason",
	}, ", ")
	return "(SELECT " + s.jsonArray(pairs, knownToOrder) + " FROM involvements JOIN services sv ON sv.id = involvements.service_id" +
		" WHERE (" + cond + ") AND involvements.person_id = people.id)"
}

// aliasJSON is one alias as aliasesColumn writes it; times come as text.
type aliasJSON struct {
	ID         int64  `json:"id"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	CreatedAt  string `json:"created_at"`
}

// decodeAliases reads aliasesColumn's array for the person with id.
func decodeAliases(personID int64, raw string) ([]Alias, error) {
	if raw == "" || raw == "[]" {
		return nil, nil
	}
	var in []aliasJSON
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		return nil, fmt.Errorf("read aliases of person %d: %w", personID, err)
	}
	out := make([]Alias, len(in))
	for i, a := range in {
		var at Time
		if err := at.parse(a.CreatedAt); err != nil {
			return nil, fmt.Errorf("read aliases of person %d: created_at: %w", personID, err)
		}
		out[i] = Alias{ID: a.ID, PersonID: personID, GivenName: a.GivenName, FamilyName: a.FamilyName, CreatedAt: at.Time}
	}
	return out, nil
}

// knownToJSON is one involvement as knownToColumn writes it.
type knownToJSON struct {
	KnownTo
	StartedAt string  `json:"started_at"`
	EndedAt   *string `json:"ended_at"`
}

// decodeKnownTo reads knownToColumn's array for the person with id.
func decodeKnownTo(personID int64, raw string) ([]KnownTo, error) {
	var in []knownToJSON
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		return nil, fmt.Errorf("read known-to of person %d: %w", personID, err)
	}
	out := make([]KnownTo, len(in))
	for i, k := range in {
		out[i] = k.KnownTo
		if err := out[i].StartedAt.parse(k.StartedAt); err != nil {
			return nil, fmt.Errorf("read known-to of person %d: started_at: %w", personID, err)
		}
		if k.EndedAt != nil {
			var ended Time
			if err := ended.parse(*k.EndedAt); err != nil {
				return nil, fmt.Errorf("read known-to of person %d: ended_at: %w", personID, err)
			}
			out[i].EndedAt = &ended
		}
	}
	return out, nil
}
