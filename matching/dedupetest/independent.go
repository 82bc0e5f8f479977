package dedupetest

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"gateway/matching"
)

// IndependentSet is the path, from the repository root, of the evaluation
// set built without reading the matcher, its keys or GenerateDuplicateSet
// (different name sources and variation rules; see its README).
const IndependentSet = "testdata/dedupe/independent/records.csv"

// IndependentRecordedOn is the day the set's estimated ages were given.
const IndependentRecordedOn = 2026

// LoadIndependent reads the independent set from path into a DuplicateSet
// in creation order (IDs are the file's record ids). Its kinds are the
// file's: "base", the duplicate kinds and "hard_negative_<type>".
func LoadIndependent(path string) (DuplicateSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return DuplicateSet{}, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return DuplicateSet{}, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, h := range []string{"record_id", "cluster_id", "kind", "given_name", "family_name", "dob", "estimated_age", "gender", "alias_given", "alias_family"} {
		if _, ok := col[h]; !ok {
			return DuplicateSet{}, fmt.Errorf("%s: no column %q", path, h)
		}
	}
	var set DuplicateSet
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return DuplicateSet{}, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		get := func(h string) string { return strings.TrimSpace(rec[col[h]]) }
		id, err1 := strconv.ParseInt(get("record_id"), 10, 64)
		cluster, err2 := strconv.Atoi(get("cluster_id"))
		if err1 != nil || err2 != nil {
			return DuplicateSet{}, fmt.Errorf("%s line %d: bad record_id or cluster_id", path, line)
		}
		p := GeneratedPerson{Entity: cluster, Kind: get("kind")}
		if p.Kind == "base" {
			p.Kind = KindBase
		}
		p.ID, p.Given, p.Family, p.Gender = id, get("given_name"), get("family_name"), get("gender")
		if d := get("dob"); d != "" {
			if p.DOB, err = parseDOB(d); err != nil {
				return DuplicateSet{}, fmt.Errorf("%s line %d: dob: %w", path, line, err)
			}
		} else if a := get("estimated_age"); a != "" {
			age, err := strconv.Atoi(a)
			if err != nil {
				return DuplicateSet{}, fmt.Errorf("%s line %d: estimated_age: %w", path, line, err)
			}
			p.EstimatedBirthYear = IndependentRecordedOn - age
		}
		if g, fam := get("alias_given"), get("alias_family"); g != "" || fam != "" {
			p.Aliases = []matching.Name{{Given: g, Family: fam}}
		}
		set.People = append(set.People, p)
	}
	return set, nil
}

func parseDOB(s string) (matching.Date, error) {
	var d matching.Date
	parts := strings.Split(s, "-")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(parts) > 3 {
			return d, fmt.Errorf("%q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		nums[i] = n
	}
	d.Year = nums[0]
	if len(nums) > 1 {
		d.Month = nums[1]
	}
	if len(nums) > 2 {
		d.Day = nums[2]
	}
	return d, nil
}
