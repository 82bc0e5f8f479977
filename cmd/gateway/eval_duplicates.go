package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gateway/matching/dedupetest"
)

// evalDuplicatesCmd measures the duplicate check as a new user meets it:
// through the JSON API of the real server, on an area already full of
// people (the demo's), recording an evaluation set's people one by one in
// its order, each first checked for likely duplicates. It writes those
// people into the database, so run it on a copy.
func evalDuplicatesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var set, progress string
	var login signIn
	var limit, generated int
	fs := c.dbFlags("eval-duplicates", "Records the people of an evaluation set (testdata/dedupe/independent/records.csv, or one in\nits format) one at a time through the API as a hostel worker, asking the duplicate check\nfirst, and reports precision and recall by kind of variation: a returned match is correct\nwhen it is an earlier record of the same person; a true pair is found when the check\nreturned the earlier record. It writes the set's people into the database: use a copy of\nthe demo's (cp gateway-demo.db /tmp/eval.db).", "", stderr)
	fs.StringVar(&set, "set", filepath.FromSlash(dedupetest.IndependentSet), "the evaluation set (CSV)")
	fs.IntVar(&limit, "limit", 0, "only the first N records (0: all)")
	fs.IntVar(&generated, "generated", 0, "instead of --set, N records from the project's own generator (seed 1)")
	login.flags(fs, "hostel@demo.example", "worker to record as")
	fs.StringVar(&progress, "progress", "auto", "progress bar on standard error: auto, always or never")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if c.DB == "" {
		return fmt.Errorf("%w: --db is required: a copy of the demo database (the run adds people to it)", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	var records dedupetest.DuplicateSet
	if generated > 0 {
		records, set = dedupetest.GenerateDuplicateSet(1, generated), "generated/GenerateDuplicateSet"
	} else if records, err = dedupetest.LoadIndependent(set); err != nil {
		return err
	}
	if limit > 0 && limit < len(records.People) {
		records.People = records.People[:limit]
	}
	srv, token, err := startSignedIn(ctx, c.DB, true, login)
	if err != nil {
		return err
	}
	defer srv.Close()
	ev := newDuplicateEval()
	b := newBar(stderr, progress)
	for i, rec := range records.People {
		if err := ev.recordOne(srv.URL, token, rec); err != nil {
			return err
		}
		b.update(int64(i+1), int64(len(records.People)))
	}
	b.finish()
	ev.print(stdout, fmt.Sprintf("%d records of %s through the API on %s as %s",
		len(records.People), filepath.Base(filepath.Dir(set))+"/"+filepath.Base(set), describeDB(c.DB), login.email))
	return nil
}

// evalFigures counts, for one kind of variation, the true pairs and how
// many the check found, and the matches it returned and how many were right.
type evalFigures struct{ pairs, found, returned, correct int }

// duplicateEval is what a run has learnt so far: which person each
// created record is of, and the figures by kind.
type duplicateEval struct {
	byKind   map[string]*evalFigures
	entityOf map[int64]int    // server id → cluster
	idsOf    map[int][]int64  // cluster → server ids so far
	kindOf   map[int64]string // server id → record kind
	took     []time.Duration  // each duplicate check's answer time
	refused  int              // records the API would not create
}

func newDuplicateEval() *duplicateEval {
	return &duplicateEval{byKind: map[string]*evalFigures{}, entityOf: map[int64]int{}, idsOf: map[int][]int64{}, kindOf: map[int64]string{}}
}

func (ev *duplicateEval) kind(k string) *evalFigures {
	if ev.byKind[k] == nil {
		ev.byKind[k] = &evalFigures{}
	}
	return ev.byKind[k]
}

// recordOne does what a worker would: asks the duplicate check about the
// record, scores its answer, then creates the person anyway.
func (ev *duplicateEval) recordOne(base, token string, rec dedupetest.GeneratedPerson) error {
	q, body := evalRequest(rec)
	var dup struct {
		Matches []struct {
			ID int64 `json:"id"`
		} `json:"matches"`
	}
	start := time.Now()
	if _, err := benchJSON(base+"/api/v1/people/duplicates?"+q.Encode(), token, &dup); err != nil {
		return fmt.Errorf("record %d: duplicate check: %w", rec.ID, err)
	}
	ev.took = append(ev.took, time.Since(start))
	var matches []int64
	for _, m := range dup.Matches {
		matches = append(matches, m.ID)
	}
	ev.score(rec, matches)
	id, err := benchCreate(base, token, body)
	if errors.Is(err, errRefused) {
		// A record the API will not create (the generator's one-name
		// records: the API needs a given name) is still checked, but
		// later records cannot pair with it.
		ev.refused++
		return nil
	}
	if err != nil {
		return fmt.Errorf("record %d: create: %w", rec.ID, err)
	}
	ev.entityOf[id], ev.kindOf[id] = rec.Entity, rec.Kind
	ev.idsOf[rec.Entity] = append(ev.idsOf[rec.Entity], id)
	return nil
}

// evalRequest is the duplicate check's query and the create's body for one
// record of the set: the same names, date of birth (or age) and first alias.
func evalRequest(rec dedupetest.GeneratedPerson) (url.Values, map[string]any) {
	q := url.Values{"given_name": {rec.Given}, "family_name": {rec.Family}, "gender": {rec.Gender}}
	body := map[string]any{"given_name": rec.Given, "family_name": rec.Family, "confirm_new": true}
	if rec.Gender != "" {
		body["gender"] = rec.Gender
	}
	switch {
	case rec.DOB.Year > 0:
		d := strconv.Itoa(rec.DOB.Year)
		if rec.DOB.Month > 0 {
			d += fmt.Sprintf("-%02d", rec.DOB.Month)
		}
		if rec.DOB.Day > 0 {
			d += fmt.Sprintf("-%02d", rec.DOB.Day)
		}
		q.Set("dob", d)
		body["dob"] = d
	case rec.EstimatedBirthYear > 0:
		age := time.Now().Year() - rec.EstimatedBirthYear
		q.Set("estimated_age", strconv.Itoa(age))
		body["estimated_age"] = age
	}
	if len(rec.Aliases) > 0 {
		q.Set("alias_given", rec.Aliases[0].Given)
		q.Set("alias_family", rec.Aliases[0].Family)
		body["aliases"] = []map[string]string{{"given_name": rec.Aliases[0].Given, "family_name": rec.Aliases[0].Family}}
	}
	return q, body
}

// score counts the check's answer for rec: each returned match (correct
// when it is an earlier record of the same person) and each earlier record
// of that person (found when returned). A base record takes the kind of the
// variant it was matched with.
func (ev *duplicateEval) score(rec dedupetest.GeneratedPerson, matches []int64) {
	returned := map[int64]bool{}
	for _, id := range matches {
		returned[id] = true
		k := rec.Kind
		if k == dedupetest.KindBase && ev.kindOf[id] != "" {
			k = ev.kindOf[id]
		}
		f := ev.kind(k)
		f.returned++
		if e, ok := ev.entityOf[id]; ok && e == rec.Entity {
			f.correct++
		}
	}
	for _, earlier := range ev.idsOf[rec.Entity] {
		k := rec.Kind
		if k == dedupetest.KindBase {
			k = ev.kindOf[earlier]
		}
		f := ev.kind(k)
		f.pairs++
		if returned[earlier] {
			f.found++
		}
	}
}

// print writes the overall precision and recall after what, then a line
// per kind of variation.
func (ev *duplicateEval) print(stdout io.Writer, what string) {
	var kinds []string
	var all evalFigures
	for k, f := range ev.byKind {
		kinds = append(kinds, k)
		all.pairs, all.found, all.returned, all.correct = all.pairs+f.pairs, all.found+f.found, all.returned+f.returned, all.correct+f.correct
	}
	slices.Sort(kinds)
	ratio := func(n, d int) float64 {
		if d == 0 {
			return 1
		}
		return float64(n) / float64(d)
	}
	fmt.Fprintf(stdout, "%s: precision %.3f (%d/%d), recall %.3f (%d/%d); check %s\n", what,
		ratio(all.correct, all.returned), all.correct, all.returned, ratio(all.found, all.pairs), all.found, all.pairs, strings.TrimSpace(latency(ev.took, 0)))
	if ev.refused > 0 {
		fmt.Fprintf(stdout, "  (%d records were checked but refused by the API's create, so not recorded: later records cannot pair with them)\n", ev.refused)
	}
	for _, k := range kinds {
		f := ev.byKind[k]
		fmt.Fprintf(stdout, "  %-36s pairs %4d  found %4d  recall %.3f | returned %4d  correct %4d  precision %.3f\n",
			k, f.pairs, f.found, ratio(f.found, f.pairs), f.returned, f.correct, ratio(f.correct, f.returned))
	}
}

func benchCreate(base, token string, body map[string]any) (int64, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", base+"/api/v1/people", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var p struct {
		ID    int64  `json:"id"`
		Error string `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&p)
	switch resp.StatusCode {
	case http.StatusCreated:
		return p.ID, nil
	case http.StatusUnprocessableEntity:
		return 0, fmt.Errorf("%w: %s", errRefused, p.Error)
	}
	return 0, fmt.Errorf("%d %s", resp.StatusCode, p.Error)
}

// errRefused is a create the API answered 422: the record is not valid as
// a person (eval-duplicates counts it and goes on).
var errRefused = errors.New("422 refused")
