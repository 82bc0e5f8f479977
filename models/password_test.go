package models

import (
	"strings"
	"testing"
)

// Fixtures store passwords hashed at a test-only cost (modeltest's
// CheapPasswordHash) to keep the suite fast; this pins what production
// writes: argon2id at OWASP's 2023 minimum, 19 MiB, 2 passes, 1 lane.
func TestHashPasswordUsesProductionCost(t *testing.T) {
	h, err := HashPassword("a perfectly long passphrase 93!")
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(h, want) {
		t.Fatalf("hash %q does not start %q", h, want)
	}
	if !CheckPassword(h, "a perfectly long passphrase 93!") || CheckPassword(h, "a perfectly long passphrase 94!") {
		t.Fatal("the hash does not check its own password, or checks another")
	}
	if !strings.HasPrefix(dummyHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("the unknown-account hash %q is not at the production cost, so a missing account answers faster", dummyHash)
	}
}
