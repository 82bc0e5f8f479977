package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

const legacyMapping = `# Legacy CRM export
given_name = Forename
family_name = Surname
dob = Date of Birth
dob_formats = DD/MM/YYYY, YYYY-MM-DD, D MMM YYYY
gender = Sex
gender_values = M:male, F:female, X:non_binary
legacy_id = Client Ref
`

// A legacy export with dates in three formats, a bad date, a bad gender
// and someone already held: the dry run names each problem by line and
// field and the likely duplicate, saves nothing; the real run imports the
// rest in batches and a second run resumes (creates nothing twice).
func TestImportPeopleFromLegacyCSV(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	s, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Migrate(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	hostel := b.Service(b.Org("Hostels"), "Central Hostel", models.Hostel, la)
	worker := b.User("Worker", hostel, models.RoleWorker)
	if _, err := s.CreatePerson(ctx, models.Author{UserID: worker.ID, ServiceID: hostel.ID},
		models.PersonInput{GivenName: "Jonathan", FamilyName: "Smithson", DOB: models.Date{Year: 1980, Month: 4, Day: 3}}); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mapping := write("map.txt", legacyMapping)
	csvFile := write("legacy.csv", "Client Ref,Forename,Surname,Date of Birth,Sex\n"+
		"A1,Amira,Haddad,14/02/1990,F\n"+
		"A2,Tomasz,Nowak,1975-11-30,M\n"+
		"A3,Grace,Okafor,7 Mar 2001,X\n"+
		"A4,Jonathan,Smithson,3 Apr 1980,M\n"+
		"A5,Peter,Quill,31/02/1988,M\n"+
		"A6,Lena,Berg,1992-01-01,Q\n"+
		"A7,\"Mary Ann\",Lee,,F\n"+
		"A8,amira,HADDAD,1990-02-14,F\n")
	args := []string{"import", "people", csvFile, "--db", db, "--map", mapping, "--service", itoa(hostel.ID), "--user", worker.Email, "--progress", "never"}
	out, err := runCmd(t, "", append(args, "--dry-run")...)
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	for _, want := range []string{
		"line 5: duplicate: strong match",
		`line 6: invalid: invalid input: dob: "31/02/1988" is not a date in the mapped formats`,
		`line 7: invalid: invalid input: gender: "Q" is not a gender Gateway records`,
		"8 rows: 4 would be created, 2 invalid, 2 likely duplicates",
		"line 9: duplicate: same name and date of birth as line 2 of the file",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	count := func() int64 {
		var n int64
		s.Gorm().Table("people").Count(&n)
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("the dry run saved people: %d", n)
	}
	if out, err := runCmd(t, "", args...); err == nil || !strings.Contains(err.Error(), "2 invalid row(s)") || !strings.Contains(out, "line 6: invalid input: dob") {
		t.Fatalf("invalid rows stop the real run: %v\n%s", err, out)
	}
	if n := count(); n != 1 {
		t.Fatalf("a refused run saved people: %d", n)
	}
	out, err = runCmd(t, "", append(args, "--skip-invalid", "--batch", "2")...)
	if err != nil || !strings.Contains(out, "4 created, 2 invalid, 2 likely duplicates left for review") {
		t.Fatalf("real run: %v\n%s", err, out)
	}
	if n := count(); n != 5 {
		t.Fatalf("%d people after the import, want 5", n)
	}
	report, err := os.ReadFile(csvFile + ".report.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"line,legacy_id,outcome,person_id,detail", "\n2,A1,created,", "\n5,A4,duplicate,", "\n6,A5,invalid,,"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(string(report), "Amira") {
		t.Error("the report names a person")
	}
	// The same file again resumes after the last batch: nothing twice.
	if out, err := runCmd(t, "", append(args, "--skip-invalid", "--batch", "2")...); err != nil || count() != 5 {
		t.Fatalf("second run: %v, %d people\n%s", err, count(), out)
	}
	// A file from Excel on Windows, a mapping naming a column the file
	// lacks: refused whole, naming the line.
	latin := write("latin.csv", "Client Ref,Forename,Surname,Date of Birth,Sex\nB1,Zoe,Smith,01/01/1990,F\nB2,Ren\xe9e,Martin,01/01/1990,F\n")
	out, err = runCmd(t, "", "import", "people", latin, "--db", db, "--map", mapping, "--service", itoa(hostel.ID), "--user", worker.Email, "--dry-run")
	if err == nil || !strings.Contains(err.Error(), "line 3 is not UTF-8 text") || !strings.Contains(err.Error(), "encoding = windows-1252") {
		t.Errorf("wrong encoding: %v\n%s", err, out)
	}
	win := write("map1252.txt", legacyMapping+"encoding = windows-1252\n")
	out, err = runCmd(t, "", "import", "people", latin, "--db", db, "--map", win, "--service", itoa(hostel.ID), "--user", worker.Email, "--dry-run")
	if err != nil || !strings.Contains(out, "2 would be created") {
		t.Errorf("windows-1252 with the mapping's encoding: %v\n%s", err, out)
	}
	noCol := write("nocol.csv", "Client Ref,Forename,Surname,Sex\nB1,Zoe,Smith,F\n")
	out, err = runCmd(t, "", "import", "people", noCol, "--db", db, "--map", mapping, "--service", itoa(hostel.ID), "--user", worker.Email, "--dry-run")
	if err == nil || !strings.Contains(err.Error(), `line 1: the file has no column "Date of Birth" (mapped to dob)`) {
		t.Errorf("missing column: %v\n%s", err, out)
	}
	if n := count(); n != 5 {
		t.Fatalf("refused files saved people: %d", n)
	}
}
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
