package models

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// FormDefinition is one version of the common assessment form, held as
// data: sections of typed questions, with required flags and conditions
// on earlier answers or on the type of the service the assessment is for.
type FormDefinition struct {
	Version  int           `json:"version"`
	Title    string        `json:"title"`
	Intro    string        `json:"intro,omitempty"`
	Sections []FormSection `json:"sections"`
}

// FormSection is a page of the form.
type FormSection struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Intro string `json:"intro,omitempty"`
	// Sensitive sections (relationships and safety) are marked so workers
	// ask them privately and never print them without the person.
	Sensitive bool        `json:"sensitive,omitempty"`
	ShowIf    []Condition `json:"show_if,omitempty"`
	Questions []Question  `json:"questions"`
}

// Question is one question. Options are for choice and multi; Min and Max
// bound number answers; Domain names the needs-score domain of a score
// question; Prefill copies a fact about the person into a new assessment.
type Question struct {
	ID       string      `json:"id"`
	Label    string      `json:"label"`
	Hint     string      `json:"hint,omitempty"`
	Type     string      `json:"type"`
	Required bool        `json:"required,omitempty"`
	Options  []Option    `json:"options,omitempty"`
	Min      *int        `json:"min,omitempty"`
	Max      *int        `json:"max,omitempty"`
	Domain   string      `json:"domain,omitempty"`
	Prefill  string      `json:"prefill,omitempty"`
	ShowIf   []Condition `json:"show_if,omitempty"`
}

// Option is one answer a choice or multi question offers.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Condition shows a section or question only when an earlier answer is as
// given, and/or when the assessment is for one of the service types. All
// conditions in a show_if list must hold.
type Condition struct {
	Question string `json:"question,omitempty"`
	// Equals is the answer that shows it: true/false for yes_no, a value
	// for choice. In lists values, any of which (for multi: any selected)
	// shows it.
	Equals      any      `json:"equals,omitempty"`
	In          []string `json:"in,omitempty"`
	ServiceType []string `json:"service_type,omitempty"`
}

// Question types.
const (
	TypeText     = "text"
	TypeLongText = "long_text"
	TypeYesNo    = "yes_no"
	TypeNumber   = "number"
	TypeChoice   = "choice"
	TypeMulti    = "multi"
	TypeDate     = "date"
	TypeScore    = "score" // a needs-score domain, 1–5
	TypeLA       = "local_authority"
)

var questionTypes = []string{TypeText, TypeLongText, TypeYesNo, TypeNumber, TypeChoice, TypeMulti, TypeDate, TypeScore, TypeLA}

// NeedsDomains are the 12 domains of the needs score, each
// scored 1–5 for a total of 12–60.
var NeedsDomains = []string{"housing", "engagement", "intentional_self_harm", "unintentional_self_harm",
	"stress_and_anxiety", "meaningful_use_of_time", "social_effectiveness", "risk_to_others",
	"risk_from_others", "alcohol_and_drugs", "impulse_control", "self_care"}

// Prefill sources: facts about the person copied into a new assessment.
const (
	PrefillGender          = "person.gender"
	PrefillAge             = "person.age"
	PrefillLocalConnection = "person.local_connection"
)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Validate checks a definition before it is published: ids, types,
// options, conditions that only look back, exactly one score question per
// needs domain, and every question the matcher reads (FactQuestionTypes)
// present with its type. Errors name the place in the definition.
func (d *FormDefinition) Validate() error {
	c := newCheck()
	c.text("title", &d.Title, true, MaxText)
	if len(d.Sections) == 0 {
		c.Add("sections", "a form needs at least one section")
	}
	seen := map[string]*Question{}
	sections := map[string]bool{}
	domains := map[string]string{}
	for si := range d.Sections {
		sec := &d.Sections[si]
		at := fmt.Sprintf("sections[%d]", si)
		if !idPattern.MatchString(sec.ID) {
			c.Add(at+".id", "must be lower-case letters, digits and underscores, starting with a letter")
		} else if sections[sec.ID] {
			c.Add(at+".id", "section "+sec.ID+" appears twice")
		}
		sections[sec.ID] = true
		c.text(at+".title", &sec.Title, true, MaxText)
		checkConditions(c, at+".show_if", sec.ShowIf, seen)
		if len(sec.Questions) == 0 {
			c.Add(at+".questions", "a section needs at least one question")
		}
		for qi := range sec.Questions {
			q := &sec.Questions[qi]
			qat := fmt.Sprintf("%s.questions[%d]", at, qi)
			checkQuestion(c, qat, q, seen)
			if q.Type == TypeScore {
				if !slices.Contains(NeedsDomains, q.Domain) {
					c.Add(qat+".domain", "must be one of: "+strings.Join(NeedsDomains, ", "))
				} else if other, dup := domains[q.Domain]; dup {
					c.Add(qat+".domain", "domain "+q.Domain+" is already scored by "+other)
				}
				domains[q.Domain] = q.ID
			}
			seen[q.ID] = q
		}
	}
	if len(domains) != len(NeedsDomains) {
		var missing []string
		for _, dm := range NeedsDomains {
			if _, ok := domains[dm]; !ok {
				missing = append(missing, dm)
			}
		}
		c.Add("sections", "the needs score needs one score question for each of the 12 domains; missing: "+strings.Join(missing, ", "))
	}
	for id, typ := range FactQuestionTypes() {
		q, ok := seen[id]
		switch {
		case !ok:
			c.Add("sections", "question "+id+" ("+typ+") must stay: placement matching reads it")
		case q.Type != typ:
			c.Add("sections", "question "+id+" must stay of type "+typ+": placement matching reads it")
		}
	}
	return c.Err()
}

