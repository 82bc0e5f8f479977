package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gateway/models"
	"gateway/models/names"
)

// benchPeopleCmd times the duplicate check and people search through the
// real server, as a hostel worker would use them, on names drawn from the
// database itself: exactly as recorded, and with a typing slip.
func benchPeopleCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var checks int
	var seconds float64
	var login signIn
	fs := c.dbFlags("bench people", "Times GET /api/v1/people/duplicates (one client, one check at a time) and GET /api/v1/people\n(a search, at 1 and 10 concurrent clients for a fixed time each) for names of people in the\ndatabase, exactly as recorded and with a slip, and checks that a search for a full name puts\nsomeone of exactly that name first. Run it against a database filled by `gateway generate`.", "gateway-generated.db", stderr)
	fs.IntVar(&checks, "checks", 300, "duplicate checks to time")
	fs.Float64Var(&seconds, "seconds", 15, "seconds of searching at each concurrency")
	login.flags(fs, "hostel@demo.example", "worker to log in as")
	if err := c.parseDB(fs, args); err != nil {
		return err
	}
	if checks < 1 || seconds <= 0 || seconds > 3600 {
		return fmt.Errorf("%w: --checks must be at least 1 and --seconds between 0 and 3600", errUsage)
	}
	srv, token, err := startSignedIn(ctx, withBenchAppName(c.DB), false, login)
	if err != nil {
		return err
	}
	defer srv.Close()
	store, ts := srv.store, srv
	var total int64
	store.Gorm().Model(&models.Person{}).Count(&total)
	sample, err := samplePeople(ctx, store, 2000)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "people search and duplicate check as %s, %s, %d people:\n", login.email, describeDB(c.DB), total)

	r := rand.New(rand.NewPCG(1, 2))
	var times []time.Duration
	var cpu *cpuMeter
	var stmts int64
	for i := range checks + 5 {
		if i == 5 { // after the warm-up
			cpu, stmts = startCPU(ctx, store), models.StatementsExecuted()
		}
		p := sample[r.IntN(len(sample))]
		q := url.Values{"given_name": {p.GivenName}, "family_name": {p.FamilyName}}
		if i%2 == 1 {
			q.Set("family_name", slip(r, p.FamilyName))
		}
		if !p.DOB.IsZero() {
			q.Set("dob", p.DOB.String())
		}
		start := time.Now()
		if _, err := benchJSON(ts.URL+"/api/v1/people/duplicates?"+q.Encode(), token, nil); err != nil {
			return fmt.Errorf("duplicate check: %w", err)
		}
		if i >= 5 {
			times = append(times, time.Since(start))
		}
	}
	fmt.Fprintf(stdout, "  duplicate check, 1 client    %s\n", latency(times, seconds))
	fmt.Fprintf(stdout, "    %s; %s\n", cpu.stop(ctx).per(len(times)), statementsPer(stmts, len(times)))

	for _, clients := range []int{1, 10} {
		var mu sync.Mutex
		var all []time.Duration
		misses, exact := 0, 0
		cpu, stmts := startCPU(ctx, store), models.StatementsExecuted()
		began := time.Now()
		deadline := began.Add(time.Duration(seconds * float64(time.Second)))
		var wg sync.WaitGroup
		for w := range clients {
			wg.Add(1)
			go func(seed uint64) {
				defer wg.Done()
				r := rand.New(rand.NewPCG(seed, 3))
				for time.Now().Before(deadline) {
					p := sample[r.IntN(len(sample))]
					full := strings.TrimSpace(p.GivenName + " " + p.FamilyName)
					text := full
					if r.IntN(4) == 0 {
						text = slip(r, full)
					}
					var res struct {
						Results []struct {
							ID         int64  `json:"id"`
							GivenName  string `json:"given_name"`
							FamilyName string `json:"family_name"`
						} `json:"results"`
					}
					start := time.Now()
					_, err := benchJSON(ts.URL+"/api/v1/people?q="+url.QueryEscape(text), token, &res)
					took := time.Since(start)
					mu.Lock()
					all = append(all, took)
					if text == full {
						exact++
						if err != nil || len(res.Results) == 0 ||
							names.Normalise(res.Results[0].GivenName+" "+res.Results[0].FamilyName) != names.Normalise(full) {
							misses++
						}
					}
					mu.Unlock()
				}
			}(uint64(w))
		}
		wg.Wait()
		elapsed := time.Since(began)
		fmt.Fprintf(stdout, "  people search, %2d clients  %s; someone of exactly the name searched first in %d of %d\n",
			clients, latency(all, seconds), exact-misses, exact)
		fmt.Fprintf(stdout, "    %.1f searches/s; %s; %s\n", float64(len(all))/elapsed.Seconds(),
			cpu.stop(ctx).per(len(all)), statementsPer(stmts, len(all)))
	}
	return nil
}

// statementsPer is the statements sent to the database a request since
// before (models.StatementsExecuted), the round trips a request costs.
func statementsPer(before int64, n int) string {
	if n == 0 {
		return "no requests"
	}
	return fmt.Sprintf("%.1f statements a request", float64(models.StatementsExecuted()-before)/float64(n))
}

func latency(times []time.Duration, seconds float64) string {
	if len(times) == 0 {
		return "no requests"
	}
	slices.Sort(times)
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
	pct := func(p float64) time.Duration { return times[min(len(times)-1, int(p*float64(len(times))))] }
	return fmt.Sprintf("%6d requests  p50 %6s ms  p95 %6s ms  p99 %6s ms  max %6s ms", len(times), ms(pct(.5)), ms(pct(.95)), ms(pct(.99)), ms(times[len(times)-1]))
}

// samplePeople draws people a hostel worker may find: known to some
// service that is not confidential.
func samplePeople(ctx context.Context, s *models.Store, n int) ([]models.Person, error) {
	var out []models.Person
	err := s.Gorm().WithContext(ctx).Model(&models.Person{}).
		Where("merged_into_id IS NULL AND EXISTS (SELECT 1 FROM involvements i WHERE i.person_id = people.id AND i.confidential = ?)", false).
		Order("(id * 7919) % 100003").Limit(n).Find(&out).Error
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("no people to search for: fill the database with gateway generate first")
	}
	return out, err
}

// slip makes one typing slip: two neighbouring letters swapped.
func slip(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 4 {
		return s
	}
	i := 1 + r.IntN(len(rs)-2)
	rs[i], rs[i+1] = rs[i+1], rs[i]
	return string(rs)
}

func benchJSON(u, token string, into any) (int, error) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, fmt.Errorf("%d %s", resp.StatusCode, b)
	}
	if into != nil {
		return resp.StatusCode, json.NewDecoder(resp.Body).Decode(into)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}
