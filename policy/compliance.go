package policy

import (
	"slices"
	"time"

	"gateway/models"
)

// Data compliance (docs/ACCESS.md rule 9): who sees which services' scores,
// and whose names label the records missing data.
//
//   - A service's managers see its score with the named list of records to
//     complete ("compliance", "read").
//   - Commissioners see the scores, never names, of the services covering
//     their LAs ("report", "read"), except confidential services (refuges,
//     sex-work projects): those are left out of everything commissioners
//     see, as their records are; their own managers and the area admins see
//     them.
//   - Area admins see every service's score, never names
//     ("compliance", "read_all"), and change the rules
//     ("compliance_rules", "manage").

// ReadAll is reading every record of a kind, not only one's own.
var ReadAll = Action{"read_all"}

// ServiceCompliance is one service's compliance: Read is its score, Record
// its named list.
type ServiceCompliance struct {
	ServiceID    int64
	Confidential bool
	LAIDs        []int64
}

func (ServiceCompliance) resource() string { return "compliance" }

// ComplianceName is a person whose name would label a record in the
// actor's named list.
type ComplianceName struct{ Person PersonFacts }

func (ComplianceName) resource() string { return "compliance" }

func canCompliance(a Actor, act Action, obj Object) bool {
	switch o := obj.(type) {
	case ServiceCompliance:
		switch act {
		case Read:
			return a.pol.allows(a, ResourceCompliance, ReadAll) || ownCompliance(a, o.ServiceID) ||
				(a.pol.allows(a, ResourceReport, Read) && !o.Confidential && slices.ContainsFunc(o.LAIDs, a.CoversLA))
		case Record:
			return ownCompliance(a, o.ServiceID)
		}
	case ComplianceName:
		if act != Read || o.Person.Merged || !a.pol.allows(a, ResourceCompliance, Read) {
			return false
		}
		return slices.ContainsFunc(o.Person.Involvements, func(i InvolvementFact) bool { return i.ServiceID == a.ServiceID })
	}
	return false
}

// ownCompliance: a manager of the service (a scheduled run has no service).
func ownCompliance(a Actor, serviceID int64) bool {
	return a.ServiceID > 0 && a.ServiceID == serviceID && a.pol.allows(a, ResourceCompliance, Read)
}

// ComplianceServices is the scope of services whose scores the actor may
// see: their own (managers), the non-confidential services covering their
// LAs (commissioners), or all (area admins).
func ComplianceServices(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	var cs []cond
	if a.pol.allows(a, ResourceCompliance, ReadAll) {
		cs = append(cs, cond{sql: "1 = 1"})
	}
	if a.ServiceID > 0 && a.pol.allows(a, ResourceCompliance, Read) {
		cs = append(cs, cond{sql: "services.id = ?", args: []any{a.ServiceID}})
	}
	if a.pol.allows(a, ResourceReport, Read) && len(a.LAs) > 0 {
		cs = append(cs, cond{sql: "services.confidential = ? AND services.id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id IN ?)",
			args: []any{false, a.LAs}})
	}
	if len(cs) == 0 {
		return models.Nothing
	}
	return scope("services: compliance", or(cs...))
}

// CompliancePublishing is the scope of services whose closed-month scores
// a computation by the actor publishes: what they may see, except that a
// scheduled run publishes every service's, confidential ones included, so
// that a month closes for all services at once. Only counts are stored;
// what a scheduled run writes out is cut to ComplianceServices.
func CompliancePublishing(a Actor) models.Scope {
	if a.scheduled && a.Valid() {
		return scope("services: scheduled publishing", cond{sql: "1 = 1"})
	}
	return ComplianceServices(a)
}

// ComplianceNames is the scope of people whose names may label records in
// a named list: managers see the people their own service has worked with
// (the list itself is of their service's records).
func ComplianceNames(a Actor) models.Scope {
	if !a.Valid() || a.ServiceID == 0 || !a.pol.allows(a, ResourceCompliance, Read) {
		return models.Nothing
	}
	return scope("people: compliance named list", and(notMerged("people.id"), ownInvolvementCond(a, "people.id")))
}

// Scheduled is the actor of a scheduled report run (gateway report ...):
// no user and no service, reading as a commissioner of the given LAs, so
// what it writes out is exactly what those commissioners may see. It is
// made only here, for the command line; the server never makes one.
func (p *Policy) Scheduled(las []int64, now time.Time) Actor {
	return Actor{
		Role:        models.RoleCommissioner,
		ServiceType: models.Commissioning,
		LAs:         append([]int64(nil), las...),
		Now:         now.UTC(),
		Grace:       p.grace,
		pol:         p,
		scheduled:   true,
	}
}

// AreaAggregates is the actor an area admin's commissioner pack reads as
// (area admins see all): a commissioner of the LAs given, as a
// scheduled run is, so the pack holds the aggregates those commissioners
// get (counts only, never a name, small numbers suppressed by the
// renderer), with the area admin as the user who asked. Anyone else gets
// the zero Actor, which sees nothing.
func (p *Policy) AreaAggregates(a Actor, las []int64) Actor {
	if !a.Valid() || a.pol != p || a.scheduled || !p.allows(a, ResourceCompliance, ReadAll) {
		return Actor{}
	}
	s := p.Scheduled(las, a.Now)
	s.UserID = a.UserID
	return s
}

// IsScheduled reports whether the actor is a scheduled run.
func (a Actor) IsScheduled() bool { return a.scheduled }
