package matching

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// FieldError is one problem with a field of weights or eligibility JSON,
// named by its dotted path, e.g. "priority.nights_rough.per".
type FieldError struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

func (e FieldError) Error() string {
	if e.Field == "" {
		return e.Problem
	}
	return e.Field + ": " + e.Problem
}

// FieldErrors is every problem found, so an admin can fix them in one go.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// orNil keeps a nil error nil rather than an empty FieldErrors.
func (es FieldErrors) orNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

func (es *FieldErrors) add(field, format string, args ...any) {
	*es = append(*es, FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
}

// decodeStrict decodes data into v (a pointer to a struct or map of structs),
// reporting unknown keys and, with required, missing ones by path: the
// standard decoder names neither, and a mistyped weight silently becoming 0
// would change everyone's priority.
func decodeStrict(data []byte, v any, required bool) FieldErrors {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return FieldErrors{{Problem: fmt.Sprintf("invalid JSON at byte %d: %v", syn.Offset, err)}}
		}
		return FieldErrors{{Problem: err.Error()}}
	}
	var errs FieldErrors
	checkKeys(raw, reflect.TypeOf(v).Elem(), "", required, &errs)
	if len(errs) > 0 {
		return errs
	}
	if err := json.Unmarshal(data, v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			errs.add(typ.Field, "want %s, got %s", kindName(typ.Type), typ.Value)
		} else {
			errs.add("", "%v", err)
		}
	}
	return errs
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

func checkKeys(raw any, t reflect.Type, path string, required bool, errs *FieldErrors) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return // a wrong type is reported by the typed decode
	}
	switch t.Kind() {
	case reflect.Map:
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			checkKeys(obj[k], t.Elem(), join(path, k), required, errs)
		}
	case reflect.Struct:
		known := map[string]bool{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			known[name] = true
			v, present := obj[name]
			switch {
			case !present && required:
				errs.add(join(path, name), "missing (use 0 to turn it off)")
			case present && f.Type.Kind() == reflect.Struct:
				checkKeys(v, f.Type, join(path, name), required, errs)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if !known[k] {
				errs.add(join(path, k), "unknown field")
			}
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
