package server

// identitySchemas are the request schemas of identity and partner
// systems: single sign-on settings, partner systems' credentials and the
// client-credentials grant, and people's own tokens.
func identitySchemas() map[string]any {
	expiry := map[string]any{"type": "string", "description": "an RFC 3339 time, or a day (YYYY-MM-DD: the end of that day, UK time)"}
	return map[string]any{
		"ProviderInput": obj(map[string]any{"slug": str, "name": str, "issuer": str, "client_id": str, "secret_env": str, "trust_email": boolT},
			"slug", "name", "issuer", "client_id", "secret_env"),
		"OrgSSOInput": obj(map[string]any{"provider_id": intg, "email_domains": map[string]any{"type": "string", "description": "comma-separated domains, like northmoor.gov.uk"},
			"passwords_off": boolT, "jit_service_id": intg, "jit_role": str}),
		"ClientCredentials": obj(map[string]any{"grant_type": map[string]any{"type": "string", "enum": []string{"client_credentials"}},
			"client_id": map[string]any{"type": "string", "description": "or in HTTP Basic auth"}, "client_secret": map[string]any{"type": "string", "description": "or in HTTP Basic auth"}}, "grant_type"),
		"ClientInput": obj(map[string]any{"name": str, "service_id": intg,
			"permissions":       map[string]any{"type": "array", "items": str, "description": `"resource:action" pairs a partner may do, e.g. partner_lookup:read`},
			"expires_at":        expiry,
			"allowed_addresses": map[string]any{"type": "array", "items": str, "description": "IP addresses or CIDR ranges; empty for any"}},
			"name", "service_id", "permissions", "expires_at"),
		"NamedTokenInput": obj(map[string]any{"name": str, "expires_at": expiry,
			"permissions": map[string]any{"type": "array", "items": str, "description": `"resource:action" pairs, some of yours, e.g. vacancy:read`}},
			"name", "expires_at", "permissions"),
	}
}
