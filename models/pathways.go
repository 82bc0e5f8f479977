package models

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"
)

// The pathways shipped in the repo; each is seeded into the database, and
// a file with a higher version replaces the stored definition on start.
//
//go:embed pathways/*.json
var pathwayFiles embed.FS

// PathwayDefinition is a pathway as a state machine held as data: states,
// the actions (transitions) between them, and the primary outcomes a case
// closes with.
type PathwayDefinition struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Version     int    `json:"version"`
	// ServiceTypes may open cases on the pathway; empty means any provider.
	ServiceTypes []string        `json:"service_types"`
	Initial      string          `json:"initial"`
	States       []PathwayState  `json:"states"`
	Actions      []PathwayAction `json:"actions"`
	Outcomes     []string        `json:"outcomes"`
}

// PathwayState is one status a case can have. A closed state ends the case.
type PathwayState struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Help   string `json:"help,omitempty"`
	Closed bool   `json:"closed,omitempty"`
}

// PathwayAction moves a case From one of some states To another (or
// records something and stays, when To is empty). Requires lists, per
// state, flags an earlier action must have set before this one may be used
// there; Sets are the flags it sets. NeedsOutcome demands a primary outcome
// from the pathway's list; NeedsNote a written note.
type PathwayAction struct {
	Key             string              `json:"key"`
	Label           string              `json:"label"`
	Help            string              `json:"help,omitempty"`
	From            []string            `json:"from"`
	To              string              `json:"to,omitempty"`
	Requires        map[string][]string `json:"requires,omitempty"`
	RequiresMessage string              `json:"requires_message,omitempty"`
	Sets            []string            `json:"sets,omitempty"`
	NeedsOutcome    bool                `json:"needs_outcome,omitempty"`
	NeedsNote       bool                `json:"needs_note,omitempty"`
}

