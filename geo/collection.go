package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// NamedBoundary is one LA read from a boundaries file.
type NamedBoundary struct {
	Code, Name string
	Boundary   orb.MultiPolygon
}

// ParseBoundaryCollection reads the FeatureCollection given to
// `gateway import boundaries FILE.geojson --code-field X --name-field Y`,
// e.g. an ONS LAD file with LAD24CD/LAD24NM. Errors name the feature by its
// index (features[i]) and the field, so the admin can fix the file or the
// flags. Boundaries come back in file order.
func ParseBoundaryCollection(data []byte, codeField, nameField string) ([]NamedBoundary, error) {
	if codeField == "" || nameField == "" {
		return nil, errors.New("both the code field and the name field must be given (e.g. LAD24CD and LAD24NM)")
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string          `json:"type"`
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		} `json:"features"`
		CRS json.RawMessage `json:"crs"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("boundaries file is not valid GeoJSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("boundaries file must be a GeoJSON FeatureCollection, got type %q", fc.Type)
	}
	if err := checkCRS(fc.CRS); err != nil {
		return nil, err
	}
	if len(fc.Features) == 0 {
		return nil, errors.New("boundaries file has no features")
	}
	out := make([]NamedBoundary, 0, len(fc.Features))
	firstSeen := make(map[string]int, len(fc.Features))
	for i, f := range fc.Features {
		path := fmt.Sprintf("features[%d]", i)
		if f.Type != "Feature" {
			return nil, fmt.Errorf("%s: want a Feature, got type %q", path, f.Type)
		}
		code, err := textProperty(f.Properties, codeField)
		if err != nil {
			return nil, fmt.Errorf("%s: code field %w", path, err)
		}
		name, err := textProperty(f.Properties, nameField)
		if err != nil {
			return nil, fmt.Errorf("%s: name field %w", path, err)
		}
		if j, dup := firstSeen[code]; dup {
			return nil, fmt.Errorf("%s: code %s already used by features[%d]", path, code, j)
		}
		firstSeen[code] = i
		mp, err := parseGeometry(f.Geometry, path+".geometry")
		if err != nil {
			return nil, fmt.Errorf("%s (%s): %w", path, code, err)
		}
		out = append(out, NamedBoundary{Code: code, Name: name, Boundary: mp})
	}
	return out, nil
}

// textProperty fetches a non-blank string property; when it is missing the
// error lists the fields that are there, which is usually the fix.
func textProperty(props map[string]any, field string) (string, error) {
	v, ok := props[field]
	if !ok {
		have := make([]string, 0, len(props))
		for k := range props {
			have = append(have, k)
		}
		sort.Strings(have)
		if len(have) > 12 {
			have = append(have[:12], "...")
		}
		if len(have) == 0 {
			return "", fmt.Errorf("%q is missing (the feature has no properties)", field)
		}
		return "", fmt.Errorf("%q is missing (properties present: %s)", field, strings.Join(have, ", "))
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%q must be text, got %v", field, v)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("%q is blank", field)
	}
	return s, nil
}
