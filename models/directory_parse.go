package models

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DirRow is one HSDS object flattened to its table's plain fields (the
// tabular form): values are strings, json.Numbers or bools, never empty.
type DirRow struct {
	Table  string
	ID     string
	Fields map[string]any
	Where  string // where it was read, for errors: "services.csv line 3"
}

// Directory is a set of HSDS rows by table and id.
type Directory struct {
	Rows map[string]map[string]*DirRow
}

// DirProblem is one thing wrong with a directory file: where (file and
// row), which field, and what.
type DirProblem struct {
	Where, Field, Msg string
}

func (p DirProblem) String() string {
	if p.Field == "" {
		return p.Where + ": " + p.Msg
	}
	return p.Where + ": " + p.Field + ": " + p.Msg
}

// DirProblems is every problem found; nothing is imported while there is one.
type DirProblems []DirProblem

func (ps DirProblems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the directory:\n  %s", len(ps), strings.Join(lines, "\n  "))
}

// Is makes a directory's problems bad input.
func (ps DirProblems) Is(target error) bool { return target == ErrInvalid }

type dirReader struct {
	sc   *hsdsSchema
	dir  *Directory
	errs DirProblems
}

func newDirReader() (*dirReader, error) {
	sc, err := directorySchema()
	if err != nil {
		return nil, err
	}
	return &dirReader{sc: sc, dir: &Directory{Rows: map[string]map[string]*DirRow{}}}, nil
}

func (r *dirReader) problem(where, field, msg string) {
	r.errs = append(r.errs, DirProblem{Where: where, Field: field, Msg: msg})
}

// ReadDirectory reads an HSDS directory from a file: a tabular
// datapackage.json (with its CSV files beside it), or HSDS JSON (Gateway's
// export, the tabular form as JSON keyed by CSV file name, one HSDS object,
// or an HSDS API page with "contents"). Every row is checked against the
// HSDS 3 schema; the problems name the file, row and field.
func ReadDirectory(path string) (*Directory, error) {
	r, err := newDirReader()
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) == nil && top["resources"] != nil {
		r.readDatapackage(path, top["resources"])
	} else {
		r.readJSON(name, data)
	}
	return r.finish()
}

// ReadDirectoryJSON reads HSDS JSON from memory (see ReadDirectory).
func ReadDirectoryJSON(name string, data []byte) (*Directory, error) {
	r, err := newDirReader()
	if err != nil {
		return nil, err
	}
	r.readJSON(name, data)
	return r.finish()
}

func (r *dirReader) finish() (*Directory, error) {
	r.checkRows()
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	return r.dir, nil
}

func (r *dirReader) readDatapackage(path string, resources json.RawMessage) {
	name := filepath.Base(path)
	var res []struct {
		Name string `json:"name"`
		Path string `json:"path"`
	}
	if err := json.Unmarshal(resources, &res); err != nil {
		r.problem(name, "resources", "must be a list of {name, path}: "+err.Error())
		return
	}
	for i, rs := range res {
		t := r.sc.byPath[filepath.Base(rs.Path)]
		if t == nil {
			r.problem(fmt.Sprintf("%s resources[%d]", name, i), "path", fmt.Sprintf("%q is not an HSDS table", rs.Path))
			continue
		}
		if strings.Contains(rs.Path, "..") || filepath.IsAbs(rs.Path) {
			r.problem(fmt.Sprintf("%s resources[%d]", name, i), "path", "must be a file beside datapackage.json")
			continue
		}
		f, err := os.Open(filepath.Join(filepath.Dir(path), rs.Path))
		if err != nil {
			r.problem(fmt.Sprintf("%s resources[%d]", name, i), "path", err.Error())
			continue
		}
		r.readCSV(rs.Path, t, f)
		f.Close()
	}
}

