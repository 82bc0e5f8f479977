package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gateway/models"
)

func TestStreetContactCommandsExplainThemselves(t *testing.T) {
	for _, cmd := range []string{"generate", "import boundaries", "bench hotspots"} {
		out, err := runCmd(t, "", append(strings.Fields(cmd), "--help")...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: gateway "+cmd) || !strings.Contains(out, "-db") {
			t.Errorf("%s --help: %v\n%s", cmd, err, out)
		}
	}
	for _, args := range [][]string{{"import"}, {"import", "roads"}, {"bench"}, {"import", "boundaries", "x.geojson", "--name-field", "N"}} {
		if _, err := runCmd(t, "", args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: want a usage error, got %v", args, err)
		}
	}
}

// generate bulk-loads street contacts that are consistent with the rest of
// the area: inside an LA, by an outreach service working with the person,
// counted once in the rollup.
func TestGenerateLoadsConsistentStreetContacts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gen.db")
	out, err := runCmd(t, "", "generate", "--db", db, "--people", "400", "--street-contacts", "3000", "--alerts", "25")
	if err != nil || !strings.Contains(out, "3000 street contacts, 25 public alerts") {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	s, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n struct{ Contacts, Located, Rolled, Orphans, Routed int64 }
	g := s.Gorm()
	g.Table("street_contacts").Count(&n.Contacts)
	g.Table("street_contacts").Where("la_id IS NOT NULL").Count(&n.Located)
	g.Table("street_contact_cells").Select("COALESCE(SUM(contacts), 0)").Scan(&n.Rolled)
	g.Table("street_contacts sc").Where("sc.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM involvements i WHERE i.person_id = sc.person_id AND i.service_id = sc.service_id)").Count(&n.Orphans)
	g.Table("public_alerts").Where("service_id IS NOT NULL").Count(&n.Routed)
	if n.Contacts != 3000 || n.Located != 3000 || n.Rolled != 3000 || n.Orphans != 0 || n.Routed != 25 {
		t.Errorf("generated: %+v", n)
	}
	if _, err := runCmd(t, "", "generate", "--db", db, "--people", "10", "--street-contacts", "10"); err == nil || !strings.Contains(err.Error(), "already holds data") {
		t.Errorf("generate into a full database: %v", err)
	}
}

// import boundaries redraws LAs by code and moves contacts with them.
func TestImportBoundariesMovesContacts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gen.db")
	if out, err := runCmd(t, "", "generate", "--db", db, "--people", "300", "--street-contacts", "1500", "--alerts", "0"); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	// Northmoor (the lowest code, which wins where boundaries overlap)
	// redrawn over the whole county, and a new LA far away.
	box := func(w, s, e, n float64) map[string]any {
		return map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}}
	}
	fc := map[string]any{"type": "FeatureCollection", "features": []any{
		map[string]any{"type": "Feature", "properties": map[string]any{"LAD24CD": "E06900001", "LAD24NM": "Greater Northmoor"}, "geometry": box(-2.5, 52.0, 0.5, 53.5)},
		map[string]any{"type": "Feature", "properties": map[string]any{"LAD24CD": "E07000999", "LAD24NM": "Far Away"}, "geometry": box(1.0, 51.0, 1.5, 51.5)},
	}}
	file := filepath.Join(dir, "lad.geojson")
	b, _ := json.Marshal(fc)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := models.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	north, err := s.LAByCode(context.Background(), "E06900001")
	if err != nil {
		t.Fatal(err)
	}
	outside := func() (n int64) {
		s.Gorm().Table("street_contacts").Where("la_id IS NULL OR la_id <> ?", north.ID).Count(&n)
		return
	}
	before := outside()
	if before == 0 {
		t.Fatal("the generated contacts should start in several LAs")
	}
	if out, err := runCmd(t, "", "import", "boundaries", file, "--db", db, "--code-field", "LAD24CD", "--name-field", "LAD24NM", "--dry-run"); err != nil || !strings.Contains(out, "Nothing was saved") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if outside() != before {
		t.Fatal("a dry run changed the contacts")
	}
	out, err := runCmd(t, "", "import", "boundaries", file, "--db", db, "--code-field", "LAD24CD", "--name-field", "LAD24NM")
	if err != nil || !strings.Contains(out, "1 added, 1 updated") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if n := outside(); n != 0 {
		t.Errorf("%d contacts are still outside Greater Northmoor", n)
	}
	var rolled int64
	s.Gorm().Table("street_contact_cells").Where("la_id = ?", north.ID).Select("SUM(contacts)").Scan(&rolled)
	if rolled != 1500 {
		t.Errorf("the rollup follows the move: %d of 1500 in Northmoor", rolled)
	}
	if la, err := s.LAByCode(context.Background(), "E06900001"); err != nil || la.Name != "Greater Northmoor" {
		t.Errorf("renamed: %+v %v", la, err)
	}
	if _, err := runCmd(t, "", "import", "boundaries", file, "--db", db, "--code-field", "CODE", "--name-field", "LAD24NM"); err == nil || !strings.Contains(err.Error(), `"CODE" is missing (properties present: LAD24CD, LAD24NM)`) {
		t.Errorf("a wrong field name says which fields there are: %v", err)
	}
}
