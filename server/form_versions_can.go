package server

import "gateway/policy"

func canManageForms(a policy.Actor) bool {
	return policy.Can(a, policy.Manage, policy.ResourceForm)
}
