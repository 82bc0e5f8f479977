package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// Idempotency: a create's one-time form token or
// Idempotency-Key is scoped to the user, the method, the route (the path
// as sent, so the same key on another person's notes is another request)
// and a hash of the body. createOnce asks replayed before creating and
// claimKey inside the create's transaction.

// bodyHashKey is where bind leaves the hash of what it read.
const bodyHashKey = "body_sha256"

func hashBody(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// keepBodyHash reads a JSON body (up to limit), notes its hash for
// claimKey and puts it back for the decoder.
func keepBodyHash(c *gin.Context, limit int64) error {
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, limit+1))
	if err != nil {
		if err, ok := tooLarge(err); ok {
			return err
		}
		return malformed{"body", "could not be read"}
	}
	c.Set(bodyHashKey, hashBody(body))
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	return nil
}

// hashForm hashes a form's fields, leaving out its one-time token (which
// is the key, not the request).
func hashForm(form url.Values) string {
	f := url.Values{}
	for k, v := range form {
		if k != "_form" {
			f[k] = v
		}
	}
	return hashBody([]byte(f.Encode())) // Encode sorts by key
}

// replayed answers a request whose key this user claimed before, and says
// whether it did. The same request gets the first answer again: for the
// API its status, Location and body, with the created id; for the web the
// redirect to what was created. The same key on a different request is a
// 422 naming Idempotency-Key (a web form resubmitted after editing is sent,
// as before, to what it created).
func (s *Server) replayed(c *gin.Context) bool {
	key := formToken(c)
	w := whoOf(c)
	if key == "" || w.user == nil {
		return false
	}
	k, err := s.store.ClaimedKey(c.Request.Context(), w.user.ID, key, s.now())
	if err != nil {
		return false // none (or gone): go ahead and create
	}
	same := k.SameRequest(c.Request.Method, c.Request.URL.Path, c.GetString(bodyHashKey))
	switch {
	case isAPI(c) && !same:
		s.fail(c, models.Invalid("Idempotency-Key", "was already used for a different request in the last 24 hours; use a new key for each new request"))
	case isAPI(c):
		if k.Location != "" {
			c.Header("Location", "/api/v1"+k.Location)
		}
		c.Header("Idempotent-Replayed", "true")
		c.Data(k.Status, "application/json; charset=utf-8", []byte(k.Response))
	case k.Route != c.Request.URL.Path || k.Method != c.Request.Method:
		s.fail(c, models.Invalid("_form", "this form's token was already used for another form; reload the page and submit again"))
	default:
		s.alreadyCreated(c, k.Location)
	}
	return true
}

// claimKey claims the request's key in the create's transaction, with the
// answer it is about to get.
func (s *Server) claimKey(c *gin.Context, tx *models.Store, location string, result any) error {
	key := formToken(c)
	if key == "" {
		return nil
	}
	body, err := json.Marshal(result)
	if err != nil {
		return err
	}
	return tx.ClaimKey(c.Request.Context(), models.IdempotencyKey{UserID: whoOf(c).user.ID, Key: key,
		Method: c.Request.Method, Route: c.Request.URL.Path, BodyHash: c.GetString(bodyHashKey),
		Status: http.StatusCreated, Location: location, Response: string(body), CreatedAt: s.now()})
}
