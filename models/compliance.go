package models

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Data compliance reads, for each service and month, "the records the
// service was responsible for that month", and which of their essential
// fields are empty. Each kind of record is one extractor (compliance_*.go):
// which rows count for a service in a month, and a SQL test per field that
// is true when the field is missing. Package reports does the counting;
// this package only reads.

// ComplianceField is a field an extractor can check. Rules (data an area
// admin edits) choose which of them are essential; a rule naming a field
// no extractor checks is refused when saved.
type ComplianceField struct {
	Key   string `json:"key"`
	Label string `json:"label"` // the label the default rules use
	// MissingWhen says in words exactly when the field counts as missing:
	// the same condition as missing, for people reproducing
	// a score.
	MissingWhen string `json:"missing_when"`
	// missing is a SQL condition true when the field is empty.
	missing string
	// notApplicable, if set, is a SQL condition true when the field does
	// not apply to the record yet (a move-on reason while still placed).
	notApplicable string
}

// complianceExtractor reads one kind of record.
type complianceExtractor struct {
	Type string
	// Counts says, for people reading the rules, which records count.
	Counts string
	Fields []ComplianceField
	// rows is FROM, JOINs and WHERE: the records services were responsible
	// for in the window, of services in w.services. The select list uses
	// id, service and person.
	rows                func(db *gorm.DB, w complianceWindow) *gorm.DB
	id, service, person string
	// link is where a manager fixes the record.
	link func(id, person int64) string
	// extra are more columns, read by check.
	extra []string
	// check, if set, is made once per read and sets the bits (in
	// Fields order) of fields decided in Go rather than SQL: an
	// assessment's sections follow its own form version.
	check func(ctx context.Context, s *Store) (func(extra []any, missing, na *int64) error, error)
}

// complianceWindow is what an extractor filters by.
type complianceWindow struct {
	start, end time.Time // [start, end), UTC
	services   *gorm.DB  // subquery: ids of the services to read
}

// extractors lists every kind of record compliance is measured on. Another
// feature's records join by adding an extractor here (and its description
// beside the others in compliance_records.go).
var extractors = []*complianceExtractor{personExtractor, assessmentExtractor, streetContactExtractor, placementExtractor, caseExtractor}

// ComplianceTypes lists, for each kind of record, the fields an extractor
// can check and which records count: what the rules editor offers.
func ComplianceTypes() []ComplianceType {
	out := make([]ComplianceType, len(extractors))
	for i, e := range extractors {
		out[i] = ComplianceType{Type: e.Type, Counts: e.Counts, Fields: slices.Clone(e.Fields)}
	}
	return out
}

// ComplianceType is one kind of record compliance can measure.
type ComplianceType struct {
	Type   string            `json:"type"`
	Counts string            `json:"counts"`
	Fields []ComplianceField `json:"fields"`
}

// ComplianceRecord is one record a service was responsible for in the
// month, and which checked fields are empty or do not apply. Missing and
// NotApplicable are shared between records: read them, never change them.
type ComplianceRecord struct {
	Type          string
	ID            int64
	ServiceID     int64
	PersonID      int64
	Label         string // the person's name, only when the query asked for names
	Link          string
	Missing       []string
	NotApplicable []string
}

// ComplianceQuery says whose records to read for which month.
type ComplianceQuery struct {
	Start, End time.Time // the month, [Start, End)
	// Services is a policy scope over services: only their records are read.
	Services Scope
	// ServiceIDs, if not nil, narrows to these services.
	ServiceIDs []int64
	// Types, if set, reads only these kinds of record.
	Types []string
	// Names, if set, is a policy scope over people whose names may label
	// the records (a manager's named list). Records of anyone else are
	// labelled by kind and number only.
	Names Scope
	// Progress, if set, is told after every 10,000 records.
	Progress func(done int64)
}

func (s *Store) window(ctx context.Context, q ComplianceQuery) complianceWindow {
	svc := s.with(ctx).Session(&gorm.Session{NewDB: true}).Model(&Service{}).Select("services.id").Scopes(q.Services.Apply)
	if q.ServiceIDs != nil {
		svc = svc.Where("services.id IN ?", append([]int64{0}, q.ServiceIDs...))
	}
	return complianceWindow{start: q.Start.UTC(), end: q.End.UTC(), services: svc}
}

func (q ComplianceQuery) wants(typ string) bool {
	return q.Types == nil || slices.Contains(q.Types, typ)
}

// ComplianceRecordCounts counts the records ComplianceRecords would read,
// by kind, so a long run can show progress.
func (s *Store) ComplianceRecordCounts(ctx context.Context, q ComplianceQuery) (map[string]int64, error) {
	out := map[string]int64{}
	for _, e := range extractors {
		if !q.wants(e.Type) {
			continue
		}
		var n int64
		base := e.rows(s.with(ctx).Session(&gorm.Session{NewDB: true}), s.window(ctx, q)).Select(e.id)
		if err := s.with(ctx).Table("(?) AS counted", base).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("count %s records: %w", e.Type, err)
		}
		out[e.Type] = n
	}
	return out, nil
}

// ComplianceRecords streams the records services in q.Services were
// responsible for in the month, kind by kind, to fn. rec is reused between
// calls: copy what you keep.
func (s *Store) ComplianceRecords(ctx context.Context, q ComplianceQuery, fn func(rec *ComplianceRecord) error) error {
	var done int64
	for _, e := range extractors {
		if !q.wants(e.Type) {
			continue
		}
		if err := s.extractKind(ctx, e, q, &done, fn); err != nil {
			return fmt.Errorf("%s records: %w", e.Type, err)
		}
	}
	return nil
}

