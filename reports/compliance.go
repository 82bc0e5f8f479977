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
	// NotApplicable lists essential fields that do not apply to this record
	// yet, such as the move-on reason of a placement that has not ended:
	// they are neither required nor missing.
	NotApplicable []string
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
	score         ServiceScore
	typeRecords   []int
	fieldRequired []int
	fieldMissed   []int
	arena         []Field // backing store for Named[i].Missing, fewer allocations
}

// Scorer scores records as they stream in, so a month of a million records
// never has to be held in memory at once. The zero Scorer is not usable;
// make one with NewScorer. It is not safe for concurrent use.
type Scorer struct {
	month   Month
	ix      *ruleIndex
	tallies map[int64]*serviceTally
	last    *serviceTally
	stamp   []int // stamp[f] == n: field f already seen for record n
	na      []int // na[f] == n: field f does not apply to record n
	n       int   // records added
}

// NewScorer starts scoring month against rules.
func NewScorer(month Month, rules RuleSet) *Scorer {
	ix := indexRules(rules)
	return &Scorer{month: month, ix: ix, tallies: map[int64]*serviceTally{},
		stamp: make([]int, len(ix.fields)), na: make([]int, len(ix.fields))}
}

// Add counts one record. Records of a type the rules do not name are not
// measured. A missing key the rules do not require for that type is ignored
// (it may come from an older rule version), and a key listed twice counts
// once. A field listed as not applicable is neither required nor missing,
// even if it is also listed as missing.
func (sc *Scorer) Add(r Record) {
	ix := sc.ix
	ti, ok := ix.byName[r.Type]
	if !ok {
		return
	}
	sc.n++
	n := sc.n
	if sc.last == nil || sc.last.score.ServiceID != r.ServiceID {
		sc.last = sc.tallies[r.ServiceID]
		if sc.last == nil {
			sc.last = &serviceTally{
				score:         ServiceScore{ServiceID: r.ServiceID, Month: sc.month},
				typeRecords:   make([]int, len(ix.types)),
				fieldRequired: make([]int, len(ix.fields)),
				fieldMissed:   make([]int, len(ix.fields)),
			}
			sc.tallies[r.ServiceID] = sc.last
		}
	}
	s := sc.last
	lo, hi := ix.first[ti], ix.first[ti+1]
	for _, key := range r.NotApplicable {
		for f := lo; f < hi; f++ {
			if ix.fields[f].Key == key {
				sc.na[f] = n
				break
			}
		}
	}
	s.score.Records++
	s.typeRecords[ti]++
	for f := lo; f < hi; f++ {
		if sc.na[f] != n {
			s.fieldRequired[f]++
			s.score.Required++
		}
	}
	start := len(s.arena)
	for _, key := range r.Missing {
		for f := lo; f < hi; f++ {
			if ix.fields[f].Key == key && sc.stamp[f] != n && sc.na[f] != n {
				sc.stamp[f] = n
				s.fieldMissed[f]++
				s.arena = append(s.arena, ix.fields[f])
				break
			}
		}
	}
	if k := len(s.arena) - start; k > 0 {
		s.score.Missing += k
		s.score.Named = append(s.score.Named, MissingRecord{
			Type: r.Type, ID: r.ID, Label: r.Label, Link: r.Link,
			Missing: s.arena[start:len(s.arena):len(s.arena)],
		})
	}
}

// Records is how many measured records have been added so far.
func (sc *Scorer) Records() int { return sc.n }

// Scores is each service's score so far, ordered by ServiceID; each Named
// list by record type, then ID. PerField lists, for each type the service
// had records of, the fields that applied to at least one of them.
func (sc *Scorer) Scores() []ServiceScore {
	ix := sc.ix
	out := make([]ServiceScore, 0, len(sc.tallies))
	for _, t := range sc.tallies {
		s := t.score
		s.PerField = nil
		for ti, n := range t.typeRecords {
			if n == 0 {
				continue
			}
			for f := ix.first[ti]; f < ix.first[ti+1]; f++ {
				if t.fieldRequired[f] == 0 {
					continue
				}
				s.PerField = append(s.PerField, FieldCount{
					Type: ix.types[ti], Key: ix.fields[f].Key, Label: ix.fields[f].Label,
					Required: t.fieldRequired[f], Missing: t.fieldMissed[f],
				})
			}
		}
		s.Named = slices.Clone(s.Named)
		slices.SortStableFunc(s.Named, func(a, b MissingRecord) int {
			return cmp.Or(cmp.Compare(ix.byName[a.Type], ix.byName[b.Type]), cmp.Compare(a.ID, b.ID))
		})
		s.Score = percentPresent(s.Required, s.Missing)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b ServiceScore) int { return cmp.Compare(a.ServiceID, b.ServiceID) })
	return out
}

// Score measures each service's records against the rules: NewScorer, Add
// each record, Scores.
func Score(month Month, rules RuleSet, recs []Record) []ServiceScore {
	sc := NewScorer(month, rules)
	for _, r := range recs {
		sc.Add(r)
	}
	return sc.Scores()
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
