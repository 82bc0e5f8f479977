package models

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/trustelem/zxcvbn"
)

// Password strength. A password someone sets is
// refused when it is one of the most common passwords (a bundled list,
// passwordlist/NOTICE.md), or when zxcvbn, a maintained strength
// estimator, scores it below 3 of 4: fewer than about 10^10 guesses once
// its patterns (words, dates, keyboard runs, repeats, l33t) and this
// context (the service's name, the person's email and name, "gateway")
// are taken into account. NIST SP 800-63B asks for exactly this check
// against known and context words, instead of rules about symbols.
//
// It applies to passwords people set: `gateway user add` and `passwd`, an
// admin adding a user or setting a password. The demo's accounts are made
// by the demo builder with a hash of the shared demo password
// (`gateway-demo`, which this check would refuse), so the demo logins keep
// working.

//go:embed passwordlist/common.txt.gz
var commonPasswordsGz []byte

var (
	commonOnce      sync.Once
	commonPasswords []string // sorted, lower case
)

func loadCommonPasswords() {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("models: common password list: " + err.Error())
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			commonPasswords = append(commonPasswords, w)
		}
	}
	if err := sc.Err(); err != nil {
		panic("models: common password list: " + err.Error())
	}
	sort.Strings(commonPasswords)
}

// IsCommonPassword reports whether p is on the common password list,
// ignoring case.
func IsCommonPassword(p string) bool {
	commonOnce.Do(loadCommonPasswords)
	p = strings.ToLower(p)
	i := sort.SearchStrings(commonPasswords, p)
	return i < len(commonPasswords) && commonPasswords[i] == p
}

// contextWords are words every Gateway password is judged against, on top
// of the person's own email and name and their services' names.
var contextWords = []string{"gateway", "homeless", "homelessness", "hostel", "outreach", "refuge", "housing"}

// minPasswordScore is the zxcvbn score a password must reach (0-4).
const minPasswordScore = 3

// checkPassword refuses a password that is too short or long, common, or
// easy to guess from its context (the email, names and services of the
// person it is for).
func checkPassword(password string, context ...string) error {
	n := len([]rune(password))
	switch {
	case n < MinPasswordLength:
		return Invalid("password", fmt.Sprintf("must be at least %d characters", MinPasswordLength))
	case len(password) > 256:
		return Invalid("password", "must be at most 256 characters")
	case IsCommonPassword(password):
		return Invalid("password", "is one of the most commonly used passwords, which are tried first; choose another (a few unrelated words make a good one)")
	}
	inputs := append([]string{}, contextWords...)
	for _, c := range context {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		inputs = append(inputs, c)
		inputs = append(inputs, strings.FieldsFunc(c, func(r rune) bool {
			return r == '@' || r == '.' || r == ' ' || r == '-' || r == '_' || r == '+' || r == '\''
		})...)
	}
	// zxcvbn's cost grows with length; 64 characters judge any password
	// fairly (a longer one only gets stronger).
	judged := password
	if r := []rune(judged); len(r) > 64 {
		judged = string(r[:64])
	}
	res := zxcvbn.PasswordStrength(judged, inputs)
	if res.Score >= minPasswordScore {
		return nil
	}
	for _, m := range res.Sequence {
		if m.Pattern == "dictionary" && m.DictionaryName == "user_inputs" {
			return Invalid("password", "is too easy to guess: it is built on your name, your email, your service or Gateway itself; choose something unrelated (a few unrelated words make a good one)")
		}
	}
	return Invalid("password", "is too easy to guess (common words, names, dates or keyboard patterns); a few unrelated words make a good one")
}
