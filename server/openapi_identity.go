package server

import (
	"net/http"
	"reflect"

	"gateway/models"
)

// The operations of identity and partner systems: single
// sign-on settings, partner systems' credentials and the client-credentials
// grant, and people's own tokens, added to apiOps and the schemas at
// start-up.
func init() {
	apiOps = append(apiOps, []apiOp{
		{"GET", "/sso", "Area admins: identity providers (with the callback URL to register) and each organisation's sign-in rules", "identity", "", ssoPage{}, nil, 200},
		{"POST", "/sso/providers", "Area admins: add an OpenID Connect identity provider; the client secret stays in the named environment variable", "identity", "ProviderInput", &models.IdentityProvider{}, nil, 201},
		{"DELETE", "/sso/providers/{id}", "Area admins: remove a provider no organisation uses (409 while one does)", "identity", "", nil, nil, 204},
		{"PUT", "/sso/organisations/{id}", "Area admins: an organisation's provider, email domains, just-in-time accounts and whether local passwords still work", "identity", "OrgSSOInput", &models.OrganisationSSO{}, nil, 200},
		{"POST", "/oauth/token", "Partner systems: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Send grant_type=client_credentials as application/x-www-form-urlencoded (or JSON) with the client id and secret in HTTP Basic auth or the body; the access token lasts 15 minutes. " +
			"Errors the grant refuses (400, 401, 429) follow RFC 6749 §5.2, {error, error_description} as application/json, as OAuth libraries expect; the server's own failures (413, 500, 503) are problem details", "identity", "ClientCredentials", accessToken{}, nil, 200},
		{"GET", "/clients", "Area admins: partner systems and their credentials (never the secret)", "identity", "", clientsPage{}, nil, 200},
		{"POST", "/clients", "Area admins: create a partner system's credentials; the client_secret is in this answer only", "identity", "ClientInput", &createdClient{}, nil, 201},
		{"POST", "/clients/{id}/revoke", "Area admins: revoke a partner system; its tokens stop working at once", "identity", "", clientView{}, nil, 200},
		{"GET", "/tokens", "Your own API tokens, live or not (never the token itself)", "auth", "", tokensPage{}, nil, 200},
		{"POST", "/tokens/named", "Create a named token acting for your current service, with an expiry and some of your permissions; the token is in this answer only", "auth", "NamedTokenInput", &createdToken{}, nil, 201},
		{"DELETE", "/tokens/{id}", "Revoke one of your tokens (another person's answers 404)", "auth", "", nil, nil, 204},
	}...)
	publicOps["POST /oauth/token"] = true
	// The token endpoint speaks OAuth: a form body (JSON too), and the
	// grant's refusals in RFC 6749's shape, not as problem details.
	apiBodyMedia["POST /oauth/token"] = []string{mediaForm}
	oauthErrorOps["POST /oauth/token"] = true
	apiAlso["POST /oauth/token"] = []apiAnswer{
		{http.StatusBadRequest, mediaJSON, oauthError{}, "RFC 6749 §5.2: invalid_request (a body that cannot be read) or unsupported_grant_type (only client_credentials)"},
		{http.StatusUnauthorized, mediaJSON, oauthError{}, "RFC 6749 §5.2: invalid_client: no credentials, an unknown client, a wrong secret, a revoked or expired client, or an address it may not call from (WWW-Authenticate: Basic)"},
		{http.StatusTooManyRequests, mediaJSON, oauthError{}, "slow_down: too many failed attempts for this client from your network; Retry-After says when to try again"},
	}
	for t, name := range map[reflect.Type]string{
		reflect.TypeFor[ssoPage]():         "SSOSettings",
		reflect.TypeFor[ssoProviderView](): "SSOProvider",
		reflect.TypeFor[ssoOrgView]():      "SSOOrganisation",
		reflect.TypeFor[accessToken]():     "AccessToken",
		reflect.TypeFor[oauthError]():      "OAuthError",
		reflect.TypeFor[clientsPage]():     "Clients",
		reflect.TypeFor[clientView]():      "Client",
		reflect.TypeFor[createdClient]():   "CreatedClient",
		reflect.TypeFor[tokensPage]():      "Tokens",
		reflect.TypeFor[tokenView]():       "Token",
		reflect.TypeFor[createdToken]():    "CreatedToken",
	} {
		schemaNames[t] = name
	}
	expiry := map[string]any{"type": "string", "description": "an RFC 3339 time, or a day (YYYY-MM-DD: the end of that day, UK time)"}
	extraSchemas["ProviderInput"] = obj(map[string]any{"slug": str, "name": str, "issuer": str, "client_id": str, "secret_env": str, "trust_email": boolT},
		"slug", "name", "issuer", "client_id", "secret_env")
	extraSchemas["OrgSSOInput"] = obj(map[string]any{"provider_id": intg, "email_domains": map[string]any{"type": "string", "description": "comma-separated domains, like northmoor.gov.uk"},
		"passwords_off": boolT, "jit_service_id": intg, "jit_role": str})
	extraSchemas["ClientCredentials"] = obj(map[string]any{"grant_type": map[string]any{"type": "string", "enum": []string{"client_credentials"}},
		"client_id": map[string]any{"type": "string", "description": "or in HTTP Basic auth"}, "client_secret": map[string]any{"type": "string", "description": "or in HTTP Basic auth"}}, "grant_type")
	extraSchemas["ClientInput"] = obj(map[string]any{"name": str, "service_id": intg,
		"permissions":       map[string]any{"type": "array", "items": str, "description": `"resource:action" pairs a partner may do, e.g. partner_lookup:read`},
		"expires_at":        expiry,
		"allowed_addresses": map[string]any{"type": "array", "items": str, "description": "IP addresses or CIDR ranges; empty for any"}},
		"name", "service_id", "permissions", "expires_at")
	extraSchemas["NamedTokenInput"] = obj(map[string]any{"name": str, "expires_at": expiry,
		"permissions": map[string]any{"type": "array", "items": str, "description": `"resource:action" pairs, some of yours, e.g. vacancy:read`}},
		"name", "expires_at", "permissions")
}
