// Package matching ranks placements for people and people for vacancies by
// summing named, explained factors. Pure functions over plain values.
//
// Priority scores a person for a service's vacancy; Fit scores a service for
// a person. Both check the service's hard Eligibility rules first and list
// every rule failed, with a reason a worker can read. RankServices puts every
// service in one of three tiers (eligible with a place now, eligible but
// full, not eligible) and RankCandidates splits people into eligible and not;
// nobody and nothing is dropped. Ties break in a documented, total order, so
// the same inputs always give the same list.
//
// The points are data: defaults/weights.json (DefaultWeights, ParseWeights)
// and per-service-type rules in defaults/eligibility.json
// (DefaultEligibility). Assessment hours are kept in UK wall-clock time; the
// package embeds time/tzdata so Europe/London resolves anywhere.
package matching
