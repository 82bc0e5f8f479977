// Package namegen draws people's names as they are spread in the services
// of a large English city: origins by their share of a caseload, a few very
// common family names and a long tail of rare ones (400,000 people hold
// about 69,000), given names by origin and gender, and family names in the
// form each person carries (a Polish woman is Kowalska).
//
// It is pure and deterministic for a seed. The data is embedded; README.md
// gives every source, its licence, which parts are synthetic, and the
// figures a drawn population shows.
package namegen
