package models

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sort"
)

// Answers are an assessment's answers keyed by question id, each held as
// the JSON the form's question type allows (true/false, a whole number, a
// string, a list of strings, a date string, a local authority id). They are
// stored as one JSON object, so a new form version needs no new columns.
type Answers map[string]json.RawMessage

// Value stores the answers as a JSON object with sorted keys.
func (a Answers) Value() (driver.Value, error) {
	if a == nil {
		return "{}", nil
	}
	b, err := json.Marshal(map[string]json.RawMessage(a))
	return string(b), err
}

// Scan reads the stored JSON object.
func (a *Answers) Scan(v any) error {
	var b []byte
	switch x := v.(type) {
	case nil:
		*a = Answers{}
		return nil
	case string:
		b = []byte(x)
	case []byte:
		b = x
	default:
		return fmt.Errorf("answers: cannot scan %T", v)
	}
	out := Answers{}
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("answers: stored value is not a JSON object")
	}
	*a = out
	return nil
}

// Has reports whether the question was answered.
func (a Answers) Has(id string) bool {
	v, ok := a[id]
	return ok && len(v) > 0 && !bytes.Equal(v, []byte("null"))
}

// Bool is a yes/no answer; false when unanswered.
func (a Answers) Bool(id string) bool {
	var b bool
	if a.Has(id) {
		json.Unmarshal(a[id], &b)
	}
	return b
}

// Int is a whole-number answer; 0 when unanswered.
func (a Answers) Int(id string) int64 {
	var n int64
	if a.Has(id) {
		json.Unmarshal(a[id], &n)
	}
	return n
}

// String is a text, choice or date answer; "" when unanswered.
func (a Answers) String(id string) string {
	var s string
	if a.Has(id) {
		json.Unmarshal(a[id], &s)
	}
	return s
}

// Strings is a multiple-choice answer; nil when unanswered.
func (a Answers) Strings(id string) []string {
	var ss []string
	if a.Has(id) {
		json.Unmarshal(a[id], &ss)
	}
	return ss
}

// Clone copies the answers, so a change to the copy leaves the original alone.
func (a Answers) Clone() Answers {
	out := make(Answers, len(a))
	for k, v := range a {
		out[k] = append(json.RawMessage(nil), v...)
	}
	return out
}

// IDs lists the answered question ids, sorted.
func (a Answers) IDs() []string {
	ids := make([]string, 0, len(a))
	for k := range a {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return ids
}

func rawJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