// readCSV reads one table. Empty cells are absent values.
func (r *dirReader) readCSV(file string, t *hsdsTable, in io.Reader) {
	data, err := io.ReadAll(in)
	if err != nil {
		r.problem(file, "", err.Error())
		return
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		r.problem(fmt.Sprintf("%s line %d", file, InvalidUTF8Line(data)), "", "is not UTF-8 text (save the file as UTF-8)")
		return
	}
	cr := csv.NewReader(bytes.NewReader(data))
	header, err := cr.Read()
	if err != nil {
		r.problem(file, "", "cannot read the header row: "+err.Error())
		return
	}
	cols := make([]*hsdsField, len(header))
	for i, h := range header {
		if cols[i] = t.field[h]; cols[i] == nil {
			r.problem(file+" line 1", h, "is not a field of the HSDS "+t.Name+" table")
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		line, _ := cr.FieldPos(0)
		where := fmt.Sprintf("%s line %d", file, line)
		if err != nil {
			r.problem(where, "", err.Error())
			return
		}
		row := &DirRow{Table: t.Name, Fields: map[string]any{}, Where: where}
		for i, v := range rec {
			if i >= len(cols) || cols[i] == nil || v == "" {
				continue
			}
			val, msg := csvValue(cols[i], v)
			if msg == "" {
				msg = cols[i].checkValue(val)
			}
			if msg != "" {
				r.problem(where, cols[i].Name, msg)
				continue
			}
			row.Fields[cols[i].Name] = val
		}
		r.add(row)
	}
}

// InvalidUTF8Line is the line (from 1) of the first byte of data that is
// not UTF-8, for the message that asks for an uploaded file to be saved
// as UTF-8: the directory and the people imports both say where.
func InvalidUTF8Line(data []byte) int {
	end := len(data)
	for i := 0; i < len(data); {
		c, n := utf8.DecodeRune(data[i:])
		if c == utf8.RuneError && n <= 1 {
			end = i
			break
		}
		i += n
	}
	return 1 + bytes.Count(data[:end], []byte("\n"))
}

func csvValue(f *hsdsField, v string) (any, string) {
	switch f.Type {
	case "number", "integer":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return nil, fmt.Sprintf("must be a %s, not %q", f.Type, v)
		}
		return json.Number(v), ""
	case "boolean":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, "must be true or false"
		}
		return b, ""
	}
	return v, ""
}

// readJSON reads HSDS JSON in any of the shapes ReadDirectory accepts.
func (r *dirReader) readJSON(file string, data []byte) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:se.Offset], []byte("\n"))
			r.problem(fmt.Sprintf("%s line %d", file, line), "", "is not valid JSON: "+err.Error())
			return
		}
		r.problem(file, "", "is not valid JSON: "+err.Error())
		return
	}
	top, ok := v.(map[string]any)
	if !ok {
		r.problem(file, "", "must hold a JSON object")
		return
	}
	if _, isObject := top["id"]; isObject {
		r.object(file, "$", top)
		return
	}
	for _, k := range sortedKeys(top) {
		val := top[k]
		where := file + " $." + k
		switch k {
		case "version", "profile", "openapi_url", "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty":
			continue // a document's or a page's own fields
		case "contents":
			list, ok := val.([]any)
			if !ok {
				r.problem(where, "", "must be a list")
				continue
			}
			for i, item := range list {
				r.object(file, fmt.Sprintf("$.contents[%d]", i), item)
			}
			continue
		}
		t := r.sc.byPath[k]
		if t == nil {
			t = r.sc.byPath[k+".csv"]
		}
		if t == nil {
			r.problem(where, k, "is not an HSDS table")
			continue
		}
		list, ok := val.([]any)
		if !ok {
			r.problem(where, "", "must be a list of "+t.Name+" objects")
			continue
		}
		for i, item := range list {
			r.flatten(t, file, fmt.Sprintf("$.%s[%d]", k, i), item, nil)
		}
	}
}

// object reads one HSDS object of unstated type: the table whose fields it
// has (a service has a status, an organisation no status, ...).
func (r *dirReader) object(file, path string, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		r.problem(file+" "+path, "", "must be an HSDS object")
		return
	}
	var best *hsdsTable
	bestScore := -1
	for _, name := range r.sc.order {
		t := r.sc.tables[name]
		score, ok := 0, true
		for k := range obj {
			if t.field[k] != nil {
				score++
			} else if _, nested := t.Nested[k]; nested {
				score++
			} else {
				ok = false
			}
		}
		for _, f := range t.Fields {
			if f.Required && obj[f.Name] == nil {
				ok = false
			}
		}
		if ok && score > bestScore {
			best, bestScore = t, score
		}
	}
	if best == nil {
		r.problem(file+" "+path, "", "is not an HSDS object: its fields match no HSDS table")
		return
	}
	r.flatten(best, file, path, obj, nil)
}

