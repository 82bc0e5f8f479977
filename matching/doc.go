// Package matching ranks placements for people and people for vacancies by
// summing named, explained factors. Pure functions over plain values.
package matching
