package models

import (
	"crypto/rand"
	"encoding/binary"

	"gorm.io/gorm"
)

// Person ids are not sequential. Any worker may open
// the identity of anyone known to a non-confidential service, so with
// sequential ids the gaps between the ids they can open counted the people
// created only by refuges and sex-work services, and between two people a
// worker created themselves, told them how many (and when) were created
// out of sight. A new person's id is drawn at random from [2^41, 2^53):
// still a number (so every route, link, the API and the sweep tests are
// unchanged), exact in JavaScript, never in the demo's range below it, and
// at a million people a clash (which the primary key would refuse) has odds
// of about one in ten billion.
//
// Other records (notes, assessments, referrals) keep sequential ids: they
// are seen only by the services involved with the person, so a gap between
// two of them counts every other service's records alike, not the
// confidential ones.
const (
	personIDFloor = int64(1) << 41
	personIDSpan  = int64(1)<<53 - personIDFloor
)

func newPersonID() int64 {
	var b [8]byte
	rand.Read(b[:])
	return personIDFloor + int64(binary.BigEndian.Uint64(b[:])%uint64(personIDSpan))
}

// BeforeCreate gives a new person a random id, unless one is given (the
// bulk loader's generated data).
func (p *Person) BeforeCreate(*gorm.DB) error {
	if p.ID == 0 {
		p.ID = newPersonID()
	}
	return nil
}

// DemoPersonID spreads the demo's n-th person over [2^40, 2^41) with a
// permutation (a four-round Feistel network over 40 bits), so the demo's
// ids are no more sequential, nor any easier to count back, than real
// ones, and never meet them.
func DemoPersonID(n int64) int64 {
	const half, mask = 20, uint64(1)<<20 - 1
	l, r := uint64(n)>>half&mask, uint64(n)&mask
	for round := uint64(1); round <= 4; round++ {
		f := (r*0x9E3779B97F4A7C15 + round*0xBF58476D1CE4E5B9) >> 29
		l, r = r, (l^f)&mask
	}
	return int64(1)<<40 + int64(l<<half|r)
}
