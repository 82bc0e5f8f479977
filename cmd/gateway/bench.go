package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/models"
)

// benchCmd times API queries against a generated database, through the
// real server over loopback HTTP: login, routing, scopes, SQL, suppression
// and GeoJSON, as a browser's request would go.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "people" {
		return benchPeopleCmd(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		return benchRoutesCmd(ctx, args, stdout, stderr) // bench_routes.go: every main route beside its baseline
	}
	if len(args) == 0 || args[0] != "hotspots" {
		fmt.Fprint(stderr, "Usage: gateway bench --db URL [flags], or gateway bench hotspots|people --db URL [flags]\n")
		return fmt.Errorf("%w: say which database (--db), or what to time alone (hotspots or people)", errUsage)
	}
	var c config
	var runs, zoom int
	var login signIn
	fs := c.dbFlags("bench hotspots", "Times GET /api/v1/hotspots for a county-wide viewport over the last calendar month and the\nlast 24 months (this one so far included; commissioners' maps cover whole months), as a\ncommissioner of every LA (the demo's county@demo.example).\nRun it against a database filled by `gateway generate`.", "gateway-generated.db", stderr)
	fs.IntVar(&runs, "runs", 20, "timed requests per range (after two warm-up requests)")
	fs.IntVar(&zoom, "zoom", 10, "map zoom of the viewport (the county fills a desktop window at 10)")
	login.flags(fs, "county@demo.example", "commissioner to log in as")
	if err := c.parseDB(fs, args[1:]); err != nil {
		return err
	}
	if runs < 1 || runs > 10_000 {
		return fmt.Errorf("%w: --runs must be 1..10,000", errUsage)
	}
	srv, token, err := startSignedIn(ctx, c.DB, false, login)
	if err != nil {
		return err
	}
	defer srv.Close()
	store, ts := srv.store, srv
	bbox, err := countyBBox(ctx, store)
	if err != nil {
		return err
	}
	var contacts int64
	store.Gorm().Table("street_contacts").Count(&contacts)
	today := time.Now().In(models.London)
	lastMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, models.London).AddDate(0, -1, 0)
	// Commissioners' maps cover whole months (server/mapquery.go).
	ranges := []struct{ name, from, to string }{
		{"last calendar month", lastMonth.Format("2006-01"), lastMonth.Format("2006-01")},
		{"last 24 months", lastMonth.AddDate(0, -22, 0).Format("2006-01"), today.Format("2006-01")},
	}
	fmt.Fprintf(stdout, "GET /api/v1/hotspots as %s, %s, %d street contacts, bbox %s, zoom %d, %d runs each:\n",
		login.email, describeDB(c.DB), contacts, bbox, zoom, runs)
	for _, r := range ranges {
		url := fmt.Sprintf("%s/api/v1/hotspots?bbox=%s&zoom=%d&from=%s&to=%s", ts.URL, bbox, zoom, r.from, r.to)
		var times []time.Duration
		var cells, people int
		for i := 0; i < runs+2; i++ {
			start := time.Now()
			n, p, err := benchGet(url, token)
			if err != nil {
				return fmt.Errorf("%s: %w", r.name, err)
			}
			if i >= 2 {
				times = append(times, time.Since(start))
			}
			cells, people = n, p
		}
		slices.Sort(times)
		ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
		fmt.Fprintf(stdout, "  %-20s %s..%s  min %6s ms  p50 %6s ms  p95 %6s ms  max %6s ms   %d cells shown, %d people in them\n",
			r.name, r.from, r.to, ms(times[0]), ms(times[len(times)/2]), ms(times[min(len(times)-1, len(times)*95/100)]), ms(times[len(times)-1]), cells, people)
	}
	return nil
}

// signIn is whom a command that drives the server through its API logs
// in as (--email, --password).
type signIn struct{ email, password string }

func (s *signIn) flags(fs *flag.FlagSet, email, usage string) {
	fs.StringVar(&s.email, "email", email, usage)
	fs.StringVar(&s.password, "password", demo.Password, "their password")
}

// startSignedIn starts the server in this process (startInProcess) and
// logs in, for the commands that drive it through its API.
func startSignedIn(ctx context.Context, db string, migrate bool, login signIn) (*inProcess, string, error) {
	srv, err := startInProcess(ctx, db, migrate)
	if err != nil {
		return nil, "", err
	}
	token, err := benchLogin(srv.URL, login.email, login.password)
	if err != nil {
		srv.Close()
		return nil, "", err
	}
	return srv, token, nil
}

func benchLogin(base, email, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := http.Post(base+"/api/v1/tokens", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tok struct {
		Token string `json:"token"`
		Error string `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("log in as %s: %d %s", email, resp.StatusCode, tok.Error)
	}
	return tok.Token, nil
}

func benchGet(url, token string) (cells, people int, err error) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	var fc struct {
		Features []struct {
			Properties struct{ People int } `json:"properties"`
		} `json:"features"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		return 0, 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("%d %s", resp.StatusCode, fc.Error)
	}
	for _, f := range fc.Features {
		people += f.Properties.People
	}
	return len(fc.Features), people, nil
}

// countyBBox is the box around every LA's boundary: the county-wide view.
func countyBBox(ctx context.Context, s *models.Store) (string, error) {
	las, err := s.LAs(ctx)
	if err != nil {
		return "", err
	}
	var b [4]float64
	first := true
	for _, la := range las {
		if la.MinLon == nil {
			continue
		}
		if first {
			b, first = [4]float64{*la.MinLon, *la.MinLat, *la.MaxLon, *la.MaxLat}, false
			continue
		}
		b = [4]float64{min(b[0], *la.MinLon), min(b[1], *la.MinLat), max(b[2], *la.MaxLon), max(b[3], *la.MaxLat)}
	}
	if first {
		return "", fmt.Errorf("no LA has a boundary; generate or import boundaries first")
	}
	return fmt.Sprintf("%.4f,%.4f,%.4f,%.4f", b[0], b[1], b[2], b[3]), nil
}
