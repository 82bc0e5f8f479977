package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The commands: the Open Referral tabular example imports, a dry run of a
// bad file names the problem and saves nothing, and export → import into
// a fresh database → export gives the same bytes.
func TestDirectoryCommandsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	out, err := runCmd(t, "", "import", "directory", "../../testdata/hsds3/csv/datapackage.json", "--db", db1)
	if err != nil || !strings.Contains(out, "1 service,") {
		t.Fatalf("import: %v %s", err, out)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"services":[{"id":"ac148810-d857-441c-9679-408f346de14b","name":"S","status":"open","organization_id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"}]}`), 0o600)
	out, err = runCmd(t, "", "import", "directory", bad, "--db", db1, "--dry-run")
	if err == nil || !strings.Contains(err.Error(), "bad.json $.services[0]: status: must be one of") || !strings.Contains(err.Error(), "organization_id: names organization") {
		t.Errorf("bad file: %v %s", err, out)
	}
	tab := filepath.Join(dir, "tab")
	if out, err := runCmd(t, "", "export", "directory", "--db", db1, "--format", "tabular", "--out", tab); err != nil {
		t.Fatalf("export tabular: %v %s", err, out)
	}
	first, err := runCmd(t, "", "export", "directory", "--db", db1)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, "", "import", "directory", filepath.Join(tab, "datapackage.json"), "--db", db2); err != nil {
		t.Fatalf("re-import: %v %s", err, out)
	}
	second, err := runCmd(t, "", "export", "directory", "--db", db2)
	if err != nil || second != first || !strings.Contains(first, "Community Counselling") {
		t.Errorf("the round trip changed the directory: %v\n%s\n---\n%s", err, first, second)
	}
}
