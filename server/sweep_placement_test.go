package server

import (
	"gateway/models"
	"gateway/policy"
)

// rowsOutside lists the rows of a table the caller's scope does not show.
func rowsOutside(table string, scopes ...func(policy.Actor) models.Scope) sweepKind {
	return func(w *world, role string) []int64 {
		var all []int64
		w.store.Gorm().Table(table).Order("id").Pluck("id", &all)
		seen := map[int64]bool{}
		for _, scope := range scopes {
			var visible []int64
			w.store.Gorm().Table(table).Scopes(scope(w.actor(role)).Apply).Pluck(table+".id", &visible)
			for _, id := range visible {
				seen[id] = true
			}
		}
		var out []int64
		for _, id := range all {
			if !seen[id] {
				out = append(out, id)
			}
		}
		return out
	}
}

// vacanciesNotOwn: a vacancy's candidates are for its own service only.
func vacanciesNotOwn(w *world, role string) []int64 {
	var ids []int64
	w.store.Gorm().Table("vacancies").Where("service_id <> ?", w.actor(role).ServiceID).Order("id").Pluck("id", &ids)
	return ids
}

// The amend routes open records beyond the read scopes: a
// service's own ended placements and street contacts of any age.
func init() {
	sweepKinds["/placements/:id/move-on/amend"] = rowsOutside("placements", policy.Placements, policy.AmendablePlacements)
	sweepKinds["/street-contacts/:id/amend"] = contactsOutsidePins
}