type dirParent struct {
	table, id string
}

// flatten reads an object of table t and its nested objects into rows;
// a nested object's reference to its parent is filled in when left out.
// It returns the object's id.
func (r *dirReader) flatten(t *hsdsTable, file, path string, v any, parent *dirParent) string {
	where := file + " " + path
	obj, ok := v.(map[string]any)
	if !ok {
		r.problem(where, "", "must be an HSDS "+t.Name+" object, not "+jsonKind(v))
		return ""
	}
	row := &DirRow{Table: t.Name, Fields: map[string]any{}, Where: where}
	type later struct {
		f   hsdsField
		key string
		val any
	}
	var nested []later
	for _, k := range sortedKeys(obj) {
		val := obj[k]
		if f := t.field[k]; f != nil {
			if val == nil || val == "" {
				continue
			}
			if msg := f.checkValue(val); msg != "" {
				r.problem(where, k, msg)
				continue
			}
			if n, isNum := val.(json.Number); isNum && f.Type == "string" {
				val = n.String()
			}
			row.Fields[k] = val
			continue
		}
		if f, ok := t.Nested[k]; ok {
			if val != nil {
				nested = append(nested, later{f, k, val})
			}
			continue
		}
		r.problem(where, k, "is not a field of the HSDS "+t.Name+" object")
	}
	if parent != nil {
		r.fillParent(t, row, parent)
	}
	id, _ := row.Fields["id"].(string)
	for _, n := range nested {
		child := r.sc.tables[n.f.Child]
		if child == nil {
			continue
		}
		if !n.f.Array {
			cid := r.flatten(child, file, path+"."+n.key, n.val, nil)
			fk := child.Name + "_id"
			if t.field[fk] != nil && cid != "" {
				if have, ok := row.Fields[fk]; ok && have != cid {
					r.problem(where, n.key, fmt.Sprintf("names %s %s but %s is %v", child.Name, cid, fk, have))
				}
				row.Fields[fk] = cid
			}
			continue
		}
		list, ok := n.val.([]any)
		if !ok {
			r.problem(where, n.key, "must be a list, not "+jsonKind(n.val))
			continue
		}
		for i, item := range list {
			r.flatten(child, file, fmt.Sprintf("%s.%s[%d]", path, n.key, i), item, &dirParent{t.Name, id})
		}
	}
	r.add(row)
	return id
}

func (r *dirReader) fillParent(t *hsdsTable, row *DirRow, p *dirParent) {
	if p.id == "" {
		return
	}
	set := func(field, val string) {
		if t.field[field] == nil {
			return
		}
		if have, ok := row.Fields[field]; ok {
			if field == p.table+"_id" && have != val {
				r.problem(row.Where, field, fmt.Sprintf("is %v but the object is nested in %s %s", have, p.table, val))
			}
			return
		}
		row.Fields[field] = val
	}
	switch t.Name {
	case "attribute":
		set("link_id", p.id)
		set("link_entity", p.table)
	case "metadata":
		set("resource_id", p.id)
		set("resource_type", p.table)
	default:
		set(p.table+"_id", p.id)
	}
}

// add keeps a row, merging copies of the same object (nested objects are
// often repeated in HSDS JSON); copies that disagree are an error.
func (r *dirReader) add(row *DirRow) {
	id, _ := row.Fields["id"].(string)
	if id == "" {
		if !r.reported(row.Where, "id") { // else: not a UUID, said already
			r.problem(row.Where, "id", "is required")
		}
		return
	}
	row.ID = id
	tbl := r.dir.Rows[row.Table]
	if tbl == nil {
		tbl = map[string]*DirRow{}
		r.dir.Rows[row.Table] = tbl
	}
	have := tbl[id]
	if have == nil {
		tbl[id] = row
		return
	}
	for k, v := range row.Fields {
		if old, ok := have.Fields[k]; ok && old != v {
			r.problem(row.Where, k, fmt.Sprintf("%v disagrees with %v given for the same %s at %s", v, old, row.Table, have.Where))
			continue
		}
		have.Fields[k] = v
	}
}

