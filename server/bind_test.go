package server

import (
	"net/http/httptest"
	"strings"
	"testing"

	"gateway/models"
)

// Bad input names the field the client wrote, whatever the Go types
// behind it: a bad date names its own field, and a field of an embedded
// struct is named as the client sent it.
func TestBindJSONNamesTheFieldAtFault(t *testing.T) {
	type safety struct {
		ReviewBy models.Date `json:"review_by"`
	}
	type body struct {
		models.PersonInput
		Plan safety `json:"plan"`
	}
	cases := []struct{ json, field, msg string }{
		{`{"dob": "1980-13-45"}`, "dob", "must be a date like 1980-04-23"},
		{`{"dob": 19800101}`, "dob", "must be a date like 1980-04-23"},
		{`{"plan": {"review_by": "soon"}}`, "plan.review_by", "must be a date like 1980-04-23"},
		{`{"given_name": 123}`, "given_name", "must be a string"},
		{`{"nonsense": 1}`, "nonsense", "is not a field this endpoint accepts"},
		{`{"given_name": "A"`, "body", "is not valid JSON"},
	}
	for _, tc := range cases {
		var v body
		err := bindJSON(httptest.NewRequest("POST", "/", strings.NewReader(tc.json)), &v, maxBody)
		fe, ok := err.(models.FieldErrors)
		if bad, isBad := err.(malformed); isBad { // bad syntax is a 400 naming the body
			fe, ok = models.FieldErrors{bad.field: bad.msg}, true
		}
		if !ok || !strings.HasPrefix(fe[tc.field], tc.msg) {
			t.Errorf("%s: got %v, want %s %q", tc.json, err, tc.field, tc.msg)
		}
	}
}
