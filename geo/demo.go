package geo

import (
	"github.com/paulmach/orb"
)

// DemoCountyName is the fictional county `gateway demo` is set in.
const DemoCountyName = "Elmshire"

// Hotspot kinds: the kinds of place where people sleep rough that the demo
// scatters street contacts around.
const (
	KindTownCentre = "town_centre"
	KindStation    = "station"
	KindPark       = "park"
	KindCarPark    = "car_park"
	KindRiverside  = "riverside"
	KindRetail     = "retail"
)

// DemoLA is one of the demo county's six unitary authorities.
type DemoLA struct {
	Code, Name string
	Boundary   orb.MultiPolygon
	Towns      []DemoTown
}

// DemoTown is a town in a demo LA, with the places rough sleeping clusters.
type DemoTown struct {
	Name     string
	Centre   orb.Point
	Hotspots []Hotspot
}

// Hotspot is a place where people sleep rough. Weight is its share of the
// county's rough sleeping; the weights of all hotspots sum to 1.
type Hotspot struct {
	Name   string
	Kind   string
	Point  orb.Point
	Weight float64
}

// DemoCounty is the fictional county of Elmshire: six unitary authorities
// in a 2 x 3 arrangement, about 60 x 40 km, set in the East Midlands. The
// codes (E069000nn) follow the ONS pattern but no real LA has them. The
// boundaries are irregular but share their edges exactly, so the LAs tile
// the county with no gaps or overlaps; each has 256 to 320 vertices. Every call
// returns the same county (fixed seed) as fresh values the caller may keep.
func DemoCounty() []DemoLA {
	return demoCounty(demoLevels)
}

// demoLevels: each side is cut into 2^6 = 64 edges, so an LA of four or
// five sides has 256 or 320 vertices.
const demoLevels = 6

// demoPlan names the LAs (laid out in demoLayout) and their towns, placed
// at (u, v) within the LA's corners (0..1 west to east, south to north). Town weight is its share of rough sleeping
// before normalising; spread is how far its hotspots lie from the centre.
var demoPlan = []struct {
	code, name string
	towns      []demoTownPlan
}{
	{"E06900001", "Northmoor", []demoTownPlan{
		{"Moorhampton", 0.45, 0.45, 1.0, 1400, allKinds},
		{"Greystone", 0.72, 0.72, 0.3, 700, []string{KindTownCentre, KindPark, KindCarPark}},
	}},
	{"E06900002", "Highcross", []demoTownPlan{
		{"Highcross", 0.5, 0.4, 0.7, 1100, []string{KindTownCentre, KindStation, KindPark, KindRetail, KindCarPark}},
		{"Pellbridge", 0.28, 0.72, 0.25, 600, []string{KindTownCentre, KindRiverside, KindPark}},
	}},
	{"E06900003", "Eastwold", []demoTownPlan{
		{"Wold Market", 0.42, 0.45, 0.5, 900, []string{KindTownCentre, KindStation, KindPark, KindRetail}},
		{"Saxby Bridge", 0.72, 0.7, 0.2, 600, []string{KindTownCentre, KindRiverside, KindCarPark}},
		{"Thornholme", 0.65, 0.25, 0.15, 500, []string{KindTownCentre, KindPark, KindRetail}},
	}},
	{"E06900004", "Westbrook", []demoTownPlan{
		{"Westbrook", 0.55, 0.5, 0.6, 1000, []string{KindTownCentre, KindStation, KindPark, KindRiverside, KindRetail}},
		{"Cressford", 0.28, 0.3, 0.2, 600, []string{KindTownCentre, KindCarPark, KindPark}},
	}},
	{"E06900005", "Kingsmere", []demoTownPlan{
		{"Kingsmere", 0.5, 0.58, 1.2, 1500, allKinds},
		{"Brackenford", 0.3, 0.3, 0.4, 800, []string{KindTownCentre, KindStation, KindPark, KindCarPark}},
		{"Lowgate", 0.72, 0.28, 0.15, 500, []string{KindTownCentre, KindRetail, KindPark}},
	}},
	{"E06900006", "Southvale", []demoTownPlan{
		{"Hamwell", 0.45, 0.5, 0.5, 900, []string{KindTownCentre, KindStation, KindRiverside, KindPark}},
		{"Stoke Amble", 0.7, 0.3, 0.2, 600, []string{KindTownCentre, KindPark, KindCarPark}},
	}},
}

type demoTownPlan struct {
	name   string
	u, v   float64
	weight float64
	spread float64 // metres
	kinds  []string
}

var allKinds = []string{KindTownCentre, KindStation, KindPark, KindCarPark, KindRiverside, KindRetail}

// kindWeight: town centres draw most rough sleeping (footfall, begging,
// shelter in doorways), then stations; the rest share what is left.
var kindWeight = map[string]float64{
	KindTownCentre: 0.35, KindStation: 0.2, KindPark: 0.15,
	KindCarPark: 0.1, KindRiverside: 0.1, KindRetail: 0.1,
}

// placeNames gives each kind a stock of plausible English place names; the
// station is named after its town.
var placeNames = map[string][]string{
	KindTownCentre: {"Market Place", "High Street", "Cornhill", "Guildhall Square", "Sheep Street", "Market Square", "Bull Ring", "Church Street"},
	KindPark:       {"Victoria Park", "Memorial Gardens", "Abbey Fields", "Jubilee Park", "Castle Grounds", "Recreation Ground", "Priory Gardens", "The Green"},
	KindCarPark:    {"Bridge Street multi-storey", "Sheep Market car park", "Queen Street car park", "Bus station car park", "Tanners Yard car park"},
	KindRiverside:  {"Riverside walk", "Canal towpath", "Mill Lane embankment", "The Quay", "Weir meadows"},
	KindRetail:     {"Kingsway retail park", "Northgate shopping centre", "Cattle Market retail park", "Swan Walk arcade", "Meadow Lane retail park", "Crown Walk precinct", "Station Road retail park"},
}
