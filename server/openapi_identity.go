package server

// The operations of identity and partner systems (issue 14): single
// sign-on settings, partner systems' credentials and the client-credentials
// grant, and people's own tokens, added to apiOps and the schemas at
// start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"GET", "/sso", "Area admins: identity providers (with the callback URL to register) and each organisation's sign-in rules", "identity", "", "SSOSettings", nil, 200},
		{"POST", "/sso/providers", "Area admins: add an OpenID Connect identity provider; the client secret stays in the named environment variable", "identity", "ProviderInput", "IdentityProvider", nil, 201},
		{"DELETE", "/sso/providers/{id}", "Area admins: remove a provider no organisation uses (409 while one does)", "identity", "", "", nil, 204},
		{"PUT", "/sso/organisations/{id}", "Area admins: an organisation's provider, email domains, just-in-time accounts and whether local passwords still work", "identity", "OrgSSOInput", "OrgSSO", nil, 200},
		{"POST", "/oauth/token", "Partner systems: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Send grant_type=client_credentials with the client id and secret in HTTP Basic auth or the body; the access token lasts 15 minutes. Errors follow RFC 6749 §5.2: {error, error_description}", "identity", "ClientCredentials", "AccessToken", nil, 200},
		{"GET", "/clients", "Area admins: partner systems and their credentials (never the secret)", "identity", "", "Clients", nil, 200},
		{"POST", "/clients", "Area admins: create a partner system's credentials; the client_secret is in this answer only", "identity", "ClientInput", "CreatedClient", nil, 201},
		{"POST", "/clients/{id}/revoke", "Area admins: revoke a partner system; its tokens stop working at once", "identity", "", "Client", nil, 200},
		{"GET", "/tokens", "Your own API tokens, live or not (never the token itself)", "auth", "", "Tokens", nil, 200},
		{"POST", "/tokens/named", "Create a named token acting for your current service, with an expiry and some of your permissions; the token is in this answer only", "auth", "NamedTokenInput", "CreatedToken", nil, 201},
		{"DELETE", "/tokens/{id}", "Revoke one of your tokens (another person's answers 404)", "auth", "", "", nil, 204},
	}...)
	publicOps["POST /oauth/token"] = true
	dt := map[string]any{"type": "string", "format": "date-time"}
	expiry := map[string]any{"type": "string", "description": "an RFC 3339 time, or a day (YYYY-MM-DD: the end of that day, UK time)"}
	dtNull := map[string]any{"type": []string{"string", "null"}, "format": "date-time"}
	strs := map[string]any{"type": "array", "items": str}
	intNull := map[string]any{"type": []string{"integer", "null"}}
	provider := map[string]any{"id": intg, "slug": str, "name": str, "issuer": str, "client_id": str, "secret_env": str, "trust_email": boolT, "created_at": dt, "updated_at": dt}
	extraSchemas["ProviderInput"] = obj(map[string]any{"slug": str, "name": str, "issuer": str, "client_id": str, "secret_env": str, "trust_email": boolT},
		"slug", "name", "issuer", "client_id", "secret_env")
	extraSchemas["IdentityProvider"] = obj(provider, "id", "slug", "name", "issuer", "client_id", "secret_env")
	orgSSO := map[string]any{"organisation_id": intg, "provider_id": intNull, "email_domains": str, "passwords_off": boolT, "jit_service_id": intNull, "jit_role": str, "updated_at": dt}
	extraSchemas["OrgSSOInput"] = obj(map[string]any{"provider_id": intg, "email_domains": map[string]any{"type": "string", "description": "comma-separated domains, like northmoor.gov.uk"},
		"passwords_off": boolT, "jit_service_id": intg, "jit_role": str})
	extraSchemas["OrgSSO"] = obj(orgSSO, "organisation_id", "email_domains", "passwords_off")
	pv := map[string]any{"secret_set": boolT, "callback_url": str}
	for k, v := range provider {
		pv[k] = v
	}
	ov := map[string]any{"organisation_name": str, "provider_name": str, "jit_service": str}
	for k, v := range orgSSO {
		ov[k] = v
	}
	extraSchemas["SSOSettings"] = obj(map[string]any{"providers": map[string]any{"type": "array", "items": obj(pv)},
		"organisations": map[string]any{"type": "array", "items": obj(ov)}}, "providers", "organisations")
	extraSchemas["ClientCredentials"] = obj(map[string]any{"grant_type": map[string]any{"type": "string", "enum": []string{"client_credentials"}}, "client_id": str, "client_secret": str}, "grant_type")
	extraSchemas["AccessToken"] = obj(map[string]any{"access_token": str, "token_type": str, "expires_in": intg, "scope": str}, "access_token", "token_type", "expires_in")
	client := map[string]any{"id": intg, "client_id": str, "name": str, "service_id": intg, "service": str, "organisation_id": intg, "account_id": map[string]any{"type": "integer", "description": "the system account it acts through: user_id in GET /audit"},
		"permissions": strs, "allowed_addresses": strs, "expires_at": dt, "created_at": dt, "last_used_at": dtNull, "revoked_at": dtNull,
		"status": map[string]any{"type": "string", "enum": []string{"live", "expired", "revoked"}}}
	extraSchemas["Client"] = obj(client, "id", "client_id", "name", "service_id", "permissions", "expires_at", "status")
	extraSchemas["Clients"] = obj(map[string]any{"clients": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Client"}}}, "clients")
	created := map[string]any{"client_secret": str, "token_url": str}
	for k, v := range client {
		created[k] = v
	}
	extraSchemas["CreatedClient"] = obj(created, "id", "client_id", "client_secret", "token_url")
	extraSchemas["ClientInput"] = obj(map[string]any{"name": str, "service_id": intg,
		"permissions":       map[string]any{"type": "array", "items": str, "description": `"resource:action" pairs a partner may do, e.g. partner_lookup:read`},
		"expires_at":        expiry,
		"allowed_addresses": map[string]any{"type": "array", "items": str, "description": "IP addresses or CIDR ranges; empty for any"}},
		"name", "service_id", "permissions", "expires_at")
	extraSchemas["Tokens"] = obj(map[string]any{"tokens": map[string]any{"type": "array", "items": obj(map[string]any{"id": intg, "name": str,
		"kind": map[string]any{"type": "string", "enum": []string{"login", "named"}}, "service_id": intNull, "permissions": strs,
		"created_at": dt, "expires_at": dt, "last_used_at": dtNull, "revoked_at": dtNull,
		"status": map[string]any{"type": "string", "enum": []string{"live", "expired", "revoked"}}, "current": boolT})}}, "tokens")
	extraSchemas["NamedTokenInput"] = obj(map[string]any{"name": str, "expires_at": expiry,
		"permissions": map[string]any{"type": "array", "items": str, "description": `"resource:action" pairs, some of yours, e.g. vacancy:read`}},
		"name", "expires_at", "permissions")
	extraSchemas["CreatedToken"] = obj(map[string]any{"token": str, "id": intg, "name": str, "expires_at": dt, "permissions": strs}, "token", "id", "expires_at")
}
