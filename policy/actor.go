package policy

import (
	"time"

	"gateway/models"
)

// DefaultGrace is how long a service stays involved after its involvement
// closes (docs/ACCESS.md rule 2), unless configured otherwise.
const DefaultGrace = 90 * 24 * time.Hour

// Actor is a user acting for one service: who is asking, in what role, for
// which service and local authorities, at what time. Only a Policy makes
// actors; the zero Actor may do nothing and sees nothing.
type Actor struct {
	UserID         int64
	ServiceID      int64
	OrganisationID int64
	Role           models.Role
	ServiceType    models.ServiceType
	Confidential   bool
	LAs            []int64
	// Now and Grace fix the moment the involvement rule is judged at.
	Now   time.Time
	Grace time.Duration

	pol       *Policy
	scheduled bool // a scheduled report run (compliance.go): no user, no service
	// limits, when set, narrow the role's permissions to these
	// "resource:action" pairs: a named token or a partner system.
	limits []string
}

// Limited is the actor narrowed to perms ("resource:action"); nil or empty
// leaves it as it is. It never widens: a pair the role lacks stays denied.
func (a Actor) Limited(perms []string) Actor {
	if len(perms) > 0 {
		a.limits = append([]string(nil), perms...)
	}
	return a
}

// IsLimited reports whether the actor was narrowed by Limited.
func (a Actor) IsLimited() bool { return a.limits != nil }

// Author is the actor as the writer of a record.
func (a Actor) Author() models.Author {
	return models.Author{UserID: a.UserID, ServiceID: a.ServiceID}
}

// Valid reports whether the actor was made by a policy.
func (a Actor) Valid() bool {
	return a.pol != nil && ((a.UserID > 0 && a.ServiceID > 0) || a.scheduled)
}

// involvedSince is the earliest end of an involvement that still counts
// (rule 2). It stays inside policy: code elsewhere that needs the rule asks
// for a scope built from it (BreakGlassNotices).
func (a Actor) involvedSince() time.Time { return a.Now.Add(-a.Grace).UTC() }

// Actor makes the actor for a user acting through membership m (with its
// service loaded). The LAs are the service's.
func (p *Policy) Actor(u *models.User, m models.Membership, now time.Time) Actor {
	if u == nil || m.Service == nil || u.Disabled() {
		return Actor{}
	}
	return Actor{
		UserID:         u.ID,
		ServiceID:      m.ServiceID,
		OrganisationID: m.Service.OrganisationID,
		Role:           m.Role,
		ServiceType:    m.Service.Type,
		Confidential:   m.Service.Confidential,
		LAs:            append([]int64(nil), m.Service.LAIDs...),
		Now:            now.UTC(),
		Grace:          p.grace,
		pol:            p,
	}
}

// CoversLA reports whether a local authority is one of the actor's.
func (a Actor) CoversLA(la int64) bool {
	for _, x := range a.LAs {
		if x == la {
			return true
		}
	}
	return false
}
