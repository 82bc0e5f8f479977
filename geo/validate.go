package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// FieldError says which input field was wrong and why, so the server can
// show the message beside the field (models.ErrInvalid field messages).
type FieldError struct {
	Field   string // "lat", "lon" or "bbox"
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// ValidPoint checks a latitude/longitude pair as it arrives from a phone's
// geolocation or a form. The argument order is (lat, lon) because that is
// how people and browsers say it; orb.Point is {lon, lat}.
func ValidPoint(lat, lon float64) error {
	if err := checkCoord("lat", lat, 90); err != nil {
		return err
	}
	return checkCoord("lon", lon, 180)
}

func checkCoord(field string, v, limit float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return &FieldError{field, fmt.Sprintf("must be a number between %g and %g, got %v", -limit, limit, v)}
	}
	if v < -limit || v > limit {
		return &FieldError{field, fmt.Sprintf("must be between %g and %g, got %g", -limit, limit, v)}
	}
	return nil
}

// ParseBBox reads the map's bbox query parameter, "minLon,minLat,maxLon,maxLat"
// (Leaflet's LatLngBounds.toBBoxString order). Out-of-range values are
// refused rather than clamped; a zoomed-out Leaflet map can report longitudes
// beyond ±180, so the front end clamps before asking.
func ParseBBox(s string) (orb.Bound, error) {
	bad := func(format string, args ...any) (orb.Bound, error) {
		return orb.Bound{}, &FieldError{"bbox", fmt.Sprintf(format, args...)}
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return bad("want 4 comma-separated numbers minLon,minLat,maxLon,maxLat, got %d value(s)", len(parts))
	}
	names := [4]string{"minLon", "minLat", "maxLon", "maxLat"}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return bad("%s is not a number: %q", names[i], strings.TrimSpace(p))
		}
		limit := 180.0
		if i%2 == 1 {
			limit = 90
		}
		if f < -limit || f > limit {
			return bad("%s must be between %g and %g, got %g", names[i], -limit, limit, f)
		}
		v[i] = f
	}
	if v[0] > v[2] {
		return bad("minLon %g is greater than maxLon %g", v[0], v[2])
	}
	if v[1] > v[3] {
		return bad("minLat %g is greater than maxLat %g", v[1], v[3])
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}
