package server

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

// testIdP is a small OpenID Connect provider started by a test: discovery,
// a JWKS with one RSA key, an authorize endpoint that signs the user in at
// once, and a token endpoint that checks the client secret and the PKCE
// verifier before issuing an ID token. What the ID token says (email,
// audience, expiry, signing key) is up to the test.
type testIdP struct {
	t        testing.TB
	srv      *httptest.Server
	key      *rsa.PrivateKey
	wrongKey *rsa.PrivateKey // signs tokens the JWKS cannot verify

	mu sync.Mutex
	// What the next ID token says.
	Email         string
	EmailVerified any // true, false, "true", or nil to leave the claim out
	Audience      string
	ExpiresIn     time.Duration
	BadSignature  bool
	Nonce         string // "" = the one the login sent
	UPN           string // preferred_username, sent instead of email when set
	codes         map[string]idpCode
}

type idpCode struct{ nonce, challenge string }

const (
	idpClientID = "gateway-test"
	idpSecret   = "s3cret-for-tests"
	idpSecretEv = "GATEWAY_TEST_OIDC_SECRET"
)

func newTestIdP(t testing.TB) *testIdP {
	t.Helper()
	p := &testIdP{t: t, EmailVerified: true, ExpiresIn: 5 * time.Minute, codes: map[string]idpCode{}}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if p.wrongKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"issuer": p.srv.URL, "authorization_endpoint": p.srv.URL + "/authorize", "token_endpoint": p.srv.URL + "/token",
			"jwks_uri": p.srv.URL + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"}})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		b64 := base64.RawURLEncoding.EncodeToString
		writeJSON(w, map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
			"n": b64(p.key.N.Bytes()), "e": b64(big.NewInt(int64(p.key.E)).Bytes())}}})
	})
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") != idpClientID || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" {
			http.Error(w, "authorize: missing client_id, PKCE, state or nonce", http.StatusBadRequest)
			return
		}
		code := randomToken()
		p.mu.Lock()
		p.codes[code] = idpCode{nonce: q.Get("nonce"), challenge: q.Get("code_challenge")}
		p.mu.Unlock()
		back, _ := url.Parse(q.Get("redirect_uri"))
		v := back.Query()
		v.Set("code", code)
		v.Set("state", q.Get("state"))
		back.RawQuery = v.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if id != idpClientID || secret != idpSecret {
			w.WriteHeader(http.StatusUnauthorized)
			writeJSON(w, map[string]any{"error": "invalid_client"})
			return
		}
		p.mu.Lock()
		c, found := p.codes[r.PostForm.Get("code")]
		delete(p.codes, r.PostForm.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !found || base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
			w.WriteHeader(http.StatusBadRequest)
			writeJSON(w, map[string]any{"error": "invalid_grant", "error_description": "code unknown or PKCE verifier wrong"})
			return
		}
		writeJSON(w, map[string]any{"access_token": "at-" + randomToken(), "token_type": "Bearer", "expires_in": 3600, "id_token": p.idToken(c.nonce)})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// idToken signs an RS256 JWT saying what the test set up.
func (p *testIdP) idToken(nonce string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	aud := idpClientID
	if p.Audience != "" {
		aud = p.Audience
	}
	if p.Nonce != "" {
		nonce = p.Nonce
	}
	now := time.Now()
	claims := map[string]any{"iss": p.srv.URL, "sub": "sub-" + p.Email, "aud": aud, "iat": now.Unix(), "exp": now.Add(p.ExpiresIn).Unix(),
		"nonce": nonce, "email": p.Email, "name": "SSO Person"}
	if p.EmailVerified != nil {
		claims["email_verified"] = p.EmailVerified
	}
	if p.UPN != "" {
		delete(claims, "email")
		claims["preferred_username"] = p.UPN
	}
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signing := enc(map[string]any{"alg": "RS256", "kid": "k1", "typ": "JWT"}) + "." + enc(claims)
	key := p.key
	if p.BadSignature {
		key = p.wrongKey
	}
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		p.t.Fatal(err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// set changes what the next ID token says.
func (p *testIdP) set(f func(*testIdP)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}
