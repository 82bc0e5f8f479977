package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// How a confidential service (refuge, sex-work support) appears in the
// directory Gateway publishes: not at all (the default), or named with its
// phone, email and local authorities but never a location or address.
const (
	SettingDirectoryConfidential = "directory_confidential"
	DirConfidentialOmit          = "omit"
	DirConfidentialNoLocation    = "without-location"
)

// DirectoryConfidentialMode is the area's choice, DirConfidentialOmit
// unless set.
func (s *Store) DirectoryConfidentialMode(ctx context.Context) (string, error) {
	v, err := s.AreaSetting(ctx, SettingDirectoryConfidential)
	if v != DirConfidentialNoLocation {
		v = DirConfidentialOmit
	}
	return v, err
}

// dirNamespace makes Gateway's HSDS ids: the same record always gets the
// same UUID, so exports are stable and a re-import updates in place.
var dirNamespace = uuid.MustParse("6b0c6f5e-2f5b-4c1e-9a7f-0c3f2d9b8e11")

func dirID(kind string, parts ...any) string {
	return uuid.NewSHA1(dirNamespace, []byte(kind+fmt.Sprint(parts...))).String()
}

// ExportDirectory is the area's directory: Gateway's own provider
// organisations and services (live), plus the rows imported from other
// directories. Confidential services follow mode.
func (s *Store) ExportDirectory(ctx context.Context, mode string) (*Directory, error) {
	d := &Directory{Rows: map[string]map[string]*DirRow{}}
	var stored []struct {
		Tbl, ID, Body string
	}
	if err := s.with(ctx).Raw("SELECT tbl, id, body FROM directory_rows ORDER BY tbl, id").Scan(&stored).Error; err != nil {
		return nil, err
	}
	for _, r := range stored {
		fields := map[string]any{}
		dec := json.NewDecoder(strings.NewReader(r.Body))
		dec.UseNumber()
		if err := dec.Decode(&fields); err != nil {
			return nil, fmt.Errorf("directory row %s %s: %w", r.Tbl, r.ID, err)
		}
		d.put(&DirRow{Table: r.Tbl, ID: r.ID, Fields: fields})
	}
	if err := s.gatewayDirectory(ctx, d, mode); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Directory) put(r *DirRow) {
	if d.Rows[r.Table] == nil {
		d.Rows[r.Table] = map[string]*DirRow{}
	}
	r.Fields["id"] = r.ID
	d.Rows[r.Table][r.ID] = r
}

