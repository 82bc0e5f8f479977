package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The public alert form's proof of work. When a flood
// has spent an area's or everyone's alert budget, an alert is accepted
// only with the answer to a challenge: a nonce such that
// SHA-256(challenge ":" nonce) starts with ChallengeBits zero bits. The
// reporter's browser finds it in a second or two (static/alert_check.js)
// and sends the form by itself; checking it costs the server one hash.
// Nothing is asked of a third party: no CAPTCHA service sees who reports.
//
// A challenge is stateless, signed with a key kept in the database (so
// every instance accepts every instance's challenges), and expires after
// challengeTTL; each is accepted once per instance.
//
// Without JavaScript the challenge cannot be answered: the form comes back
// with what was typed, saying so, and the reporter can send it again when
// the flood has passed (the budgets refill within minutes) or phone.

const challengeTTL = 10 * time.Minute

// settingChallengeKey names the area setting holding the signing key.
const settingChallengeKey = "alert_challenge_key"

type challengeKeyCache struct {
	mu  sync.Mutex
	key []byte
}

// challengeKey is the signing key, made once for the whole deployment.
func (s *Server) challengeKey(ctx context.Context) ([]byte, error) {
	s.alertLimits.key.mu.Lock()
	defer s.alertLimits.key.mu.Unlock()
	if s.alertLimits.key.key != nil {
		return s.alertLimits.key.key, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	v, err := s.store.AreaSettingOrInit(ctx, settingChallengeKey, hex.EncodeToString(fresh))
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 16 {
		return nil, errors.New("alert challenge key is malformed")
	}
	s.alertLimits.key.key = key
	return key, nil
}

func sign(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// newChallenge is "expiry.bits.random.signature".
func (s *Server) newChallenge(ctx context.Context) (string, error) {
	key, err := s.challengeKey(ctx)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, 12)
	rand.Read(nonce)
	body := strconv.FormatInt(s.now().Add(challengeTTL).Unix(), 10) + "." + strconv.Itoa(s.alertLimits.limits.ChallengeBits) + "." +
		base64.RawURLEncoding.EncodeToString(nonce)
	return body + "." + sign(key, body), nil
}

// powSolved reports whether nonce answers challenge: signed by us, not
// expired, as hard as asked now, not used before, and the hash has the
// zero bits.
func (s *Server) powSolved(ctx context.Context, challenge, nonce string) bool {
	if challenge == "" || nonce == "" || len(nonce) > 32 || len(challenge) > 200 {
		return false
	}
	parts := strings.Split(challenge, ".")
	if len(parts) != 4 {
		return false
	}
	key, err := s.challengeKey(ctx)
	if err != nil {
		return false
	}
	body := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(sign(key, body)), []byte(parts[3])) {
		return false
	}
	expiry, err1 := strconv.ParseInt(parts[0], 10, 64)
	need, err2 := strconv.Atoi(parts[1])
	now := s.now()
	if err1 != nil || err2 != nil || now.Unix() > expiry || need < s.alertLimits.limits.ChallengeBits {
		return false
	}
	if leadingZeroBits(sha256.Sum256([]byte(challenge+":"+nonce))) < need {
		return false
	}
	return s.alertLimits.used.first(challenge, time.Unix(expiry, 0), now)
}

func leadingZeroBits(h [32]byte) int {
	n := 0
	for _, b := range h {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}

// solveChallenge finds a nonce, as a reporter's browser does; for tests
// and for API clients written in Go.
func solveChallenge(challenge string, need int) string {
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		if leadingZeroBits(sha256.Sum256([]byte(challenge+":"+n))) >= need {
			return n
		}
	}
}

// usedChallenges remembers answered challenges until they expire.
type usedChallenges struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

// first records a challenge as answered; false if it was already.
func (u *usedChallenges) first(challenge string, expiry, now time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.seen) > 1000 {
		for c, exp := range u.seen {
			if now.After(exp) {
				delete(u.seen, c)
			}
		}
	}
	if _, ok := u.seen[challenge]; ok {
		return false
	}
	u.seen[challenge] = expiry
	return true
}