// extractKind reads one kind of record. On PostgreSQL it runs in a
// read-only transaction with room to work: these are month-wide scans of
// a million rows, and with the default 4MB of work memory and parallel
// workers the planner can pick a spilling parallel aggregate that runs for
// minutes instead of a second (seen on a freshly bulk-loaded database).
func (s *Store) extractKind(ctx context.Context, e *complianceExtractor, q ComplianceQuery, done *int64, fn func(*ComplianceRecord) error) error {
	if s.dialect != Postgres {
		return s.extract(ctx, s, e, q, done, fn)
	}
	return s.poolTx(ctx, func(db *gorm.DB) error { // on the replica for a Replica() store
		for _, set := range []string{"SET TRANSACTION READ ONLY", "SET LOCAL work_mem = '64MB'", "SET LOCAL max_parallel_workers_per_gather = 0"} {
			if err := db.Exec(set).Error; err != nil {
				return err
			}
		}
		return (&Store{db: db, dialect: s.dialect, dsn: s.dsn, feed: s.feed}).extract(ctx, s, e, q, done, fn)
	})
}

// extract reads one kind of record through s; outer is the store that
// Go-side checks read through (a transaction's connection is busy with
// the rows).
func (s *Store) extract(ctx context.Context, outer *Store, e *complianceExtractor, q ComplianceQuery, done *int64, fn func(*ComplianceRecord) error) error {
	w := s.window(ctx, q)
	var args []any
	missingSQL, missingArgs := mask(e.Fields, w, func(f ComplianceField) string { return f.missing })
	naSQL, naArgs := mask(e.Fields, w, func(f ComplianceField) string { return f.notApplicable })
	args = append(append(args, missingArgs...), naArgs...)
	cols := []string{e.id + " AS id", e.service + " AS service_id", e.person + " AS person_id",
		missingSQL + " AS missing_mask", naSQL + " AS na_mask"}
	db := e.rows(s.with(ctx).Session(&gorm.Session{NewDB: true}), w)
	named := q.Names.Name() != "none"
	if named {
		// Names come only from people the names scope shows.
		names := s.with(ctx).Session(&gorm.Session{NewDB: true}).Model(&Person{}).Select("people.id").Scopes(q.Names.Apply)
		db = db.Joins("LEFT JOIN people lp ON lp.id = "+e.person+" AND lp.id IN (?)", names)
		cols = append(cols, "lp.given_name AS given_name", "lp.family_name AS family_name")
	} else {
		cols = append(cols, "NULL AS given_name", "NULL AS family_name")
	}
	cols = append(cols, e.extra...)
	var check func([]any, *int64, *int64) error
	if e.check != nil {
		var err error
		if check, err = e.check(ctx, outer); err != nil {
			return err
		}
	}
	rows, err := db.Select(strings.Join(cols, ", "), args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	missing, na := keySets{fields: e.Fields}, keySets{fields: e.Fields}
	rec := &ComplianceRecord{Type: e.Type}
	var given, family sql.NullString
	var mMask, nMask int64
	extra := make([]any, len(e.extra))
	dest := []any{&rec.ID, &rec.ServiceID, &rec.PersonID, &mMask, &nMask, &given, &family}
	for i := range extra {
		dest = append(dest, &extra[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if check != nil {
			if err := check(extra, &mMask, &nMask); err != nil {
				return err
			}
		}
		rec.Missing, rec.NotApplicable = missing.keys(mMask), na.keys(nMask)
		rec.Label, rec.Link = "", ""
		if named {
			rec.Link = e.link(rec.ID, rec.PersonID)
			if given.Valid {
				rec.Label = strings.TrimSpace(given.String + " " + family.String)
			}
		}
		if err := fn(rec); err != nil {
			return err
		}
		if *done++; *done%10000 == 0 && q.Progress != nil {
			q.Progress(*done)
		}
	}
	return rows.Err()
}

// mask folds the fields' conditions into one integer, bit i set when
// field i's condition holds, so a row carries its gaps in one column. A
// condition may name the month's bounds as @start and @end.
func mask(fields []ComplianceField, w complianceWindow, cond func(ComplianceField) string) (string, []any) {
	var parts []string
	var args []any
	for i, f := range fields {
		c := cond(f)
		if c == "" {
			continue
		}
		for {
			s, e := strings.Index(c, "@start"), strings.Index(c, "@end")
			switch {
			case s < 0 && e < 0:
			case e < 0 || (s >= 0 && s < e):
				c = c[:s] + "?" + c[s+len("@start"):]
				args = append(args, w.start)
				continue
			default:
				c = c[:e] + "?" + c[e+len("@end"):]
				args = append(args, w.end)
				continue
			}
			break
		}
		parts = append(parts, fmt.Sprintf("(CASE WHEN %s THEN %d ELSE 0 END)", c, 1<<i))
	}
	if len(parts) == 0 {
		return "0", nil
	}
	return strings.Join(parts, " + "), args
}

// keySets turns masks into key lists, each built once and then shared.
type keySets struct {
	fields []ComplianceField
	seen   map[int64][]string
}

func (k *keySets) keys(m int64) []string {
	if m == 0 {
		return nil
	}
	if ks, ok := k.seen[m]; ok {
		return ks
	}
	var ks []string
	for i, f := range k.fields {
		if m&(1<<i) != 0 {
			ks = append(ks, f.Key)
		}
	}
	if k.seen == nil {
		k.seen = map[int64][]string{}
	}
	k.seen[m] = ks
	return ks
}

// ComplianceFieldKnown reports whether some extractor checks typ's field
// key, so saved rules never name a field nothing can measure.
func ComplianceFieldKnown(typ, key string) bool {
	for _, e := range extractors {
		if e.Type == typ {
			return slices.ContainsFunc(e.Fields, func(f ComplianceField) bool { return f.Key == key })
		}
	}
	return false
}
