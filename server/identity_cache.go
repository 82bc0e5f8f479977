package server

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
	"time"

	"gateway/models"
)

// identityTTL is the longest a cached identity is used. Changes end it
// sooner (the generation below); the lifetime only bounds what a change
// made without this Store or a NOTIFY hearing it could leave behind (a
// command-line edit of a SQLite file the server also has open).
const identityTTL = 30 * time.Second

// maxIdentities bounds the cache; past it, expired entries go, and if
// that is not enough, all of them.
const maxIdentities = 20000

// identityCache remembers who a bearer token or a session's user is: the
// token, the user and their memberships with each service and its local
// authorities, so a request is not six statements old before its handler
// runs. An entry is used only while the identity topic's
// generation is the one it was loaded at: any write to users,
// memberships, tokens, partner systems, services or their LAs, on this
// instance or (by NOTIFY) another, raises it, so disabling an account,
// removing a membership or revoking a token is refused on the next request.
type identityCache struct {
	mu      sync.Mutex
	entries map[string]callerIdentity
}

// callerIdentity is what authenticate loads for a caller.
type callerIdentity struct {
	gen         uint64
	loaded      time.Time
	token       *models.APIToken // nil for a session
	user        *models.User
	memberships []models.Membership
}

func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "t:" + hex.EncodeToString(sum[:])
}

func sessionKey(uid int64) string { return "s:" + strconv.FormatInt(uid, 10) }

// get returns a copy of the entry for key if it was loaded at generation
// gen and is young enough.
func (c *identityCache) get(key string, gen uint64, now time.Time) (callerIdentity, bool) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if !ok || e.gen != gen || now.Sub(e.loaded) > identityTTL || now.Before(e.loaded) {
		return callerIdentity{}, false
	}
	return e.copy(), true
}

// put stores a copy of e, loaded at e.gen (read before loading, so a
// change during the load leaves it stale).
func (c *identityCache) put(key string, e callerIdentity) {
	e = e.copy()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]callerIdentity{}
	}
	if len(c.entries) >= maxIdentities {
		for k, old := range c.entries {
			if e.loaded.Sub(old.loaded) > identityTTL || old.gen != e.gen {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxIdentities {
			clear(c.entries)
		}
	}
	c.entries[key] = e
}

// copy is deep enough that a request changing what it was given cannot
// change another's.
func (e callerIdentity) copy() callerIdentity {
	out := e
	if e.token != nil {
		t := *e.token
		if t.Client != nil {
			cl := *t.Client
			t.Client = &cl
		}
		out.token = &t
	}
	if e.user != nil {
		u := *e.user
		out.user = &u
	}
	out.memberships = make([]models.Membership, len(e.memberships))
	for i, m := range e.memberships {
		if m.Service != nil {
			sv := *m.Service
			sv.LAIDs = append([]int64(nil), sv.LAIDs...)
			m.Service = &sv
		}
		out.memberships[i] = m
	}
	return out
}
