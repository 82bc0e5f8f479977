// Package reports computes compliance scores, rough-sleeping flows and gaps
// in provision from plain values, and renders them as PDF and CSV. It never
// queries the database: callers pass figures in, already scoped by policy/.
//
// # What is computed
//
//   - Score: CHAIN-style data compliance per service against a RuleSet of
//     essential fields held as data (defaults/compliance_rules.json). A
//     Scorer counts records as they stream from the database; a field a
//     record lists as not applicable (a move-on not yet due) is neither
//     required nor missing. Ranking is the commissioners' table, made safe.
//   - Flows: people seen rough sleeping per month and LA, split into new,
//     returner, long-term and intermittent (see Flows for the precedence).
//   - Gaps: people whose referral was declined, and people the matcher
//     found no service for, each counted once, by reason, need, target
//     group and LA, each breakdown on its own (see Gaps and GapPeople.View).
//
// # Small numbers (docs/ACCESS.md rule 9)
//
// Commissioners see aggregates only. Everything rendered for them — every
// table cell, chart value, headline figure and CSV cell counting people,
// contacts or events — goes through Suppress: below 5 it prints "<5", and
// the value is zeroed so nothing downstream can print it by mistake. Charts
// draw a suppressed value as a fixed hatched or hollow marker, never to
// scale. The renderers take true values and suppress them themselves, so the
// rule is applied in one place.
//
// Suppression is only worth something if the hidden value cannot be worked
// out from what is shown. Three rules see to that:
//
//  1. A total is shown only when every count it adds up is shown (TotalOf);
//     otherwise it prints "*", withheld. A total below 5 prints "<5".
//  2. Each set of people is broken down once per report. Two breakdowns of
//     the same people (move-ons by destination and, separately, by reason)
//     let a reader subtract one from the other, so move-ons are shown as a
//     single destination-with-reason table; hotspots count street contacts,
//     not people, so they are not a second breakdown of the flows table; the
//     LA compliance report shows fields missing per service but no per-field
//     breakdown of the same total. The one exception is the gaps report,
//     which breaks the same people down four ways because a commissioner
//     needs each on its own. It is made safe another way: each person is in
//     exactly one row of each breakdown, and no figure below 5 is shown or
//     implied at all, values under 5 being pooled into one line of at least
//     5 (GapPeople.View), so every breakdown adds up to the people total and
//     there is nothing small to subtract out.
//  3. Rows are ordered by shown count, then suppressed rows by label, so the
//     order says nothing about the hidden values.
//
// Compliance counts fields and records, not people, but records are about
// people: Records is suppressed below 5, and the fields-missing figure
// beside a suppressed Records is withheld, as with the score it would give
// the records back. Scores themselves are shares, not counts, and are shown.
//
// Named lists (record labels, i.e. people's names) appear only in
// ServiceComplianceReportPDF/CSV, which the caller gives to that service's
// managers alone. Commissioner renderers never read ServiceScore.Named.
//
// # Rendering
//
// PDFs are A4 with the embedded DejaVu Sans font (Latin, Greek, Cyrillic),
// a header with title, period and the generated time passed in by the caller
// (so output is byte-for-byte repeatable), and "Page n of N". Tables break
// across pages and repeat their column headings; charts are drawn with PDF
// primitives and never split across pages.
package reports
