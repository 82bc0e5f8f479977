package server

// The routes of issue 13 with an id, for the sweep
// (TestHiddenAnswersExactlyLikeMissing).
func init() {
	sweepKinds["/admin/users/:id/two-factor/reset"] = usersOutsideReach
}
