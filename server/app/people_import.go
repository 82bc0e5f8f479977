package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
)

// PeopleMapping says which column of a legacy system's CSV export holds
// each of Gateway's person fields, read from a mapping file of lines
// "field = Column heading" (# starts a comment):
//
//	given_name = Forename
//	family_name = Surname
//	dob = Date of Birth
//	dob_formats = DD/MM/YYYY, YYYY-MM-DD, D MMM YYYY
//	gender = Sex
//	gender_values = M:male, F:female
//	legacy_id = Client Ref
//	encoding = windows-1252
type PeopleMapping struct {
	Columns      map[string]string // Gateway field → column heading
	DOBFormats   []string
	GenderValues map[string]string
	Encoding     string // "utf-8" (default) or "windows-1252"
}

// peopleFields are the person fields a mapping may fill.
var peopleFields = []string{"given_name", "family_name", "dob", "estimated_age", "gender", "phone", "email", "nationality", "legacy_id"}

// dobLayouts turns the mapping's date formats into Go layouts.
var dobLayouts = map[string]string{
	"DD/MM/YYYY": "02/01/2006", "D/M/YYYY": "2/1/2006", "YYYY-MM-DD": "2006-01-02", "D MMM YYYY": "2 Jan 2006",
	"DD-MMM-YYYY": "02-Jan-2006", "DD.MM.YYYY": "02.01.2006", "MM/DD/YYYY": "01/02/2006", "YYYYMMDD": "20060102",
}

