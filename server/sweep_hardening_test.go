package server

// The production hardening routes with an id, for the sweep
// (TestHiddenAnswersExactlyLikeMissing).
func init() {
	sweepKinds["/admin/users/:id/two-factor/reset"] = usersOutsideReach
}
