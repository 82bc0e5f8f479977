package server

import (
	"gateway/models"
	"gateway/policy"
)

// A service's compliance page hides the services whose score the caller
// may not see: their answer must be the missing one's.
func init() {
	sweepKinds["/services/:id/compliance"] = servicesOutsideCompliance
}

func servicesOutsideCompliance(w *world, role string) []int64 {
	a := w.actor(role)
	var all []models.Service
	w.store.Gorm().Find(&all)
	var out []int64
	for _, sv := range all {
		full, err := w.store.Service(ctx, sv.ID)
		if err != nil {
			w.t.Fatal(err)
		}
		if !policy.Can(a, policy.Read, policy.ServiceCompliance{ServiceID: full.ID, Confidential: full.Confidential, LAIDs: full.LAIDs}) {
			out = append(out, sv.ID)
		}
	}
	return out
}
