package server

import (
	"gateway/models"
	"gateway/policy"
)

// The data protection routes with an id, for the sweep
// (TestHiddenAnswersExactlyLikeMissing).
func init() {
	sweepKinds["/people/:id/erasure"] = erasureOutside
	sweepBodies["/people/:id/erasure"] = map[string]string{"reason": "sweep probe: asked to be erased", "requested_via_service_id": "1"}
	sweepKinds["/people/:id/subject-access/part"] = peopleOutside(func(a policy.Actor) models.Scope { return policy.SubjectAccessPart(a).Person })
}

// erasureOutside: people an area admin may not erase. A record merged
// into someone the admin can see is left out: erasing it is refused by
// name (erase the survivor).
func erasureOutside(w *world, role string) []int64 {
	var out []int64
	for _, id := range peopleOutside(policy.Erasable)(w, role) {
		var p models.Person
		if err := w.store.Gorm().Take(&p, id).Error; err == nil && p.MergedIntoID != nil {
			if _, err := w.store.Person(ctx, policy.Erasable(w.actor(role)), *p.MergedIntoID); err == nil {
				continue
			}
		}
		out = append(out, id)
	}
	return out
}