// Pathway is a stored pathway.
type Pathway struct {
	ID         int64             `json:"id"`
	Key        string            `json:"key"`
	Name       string            `json:"name"`
	Version    int               `json:"version"`
	Definition PathwayDefinition `json:"definition" gorm:"serializer:json"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

// State finds a state by key.
func (d *PathwayDefinition) State(key string) *PathwayState {
	for i := range d.States {
		if d.States[i].Key == key {
			return &d.States[i]
		}
	}
	return nil
}

// Action finds an action by key.
func (d *PathwayDefinition) Action(key string) *PathwayAction {
	for i := range d.Actions {
		if d.Actions[i].Key == key {
			return &d.Actions[i]
		}
	}
	return nil
}

// StateLabel is how a state reads; the key if the state is unknown.
func (d *PathwayDefinition) StateLabel(key string) string {
	if st := d.State(key); st != nil {
		return st.Label
	}
	return key
}

// ActionsFrom lists the actions that apply in a state, in definition order.
func (d *PathwayDefinition) ActionsFrom(state string) []PathwayAction {
	var out []PathwayAction
	for _, a := range d.Actions {
		if slices.Contains(a.From, state) {
			out = append(out, a)
		}
	}
	return out
}

// OpenableBy reports whether a service of this type may open a case.
func (d *PathwayDefinition) OpenableBy(t ServiceType) bool {
	return t.Provider() && (len(d.ServiceTypes) == 0 || slices.Contains(d.ServiceTypes, string(t)))
}

// Validate checks a pathway is a well-formed state machine: unique states
// and actions, known states everywhere, an open initial state, at least
// one closed state, and every move into a closed state asking for an
// outcome when the pathway has outcomes.
func (d *PathwayDefinition) Validate() error {
	c := newCheck()
	if !idPattern.MatchString(d.Key) {
		c.Add("key", "must be lower-case letters, digits and underscores")
	}
	c.text("name", &d.Name, true, MaxText)
	if d.Version < 1 {
		c.Add("version", "must be 1 or more")
	}
	states := map[string]PathwayState{}
	closed := 0
	for i, st := range d.States {
		if !idPattern.MatchString(st.Key) || st.Label == "" {
			c.Add(fmt.Sprintf("states[%d]", i), "needs a key and a label")
		}
		if _, dup := states[st.Key]; dup {
			c.Add(fmt.Sprintf("states[%d]", i), "state "+st.Key+" appears twice")
		}
		states[st.Key] = st
		if st.Closed {
			closed++
		}
	}
	if st, ok := states[d.Initial]; !ok || st.Closed {
		c.Add("initial", "must be an open state of the pathway")
	}
	if closed == 0 {
		c.Add("states", "a pathway needs a closed state")
	}
	for _, t := range d.ServiceTypes {
		if !ServiceType(t).Provider() {
			c.Add("service_types", t+" is not a type of provider service")
		}
	}
	actions := map[string]bool{}
	for i, a := range d.Actions {
		at := fmt.Sprintf("actions[%d]", i)
		if !idPattern.MatchString(a.Key) || a.Label == "" || actions[a.Key] {
			c.Add(at, "needs a unique key and a label")
		}
		actions[a.Key] = true
		if len(a.From) == 0 {
			c.Add(at+".from", "an action applies in at least one state")
		}
		for _, f := range a.From {
			if _, ok := states[f]; !ok {
				c.Add(at+".from", f+" is not a state of the pathway")
			}
		}
		if a.To != "" {
			to, ok := states[a.To]
			if !ok {
				c.Add(at+".to", a.To+" is not a state of the pathway")
			} else if to.Closed && len(d.Outcomes) > 0 && !a.NeedsOutcome {
				c.Add(at+".needs_outcome", "closing a case needs a primary outcome")
			}
		}
		for st := range a.Requires {
			if !slices.Contains(a.From, st) {
				c.Add(at+".requires", st+" is not one of the states the action applies in")
			}
		}
		if len(a.Requires) > 0 && a.RequiresMessage == "" {
			c.Add(at+".requires_message", "say what must be done first")
		}
	}
	return c.Err()
}

// ShippedPathways are the definitions in the repo, by key order.
func ShippedPathways() ([]PathwayDefinition, error) {
	files, err := fs.Glob(pathwayFiles, "pathways/*.json")
	if err != nil {
		return nil, err
	}
	var out []PathwayDefinition
	for _, f := range files {
		b, err := pathwayFiles.ReadFile(f)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		var d PathwayDefinition
		if err := dec.Decode(&d); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// seedPathways stores each shipped pathway that is missing, and replaces a
// stored one whose file has a higher version, provided every status an
// existing case is in still exists (otherwise start-up stops with the
// reason: a case must never be left in a state its pathway lost).
func (s *Store) seedPathways(ctx context.Context) error {
	defs, err := ShippedPathways()
	if err != nil {
		return err
	}
	for _, d := range defs {
		var p Pathway
		err := s.with(ctx).Where("key = ?", d.Key).Take(&p).Error
		switch {
		case notFound(err) == ErrNotFound:
			p = Pathway{Key: d.Key, Name: d.Name, Version: d.Version, Definition: d, UpdatedAt: Now()}
			if err := s.with(ctx).Create(&p).Error; err != nil && !uniqueViolation(err) {
				return err
			}
		case err != nil:
			return err
		case d.Version > p.Version:
			var used []string
			if err := s.with(ctx).Model(&Case{}).Distinct("status").Where("pathway_id = ?", p.ID).Pluck("status", &used).Error; err != nil {
				return err
			}
			for _, st := range used {
				if d.State(st) == nil {
					return fmt.Errorf("pathway %s version %d drops status %q, which cases are in", d.Key, d.Version, st)
				}
			}
			err := s.with(ctx).Model(&Pathway{}).Where("id = ?", p.ID).
				Updates(map[string]any{"name": d.Name, "version": d.Version, "definition": Pathway{Definition: d}.definitionJSON(), "updated_at": Now()}).Error
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (p Pathway) definitionJSON() string {
	b, _ := json.Marshal(p.Definition)
	return string(b)
}

// Pathways lists the stored pathways by name.
func (s *Store) Pathways(ctx context.Context) ([]Pathway, error) {
	var out []Pathway
	err := s.with(ctx).Order("name").Find(&out).Error
	return out, err
}

// PathwayByKey loads one pathway.
func (s *Store) PathwayByKey(ctx context.Context, key string) (*Pathway, error) {
	return takeOne[Pathway](s.with(ctx).Where("key = ?", key))
}

// PathwayByID loads one pathway.
func (s *Store) PathwayByID(ctx context.Context, id int64) (*Pathway, error) {
	var p Pathway
	err := s.with(ctx).Take(&p, id).Error
	return &p, notFound(err)
}

// seedCasework puts the shipped form and pathways in the database. It runs
// after every migration, and does nothing when they are already there.
func (s *Store) seedCasework(ctx context.Context) error {
	if err := s.seedForm(ctx); err != nil {
		return err
	}
	return s.seedPathways(ctx)
}
