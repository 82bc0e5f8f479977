package reports

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// Worked by hand: a hostel (service 1) with two placements.
//
//	placement 1  open: move-on reason and destination do not apply;
//	             start recorded                                0 of 1
//	placement 2  moved on, destination missing               1 of 3
//	             (and "move_on_reason" listed as not applicable
//	             but also missing: not applicable wins)
//	placement 3  open, says its move-on reason is missing: it
//	             does not apply, so it is not counted         0 of 1
//	records 3, required 5, missing 1: 100 × 4/5 = 80.0
func TestFieldsThatDoNotApplyAreNeitherRequiredNorMissing(t *testing.T) {
	notYet := []string{"move_on_reason", "move_on_destination"}
	recs := []Record{
		{Type: "placement", ID: 1, ServiceID: 1, NotApplicable: notYet},
		{Type: "placement", ID: 2, ServiceID: 1, Missing: []string{"move_on_destination"}},
		{Type: "placement", ID: 3, ServiceID: 1, NotApplicable: notYet, Missing: []string{"move_on_reason"}},
	}
	s := Score(october, DefaultRules(), recs)[0]
	if s.Records != 3 || s.Required != 5 || s.Missing != 1 || s.Score != 80 {
		t.Fatalf("got %d records, %d required, %d missing, %.1f; want 3, 5, 1, 80.0", s.Records, s.Required, s.Missing, s.Score)
	}
	got := map[string]string{}
	for _, f := range s.PerField {
		got[f.Key] = fmt.Sprintf("%d/%d", f.Missing, f.Required)
	}
	want := map[string]string{"start": "0/3", "move_on_reason": "0/1", "move_on_destination": "1/1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("per field = %v, want %v", got, want)
	}
	if len(s.Named) != 1 || s.Named[0].ID != 2 {
		t.Errorf("named list = %+v, want placement 2 only", s.Named)
	}

	// A field that applies to none of the records is left out of PerField.
	s = Score(october, DefaultRules(), recs[:1])[0]
	if len(s.PerField) != 1 || s.PerField[0].Key != "start" {
		t.Errorf("open placements only: PerField = %+v, want start alone", s.PerField)
	}
}

// Streaming records one at a time gives exactly what scoring the slice
// does, in any order of arrival.
func TestScorerStreamsLikeScore(t *testing.T) {
	rules := DefaultRules()
	rng := rand.New(rand.NewPCG(7, 8))
	var recs []Record
	for i := range 3000 {
		typ := RecordTypes[rng.IntN(len(RecordTypes))]
		r := Record{Type: typ, ID: int64(i), ServiceID: int64(rng.IntN(9)), Label: fmt.Sprint("name ", i)}
		fs := rules.Types[typ]
		for range rng.IntN(3) {
			r.Missing = append(r.Missing, fs[rng.IntN(len(fs))].Key)
		}
		if rng.IntN(4) == 0 {
			r.NotApplicable = []string{fs[rng.IntN(len(fs))].Key}
		}
		recs = append(recs, r)
	}
	want := Score(october, rules, recs)
	sc := NewScorer(october, rules)
	for _, i := range rng.Perm(len(recs)) {
		sc.Add(recs[i])
	}
	if sc.Records() != len(recs) {
		t.Errorf("Records() = %d, want %d", sc.Records(), len(recs))
	}
	got := sc.Scores()
	if !reflect.DeepEqual(got, want) {
		t.Fatal("streamed scores differ from Score's")
	}
	// Scores is a snapshot: adding more later does not change it.
	before := fmt.Sprint(got[0].Named)
	sc.Add(Record{Type: "person", ID: 99999, ServiceID: got[0].ServiceID, Missing: []string{"name"}})
	if fmt.Sprint(got[0].Named) != before {
		t.Error("a later Add changed an earlier result")
	}
}

// A closed month's report shows the published scores, and the month
// re-run today beside them.
func TestComplianceReportShowsTheRerunBesideThePublishedScores(t *testing.T) {
	r := laReport()
	r.Current = make([]ServiceScore, len(r.Services))
	for i, s := range r.Services {
		s.Missing /= 2 // half the gaps filled since publication
		s.Score = percentPresent(s.Required, s.Missing)
		r.Current[i] = s
	}
	rows, all := Ranking(r.Services, r.ServiceNames, r.Current)
	for _, row := range rows {
		if row.Now == nil {
			t.Fatalf("%s has no re-run score", row.Name)
		}
	}
	if all.Now == nil || *all.Now <= all.Score {
		t.Errorf("all services now = %v, published %.1f; want an improvement", all.Now, all.Score)
	}
	text := pdfText(t, render(t, func(b *bytes.Buffer) error { return ComplianceReportPDF(b, r) }))
	if !strings.Contains(text, "re-run today") || !strings.Contains(text, "Now") {
		t.Error("the PDF does not explain or show the re-run")
	}
	var b bytes.Buffer
	if err := ComplianceReportCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if !strings.HasSuffix(lines[0], ",score_now_percent") || strings.HasSuffix(lines[1], ",") {
		t.Errorf("CSV lacks the re-run column or value: %q / %q", lines[0], lines[1])
	}

	// Without a re-run (an open month) there is no Now column.
	r.Current = nil
	if _, all := Ranking(r.Services, r.ServiceNames, nil); all.Now != nil {
		t.Error("open month has a re-run")
	}
}

func TestServiceReportShowsPublishedAndNow(t *testing.T) {
	r := namedService()
	pub := r.Score
	pub.Score, pub.Missing, pub.Named = 50, r.Score.Required/2, nil
	r.Published = &pub
	text := pdfText(t, render(t, func(b *bytes.Buffer) error { return ServiceComplianceReportPDF(b, r) }))
	for _, want := range []string{"Published score", "50.0%", "Score now", "does not change"} {
		if !strings.Contains(text, want) {
			t.Errorf("service report lacks %q", want)
		}
	}
}
