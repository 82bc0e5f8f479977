package models

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// The Open Referral HSDS 3.0 schema, one file per object, as published by
// the Open Referral project (CC BY-SA 4.0, see hsds/LICENSE). The directory
// import validates every row against it and the export is described by it.
//
//go:embed hsds/*.json
var hsdsFiles embed.FS

// hsdsField is one property of an HSDS object: a plain value (a CSV
// column), an array of child objects, or one nested object.
type hsdsField struct {
	Name     string
	Type     string // string, number, boolean, integer
	Format   string // uuid, email, uri, date, time, date-time
	Enum     []string
	Child    string // the child table when the property nests objects
	Array    bool
	Required bool
}

// hsdsTable is one HSDS object: its CSV file, plain fields in the schema's
// order, and the properties that nest other objects.
type hsdsTable struct {
	Name   string // "service"
	Path   string // "services.csv"
	Fields []hsdsField
	Nested map[string]hsdsField
	field  map[string]*hsdsField
	order  int
}

type hsdsSchema struct {
	tables map[string]*hsdsTable // by object name
	byPath map[string]*hsdsTable // by CSV file name
	order  []string              // object names, parents before children
}

var (
	hsdsOnce sync.Once
	hsdsSch  *hsdsSchema
	hsdsErr  error
)

// directorySchema loads the embedded HSDS schema once.
func directorySchema() (*hsdsSchema, error) {
	hsdsOnce.Do(func() { hsdsSch, hsdsErr = loadHSDS() })
	return hsdsSch, hsdsErr
}

func loadHSDS() (*hsdsSchema, error) {
	entries, err := hsdsFiles.ReadDir("hsds")
	if err != nil {
		return nil, err
	}
	sc := &hsdsSchema{tables: map[string]*hsdsTable{}, byPath: map[string]*hsdsTable{}}
	for _, e := range entries {
		data, err := hsdsFiles.ReadFile("hsds/" + e.Name())
		if err != nil {
			return nil, err
		}
		var raw struct {
			Name       string          `json:"name"`
			Path       string          `json:"path"`
			Properties json.RawMessage `json:"properties"`
			Required   []string        `json:"required"`
			Meta       struct {
				Order int `json:"order"`
			} `json:"datapackage_metadata"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("hsds/%s: %w", e.Name(), err)
		}
		t := &hsdsTable{Name: raw.Name, Path: raw.Path, Nested: map[string]hsdsField{}, field: map[string]*hsdsField{}, order: raw.Meta.Order}
		req := map[string]bool{}
		for _, r := range raw.Required {
			req[r] = true
		}
		// Keep the schema's property order: it is the CSV column order.
		dec := json.NewDecoder(strings.NewReader(string(raw.Properties)))
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			name := tok.(string)
			var p struct {
				Type   string   `json:"type"`
				Format string   `json:"format"`
				Enum   []string `json:"enum"`
				Ref    string   `json:"$ref"`
				Items  struct {
					Ref string `json:"$ref"`
				} `json:"items"`
			}
			if err := dec.Decode(&p); err != nil {
				return nil, fmt.Errorf("hsds/%s %s: %w", e.Name(), name, err)
			}
			f := hsdsField{Name: name, Type: p.Type, Format: p.Format, Enum: p.Enum, Required: req[name]}
			switch {
			case p.Type == "array":
				f.Child, f.Array = strings.TrimSuffix(p.Items.Ref, ".json"), true
				t.Nested[name] = f
			case p.Ref != "":
				f.Child = strings.TrimSuffix(p.Ref, ".json")
				t.Nested[name] = f
			default:
				t.Fields = append(t.Fields, f)
			}
		}
		for i := range t.Fields {
			t.field[t.Fields[i].Name] = &t.Fields[i]
		}
		sc.tables[t.Name] = t
		sc.byPath[t.Path] = t
	}
	// The full organisation objects of the HSDS API (organization_full in
	// the examples) list the organisation's services too.
	if o := sc.tables["organization"]; o != nil {
		o.Nested["services"] = hsdsField{Name: "services", Child: "service", Array: true}
	}
	// ... and a full service-at-location object names its service.
	if sal := sc.tables["service_at_location"]; sal != nil {
		sal.Nested["service"] = hsdsField{Name: "service", Child: "service"}
	}
	for n := range sc.tables {
		sc.order = append(sc.order, n)
	}
	sort.Slice(sc.order, func(i, j int) bool {
		a, b := sc.tables[sc.order[i]], sc.tables[sc.order[j]]
		if a.order != b.order {
			return a.order < b.order
		}
		return a.Name < b.Name
	})
	return sc, nil
}

var (
	uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	timeRe = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:[0-9]{2})?$`)
)

// checkValue validates one value (already typed: string, json.Number or
// bool) against its field; "" when it is fine.
func (f *hsdsField) checkValue(v any) string {
	switch f.Type {
	case "number", "integer":
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Sprintf("must be a %s, not %s", f.Type, jsonKind(v))
		}
		if f.Type == "integer" {
			if _, err := n.Int64(); err != nil {
				return "must be a whole number"
			}
		}
		return ""
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("must be true or false, not %s", jsonKind(v))
		}
		return ""
	}
	s, ok := v.(string)
	if n, isNum := v.(json.Number); isNum && f.Format == "" && len(f.Enum) == 0 {
		// A plain identifier written as a JSON number (the HSDS tabular
		// example does this): the tabular form would read it as text.
		s, ok = n.String(), true
	}
	if !ok {
		return fmt.Sprintf("must be a string, not %s", jsonKind(v))
	}
	if len(f.Enum) > 0 {
		found := false
		for _, e := range f.Enum {
			found = found || e == s
		}
		if !found {
			return fmt.Sprintf("must be one of %s", strings.Join(f.Enum, ", "))
		}
	}
	switch f.Format {
	case "uuid":
		if !uuidRe.MatchString(s) {
			return "must be a UUID"
		}
	case "email":
		if _, err := mail.ParseAddress(s); err != nil {
			return "must be an email address"
		}
	case "uri":
		if u, err := url.Parse(s); err != nil || u.Scheme == "" {
			return "must be an absolute URI"
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "must be a date, YYYY-MM-DD"
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return "must be a date and time, RFC 3339 (2026-01-31T09:00:00Z)"
		}
	case "time":
		if !timeRe.MatchString(s) {
			return "must be a time, HH:MM:SS"
		}
	}
	return ""
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
