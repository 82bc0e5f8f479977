package reports

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// RecordTypes are the kinds of record compliance is measured on, in the
// order reports list them.
var RecordTypes = []string{"person", "assessment", "street_contact", "placement", "case"}

var recordTypeLabels = map[string]string{
	"person":         "Person",
	"assessment":     "Assessment",
	"street_contact": "Street contact",
	"placement":      "Placement",
	"case":           "Case",
}

// RecordTypeLabel is the display name of a record type.
func RecordTypeLabel(t string) string {
	if l, ok := recordTypeLabels[t]; ok {
		return l
	}
	return t
}

// RuleSet says which fields are essential on each record type. It is data,
// versioned, so the area admin can change it without a release.
type RuleSet struct {
	Version int                `json:"version"`
	Types   map[string][]Field `json:"types"`
}

// Field is one essential field: Key is what callers put in Record.Missing,
// Label is what reports print.
type Field struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

//go:embed defaults/compliance_rules.json
var defaultRules []byte

// DefaultRules is the rule set shipped with Gateway.
func DefaultRules() RuleSet {
	rs, err := ParseRuleSet(defaultRules)
	if err != nil {
		panic("reports: embedded compliance rules: " + err.Error())
	}
	return rs
}

var fieldKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ParseRuleSet reads and checks a rule set. Every problem is reported, each
// naming the place it was found (e.g. `types.person[2].key`), so an admin
// editing the JSON can fix them in one go.
func ParseRuleSet(b []byte) (RuleSet, error) {
	var rs RuleSet
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // a misspelt "lable" must not silently drop labels
	if err := dec.Decode(&rs); err != nil {
		return RuleSet{}, fmt.Errorf("compliance rules: %w", err)
	}
	if err := rs.Validate(); err != nil {
		return RuleSet{}, err
	}
	return rs, nil
}

// Validate checks a rule set built in code or decoded elsewhere.
func (rs RuleSet) Validate() error {
	var errs []error
	bad := func(where, format string, args ...any) {
		errs = append(errs, fmt.Errorf("compliance rules: %s: %s", where, fmt.Sprintf(format, args...)))
	}
	if rs.Version < 1 {
		bad("version", "must be 1 or more, got %d", rs.Version)
	}
	if len(rs.Types) == 0 {
		bad("types", "no record types")
	}
	names := make([]string, 0, len(rs.Types))
	for t := range rs.Types {
		names = append(names, t)
	}
	slices.Sort(names)
	for _, t := range names {
		if !slices.Contains(RecordTypes, t) {
			bad("types."+t, "unknown record type (want one of %s)", strings.Join(RecordTypes, ", "))
			continue
		}
		seen := map[string]bool{}
		for i, f := range rs.Types[t] {
			where := fmt.Sprintf("types.%s[%d]", t, i)
			switch {
			case f.Key == "":
				bad(where+".key", "missing")
			case !fieldKey.MatchString(f.Key):
				bad(where+".key", "%q: use lower_snake_case", f.Key)
			case seen[f.Key]:
				bad(where+".key", "duplicate %q", f.Key)
			}
			seen[f.Key] = true
			if strings.TrimSpace(f.Label) == "" {
				bad(where+".label", "missing for %q", f.Key)
			}
		}
	}
	return errors.Join(errs...)
}