func checkQuestion(c *check, at string, q *Question, seen map[string]*Question) {
	switch {
	case !idPattern.MatchString(q.ID):
		c.Add(at+".id", "must be lower-case letters, digits and underscores, starting with a letter")
	case seen[q.ID] != nil:
		c.Add(at+".id", "question "+q.ID+" appears twice")
	}
	c.text(at+".label", &q.Label, true, MaxReason)
	if !slices.Contains(questionTypes, q.Type) {
		c.Add(at+".type", "must be one of: "+strings.Join(questionTypes, ", "))
	}
	if (q.Type == TypeChoice || q.Type == TypeMulti) != (len(q.Options) > 0) {
		c.Add(at+".options", "choice and multi questions, and only they, list options")
	}
	values := map[string]bool{}
	for _, o := range q.Options {
		if o.Value == "" || o.Label == "" || values[o.Value] {
			c.Add(at+".options", "every option needs a unique value and a label")
		}
		values[o.Value] = true
	}
	if (q.Min != nil || q.Max != nil) && q.Type != TypeNumber {
		c.Add(at+".min", "only number questions have bounds")
	}
	if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
		c.Add(at+".min", "is above max")
	}
	if q.Type != TypeScore && q.Domain != "" {
		c.Add(at+".domain", "only score questions have a domain")
	}
	switch q.Prefill {
	case "":
	case PrefillGender:
		if q.Type != TypeChoice {
			c.Add(at+".prefill", "person.gender fills a choice question")
		}
	case PrefillAge:
		if q.Type != TypeNumber {
			c.Add(at+".prefill", "person.age fills a number question")
		}
	case PrefillLocalConnection:
		if q.Type != TypeLA {
			c.Add(at+".prefill", "person.local_connection fills a local_authority question")
		}
	default:
		c.Add(at+".prefill", "must be one of: person.gender, person.age, person.local_connection")
	}
	checkConditions(c, at+".show_if", q.ShowIf, seen)
}

// checkConditions: a condition may only look at a question asked earlier,
// so a form can be filled in order and never loops.
func checkConditions(c *check, at string, conds []Condition, seen map[string]*Question) {
	for i, cd := range conds {
		cat := fmt.Sprintf("%s[%d]", at, i)
		if cd.Question == "" && len(cd.ServiceType) == 0 {
			c.Add(cat, "a condition names a question or service types")
			continue
		}
		for _, t := range cd.ServiceType {
			if !ServiceType(t).Provider() {
				c.Add(cat+".service_type", t+" is not a type of provider service")
			}
		}
		if cd.Question == "" {
			continue
		}
		q := seen[cd.Question]
		if q == nil {
			c.Add(cat+".question", "must be a question asked earlier in the form")
			continue
		}
		if (cd.Equals == nil) == (len(cd.In) == 0) {
			c.Add(cat, "give either equals or in")
			continue
		}
		switch q.Type {
		case TypeYesNo:
			if _, ok := cd.Equals.(bool); !ok {
				c.Add(cat+".equals", "a yes_no question is compared with true or false")
			}
		case TypeChoice, TypeMulti:
			vals := cd.In
			if s, ok := cd.Equals.(string); ok {
				vals = []string{s}
			} else if cd.Equals != nil {
				c.Add(cat+".equals", "a choice is compared with one of its option values")
			}
			for _, v := range vals {
				if !q.hasOption(v) {
					c.Add(cat, v+" is not an option of "+q.ID)
				}
			}
		default:
			c.Add(cat+".question", "conditions can look at yes_no, choice and multi questions only")
		}
	}
}

func (q *Question) hasOption(v string) bool {
	for _, o := range q.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// Question finds a question by id.
func (d *FormDefinition) Question(id string) (*Question, *FormSection) {
	for si := range d.Sections {
		for qi := range d.Sections[si].Questions {
			if d.Sections[si].Questions[qi].ID == id {
				return &d.Sections[si].Questions[qi], &d.Sections[si]
			}
		}
	}
	return nil, nil
}

// Section finds a section by id.
func (d *FormDefinition) Section(id string) *FormSection {
	for i := range d.Sections {
		if d.Sections[i].ID == id {
			return &d.Sections[i]
		}
	}
	return nil
}

// ScoreQuestions are the needs-score questions in form order.
func (d *FormDefinition) ScoreQuestions() []Question {
	var out []Question
	for _, sec := range d.Sections {
		for _, q := range sec.Questions {
			if q.Type == TypeScore {
				out = append(out, q)
			}
		}
	}
	return out
}