var dayCodes = map[string]string{"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}

// gatewayDirectory adds Gateway's provider services and their
// organisations; they replace any imported row with the same id.
func (s *Store) gatewayDirectory(ctx context.Context, d *Directory, mode string) error {
	svs, err := s.Services(ctx, ServiceFilter{})
	if err != nil {
		return err
	}
	orgs, err := s.Organisations(ctx)
	if err != nil {
		return err
	}
	las, err := s.LAs(ctx)
	if err != nil {
		return err
	}
	laByID := map[int64]LocalAuthority{}
	for _, la := range las {
		laByID[la.ID] = la
	}
	orgByID := map[int64]Organisation{}
	for _, o := range orgs {
		orgByID[o.ID] = o
	}
	profiles, err := s.ServiceProfiles(ctx)
	if err != nil {
		return err
	}
	usedOrg := map[int64]bool{}
	for _, sv := range svs {
		if !sv.Type.Provider() || (sv.Confidential && mode != DirConfidentialNoLocation) {
			continue
		}
		org, ok := orgByID[sv.OrganisationID]
		if !ok {
			continue
		}
		oid, sid := dirID("organisation", org.ID), dirID("service", sv.ID)
		if !usedOrg[org.ID] {
			usedOrg[org.ID] = true
			d.put(&DirRow{Table: "organization", ID: oid, Fields: map[string]any{
				"name": org.Name, "description": org.Name + " runs homelessness services in the area.",
			}})
		}
		svc := map[string]any{"organization_id": oid, "name": sv.Name, "status": "active",
			"description":             sv.Type.Label() + " service.",
			"eligibility_description": eligibilityOf(sv.Type)}
		if sv.Email != "" {
			svc["email"] = sv.Email
		}
		if sv.Type == Refuge || sv.Type == SexWorkSupport {
			svc["minimum_age"] = json.Number("18")
		}
		d.put(&DirRow{Table: "service", ID: sid, Fields: svc})
		if sv.Phone != "" {
			d.put(&DirRow{Table: "phone", ID: dirID("phone", sv.ID), Fields: map[string]any{"service_id": sid, "number": sv.Phone, "type": "voice"}})
		}
		if sv.Email != "" || sv.Phone != "" {
			c := map[string]any{"service_id": sid, "name": "Referrals and enquiries", "department": sv.Name}
			if sv.Email != "" {
				c["email"] = sv.Email
			}
			d.put(&DirRow{Table: "contact", ID: dirID("contact", sv.ID), Fields: c})
		}
		var laName string
		for _, laID := range sv.LAIDs {
			la, ok := laByID[laID]
			if !ok {
				continue
			}
			if laName == "" {
				laName = la.Name
			}
			d.put(&DirRow{Table: "service_area", ID: dirID("service_area", sv.ID, "/", la.ID), Fields: map[string]any{
				"service_id": sid, "name": la.Name, "description": "Local authority " + la.Code, "extent_type": "local_authority", "uri": "gss:" + la.Code}})
		}
		hasLocation := !sv.Confidential && (sv.Address != "" || sv.Postcode != "" || sv.Lat != nil)
		lid := dirID("location", sv.ID)
		if hasLocation {
			loc := map[string]any{"location_type": "physical", "organization_id": oid, "name": sv.Name}
			if sv.Lat != nil && sv.Lon != nil {
				loc["latitude"] = json.Number(strconv.FormatFloat(*sv.Lat, 'f', -1, 64))
				loc["longitude"] = json.Number(strconv.FormatFloat(*sv.Lon, 'f', -1, 64))
			}
			d.put(&DirRow{Table: "location", ID: lid, Fields: loc})
			if sv.Address != "" {
				line, city := sv.Address, laName
				if i := strings.LastIndex(line, ","); i > 0 {
					line, city = strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+1:])
				}
				addr := map[string]any{"location_id": lid, "address_1": line, "city": city, "state_province": orDash(laName),
					"postal_code": orDash(sv.Postcode), "country": "GB", "address_type": "physical"}
				if city == "" {
					addr["city"] = "-"
				}
				d.put(&DirRow{Table: "address", ID: dirID("address", sv.ID), Fields: addr})
			}
			d.put(&DirRow{Table: "service_at_location", ID: dirID("service_at_location", sv.ID), Fields: map[string]any{"service_id": sid, "location_id": lid}})
		}
		if sv.Confidential {
			d.put(&DirRow{Table: "attribute", ID: dirID("attribute/confidential", sv.ID), Fields: map[string]any{
				"link_id": sid, "link_type": "service", "link_entity": "service", "taxonomy_term_id": DirConfidentialTerm, "value": "true"}})
		}
		if p, ok := profiles[sv.ID]; ok {
			for _, sc := range hoursSchedules(p.AssessmentHours) {
				sc["service_id"] = sid
				d.put(&DirRow{Table: "schedule", ID: dirID("schedule", sv.ID, "/", sc["byday"], sc["opens_at"]), Fields: sc})
			}
		}
	}
	if mode == DirConfidentialNoLocation {
		d.put(&DirRow{Table: "taxonomy", ID: dirID("taxonomy/gateway"), Fields: map[string]any{
			"name": "Gateway", "description": "Terms Gateway marks its directory entries with."}})
		d.put(&DirRow{Table: "taxonomy_term", ID: DirConfidentialTerm, Fields: map[string]any{
			"name": "Confidential service", "code": "confidential", "taxonomy_id": dirID("taxonomy/gateway"),
			"description": "A refuge or other confidential service: its location and address are never published."}})
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func eligibilityOf(t ServiceType) string {
	switch t {
	case Refuge:
		return "Women and children escaping domestic abuse. Referral by phone."
	case SexWorkSupport:
		return "People involved in sex work. Referral by phone or self-referral."
	case Outreach:
		return "People sleeping rough in the local authorities served."
	case HousingOptions:
		return "Anyone homeless or at risk of homelessness with a local connection."
	}
	return "People experiencing homelessness, by referral through Gateway."
}

// hoursSchedules turns a service's assessment hours ({"24h":true} or
// {"mon":["09:00-17:00"],...}) into HSDS weekly schedules.
func hoursSchedules(hoursJSON string) []map[string]any {
	var raw map[string]json.RawMessage
	if json.Unmarshal([]byte(hoursJSON), &raw) != nil {
		return nil
	}
	var all bool
	if json.Unmarshal(raw["24h"], &all); all {
		return []map[string]any{{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00:00", "closes_at": "23:59:59",
			"description": "Takes assessments at any hour, every day."}}
	}
	var out []map[string]any
	for _, day := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		var ivs []string
		if json.Unmarshal(raw[day], &ivs) != nil {
			continue
		}
		for _, iv := range ivs {
			from, to, ok := strings.Cut(iv, "-")
			if !ok {
				continue
			}
			if to == "24:00" {
				to = "23:59:59"
			} else {
				to += ":00"
			}
			out = append(out, map[string]any{"freq": "WEEKLY", "byday": dayCodes[day], "opens_at": from + ":00", "closes_at": to,
				"description": "Takes assessments."})
		}
	}
	return out
}

