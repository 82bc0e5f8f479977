package server

// hardeningSchemas are the request schemas of production hardening: login
// security settings, and a token request that may carry the second
// factor's code.
func hardeningSchemas() map[string]any {
	return map[string]any{
		"SecurityInput": obj(map[string]any{"require_two_factor": boolT}, "require_two_factor"),
		"TokenRequest": obj(map[string]any{"email": str, "password": str, "service_id": intg,
			"code": map[string]any{"type": "string", "description": "The 6-digit code from the authenticator app, for an account with a second factor."}},
			"email", "password"),
	}
}
