//go:build race

package server

// raceOn: the race detector slows every check tenfold; long evaluations
// run on a sample under it (the figures come from runs without it).
const raceOn = true
