package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Every route that takes a body has a limit: 64 KB for what anyone may
// send without logging in, 16 MB for a local authority's boundary, 1 MB
// for everything else.
func TestEveryRouteHasItsBodyLimit(t *testing.T) {
	w := newWorld(t)
	seenAnon := map[string]bool{}
	for _, rt := range w.srv.Routes() {
		if rt.Method == "GET" || rt.Method == "HEAD" {
			continue
		}
		want := int64(defaultBody)
		switch {
		case strings.Contains(rt.Path, "local-authorities"):
			want = maxBoundary
		case rt.Path == "/report-rough-sleeping" || rt.Path == "/login" || rt.Path == "/login/code" || rt.Path == "/login/two-factor" || rt.Path == "/api/v1/alerts" || rt.Path == "/api/v1/tokens" || rt.Path == "/api/v1/oauth/token":
			want = anonymousBody
			seenAnon[rt.Path] = true
		}
		if got := bodyLimit(rt.Path); got != want {
			t.Errorf("%s %s: limit %d, want %d", rt.Method, rt.Path, got, want)
		}
	}
	if len(seenAnon) != len(anonymousPaths) {
		t.Errorf("anonymous routes with a body: %v, want %v", seenAnon, anonymousPaths)
	}
}

// rawPost sends only the request head, announcing length bytes of body,
// and reads the status line: a 413 here arrived before any of the body
// was sent, so none of it was read.
func rawPost(t *testing.T, w *world, path string, length int64, contentType string) int {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(w.ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", path, contentType, length)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: no answer before the body was sent: %v", path, err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	return resp.StatusCode
}

func TestOversizedBodiesAre413BeforeTheyAreRead(t *testing.T) {
	w := newWorld(t)
	form, js := "application/x-www-form-urlencoded", "application/json"
	for _, tc := range []struct {
		path, ctype string
		length      int64
	}{
		{"/report-rough-sleeping", form, 9 << 20},
		{"/report-rough-sleeping", form, anonymousBody + 1},
		{"/login", form, anonymousBody + 1},
		{"/api/v1/alerts", js, anonymousBody + 1},
		{"/api/v1/tokens", js, anonymousBody + 1},
		{"/api/v1/people", js, defaultBody + 1},
		{"/people/1/notes", form, defaultBody + 1},
		{"/api/v1/local-authorities", js, maxBoundary + 1},
	} {
		if got := rawPost(t, w, tc.path, tc.length, tc.ctype); got != http.StatusRequestEntityTooLarge {
			t.Errorf("%s with %d bytes announced: %d, want 413", tc.path, tc.length, got)
		}
	}
}

// A body sent without a length (chunked) is cut at the limit as it is
// read, and answered 413 the same way.
func TestChunkedBodiesOverTheLimitAre413(t *testing.T) {
	w := newWorld(t)
	big := strings.Repeat("a", anonymousBody+10)
	for _, tc := range []struct{ path, ctype, body string }{
		{"/report-rough-sleeping", "application/x-www-form-urlencoded", "description=" + big},
		{"/api/v1/alerts", "application/json", `{"description": "` + big + `"}`},
	} {
		req, _ := http.NewRequest("POST", w.ts.URL+tc.path, io.MultiReader(strings.NewReader(tc.body))) // no length: chunked
		req.Header.Set("Content-Type", tc.ctype)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "at most 64 KB") {
			t.Errorf("%s chunked: %d %.200s", tc.path, resp.StatusCode, b)
		}
	}
	// Under the limit, the form is read as usual: a description too long
	// for the field is a 422 naming it, not a 413.
	r := w.web("").form("/report-rough-sleeping", map[string][]string{"description": {strings.Repeat("b", 3000)}, "location": {"Market Street"}})
	if r.status != http.StatusUnprocessableEntity || !regexp.MustCompile(`at most \d+ characters`).MatchString(r.body) {
		t.Errorf("a long description under the body limit: %d", r.status)
	}
}
