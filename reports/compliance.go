package reports

import (
	"cmp"
	"math"
	"slices"
)

// Record is one record checked for essential data. The caller works out which
// essential fields are missing; this package only counts.
type Record struct {
	Type      string // one of RecordTypes
	ID        int64
	ServiceID int64  // the service responsible for completing it
	Label     string // display name; only ever rendered in a manager's named list
	Link      string // where a manager fixes it
	Missing   []string
}

// ServiceScore is a service's data compliance for a month (CHAIN-style): the
// share of essential fields present across the records it is responsible for.
type ServiceScore struct {
	ServiceID int64
	Month     Month
	Records   int     // records measured
	Required  int     // essential fields across them
	Missing   int     // essential fields empty
	Score     float64 // 100 × (1 − Missing/Required), 1 dp; 100 when nothing is required
	PerField  []FieldCount
	Named     []MissingRecord // for the service's managers only, never commissioners
}

// FieldCount is how often one essential field was required and missing.
type FieldCount struct {
	Type, Key, Label  string
	Required, Missing int
}

// MissingRecord is one line of a manager's named list.
type MissingRecord struct {
	Type    string
	ID      int64
	Label   string
	Link    string
	Missing []Field
}

// ruleIndex flattens a RuleSet so scoring a record is slice lookups.
type ruleIndex struct {
	types  []string       // in RecordTypes order
	byName map[string]int // type -> position in types
	first  []int          // type -> index of its first field in fields
	fields []Field        // every type's fields, concatenated
	owner  []int          // field -> its type
}

func indexRules(rs RuleSet) *ruleIndex {
	ix := &ruleIndex{byName: map[string]int{}}
	for _, t := range RecordTypes {
		fs, ok := rs.Types[t]
		if !ok {
			continue
		}
		ix.byName[t] = len(ix.types)
		ix.types = append(ix.types, t)
		ix.first = append(ix.first, len(ix.fields))
		for _, f := range fs {
			ix.fields = append(ix.fields, f)
			ix.owner = append(ix.owner, len(ix.types)-1)
		}
	}
	ix.first = append(ix.first, len(ix.fields))
	return ix
}

type serviceTally struct {
	score       ServiceScore
	typeRecords []int
	fieldMissed []int
	arena       []Field // backing store for Named[i].Missing, fewer allocations
}

// Score measures each service's records against the rules. Records of a type
// the rules do not name are not measured. A missing key the rules do not
// require for that type is ignored (it may come from an older rule version),
// and a key listed twice counts once. Results are ordered by ServiceID; each
// Named list by record type, then ID.
func Score(month Month, rules RuleSet, recs []Record) []ServiceScore {
	ix := indexRules(rules)
	tallies := map[int64]*serviceTally{}
	var last *serviceTally
	stamp := make([]int, len(ix.fields)) // stamp[f] == i+1: field f already counted for record i
	for i, r := range recs {
		ti, ok := ix.byName[r.Type]
		if !ok {
			continue
		}
		if last == nil || last.score.ServiceID != r.ServiceID {
			last = tallies[r.ServiceID]
			if last == nil {
				last = &serviceTally{
					score:       ServiceScore{ServiceID: r.ServiceID, Month: month},
					typeRecords: make([]int, len(ix.types)),
					fieldMissed: make([]int, len(ix.fields)),
				}
				tallies[r.ServiceID] = last
			}
		}
		s := last
		lo, hi := ix.first[ti], ix.first[ti+1]
		s.score.Records++
		s.score.Required += hi - lo
		s.typeRecords[ti]++
		start := len(s.arena)
		for _, key := range r.Missing {
			for f := lo; f < hi; f++ {
				if ix.fields[f].Key == key && stamp[f] != i+1 {
					stamp[f] = i + 1
					s.fieldMissed[f]++
					s.arena = append(s.arena, ix.fields[f])
					break
				}
			}
		}
		if n := len(s.arena) - start; n > 0 {
			s.score.Missing += n
			s.score.Named = append(s.score.Named, MissingRecord{
				Type: r.Type, ID: r.ID, Label: r.Label, Link: r.Link,
				Missing: s.arena[start:len(s.arena):len(s.arena)],
			})
		}
	}

	out := make([]ServiceScore, 0, len(tallies))
	for _, s := range tallies {
		for ti, n := range s.typeRecords {
			if n == 0 {
				continue
			}
			for f := ix.first[ti]; f < ix.first[ti+1]; f++ {
				s.score.PerField = append(s.score.PerField, FieldCount{
					Type: ix.types[ti], Key: ix.fields[f].Key, Label: ix.fields[f].Label,
					Required: n, Missing: s.fieldMissed[f],
				})
			}
		}
		slices.SortStableFunc(s.score.Named, func(a, b MissingRecord) int {
			return cmp.Or(cmp.Compare(ix.byName[a.Type], ix.byName[b.Type]), cmp.Compare(a.ID, b.ID))
		})
		s.score.Score = percentPresent(s.score.Required, s.score.Missing)
		out = append(out, s.score)
	}
	slices.SortFunc(out, func(a, b ServiceScore) int { return cmp.Compare(a.ServiceID, b.ServiceID) })
	return out
}

// percentPresent is 100 × (1 − missing/required) to 1 dp. It divides whole
// numbers (tenths of a percent) so 2 of 3 present is 66.7, not 66.69999.
func percentPresent(required, missing int) float64 {
	if required <= 0 {
		return 100
	}
	tenths := math.Round(float64(1000*(required-missing)) / float64(required))
	return tenths / 10
}

// Combine adds several services' scores into one, e.g. an LA's overall score
// for a trend line. The result has no ServiceID and no named list.
func Combine(month Month, scores []ServiceScore) ServiceScore {
	out := ServiceScore{Month: month}
	type fieldKey struct{ typ, key string }
	at := map[fieldKey]int{}
	for _, s := range scores {
		out.Records += s.Records
		out.Required += s.Required
		out.Missing += s.Missing
		for _, f := range s.PerField {
			k := fieldKey{f.Type, f.Key}
			i, ok := at[k]
			if !ok {
				i = len(out.PerField)
				at[k] = i
				out.PerField = append(out.PerField, FieldCount{Type: f.Type, Key: f.Key, Label: f.Label})
			}
			out.PerField[i].Required += f.Required
			out.PerField[i].Missing += f.Missing
		}
	}
	// Services may list types in different orders; keep the rules' type order.
	slices.SortStableFunc(out.PerField, func(a, b FieldCount) int {
		return cmp.Compare(typeOrder(a.Type), typeOrder(b.Type))
	})
	out.Score = percentPresent(out.Required, out.Missing)
	return out
}

func typeOrder(t string) int {
	if i := slices.Index(RecordTypes, t); i >= 0 {
		return i
	}
	return len(RecordTypes)
}
