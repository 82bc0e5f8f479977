package reports

import (
	"bytes"
	"strings"
	"testing"
)

// namedService is one service whose five person records each lack a field,
// named in five scripts.
func namedService() ServiceComplianceReport {
	var recs []Record
	for i, n := range namesInManyScripts {
		recs = append(recs, Record{Type: "person", ID: int64(100 + i), ServiceID: 4, Label: n,
			Link: "https://gateway.example/people/" + idText(int64(100+i)), Missing: []string{"local_connection"}})
	}
	recs = append(recs, Record{Type: "case", ID: 9, ServiceID: 4, Label: "=HYPERLINK(\"http://evil\")", Missing: []string{"outcome_on_closure"}})
	s := Score(october, DefaultRules(), recs)[0]
	return ServiceComplianceReport{Service: "Ștefan's Hostel", Month: october, GeneratedAt: generatedAt, Score: s}
}

func TestManagersNamedListKeepsNamesInEveryScript(t *testing.T) {
	r := namedService()
	text := pdfText(t, render(t, func(b *bytes.Buffer) error { return ServiceComplianceReportPDF(b, r) }))
	for _, n := range namesInManyScripts {
		if !strings.Contains(text, n) {
			t.Errorf("PDF text lacks %q", n)
		}
	}
	if !strings.Contains(text, "OFFICIAL-SENSITIVE") || !strings.Contains(text, "Ștefan's Hostel") {
		t.Error("named list lacks its handling marking or service name")
	}
	var b bytes.Buffer
	if err := ServiceComplianceReportCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, n := range namesInManyScripts {
		if !strings.Contains(b.String(), n) {
			t.Errorf("CSV lacks %q", n)
		}
	}
	if !strings.Contains(b.String(), `'=HYPERLINK`) {
		t.Errorf("a formula in a name must reach the CSV as text:\n%s", b.String())
	}
}

func TestNamedListIsAlphabeticalWithinRecordType(t *testing.T) {
	var got []string
	for _, n := range namedService().named() {
		got = append(got, n.Label)
	}
	// People first, by name as a reader sorts them, not by byte value: Łukasz
	// among the Ls and Ștefan among the Ss, both before Zoë; then Greek, then
	// Cyrillic (CLDR script order). The case record comes after the people.
	want := []string{"Łukasz Wójcik", "Ștefan Mureșan", "Zoë Brontë", "Γιώργος Παπαδόπουλος", "Алексей Смирнов", `=HYPERLINK("http://evil")`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}
}

func TestCommissionerReportsNeverPrintNames(t *testing.T) {
	r := laReport() // every record carries a name from namesInManyScripts
	pdf := pdfText(t, render(t, func(b *bytes.Buffer) error { return ComplianceReportPDF(b, r) }))
	pack := pdfText(t, render(t, func(b *bytes.Buffer) error { return CommissionerPackPDF(b, richPack()) }))
	var csvOut bytes.Buffer
	if err := ComplianceReportCSV(&csvOut, r); err != nil {
		t.Fatal(err)
	}
	for _, n := range namesInManyScripts {
		for where, text := range map[string]string{"compliance PDF": pdf, "pack PDF": pack, "compliance CSV": csvOut.String()} {
			if strings.Contains(text, n) {
				t.Errorf("%s contains %q", where, n)
			}
		}
	}
}