// dirNestOrder is which parent a row is nested under in the JSON export
// when it names several: the most specific first.
var dirNestOrder = []string{"phone", "contact", "service_at_location", "location", "service", "program", "organization"}

// JSON writes the directory as HSDS JSON: organisations with their
// services, locations, programmes and contacts nested as the HSDS API
// gives them, and any row without a parent in a top-level list named
// after its table. Rows and fields are in a fixed order, so the same
// directory always gives the same bytes.
func (d *Directory) JSON() ([]byte, error) {
	sc, err := directorySchema()
	if err != nil {
		return nil, err
	}
	// children[parentTable][parentID][nestedField] = child rows
	type key struct{ table, id string }
	children := map[key]map[string][]*DirRow{}
	var top = map[string][]*DirRow{}
	for _, name := range sc.order {
		t := sc.tables[name]
		for _, id := range sortedKeys(d.Rows[name]) {
			row := d.Rows[name][id]
			parent, field := d.parentOf(sc, t, row)
			if parent == nil {
				top[t.Path] = append(top[t.Path], row)
				continue
			}
			k := key{parent.Table, parent.ID}
			if children[k] == nil {
				children[k] = map[string][]*DirRow{}
			}
			children[k][field] = append(children[k][field], row)
		}
	}
	var render func(row *DirRow) *orderedObject
	render = func(row *DirRow) *orderedObject {
		t := sc.tables[row.Table]
		o := &orderedObject{}
		for _, f := range t.Fields {
			if v, ok := row.Fields[f.Name]; ok {
				o.add(f.Name, v)
			}
		}
		kids := children[key{row.Table, row.ID}]
		for _, nf := range sortedKeys(kids) {
			list := make([]*orderedObject, len(kids[nf]))
			for i, c := range kids[nf] {
				list[i] = render(c)
			}
			o.add(nf, list)
		}
		return o
	}
	doc := &orderedObject{}
	doc.add("version", "3.0")
	doc.add("profile", "https://github.com/OpenReferralUK/uk-profile") // the Open Referral UK profile of HSDS 3
	for _, name := range sc.order {
		path := sc.tables[name].Path
		rows := top[path]
		if len(rows) == 0 && name != "organization" {
			continue
		}
		list := make([]*orderedObject, len(rows))
		for i, r := range rows {
			list[i] = render(r)
		}
		doc.add(strings.TrimSuffix(path, ".csv"), list)
	}
	return json.MarshalIndent(doc, "", "  ")
}

// parentOf finds the row a row nests under, and the parent's field.
func (d *Directory) parentOf(sc *hsdsSchema, t *hsdsTable, row *DirRow) (*DirRow, string) {
	if t.Name == "attribute" || t.Name == "metadata" {
		return nil, "" // polymorphic links stay flat, at the top
	}
	for _, pt := range dirNestOrder {
		fk, _ := row.Fields[pt+"_id"].(string)
		if fk == "" || pt == t.Name {
			continue
		}
		p := d.Rows[pt][fk]
		if p == nil {
			continue
		}
		for name, f := range sc.tables[pt].Nested {
			if f.Array && f.Child == t.Name {
				return p, name
			}
		}
	}
	return nil, ""
}

// orderedObject is a JSON object that keeps its keys' order.
type orderedObject struct {
	keys []string
	vals []any
}

func (o *orderedObject) add(k string, v any) { o.keys, o.vals = append(o.keys, k), append(o.vals, v) }

