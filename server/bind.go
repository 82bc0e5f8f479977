package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// maxBody bounds a request body; nothing in Gateway needs more, except a
// boundary upload, which has its own limit.
const maxBody = 1 << 20

// bind reads the request into v: strict JSON for the API (unknown fields
// are errors), form fields for the web, keyed by the json tag of each
// field. v may be pre-filled: fields the request does not mention keep
// their values, which is how PATCH works. Errors name the field.
func bind(c *gin.Context, v any) error {
	if isAPI(c) {
		if err := keepBodyHash(c, maxBody); err != nil {
			return err
		}
		return bindJSON(c.Request, v, maxBody)
	}
	if err := c.Request.ParseForm(); err != nil {
		if err, ok := tooLarge(err); ok {
			return err
		}
		return malformed{"form", "could not be read"}
	}
	c.Set(bodyHashKey, hashForm(c.Request.PostForm))
	return bindForm(c.Request.PostForm, v)
}

// bindJSON reads one JSON object into v. The answers follow what is wrong:
// a body over the limit is 413; a body that is not
// JSON at all (bad syntax, cut short, empty, two objects) is 400; JSON
// that is well formed but says the wrong thing (invalid UTF-8 in a string,
// a field of the wrong type, a field the endpoint does not take) is 422
// naming the field.
func bindJSON(r *http.Request, v any, limit int64) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		if err, ok := tooLarge(err); ok {
			return err
		}
		return malformed{"body", "could not be read"}
	}
	if int64(len(body)) > limit {
		return errTooLarge{limit}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return malformed{"body", "is empty; send a JSON object"}
	}
	if !json.Valid(body) {
		var probe any
		return jsonFieldError(json.Unmarshal(body, &probe))
	}
	if !utf8.Valid(body) {
		// encoding/json would quietly turn the bad bytes into U+FFFD.
		return models.Invalid(invalidUTF8Field(body), "is not valid UTF-8 text")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonFieldError(err)
	}
	if dec.More() {
		return malformed{"body", "must hold one JSON object"}
	}
	return nil
}

// malformed is a request whose body cannot be read as what it claims to
// be; fail answers 400 naming the part.
type malformed struct{ field, msg string }

func (m malformed) Error() string { return m.field + " " + m.msg }

// jsonFieldError turns encoding/json's errors into a field error.
func jsonFieldError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := jsonPath(typeErr.Field)
		if typeErr.Type == dateType {
			return models.Invalid(field, typeErr.Value) // models.Date says what is wrong
		}
		return models.Invalid(field, "must be "+jsonKind(typeErr.Type))
	case errors.As(err, &syntaxErr):
		return malformed{"body", fmt.Sprintf("is not valid JSON (at byte %d)", syntaxErr.Offset)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return models.Invalid(name, "is not a field this endpoint accepts")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return malformed{"body", "is not valid JSON (it ends too soon)"}
	}
	// Errors from a field's own UnmarshalJSON (dates) carry their message.
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.HasPrefix(msg, "parsing ") {
		msg = msg[i+2:]
	}
	return models.Invalid("body", msg)
}

// jsonPath is a field's path as the client wrote it: encoding/json names
// the Go struct a field is embedded from ("PersonInput.given_name"), which
// the client never sees, so Go names (capitalised) are dropped.
func jsonPath(field string) string {
	var parts []string
	for _, p := range strings.Split(field, ".") {
		if p != "" && (p[0] < 'A' || p[0] > 'Z') {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "body"
	}
	return strings.Join(parts, ".")
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "of type " + t.String()
}

var dateType = reflect.TypeOf(models.Date{})

// bindForm fills the fields of struct v named (by json tag) in form.
// Checkboxes: a bool field is true when present. Lists: repeated fields.
func bindForm(form map[string][]string, v any) error {
	rv := reflect.ValueOf(v).Elem()
	rt := rv.Type()
	errs := models.FieldErrors{}
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if err := bindForm(form, rv.Field(i).Addr().Interface()); err != nil {
				for k, v := range err.(models.FieldErrors) {
					errs.Add(k, v)
				}
			}
			continue
		}
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		vals, present := form[name]
		fv := rv.Field(i)
		if f.Type.Kind() == reflect.Bool {
			if _, marker := form["_has_"+name]; present || marker {
				fv.SetBool(present && vals[0] != "" && vals[0] != "false" && vals[0] != "off")
			}
			continue
		}
		if !present {
			continue
		}
		if err := setFormValue(fv, vals, f.Tag.Get("date") == "partial"); err != nil {
			errs.Add(name, err.Error())
		}
	}
	return errs.Err()
}

