package server

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode"

	"gateway/matching"
	"gateway/models"
)

// The OpenAPI document's response schemas are generated from the Go
// values the handlers answer with, by reflection, following the rules of
// encoding/json, so the document cannot drift from what is sent:
//
//   - a field without omitempty/omitzero is required; with, optional;
//   - a pointer, slice, map or interface may be null (a nil slice is sent
//     as null), so its type includes "null";
//   - a named struct becomes one component schema under its Go name with
//     the first letter in capitals; two types that would share a name are
//     an error (give one a name in schemaNames);
//   - a type with its own MarshalJSON needs an entry in schemaOverrides
//     (TestOpenAPIDocumentIsWellFormed fails otherwise);
//   - a `doc:"..."` tag on a field becomes its description, and a
//     `schema:"Name"` tag points a field holding raw JSON at a hand-written
//     component (extraSchemas).

// schemaOverrides describe types that marshal themselves.
var schemaOverrides = map[reflect.Type]map[string]any{
	reflect.TypeFor[time.Time]():       {"type": "string", "format": "date-time"},
	reflect.TypeFor[models.Time]():     {"type": "string", "format": "date-time"},
	reflect.TypeFor[json.RawMessage](): {"description": "any JSON value"},
	reflect.TypeFor[models.Date](): {"type": []any{"string", "null"}, "pattern": `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`,
		"description": "YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known; null when not known"},
	reflect.TypeFor[matching.Schedule](): {"type": "object", "description": `{"24h": true}, or opening intervals per day: {"mon": ["09:00-17:00"], ...}`,
		"properties":           map[string]any{"24h": map[string]any{"type": "boolean"}},
		"additionalProperties": map[string]any{"type": "array", "items": map[string]any{"type": "string", "pattern": `^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$`}}},
}

// schemaNames name component schemas whose Go names would clash.
var schemaNames = map[reflect.Type]string{
	reflect.TypeFor[apiError](): "Problem",
	// Go names that two packages share.
	reflect.TypeFor[knownTo]():       "KnownToService",
	reflect.TypeFor[rankedService](): "MatchedService",
	// Identity and partner systems.
	reflect.TypeFor[ssoPage]():         "SSOSettings",
	reflect.TypeFor[ssoProviderView](): "SSOProvider",
	reflect.TypeFor[ssoOrgView]():      "SSOOrganisation",
	reflect.TypeFor[accessToken]():     "AccessToken",
	reflect.TypeFor[oauthError]():      "OAuthError",
	reflect.TypeFor[clientsPage]():     "Clients",
	reflect.TypeFor[clientView]():      "Client",
	reflect.TypeFor[createdClient]():   "CreatedClient",
	reflect.TypeFor[tokensPage]():      "Tokens",
	reflect.TypeFor[tokenView]():       "Token",
	reflect.TypeFor[createdToken]():    "CreatedToken",
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// schemaGen collects the component schemas of the types it is given.
type schemaGen struct {
	components map[string]any
	owner      map[string]reflect.Type // component name → the one type it describes
	errs       []string
}

func newSchemaGen() *schemaGen {
	return &schemaGen{components: map[string]any{}, owner: map[string]reflect.Type{}}
}

// of returns the schema of v's type: a $ref for a named struct.
func (g *schemaGen) of(v any) map[string]any { return g.schema(reflect.TypeOf(v)) }

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if o, ok := schemaOverrides[t]; ok {
		return o
	}
	switch {
	case t.Kind() == reflect.Pointer:
		return nullable(g.schema(t.Elem()))
	case t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler):
		g.errs = append(g.errs, t.String()+" has its own MarshalJSON: describe it in schemaOverrides")
		return map[string]any{}
	case t.Implements(textMarshaler):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Interface:
		return map[string]any{"description": "any JSON value"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": []any{"string", "null"}, "contentEncoding": "base64"}
		}
		return map[string]any{"type": []any{"array", "null"}, "items": g.schema(t.Elem())}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return map[string]any{"type": []any{"object", "null"}, "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name := g.name(t)
		if _, done := g.components[name]; !done {
			g.components[name] = map[string]any{} // a placeholder against recursion
			g.components[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	g.errs = append(g.errs, "no schema for "+t.String())
	return map[string]any{}
}

// name is a struct's component name; one name, one type.
func (g *schemaGen) name(t reflect.Type) string {
	name, ok := schemaNames[t]
	if !ok {
		name = t.Name()
		if i := strings.IndexByte(name, '['); i >= 0 { // generic
			name = name[:i]
		}
		r := []rune(name)
		r[0] = unicode.ToUpper(r[0])
		name = string(r)
	}
	if prev, ok := g.owner[name]; ok && prev != t {
		g.errs = append(g.errs, fmt.Sprintf("schema name %s is both %s and %s: give one a name in schemaNames", name, prev, t))
	}
	g.owner[name] = t
	return name
}

// object describes a struct's JSON members as encoding/json sends them.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required, map[string]int{}, 0)
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		sort.Strings(required)
		o["required"] = required
	}
	return o
}

// fields adds t's members; depth follows encoding/json's rule that a
// shallower field hides an embedded one of the same name.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string, depthOf map[string]int, depth int) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if _, over := schemaOverrides[et]; !over && !et.Implements(jsonMarshaler) {
					g.fields(et, props, required, depthOf, depth+1)
					continue
				}
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if d, seen := depthOf[name]; seen && d <= depth {
			continue
		}
		if _, seen := depthOf[name]; seen { // a deeper one was there: replace it
			*required = remove(*required, name)
		}
		depthOf[name] = depth
		s := g.schema(ft)
		if ref := f.Tag.Get("schema"); ref != "" { // raw JSON described by hand
			s = map[string]any{"$ref": "#/components/schemas/" + ref}
		}
		if strings.Contains(","+opts+",", ",string,") {
			s = map[string]any{"type": "string"}
		}
		if doc := f.Tag.Get("doc"); doc != "" {
			s = described(s, doc)
		}
		props[name] = s
		if !strings.Contains(","+opts+",", ",omitempty,") && !strings.Contains(","+opts+",", ",omitzero,") {
			*required = append(*required, name)
		}
	}
}

func remove(list []string, s string) []string {
	out := list[:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// nullable lets a schema also be null.
func nullable(s map[string]any) map[string]any {
	if _, ok := s["$ref"]; ok {
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	typ, ok := s["type"]
	if !ok {
		return s // any JSON value already includes null
	}
	out := make(map[string]any, len(s))
	for k, v := range s {
		out[k] = v
	}
	switch x := typ.(type) {
	case string:
		out["type"] = []any{x, "null"}
	case []any:
		for _, v := range x {
			if v == "null" {
				return s
			}
		}
		out["type"] = append(append([]any{}, x...), "null")
	}
	return out
}

// described adds a description, keeping a $ref valid (3.1 allows siblings).
func described(s map[string]any, doc string) map[string]any {
	out := make(map[string]any, len(s)+1)
	for k, v := range s {
		out[k] = v
	}
	out["description"] = doc
	return out
}