// dirRefs are the references that attach a row to its parent: a broken
// one would leave the row nowhere in the directory. Other references (a
// contact's organisation, a parent organisation) may point outside it.
var dirRefs = []struct{ table, field, target string }{
	{"service", "organization_id", "organization"},
	{"service", "program_id", "program"},
	{"program", "organization_id", "organization"},
	{"service_at_location", "service_id", "service"},
	{"service_at_location", "location_id", "location"},
	{"address", "location_id", "location"},
	{"schedule", "service_id", "service"},
	{"schedule", "location_id", "location"},
	{"service_area", "service_id", "service"},
	{"phone", "service_id", "service"},
	{"phone", "location_id", "location"},
	{"contact", "service_id", "service"},
	{"contact", "location_id", "location"},
	{"cost_option", "service_id", "service"},
	{"funding", "service_id", "service"},
	{"required_document", "service_id", "service"},
	{"language", "service_id", "service"},
	{"accessibility", "location_id", "location"},
	{"organization_identifier", "organization_id", "organization"},
}

// checkRows checks what only the whole directory shows: required fields
// (which a nested object may inherit from its parent), references, and
// that a confidential service gives no location.
func (r *dirReader) checkRows() {
	for _, name := range r.sc.order {
		t := r.sc.tables[name]
		for _, id := range sortedKeys(r.dir.Rows[name]) {
			row := r.dir.Rows[name][id]
			for _, f := range t.Fields {
				if f.Required && !r.reported(row.Where, f.Name) {
					if _, ok := row.Fields[f.Name]; !ok {
						r.problem(row.Where, f.Name, "is required")
					}
				}
			}
		}
	}
	for _, ref := range dirRefs {
		for _, id := range sortedKeys(r.dir.Rows[ref.table]) {
			row := r.dir.Rows[ref.table][id]
			v, ok := row.Fields[ref.field].(string)
			if !ok {
				continue
			}
			if r.dir.Rows[ref.target][v] == nil {
				r.problem(row.Where, ref.field, fmt.Sprintf("names %s %s, which is not in the directory", ref.target, v))
			}
		}
	}
	conf := r.dir.confidentialServices()
	for _, id := range sortedKeys(r.dir.Rows["service_at_location"]) {
		row := r.dir.Rows["service_at_location"][id]
		if sid, _ := row.Fields["service_id"].(string); conf[sid] {
			r.problem(row.Where, "location_id", fmt.Sprintf("service %s is confidential: its location and address must not be given", sid))
		}
	}
	for _, tbl := range []string{"schedule", "phone", "contact", "language"} {
		for _, id := range sortedKeys(r.dir.Rows[tbl]) {
			row := r.dir.Rows[tbl][id]
			sid, _ := row.Fields["service_id"].(string)
			if _, hasLoc := row.Fields["location_id"]; hasLoc && conf[sid] {
				r.problem(row.Where, "location_id", fmt.Sprintf("service %s is confidential: its location must not be given", sid))
			}
		}
	}
}

// reported says whether a problem with the field was reported already
// (a value of the wrong type is left out, and is not "missing" too).
func (r *dirReader) reported(where, field string) bool {
	for _, p := range r.errs {
		if p.Where == where && p.Field == field {
			return true
		}
	}
	return false
}

// DirConfidentialTerm is the taxonomy term Gateway marks a confidential
// service with (an HSDS attribute linking the service to it, value
// "true"): its location and address are never in the directory.
const DirConfidentialTerm = "5f1c1b0e-6a53-5d7e-9c62-3b0d1e6c2a71"

func (d *Directory) confidentialServices() map[string]bool {
	out := map[string]bool{}
	for _, a := range d.Rows["attribute"] {
		if a.Fields["taxonomy_term_id"] == DirConfidentialTerm && a.Fields["value"] == "true" {
			if id, ok := a.Fields["link_id"].(string); ok {
				out[id] = true
			}
		}
	}
	return out
}

// Count is how many rows each table holds.
func (d *Directory) Count() map[string]int {
	out := map[string]int{}
	for t, rows := range d.Rows {
		out[t] = len(rows)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
