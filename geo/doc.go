// Package geo holds Gateway's pure geometry: which local authority a point
// falls in, distances, map tiles and hotspot binning, plus the fictional demo
// county. It takes plain values (orb types, with points as {lon, lat} in
// WGS84) and never touches the database or HTTP, so it is tested and
// benchmarked on its own.
//
// The privacy rule that matters here is docs/ACCESS.md rule 9: a hotspot cell
// counting fewer than MinCellPeople people is suppressed, and suppressed
// cells never leave this package in GeoJSON.
package geo
