// Package geo holds Gateway's pure geometry: which local authority a point
// falls in, distances, map tiles and hotspot binning. It takes plain values
// (orb types) and never touches the database or HTTP, so it is tested and
// benchmarked on its own.
package geo
