package server

import "gateway/models"

// The identity and partner system routes with an id, for the sweep
// (TestHiddenAnswersExactlyLikeMissing). Identity providers, organisations'
// sign-in rules and partner systems are the area admin's alone (403 for
// everyone else, whatever the id); a person's tokens are their own.
func init() {
	sweepKinds["/admin/sso/providers/:id/delete"] = nothingHidden
	sweepKinds["/sso/providers/:id"] = nothingHidden
	sweepKinds["/sso/organisations/:id"] = nothingHidden
	sweepKinds["/admin/clients/:id/revoke"] = nothingHidden
	sweepKinds["/tokens/:id"] = tokensNotOwn
	sweepKinds["/account/tokens/:id/revoke"] = tokensNotOwn
}

// tokensNotOwn are the other people's tokens.
func tokensNotOwn(w *world, role string) []int64 {
	var ids []int64
	w.store.Gorm().Model(&models.APIToken{}).Where("user_id <> ?", w.users[role].ID).Pluck("id", &ids)
	return ids
}
