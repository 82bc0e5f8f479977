package server

// The operations of production hardening: login security
// settings and the recovery of a lost second factor, added to apiOps and
// the schemas at start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"GET", "/security", "Area admins: whether area admins and commissioners must use a second factor, and who among them has one", "admin", "", securityPage{}, nil, 200},
		{"PUT", "/security", "Area admins: require (or not) a second factor of area admins and commissioners", "admin", "SecurityInput", securityPage{}, nil, 200},
		{"POST", "/users/{id}/two-factor/reset", "Area admins: remove a user's second factor (a lost phone); ends their sessions and tokens", "admin", "", twoFactorState{}, nil, 200},
	}...)
	extraSchemas["SecurityInput"] = obj(map[string]any{"require_two_factor": boolT}, "require_two_factor")
	extraSchemas["TokenRequest"] = obj(map[string]any{"email": str, "password": str, "service_id": intg,
		"code": map[string]any{"type": "string", "description": "The 6-digit code from the authenticator app, for an account with a second factor."}},
		"email", "password")
}
