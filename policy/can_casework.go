package policy

// Actions added with the common assessment and casework.
var (
	Merge  = Action{"merge"}  // fold a duplicate person into another
	Export = Action{"export"} // a subject access export of everything held
	// Erasure on request, retention periods, and a confidential
	// service's own part of a subject access export.
	Erase       = Action{"erase"}
	ReleasePart = Action{"release_part"}
)

// Kinds of person record a RecordFacts may describe. Each is a casbin
// resource, and each has a scope in scopes_casework.go.
const (
	KindAssessment = "assessment"
	KindCase       = "case"
	KindSafetyPlan = "safety_plan"
	KindConsent    = "consent"
	// KindTask is a task or appointment: its own service's only.
	KindTask = "task"
)

// RecordFacts is one record about a person written by a service: an
// assessment, a case, a safety plan or a consent record. Draft marks an
// assessment not yet completed, which only its own service sees.
type RecordFacts struct {
	Kind         string
	Person       PersonFacts
	ServiceID    int64
	Confidential bool
	Draft        bool
}

func (r RecordFacts) resource() string { return r.Kind }

// canRecord is rules 3 and 4 for records about a person, the same rule as
// case notes (fullRecordReadable): services involved with the person read
// them, except another service's confidential ones; an area admin reads
// the non-confidential ones through break glass. A service writes only its
// own. Drafts stay with their service.
func canRecord(a Actor, act Action, o RecordFacts) bool {
	allows := func(act Action) bool { return a.pol.allows(a, resourceNamed(o.Kind), act) }
	own := o.ServiceID == a.ServiceID
	switch act {
	case Read:
		return !(o.Draft && !own) && fullRecordReadable(a, resourceNamed(o.Kind), Read, o.Person, &writtenBy{o.ServiceID, o.Confidential})
	case Update:
		if o.Kind == KindAssessment && !o.Draft {
			return false // a completed assessment never changes
		}
		return allows(Update) && involved(a, o.Person) && own
	case Create:
		return allows(Create) && own && canStart(a, o.Kind, o.Person)
	}
	return false
}

// canStart: assessing a person or opening a case starts work with them
// (it opens the service's involvement), so it needs only their identity;
// a safety plan or a consent record is written by a service already
// working with the person.
func canStart(a Actor, kind string, p PersonFacts) bool {
	switch kind {
	case KindAssessment, KindCase:
		return identityVisible(a, p)
	}
	return involved(a, p)
}
