package policy

import "gateway/models"

// AlertFacts is a public alert as the rules see it: which outreach service
// it was routed to (nil: none yet).
type AlertFacts struct {
	ServiceID *int64
}

func (AlertFacts) resource() string { return "alert" }

// canAlert: an outreach service reads and works the alerts routed to it and
// may pass one on to another outreach service; area admins see and route
// alerts no service covered. Nobody else sees an alert's description or
// reporter; the public sees only a status, by reference.
func canAlert(a Actor, act Action, o AlertFacts) bool {
	allows := func(act Action) bool { return a.pol.allows(a, ResourceAlert, act) }
	mine := o.ServiceID != nil && *o.ServiceID == a.ServiceID
	switch act {
	case Read:
		return (allows(Read) && mine) || (allows(Route) && o.ServiceID == nil)
	case Update:
		return allows(Update) && mine
	case Route:
		return (allows(Update) && mine) || (allows(Route) && o.ServiceID == nil)
	}
	return false
}

func alertScope(a Actor, name string, own, unrouted bool) models.Scope {
	var cs []cond
	if own {
		cs = append(cs, cond{sql: "public_alerts.service_id = ?", args: []any{a.ServiceID}})
	}
	if unrouted {
		cs = append(cs, cond{sql: "public_alerts.service_id IS NULL"})
	}
	if len(cs) == 0 {
		return models.Nothing
	}
	return scope(name, or(cs...))
}

// Alerts is the scope of alerts the actor may read (their worklist).
func Alerts(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return alertScope(a, "alerts: readable", a.pol.allows(a, ResourceAlert, Read), a.pol.allows(a, ResourceAlert, Route))
}

// WorkableAlerts is the scope of alerts whose status the actor may change.
func WorkableAlerts(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return alertScope(a, "alerts: workable", a.pol.allows(a, ResourceAlert, Update), false)
}

// RoutableAlerts is the scope of alerts the actor may send to a service.
func RoutableAlerts(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return alertScope(a, "alerts: routable", a.pol.allows(a, ResourceAlert, Update), a.pol.allows(a, ResourceAlert, Route))
}