func (o *orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Tabular writes the directory as the HSDS tabular datapackage: a CSV per
// table (every table, header only when empty) and datapackage.json, by
// file name.
func (d *Directory) Tabular() (map[string][]byte, error) {
	sc, err := directorySchema()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	type field struct {
		Name   string `json:"name"`
		Type   string `json:"type"`
		Format string `json:"format,omitempty"`
	}
	type resource struct {
		Name    string `json:"name"`
		Path    string `json:"path"`
		Profile string `json:"profile"`
		Schema  struct {
			Fields     []field `json:"fields"`
			PrimaryKey string  `json:"primaryKey"`
		} `json:"schema"`
	}
	pkg := struct {
		Name      string     `json:"name"`
		Profile   string     `json:"profile"`
		Resources []resource `json:"resources"`
	}{Name: "gateway-directory", Profile: "tabular-data-package"}
	for _, name := range sc.order {
		t := sc.tables[name]
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		res := resource{Name: t.Name, Path: t.Path, Profile: "tabular-data-resource"}
		res.Schema.PrimaryKey = "id"
		header := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			header[i] = f.Name
			res.Schema.Fields = append(res.Schema.Fields, field{f.Name, f.Type, f.Format})
		}
		_ = w.Write(header)
		for _, id := range sortedKeys(d.Rows[name]) {
			row := d.Rows[name][id]
			rec := make([]string, len(t.Fields))
			for i, f := range t.Fields {
				if v, ok := row.Fields[f.Name]; ok {
					rec[i] = fmt.Sprint(v)
				}
			}
			_ = w.Write(rec)
		}
		w.Flush()
		out[t.Path] = buf.Bytes()
		pkg.Resources = append(pkg.Resources, res)
	}
	sort.Slice(pkg.Resources, func(i, j int) bool { return pkg.Resources[i].Path < pkg.Resources[j].Path })
	b, err := json.MarshalIndent(pkg, "", "  ")
	if err != nil {
		return nil, err
	}
	out["datapackage.json"] = append(b, '\n')
	return out, nil
}

// ImportDirectory stores a directory's rows in one transaction (all or
// nothing), replacing rows with the same id. Rows describing Gateway's own
// services are left to Gateway (the live service wins on export), and a
// directory may not give a location for a service Gateway holds as
// confidential.
func (s *Store) ImportDirectory(ctx context.Context, d *Directory) (map[string]int, error) {
	conf := map[string]bool{}
	svs, err := s.Services(ctx, ServiceFilter{})
	if err != nil {
		return nil, err
	}
	for _, sv := range svs {
		if sv.Confidential {
			conf[dirID("service", sv.ID)] = true
		}
	}
	var errs DirProblems
	for _, id := range sortedKeys(d.Rows["service_at_location"]) {
		row := d.Rows["service_at_location"][id]
		if sid, _ := row.Fields["service_id"].(string); conf[sid] {
			errs = append(errs, DirProblem{row.Where, "location_id", fmt.Sprintf("service %s is one of Gateway's confidential services: its location and address must not be given", sid)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	counts := map[string]int{}
	now := Now()
	err = s.Tx(ctx, func(tx *Store) error {
		for _, tbl := range sortedKeys(d.Rows) {
			for _, id := range sortedKeys(d.Rows[tbl]) {
				body, err := json.Marshal(d.Rows[tbl][id].Fields)
				if err != nil {
					return err
				}
				if err := tx.with(ctx).Exec("DELETE FROM directory_rows WHERE tbl = ? AND id = ?", tbl, id).Error; err != nil {
					return err
				}
				if err := tx.with(ctx).Exec("INSERT INTO directory_rows (tbl, id, body, imported_at) VALUES (?, ?, ?, ?)", tbl, id, string(body), now).Error; err != nil {
					return err
				}
				counts[tbl]++
			}
		}
		return nil
	})
	return counts, err
}

// TabularJSON is the tabular form as one JSON document keyed by CSV file
// name (the shape of the HSDS tabular example), which imports as well.
func (d *Directory) TabularJSON() ([]byte, error) {
	sc, err := directorySchema()
	if err != nil {
		return nil, err
	}
	doc := &orderedObject{}
	for _, name := range sc.order {
		t := sc.tables[name]
		rows := []*orderedObject{}
		for _, id := range sortedKeys(d.Rows[name]) {
			o := &orderedObject{}
			for _, f := range t.Fields {
				if v, ok := d.Rows[name][id].Fields[f.Name]; ok {
					o.add(f.Name, v)
				}
			}
			rows = append(rows, o)
		}
		doc.add(t.Path, rows)
	}
	return json.MarshalIndent(doc, "", "  ")
}
