package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits on free-text answers.
const (
	maxShortAnswer = 500
	maxLongAnswer  = 10000
)

// holds reports whether every condition holds for the answers so far and
// the service type the assessment is for.
func holds(conds []Condition, ans Answers, serviceType string) bool {
	for _, c := range conds {
		if len(c.ServiceType) > 0 && !slices.Contains(c.ServiceType, serviceType) {
			return false
		}
		if c.Question == "" {
			continue
		}
		if !ans.Has(c.Question) {
			return false
		}
		switch want := c.Equals.(type) {
		case bool:
			var got bool
			if json.Unmarshal(ans[c.Question], &got) != nil || got != want {
				return false
			}
		case string:
			if !answerIncludes(ans[c.Question], []string{want}) {
				return false
			}
		default:
			if !answerIncludes(ans[c.Question], c.In) {
				return false
			}
		}
	}
	return true
}

// answerIncludes: a choice answer is one of vals, or a multi answer has one of them.
func answerIncludes(raw json.RawMessage, vals []string) bool {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return slices.Contains(vals, one)
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		for _, v := range many {
			if slices.Contains(vals, v) {
				return true
			}
		}
	}
	return false
}

// visibility walks the form in order and says which questions show for
// these answers. Conditions only look back, so one pass decides: a
// question hidden earlier counts as unanswered for the conditions after it.
func (d *FormDefinition) visibility(ans Answers, serviceType string) (shown map[string]bool, effective Answers) {
	shown = map[string]bool{}
	effective = Answers{}
	for _, sec := range d.Sections {
		secShown := holds(sec.ShowIf, effective, serviceType)
		for _, q := range sec.Questions {
			if secShown && holds(q.ShowIf, effective, serviceType) {
				shown[q.ID] = true
				if ans.Has(q.ID) {
					effective[q.ID] = ans[q.ID]
				}
			}
		}
	}
	return shown, effective
}

// Visible lists the ids of the questions shown for these answers.
func (d *FormDefinition) Visible(ans Answers, serviceType string) map[string]bool {
	shown, _ := d.visibility(ans, serviceType)
	return shown
}

// SectionShown reports whether a section shows for these answers.
func (d *FormDefinition) SectionShown(id string, ans Answers, serviceType string) bool {
	shown := d.Visible(ans, serviceType)
	sec := d.Section(id)
	if sec == nil {
		return false
	}
	for _, q := range sec.Questions {
		if shown[q.ID] {
			return true
		}
	}
	return false
}

