package geo

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestValidPointAcceptsTheWholeGlobe(t *testing.T) {
	for _, c := range [][2]float64{{52.66, -1.18}, {90, 180}, {-90, -180}, {0, 0}} {
		if err := ValidPoint(c[0], c[1]); err != nil {
			t.Errorf("ValidPoint(%v, %v) = %v, want nil", c[0], c[1], err)
		}
	}
}

func TestValidPointNamesTheBadField(t *testing.T) {
	cases := []struct {
		lat, lon float64
		field    string
	}{
		{math.NaN(), 0, "lat"},
		{math.Inf(1), 0, "lat"},
		{90.0001, 0, "lat"},
		{-91, 0, "lat"},
		{0, math.NaN(), "lon"},
		{0, math.Inf(-1), "lon"},
		{0, 180.5, "lon"},
		{0, -200, "lon"},
	}
	for _, c := range cases {
		err := ValidPoint(c.lat, c.lon)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("ValidPoint(%v, %v) = %v, want a %s error", c.lat, c.lon, err, c.field)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.field+": ") {
			t.Errorf("message %q does not start with %q", err, c.field)
		}
	}
}

func TestParseBBoxReadsLeafletOrder(t *testing.T) {
	got, err := ParseBBox(" -1.62,52.56 , -0.73,52.92")
	if err != nil {
		t.Fatal(err)
	}
	want := orb.Bound{Min: orb.Point{-1.62, 52.56}, Max: orb.Point{-0.73, 52.92}}
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseBBoxSaysWhatIsWrong(t *testing.T) {
	cases := map[string]string{
		"":                 "want 4 comma-separated numbers",
		"1,2,3":            "got 3 value(s)",
		"1,2,3,4,5":        "got 5 value(s)",
		"west,52,-0.7,53":  `minLon is not a number: "west"`,
		"-1,52,-0.7,NaN":   "maxLat is not a number",
		"-1,52,,53":        "maxLon is not a number",
		"-0.5,52,-1,53":    "minLon -0.5 is greater than maxLon -1",
		"-1,53,-0.5,52":    "minLat 53 is greater than maxLat 52",
		"-181,52,-0.5,53":  "minLon must be between -180 and 180, got -181",
		"-1,-90.5,-0.5,53": "minLat must be between -90 and 90",
		"-1,52,-0.5,91":    "maxLat must be between -90 and 90",
	}
	for in, want := range cases {
		_, err := ParseBBox(in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "bbox" {
			t.Errorf("ParseBBox(%q) = %v, want a bbox FieldError", in, err)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBBox(%q) = %q, want it to say %q", in, err, want)
		}
	}
}