// ParsePeopleMapping reads a mapping file; problems name its line.
func ParsePeopleMapping(data []byte) (*PeopleMapping, error) {
	m := &PeopleMapping{Columns: map[string]string{}, GenderValues: map[string]string{}, Encoding: "utf-8",
		DOBFormats: []string{"DD/MM/YYYY", "YYYY-MM-DD", "D MMM YYYY"}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		k, v, ok := strings.Cut(text, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || v == "" {
			return nil, fmt.Errorf("mapping line %d: write field = Column heading", line)
		}
		switch k {
		case "dob_formats":
			m.DOBFormats = nil
			for _, f := range strings.Split(v, ",") {
				f = strings.TrimSpace(f)
				if dobLayouts[f] == "" {
					return nil, fmt.Errorf("mapping line %d: dob_formats: %q is not a date format Gateway knows (%s)", line, f, strings.Join(sortedLayouts(), ", "))
				}
				m.DOBFormats = append(m.DOBFormats, f)
			}
		case "gender_values":
			for _, pair := range strings.Split(v, ",") {
				from, to, ok := strings.Cut(pair, ":")
				to = strings.TrimSpace(to)
				if !ok || !slices.Contains(models.Genders, to) {
					return nil, fmt.Errorf("mapping line %d: gender_values: write Legacy:gateway pairs, gateway one of %s", line, strings.Join(models.Genders, ", "))
				}
				m.GenderValues[strings.ToLower(strings.TrimSpace(from))] = to
			}
		case "encoding":
			v = strings.ToLower(v)
			if v != "utf-8" && v != "windows-1252" {
				return nil, fmt.Errorf("mapping line %d: encoding is utf-8 or windows-1252", line)
			}
			m.Encoding = v
		default:
			if !slices.Contains(peopleFields, k) {
				return nil, fmt.Errorf("mapping line %d: %q is not a person field (%s)", line, k, strings.Join(peopleFields, ", "))
			}
			m.Columns[k] = v
		}
	}
	if m.Columns["given_name"] == "" {
		return nil, fmt.Errorf("mapping: given_name must be mapped to a column")
	}
	return m, nil
}

func sortedLayouts() []string {
	out := make([]string, 0, len(dobLayouts))
	for k := range dobLayouts {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ImportRow is one data row of the file: its line, the legacy id, and the
// person it describes, or the problems with it by field.
type ImportRow struct {
	Line     int
	LegacyID string
	Input    models.PersonInput
	Problems models.FieldErrors
}

// ReadPeopleCSV reads the legacy file through the mapping. A file that is
// not in the mapping's encoding, or lacks a mapped column, is refused
// whole; a row with a bad value is kept with its problems.
func ReadPeopleCSV(data []byte, m *PeopleMapping, now time.Time) ([]ImportRow, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if m.Encoding == "windows-1252" {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, err
		}
		data = dec
	} else if !utf8.Valid(data) {
		return nil, fmt.Errorf("line %d is not UTF-8 text: save the file as UTF-8, or add \"encoding = windows-1252\" to the mapping if it came from Excel on Windows", models.InvalidUTF8Line(data))
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("line 1: cannot read the header row: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	idx := map[string]int{}
	var missing []string
	for _, f := range peopleFields {
		h, ok := m.Columns[f]
		if !ok {
			continue
		}
		i, ok := col[h]
		if !ok {
			missing = append(missing, fmt.Sprintf("%q (mapped to %s)", h, f))
			continue
		}
		idx[f] = i
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("line 1: the file has no column %s; its columns are %s", strings.Join(missing, ", "), strings.Join(header, ", "))
	}
	var rows []ImportRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		get := func(f string) string {
			if i, ok := idx[f]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row := ImportRow{Line: line, LegacyID: get("legacy_id"), Problems: models.FieldErrors{}}
		in := models.PersonInput{GivenName: get("given_name"), FamilyName: get("family_name"), Phone: get("phone"), Email: get("email"), Nationality: get("nationality")}
		if v := get("dob"); v != "" {
			d, msg := parseLegacyDate(v, m.DOBFormats)
			if msg != "" {
				row.Problems.Add("dob", msg)
			}
			in.DOB = d
		}
		if v := get("estimated_age"); v != "" && in.DOB.IsZero() {
			n, err := strconv.Atoi(v)
			if err != nil {
				row.Problems.Add("estimated_age", "must be a whole number of years")
			} else {
				in.EstimatedAge = &n
			}
		}
		if v := get("gender"); v != "" {
			if g, ok := m.GenderValues[strings.ToLower(v)]; ok {
				in.Gender = g
			} else if slices.Contains(models.Genders, strings.ToLower(v)) {
				in.Gender = strings.ToLower(v)
			} else {
				row.Problems.Add("gender", fmt.Sprintf("%q is not a gender Gateway records; map it with gender_values", v))
			}
		}
		if err := in.Check(now); err != nil {
			if fe, ok := err.(models.FieldErrors); ok {
				for k, v := range fe {
					row.Problems.Add(k, v)
				}
			} else {
				row.Problems.Add("row", err.Error())
			}
		}
		row.Input = in
		rows = append(rows, row)
	}
}

// parseLegacyDate reads a date in any of the formats; two formats giving
// different dates (03/04/1980 as DD/MM and MM/DD) is an error, not a guess.
func parseLegacyDate(v string, formats []string) (models.Date, string) {
	var found []time.Time
	for _, f := range formats {
		t, err := time.Parse(dobLayouts[f], v)
		if err == nil && !containsTime(found, t) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return models.Date{}, fmt.Sprintf("%q is not a date in the mapped formats (%s)", v, strings.Join(formats, ", "))
	case 1:
		return models.Date{Year: found[0].Year(), Month: found[0].Month(), Day: found[0].Day()}, ""
	}
	return models.Date{}, fmt.Sprintf("%q reads as more than one date in the mapped formats (%s)", v, strings.Join(formats, ", "))
}

func containsTime(ts []time.Time, t time.Time) bool {
	for _, x := range ts {
		if x.Equal(t) {
			return true
		}
	}
	return false
}

// ImportOutcome is what happened (or, in a dry run, would happen) to a row.
type ImportOutcome struct {
	Line      int
	LegacyID  string
	Outcome   string // created, would_create, invalid, duplicate
	PersonID  int64  // created, or the likely duplicate
	Detail    string
	Duplicate *matching.DuplicateMatch
}

// PeopleImport runs a legacy import as one user acting for one service.
type PeopleImport struct {
	Store  *models.Store
	Policy *policy.Policy
	Actor  policy.Actor
	Rows   []ImportRow
	RunID  string // the file and mapping's hash: the same run resumes
	Batch  int
	// CreateDuplicates records rows that look like someone already held
	// (a strong match) instead of leaving them for review.
	CreateDuplicates bool
	Progress         func(done, total int)

	repeats map[int]int // line → the earlier line with the same name and date of birth
}

// findRepeats marks rows repeating an earlier row's full name and date of
// birth: legacy exports often hold the same person twice, and the batch's
// checks (run side by side against people already saved) would not see it.
func (pi *PeopleImport) findRepeats() {
	pi.repeats = map[int]int{}
	first := map[string]int{}
	for _, r := range pi.Rows {
		if len(r.Problems) > 0 || r.Input.DOB.IsZero() {
			continue
		}
		k := strings.ToLower(r.Input.GivenName+"\x00"+r.Input.FamilyName) + "\x00" + r.Input.DOB.String()
		if l, ok := first[k]; ok {
			pi.repeats[r.Line] = l
			continue
		}
		first[k] = r.Line
	}
}

// RunID names an import by its file, mapping and service.
func RunID(file, mapping []byte, serviceID int64) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%d\x00", serviceID, len(file))
	h.Write(file)
	h.Write([]byte{0})
	h.Write(mapping)
	return hex.EncodeToString(h.Sum(nil))
}

// check is the duplicate check the create form runs, against the people
// the importing service may see (never a confidential service's alone).
func (pi *PeopleImport) check(ctx context.Context, st *models.Store, in models.PersonInput, now time.Time) (*matching.DuplicateMatch, error) {
	cands, _, err := st.DuplicateCandidates(ctx, policy.People(pi.Actor), in.Identity(now.Year()), 0)
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	holders, err := st.GivenNameHolders(ctx, policy.People(pi.Actor), in.GivenName)
	if err != nil {
		return nil, err
	}
	ranked := RankCandidates(in, cands, holders, now)
	if len(ranked) == 0 {
		return nil, nil
	}
	return &ranked[0], nil
}

// DryRun reports what the import would do, saving nothing.
func (pi *PeopleImport) DryRun(ctx context.Context) ([]ImportOutcome, error) {
	pi.findRepeats()
	now := time.Now()
	out := make([]ImportOutcome, 0, len(pi.Rows))
	for start := 0; start < len(pi.Rows); start += 500 {
		end := min(start+500, len(pi.Rows))
		batch, err := pi.decideAll(ctx, pi.Rows[start:end], now)
		if err != nil {
			return nil, err
		}
		for _, o := range batch {
			if o.Outcome == "created" {
				o.Outcome = "would_create"
			}
			out = append(out, o)
		}
		if pi.Progress != nil {
			pi.Progress(end, len(pi.Rows))
		}
	}
	return out, nil
}

func (pi *PeopleImport) decide(ctx context.Context, st *models.Store, r ImportRow, now time.Time) (ImportOutcome, error) {
	o := ImportOutcome{Line: r.Line, LegacyID: r.LegacyID, Outcome: "created"}
	if len(r.Problems) > 0 {
		o.Outcome, o.Detail = "invalid", r.Problems.Error()
		return o, nil
	}
	if l, ok := pi.repeats[r.Line]; ok && !pi.CreateDuplicates {
		o.Outcome, o.Detail = "duplicate", fmt.Sprintf("same name and date of birth as line %d of the file", l)
		return o, nil
	}
	m, err := pi.check(ctx, st, r.Input, now)
	if err != nil {
		return o, err
	}
	if m != nil {
		o.Duplicate, o.PersonID = m, m.ID
		o.Detail = fmt.Sprintf("%s match (score %.2f): %s", m.Strength, m.Score, strings.Join(m.Reasons, "; "))
		if m.Strength == matching.StrengthStrong && !pi.CreateDuplicates {
			o.Outcome = "duplicate"
		}
	}
	return o, nil
}

// Run imports in batches, each in one transaction with the run's progress,
// so a run stopped part way resumes after the last whole batch. Invalid
// rows and likely duplicates are not created; outcomes holds every row
// this run handled (rows done by an earlier run are skipped). A batch's
// duplicate checks run side by side before its transaction, against the
// people committed so far (earlier batches included).
func (pi *PeopleImport) Run(ctx context.Context) (outcomes []ImportOutcome, resumedAt int, err error) {
	if pi.Batch <= 0 {
		pi.Batch = 500
	}
	pi.findRepeats()
	done, err := pi.Store.StartPeopleImport(ctx, pi.RunID, pi.Actor.ServiceID, len(pi.Rows))
	if err != nil {
		return nil, 0, err
	}
	resumedAt = done
	now := time.Now()
	for done < len(pi.Rows) {
		end := min(done+pi.Batch, len(pi.Rows))
		batch, err := pi.decideAll(ctx, pi.Rows[done:end], now)
		if err != nil {
			return outcomes, resumedAt, err
		}
		err = pi.Store.Tx(ctx, func(tx *models.Store) error {
			created := 0
			for i, r := range pi.Rows[done:end] {
				if batch[i].Outcome != "created" {
					continue
				}
				p, err := tx.CreatePerson(ctx, pi.Actor.Author(), r.Input)
				if err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				batch[i].PersonID = p.ID
				created++
			}
			return tx.AdvancePeopleImport(ctx, pi.RunID, end, created)
		})
		if err != nil {
			return outcomes, resumedAt, err
		}
		outcomes = append(outcomes, batch...)
		done = end
		if pi.Progress != nil {
			pi.Progress(done, len(pi.Rows))
		}
	}
	return outcomes, resumedAt, pi.Store.FinishPeopleImport(ctx, pi.RunID)
}

// checkWorkers is how many duplicate checks run at once.
const checkWorkers = 4

func (pi *PeopleImport) decideAll(ctx context.Context, rows []ImportRow, now time.Time) ([]ImportOutcome, error) {
	out := make([]ImportOutcome, len(rows))
	errs := make([]error, checkWorkers)
	var wg sync.WaitGroup
	for w := 0; w < checkWorkers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(rows); i += checkWorkers {
				o, err := pi.decide(ctx, pi.Store, rows[i], now)
				if err != nil {
					errs[w] = err
					return
				}
				out[i] = o
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
