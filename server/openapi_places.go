package server

// The area gazetteer's operations (issue 15), added to apiOps at start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"GET", "/places", "Area admins: the gazetteer of named places that name hotspots and street contacts", "maps", "", "Object", nil, 200},
		{"POST", "/places", "Area admins: import named places from a GeoJSON FeatureCollection (properties name and kind; a line or area is placed at its middle); all or none", "maps", "FeatureCollection", "Object", nil, 201},
	}...)
}