// setFormValue sets one field from its form values; partial lets a date
// be a month or year only (a date of birth, tagged `date:"partial"`).
func setFormValue(fv reflect.Value, vals []string, partial bool) error {
	for _, v := range vals {
		if !utf8.ValidString(v) {
			return errors.New("is not valid UTF-8 text")
		}
	}
	s := strings.TrimSpace(vals[0])
	t := fv.Type()
	if t == dateType {
		if s == "" {
			fv.Set(reflect.Zero(t))
			return nil
		}
		parse := models.ParseDate
		if partial {
			parse = models.ParseBirthDate
		}
		d, err := parse(s)
		if err != nil {
			return err
		}
		fv.Set(reflect.ValueOf(d))
		return nil
	}
	switch t.Kind() {
	case reflect.String:
		fv.SetString(vals[0])
	case reflect.Int, reflect.Int64:
		if s == "" {
			fv.SetInt(0)
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return errors.New("must be a whole number")
		}
		fv.SetInt(n)
	case reflect.Float64:
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return errors.New("must be a number")
		}
		fv.SetFloat(n)
	case reflect.Pointer:
		if s == "" {
			fv.Set(reflect.Zero(t))
			return nil
		}
		nv := reflect.New(t.Elem())
		if err := setFormValue(nv.Elem(), []string{s}, partial); err != nil {
			return err
		}
		fv.Set(nv)
	case reflect.Slice:
		if t.Elem().Kind() != reflect.Int64 {
			return nil // lists of objects come from the API only
		}
		out := reflect.MakeSlice(t, 0, len(vals))
		for _, v := range vals {
			if strings.TrimSpace(v) == "" {
				continue
			}
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil {
				return errors.New("must be a list of ids")
			}
			out = reflect.Append(out, reflect.ValueOf(n))
		}
		fv.Set(out)
	case reflect.Bool:
		fv.SetBool(s != "" && s != "false")
	}
	return nil
}

// invalidUTF8Field names the JSON field whose string holds the first
// invalid UTF-8 byte of body (which is well-formed JSON), so the 422 says
// where to look: "given_name", "aliases.0.family_name", or "body".
func invalidUTF8Field(body []byte) string {
	bad := 0
	for bad < len(body) {
		r, size := utf8.DecodeRune(body[bad:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		bad += size
	}
	var stack []jsonFrame
	path := func() string {
		parts := make([]string, 0, len(stack))
		for _, f := range stack {
			if f.object {
				parts = append(parts, f.key)
			} else {
				parts = append(parts, strconv.Itoa(f.index))
			}
		}
		if len(parts) == 0 {
			return "body"
		}
		return strings.Join(parts, ".")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "body"
		}
		top := len(stack) - 1
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top >= 0 && !stack[top].object {
					stack[top].index++
				}
				stack = append(stack, jsonFrame{object: d == '{', wantKey: true, index: -1})
			default:
				stack = stack[:top]
				if top > 0 {
					stack[top-1].wantKey = true
				}
			}
			continue
		}
		if top >= 0 && stack[top].object && stack[top].wantKey {
			stack[top].key, stack[top].wantKey = tok.(string), false
			if dec.InputOffset() > int64(bad) {
				return path()
			}
			continue
		}
		if top >= 0 && !stack[top].object {
			stack[top].index++
		}
		if dec.InputOffset() > int64(bad) {
			return path()
		}
		if top >= 0 {
			stack[top].wantKey = true
		}
	}
}

// jsonFrame is one open object or array while walking JSON tokens.
type jsonFrame struct {
	object  bool
	wantKey bool // object: the next string is a key
	key     string
	index   int // array: the element being read
}
