package models_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// The Open Referral examples (testdata/hsds3, CC BY-SA 4.0: see its
// LICENSE) import cleanly, in every shape they come in.
func TestDirectoryExamplesImport(t *testing.T) {
	files, _ := filepath.Glob("../testdata/hsds3/*.json")
	files = append(files, "../testdata/hsds3/csv/datapackage.json")
	for _, f := range files {
		d, err := models.ReadDirectory(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if filepath.Base(f) != "base.json" && len(d.Rows) == 0 {
			t.Errorf("%s: read nothing", f)
		}
	}
	d, err := models.ReadDirectory("../testdata/hsds3/csv/datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tbl := range []string{"organization", "service", "location", "address", "contact", "schedule", "service_area", "phone"} {
		if d.Count()[tbl] != 1 {
			t.Errorf("tabular example: %d %s rows, want 1", d.Count()[tbl], tbl)
		}
	}
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		if _, err := s.ImportDirectory(ctx, d); err != nil {
			t.Fatal(err)
		}
		out, err := s.ExportDirectory(ctx, models.DirConfidentialOmit)
		if err != nil {
			t.Fatal(err)
		}
		if out.Count()["service"] != 1 || out.Rows["service"]["ac148810-d857-441c-9679-408f346de14b"] == nil {
			t.Errorf("exported services: %v", out.Count())
		}
	})
}

// Export → import into a fresh database → export again gives the same
// bytes, as JSON and as the tabular datapackage, Gateway's own services
// included.
func TestDirectoryRoundTrip(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		org := b.Org("Moorhampton Housing")
		hostel := b.Service(org, "Central Hostel", models.Hostel, la)
		lat, lon := 52.5, -1.25
		in := models.ServiceInput{OrganisationID: org.ID, Name: hostel.Name, Type: models.Hostel, Address: "1 High Street, Moorhampton",
			Postcode: "MH1 1AA", Lat: &lat, Lon: &lon, Phone: "01234 567890", Email: "hostel@example.org", LAIDs: []int64{la.ID}}
		if _, err := s.UpdateService(ctx, hostel.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetAssessmentHours(ctx, hostel.ID, b.User("Manager", hostel, models.RoleManager).ID, `{"mon":["09:00-17:00"],"fri":["22:00-02:00"]}`); err != nil {
			t.Fatal(err)
		}
		refuge := b.Service(org, "North Refuge", models.Refuge, la)
		in.Name, in.Type, in.Address = refuge.Name, models.Refuge, "9 Secret Lane, Moorhampton"
		if _, err := s.UpdateService(ctx, refuge.ID, in); err != nil {
			t.Fatal(err)
		}
		ex, err := models.ReadDirectory("../testdata/hsds3/tabular.json")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportDirectory(ctx, ex); err != nil {
			t.Fatal(err)
		}
		for _, mode := range []string{models.DirConfidentialOmit, models.DirConfidentialNoLocation} {
			first, err := s.ExportDirectory(ctx, mode)
			if err != nil {
				t.Fatal(err)
			}
			js, err := first.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(js, []byte("Secret Lane")) {
				t.Errorf("%s: the refuge's address is in the directory", mode)
			}
			if got := bytes.Contains(js, []byte("North Refuge")); got != (mode == models.DirConfidentialNoLocation) {
				t.Errorf("%s: refuge listed = %v", mode, got)
			}
			for _, want := range []string{"Central Hostel", "MH1 1AA", "Northmoor", `"byday": "MO"`, "Community Counselling"} {
				if !bytes.Contains(js, []byte(want)) {
					t.Errorf("%s: export lacks %q", mode, want)
				}
			}
			tab, err := first.Tabular()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for name, data := range tab {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "dir.json"), js, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, src := range []string{"dir.json", "datapackage.json"} {
				again, err := models.ReadDirectory(filepath.Join(dir, src))
				if err != nil {
					t.Fatalf("%s %s: %v", mode, src, err)
				}
				fresh := modeltest.SQLite(t)
				if _, err := fresh.ImportDirectory(ctx, again); err != nil {
					t.Fatal(err)
				}
				second, err := fresh.ExportDirectory(ctx, mode)
				if err != nil {
					t.Fatal(err)
				}
				js2, _ := second.JSON()
				tab2, _ := second.Tabular()
				if !bytes.Equal(js, js2) {
					t.Errorf("%s via %s: JSON export differs after the round trip", mode, src)
				}
				for name := range tab {
					if !bytes.Equal(tab[name], tab2[name]) {
						t.Errorf("%s via %s: %s differs after the round trip:\n%s\n%s", mode, src, name, tab[name], tab2[name])
					}
				}
			}
		}
	})
}

