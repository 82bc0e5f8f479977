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

	"gateway/cmd/gateway/demo"
	"gateway/matching/dedupetest"
)

// evalDuplicatesCmd measures the duplicate check as a new user meets it:
// through the JSON API of the real server, on an area already full of
// people (the demo's), recording an evaluation set's people one by one in
// its order, each first checked for likely duplicates. It writes those
// people into the database, so run it on a copy.
func evalDuplicatesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var set, email, password, progress string
	var limit, generated int
	fs := newFlags("eval-duplicates", "Records the people of an evaluation set (testdata/dedupe/independent/records.csv, or one in\nits format) one at a time through the API as a hostel worker, asking the duplicate check\nfirst, and reports precision and recall by kind of variation: a returned match is correct\nwhen it is an earlier record of the same person; a true pair is found when the check\nreturned the earlier record. It writes the set's people into the database: use a copy of\nthe demo's (cp gateway-demo.db /tmp/eval.db).", stderr)
	c.dbFlag(fs, "")
	fs.StringVar(&set, "set", filepath.FromSlash(dedupetest.IndependentSet), "the evaluation set (CSV)")
	fs.IntVar(&limit, "limit", 0, "only the first N records (0: all)")
	fs.IntVar(&generated, "generated", 0, "instead of --set, N records from the project's own generator (seed 1)")
	fs.StringVar(&email, "email", "hostel@demo.example", "worker to record as")
	fs.StringVar(&password, "password", demo.Password, "their password")
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
	srv, err := startInProcess(ctx, c.DB, true)
	if err != nil {
		return err
	}
	defer srv.Close()
	ts := srv
	token, err := benchLogin(ts.URL, email, password)
	if err != nil {
		return err
	}
	type figures struct{ pairs, found, returned, correct int }
	byKind := map[string]*figures{}
	kind := func(k string) *figures {
		if byKind[k] == nil {
			byKind[k] = &figures{}
		}
		return byKind[k]
	}
	entityOf := map[int64]int{}  // server id → cluster
	idsOf := map[int][]int64{}   // cluster → server ids so far
	kindOf := map[int64]string{} // server id → record kind
	b := newBar(stderr, progress)
	var took []time.Duration
	refused := 0
	for i, rec := range records.People {
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
		var dup struct {
			Matches []struct {
				ID int64 `json:"id"`
			} `json:"matches"`
		}
		start := time.Now()
		if _, err := benchJSON(ts.URL+"/api/v1/people/duplicates?"+q.Encode(), token, &dup); err != nil {
			return fmt.Errorf("record %d: duplicate check: %w", rec.ID, err)
		}
		took = append(took, time.Since(start))
		returned := map[int64]bool{}
		for _, m := range dup.Matches {
			returned[m.ID] = true
			k := rec.Kind
			if k == dedupetest.KindBase && kindOf[m.ID] != "" {
				k = kindOf[m.ID]
			}
			f := kind(k)
			f.returned++
			if e, ok := entityOf[m.ID]; ok && e == rec.Entity {
				f.correct++
			}
		}
		for _, earlier := range idsOf[rec.Entity] {
			k := rec.Kind
			if k == dedupetest.KindBase {
				k = kindOf[earlier]
			}
			f := kind(k)
			f.pairs++
			if returned[earlier] {
				f.found++
			}
		}
		id, err := benchCreate(ts.URL, token, body)
		if errors.Is(err, errRefused) {
			// A record the API will not create (the generator's one-name
			// records: the API needs a given name) is still checked, but
			// later records cannot pair with it.
			refused++
			b.update(int64(i+1), int64(len(records.People)))
			continue
		}
		if err != nil {
			return fmt.Errorf("record %d: create: %w", rec.ID, err)
		}
		entityOf[id], kindOf[id] = rec.Entity, rec.Kind
		idsOf[rec.Entity] = append(idsOf[rec.Entity], id)
		b.update(int64(i+1), int64(len(records.People)))
	}
	b.finish()

	var kinds []string
	var all figures
	for k, f := range byKind {
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
	fmt.Fprintf(stdout, "%d records of %s through the API on %s as %s: precision %.3f (%d/%d), recall %.3f (%d/%d); check %s\n",
		len(records.People), filepath.Base(filepath.Dir(set))+"/"+filepath.Base(set), describeDB(c.DB), email,
		ratio(all.correct, all.returned), all.correct, all.returned, ratio(all.found, all.pairs), all.found, all.pairs, strings.TrimSpace(latency(took, 0)))
	if refused > 0 {
		fmt.Fprintf(stdout, "  (%d records were checked but refused by the API's create, so not recorded: later records cannot pair with them)\n", refused)
	}
	for _, k := range kinds {
		f := byKind[k]
		fmt.Fprintf(stdout, "  %-36s pairs %4d  found %4d  recall %.3f | returned %4d  correct %4d  precision %.3f\n",
			k, f.pairs, f.found, ratio(f.found, f.pairs), f.returned, f.correct, ratio(f.correct, f.returned))
	}
	return nil
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