// Merge applies a change to stored answers and checks it: every changed
// question must exist on this version, the value must have the question's
// type, and the question must be shown once the change is applied (an
// answer to a hidden question is refused, naming it). A JSON null, or an
// empty text, clears an answer. Answers the change hides are dropped, so a
// draft never keeps an answer the person can no longer see. Errors are
// keyed "answers.<question id>".
func (d *FormDefinition) Merge(stored, change Answers, serviceType string, laExists func(int64) bool) (Answers, error) {
	errs := FieldErrors{}
	merged := stored.Clone()
	for _, id := range change.IDs() {
		field := "answers." + id
		q, _ := d.Question(id)
		if q == nil {
			errs.Add(field, fmt.Sprintf("is not a question on version %d of the form", d.Version))
			continue
		}
		raw := bytes.TrimSpace(change[id])
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			delete(merged, id)
			continue
		}
		norm, clear, msg := normaliseAnswer(q, raw, laExists)
		switch {
		case msg != "":
			errs.Add(field, msg)
		case clear:
			delete(merged, id)
		default:
			merged[id] = norm
		}
	}
	shown, effective := d.visibility(merged, serviceType)
	for _, id := range change.IDs() {
		if change.Has(id) && merged.Has(id) && !shown[id] {
			errs.Add("answers."+id, "is hidden by an earlier answer or by the service type ("+d.conditionText(id)+"); leave it out")
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return effective, nil
}

// Missing lists, as field errors, every shown required question without an
// answer, in form order.
func (d *FormDefinition) Missing(ans Answers, serviceType string) FieldErrors {
	shown := d.Visible(ans, serviceType)
	errs := FieldErrors{}
	for _, sec := range d.Sections {
		for _, q := range sec.Questions {
			if q.Required && shown[q.ID] && !ans.Has(q.ID) {
				errs.Add("answers."+q.ID, "is required ("+sec.Title+": "+q.Label+")")
			}
		}
	}
	return errs
}

// Score is the needs score: the sum of the 12 domain scores, or nil until
// every domain is scored.
func (d *FormDefinition) Score(ans Answers) *int {
	total, n := 0, 0
	for _, q := range d.ScoreQuestions() {
		if !ans.Has(q.ID) {
			return nil
		}
		total += int(ans.Int(q.ID))
		n++
	}
	if n != len(NeedsDomains) {
		return nil
	}
	return &total
}

// conditionText says when a question is asked, for error messages.
func (d *FormDefinition) conditionText(id string) string {
	q, sec := d.Question(id)
	var parts []string
	for _, c := range append(append([]Condition{}, sec.ShowIf...), q.ShowIf...) {
		if len(c.ServiceType) > 0 {
			parts = append(parts, "only for "+strings.ReplaceAll(strings.Join(c.ServiceType, " or "), "_", " ")+" services")
		}
		if c.Question == "" {
			continue
		}
		ref, _ := d.Question(c.Question)
		switch v := c.Equals.(type) {
		case bool:
			yn := "no"
			if v {
				yn = "yes"
			}
			parts = append(parts, fmt.Sprintf("asked only when %s is %s", ref.ID, yn))
		case string:
			parts = append(parts, fmt.Sprintf("asked only when %s is %s", ref.ID, v))
		default:
			parts = append(parts, fmt.Sprintf("asked only when %s is one of %s", ref.ID, strings.Join(c.In, ", ")))
		}
	}
	if len(parts) == 0 {
		return "its section is not shown"
	}
	return strings.Join(parts, "; ")
}

// normaliseAnswer checks one answer against its question's type and
// returns it in the stored form, or a message naming what is wrong.
func normaliseAnswer(q *Question, raw json.RawMessage, laExists func(int64) bool) (norm json.RawMessage, clear bool, msg string) {
	switch q.Type {
	case TypeText, TypeLongText:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, false, "must be text"
		}
		s = strings.TrimSpace(CleanProse(s)) // texthygiene.go
		limit := maxShortAnswer
		if q.Type == TypeLongText {
			limit = maxLongAnswer
		}
		switch {
		case s == "":
			return nil, true, ""
		case utf8.RuneCountInString(s) > limit:
			return nil, false, fmt.Sprintf("must be at most %d characters", limit)
		case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
			return nil, false, "contains invalid characters"
		}
		return rawJSON(s), false, ""
	case TypeYesNo:
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return nil, false, "must be true or false"
		}
		return rawJSON(b), false, ""
	case TypeNumber, TypeScore, TypeLA:
		var n json.Number
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&n) != nil {
			return nil, false, "must be a whole number"
		}
		v, err := n.Int64()
		if err != nil {
			return nil, false, "must be a whole number"
		}
		switch q.Type {
		case TypeScore:
			if v < 1 || v > 5 {
				return nil, false, "must be a score from 1 to 5"
			}
		case TypeLA:
			if laExists == nil || !laExists(v) {
				return nil, false, "must be the id of a local authority"
			}
		default:
			if q.Min != nil && v < int64(*q.Min) {
				return nil, false, fmt.Sprintf("must be at least %d", *q.Min)
			}
			if q.Max != nil && v > int64(*q.Max) {
				return nil, false, fmt.Sprintf("must be at most %d", *q.Max)
			}
		}
		return rawJSON(v), false, ""
	case TypeChoice:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, false, "must be one of the options, as text"
		}
		if s == "" {
			return nil, true, ""
		}
		if !q.hasOption(s) {
			return nil, false, "must be one of: " + optionValues(q)
		}
		return rawJSON(s), false, ""
	case TypeMulti:
		var ss []string
		if json.Unmarshal(raw, &ss) != nil {
			return nil, false, "must be a list of options"
		}
		var out []string
		for _, s := range ss {
			if !q.hasOption(s) {
				return nil, false, "each must be one of: " + optionValues(q)
			}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		if out == nil {
			out = []string{} // answered: none of these
		}
		return rawJSON(out), false, ""
	case TypeDate:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, false, "must be a date like 2024-03-31"
		}
		if s == "" {
			return nil, true, ""
		}
		if _, err := ParseDate(s); err != nil {
			return nil, false, err.Error()
		}
		return rawJSON(s), false, ""
	}
	return nil, false, "has an unknown question type"
}

func optionValues(q *Question) string {
	vals := make([]string, len(q.Options))
	for i, o := range q.Options {
		vals[i] = o.Value
	}
	return strings.Join(vals, ", ")
}

// SectionProgress is how far a section has been answered.
type SectionProgress struct {
	ID, Title          string
	Sensitive          bool
	Shown              bool
	Questions          int // shown questions
	Answered           int
	Required           int
	RequiredAnswered   int
	MissingRequiredIDs []string
}

// Done: every shown required question is answered, and a section of
// optional questions only has been looked at (something answered), so
// skipping it does not read as done.
func (p SectionProgress) Done() bool {
	return p.RequiredAnswered == p.Required && (p.Required > 0 || p.Answered > 0)
}

// Progress reports each section's progress, in form order.
func (d *FormDefinition) Progress(ans Answers, serviceType string) []SectionProgress {
	shown := d.Visible(ans, serviceType)
	out := make([]SectionProgress, 0, len(d.Sections))
	for _, sec := range d.Sections {
		p := SectionProgress{ID: sec.ID, Title: sec.Title, Sensitive: sec.Sensitive}
		for _, q := range sec.Questions {
			if !shown[q.ID] {
				continue
			}
			p.Shown = true
			p.Questions++
			if ans.Has(q.ID) {
				p.Answered++
			}
			if q.Required {
				p.Required++
				if ans.Has(q.ID) {
					p.RequiredAnswered++
				} else {
					p.MissingRequiredIDs = append(p.MissingRequiredIDs, q.ID)
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// ConditionsHold reports whether every condition holds for the answers and
// service type. Stored answers never include hidden ones, so this is the
// same decision the form walk makes.
func ConditionsHold(conds []Condition, ans Answers, serviceType string) bool {
	return holds(conds, ans, serviceType)
}