// Bad directories are refused whole, each problem naming the file, the
// row and the field, and nothing is stored.
func TestDirectoryBadInput(t *testing.T) {
	const org = `{"id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"Org","description":"d"}`
	cases := []struct{ name, doc, want string }{
		{"unknown field", `{"organizations":[{"id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"Org","description":"d","colour":"red"}]}`,
			"x.json $.organizations[0]: colour: is not a field of the HSDS organization object"},
		{"wrong type", `{"organizations":[` + org + `],"services":[{"id":"ac148810-d857-441c-9679-408f346de14b","organization_id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"S","status":"active","minimum_age":"twelve"}]}`,
			"x.json $.services[0]: minimum_age: must be a number, not a string"},
		{"bad enum", `{"organizations":[` + org + `],"services":[{"id":"ac148810-d857-441c-9679-408f346de14b","organization_id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"S","status":"open"}]}`,
			"status: must be one of active, inactive, defunct, temporarily closed"},
		{"broken reference", `{"organizations":[` + org + `],"services":[{"id":"ac148810-d857-441c-9679-408f346de14b","organization_id":"00000000-0000-4000-8000-000000000000","name":"S","status":"active"}]}`,
			"x.json $.services[0]: organization_id: names organization 00000000-0000-4000-8000-000000000000, which is not in the directory"},
		{"missing required", `{"organizations":[{"id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"Org"}]}`,
			"x.json $.organizations[0]: description: is required"},
		{"confidential address", `{"organizations":[` + org + `],
			"services":[{"id":"ac148810-d857-441c-9679-408f346de14b","organization_id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"Refuge","status":"active",
			  "service_at_locations":[{"id":"e94c9f38-1e8f-4564-91d4-d53501ab1765","location_id":"3a19ff88-4620-4d17-9830-ac1d859eb5d5"}]}],
			"locations":[{"id":"3a19ff88-4620-4d17-9830-ac1d859eb5d5","location_type":"physical"}],
			"attributes":[{"id":"11111111-1111-4111-8111-111111111111","link_id":"ac148810-d857-441c-9679-408f346de14b","link_entity":"service","taxonomy_term_id":"` + models.DirConfidentialTerm + `","value":"true"}]}`,
			"x.json $.services[0].service_at_locations[0]: location_id: service ac148810-d857-441c-9679-408f346de14b is confidential"},
		{"not json", "{\n\"organizations\": [\n,]}", "x.json line 3: is not valid JSON"},
	}
	for _, c := range cases {
		_, err := models.ReadDirectoryJSON("x.json", []byte(c.doc))
		if err == nil || !errors.Is(err, models.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// Tabular: a wrong type and an unknown column name the file, line and
	// field; a wrong encoding names the line.
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("datapackage.json", `{"resources":[{"name":"organization","path":"organizations.csv"},{"name":"service","path":"services.csv"}]}`)
	write("organizations.csv", "id,name,description,shoe_size\nd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Org,d,9\n")
	write("services.csv", "id,organization_id,name,status,minimum_age\nac148810-d857-441c-9679-408f346de14b,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,S,active,12\nbc148810-d857-441c-9679-408f346de14b,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Caf\xe9,active,ten\n")
	_, err := models.ReadDirectory(filepath.Join(dir, "datapackage.json"))
	for _, want := range []string{"organizations.csv line 1: shoe_size: is not a field of the HSDS organization table", "services.csv line 3: is not UTF-8"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("tabular: got %v, want %q", err, want)
		}
	}
	write("services.csv", "id,organization_id,name,status,minimum_age\nbc148810-d857-441c-9679-408f346de14b,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,S,active,ten\n")
	_, err = models.ReadDirectory(filepath.Join(dir, "datapackage.json"))
	if err == nil || !strings.Contains(err.Error(), `services.csv line 2: minimum_age: must be a number, not "ten"`) {
		t.Errorf("tabular wrong type: got %v", err)
	}
}

// A directory giving the location of a service Gateway holds as
// confidential is refused, and nothing of it is stored.
func TestDirectoryImportRefusesConfidentialLocation(t *testing.T) {
	s := modeltest.SQLite(t)
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	org := b.Org("Refuges")
	b.Service(org, "North Refuge", models.Refuge, la)
	first, err := s.ExportDirectory(ctx, models.DirConfidentialNoLocation)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := first.JSON()
	var sid string
	for id := range first.Rows["service"] {
		sid = id
	}
	bad := strings.Replace(string(js), `"locations"`, `"x_unused"`, 1)
	_ = bad
	doc := `{"organizations":[{"id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"Org","description":"d"}],
		"services":[{"id":"` + sid + `","organization_id":"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610","name":"Refuge","status":"active",
		"service_at_locations":[{"id":"e94c9f38-1e8f-4564-91d4-d53501ab1765","location_id":"3a19ff88-4620-4d17-9830-ac1d859eb5d5"}]}],
		"locations":[{"id":"3a19ff88-4620-4d17-9830-ac1d859eb5d5","location_type":"physical"}]}`
	d, err := models.ReadDirectoryJSON("x.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportDirectory(ctx, d)
	if err == nil || !strings.Contains(err.Error(), "x.json $.services[0].service_at_locations[0]: location_id: service "+sid+" is one of Gateway's confidential services") {
		t.Fatalf("got %v", err)
	}
	after, _ := s.ExportDirectory(ctx, models.DirConfidentialOmit)
	if n := after.Count()["organization"]; n != 0 {
		t.Errorf("%d organisations stored after a refused import", n)
	}
}
