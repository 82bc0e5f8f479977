package models

import (
	"context"
	"time"
)

// SubjectAccessScopes are the scopes a subject access export reads each
// kind of record through. Only package policy fills them; the zero value
// reads nothing.
type SubjectAccessScopes struct {
	Person, Involvements, Notes, Assessments, Cases, Consents, SafetyPlans Scope
	// Placement and street contacts.
	Referrals, Placements, Adjustments, StreetContacts Scope
	// Gap events, public alerts linked through a street contact,
	// notifications, break-glass episodes, the disclosures read from the
	// audit log, duplicate reviews, and confidential services' parts.
	GapEvents, Alerts, Notifications, BreakGlass, Disclosures, DuplicatePairs, Parts Scope
	// Records brought from another area's Gateway.
	Transfers Scope
	// Tasks and appointments services set about the person.
	Tasks Scope
}

// SubjectAccessRecord is everything an export holds about a person.
type SubjectAccessRecord struct {
	Person      Person        `json:"person"`
	KnownTo     []KnownTo     `json:"involvements"`
	Assessments []Assessment  `json:"assessments"`
	Cases       []CaseHistory `json:"cases"`
	SafetyPlans []SafetyPlan  `json:"safety_plans"`
	Consents    []Consent     `json:"consents"`
	Notes       []CaseNote    `json:"case_notes"`
	Merges      []PersonMerge `json:"merges"`
	Referrals   []Referral    `json:"referrals"`
	Placements  []Placement   `json:"placements"`
	// Adjustments are the priority adjustments recorded for the matcher,
	// withdrawn ones too; StreetContacts where outreach met the person.
	Adjustments      []PriorityAdjustment `json:"priority_adjustments"`
	StreetContacts   []StreetContact      `json:"street_contacts"`
	GapEvents        []GapEvent           `json:"gap_events"`
	PublicAlerts     []LinkedAlert        `json:"public_alerts"`
	Notifications    []SARNotification    `json:"notifications"`
	BreakGlass       []SARBreakGlass      `json:"break_glass"`
	DuplicateReviews []SARDuplicatePair   `json:"duplicate_reviews"`
	// TransfersIn: the record, or part of it, came from another area's
	// Gateway with the person's consent (gateway import transfer).
	TransfersIn []SARTransferIn `json:"transfers_in"`
	// Disclosures: which services and partner organisations read the
	// record, when and why (Article 15(1)(c)), from the audit log.
	Disclosures []Disclosure `json:"disclosures"`
	// Tasks are the tasks and appointments services set about the person.
	Tasks []Task `json:"tasks"`
	// Parts: confidential services' parts, released by them to the person
	// directly; the area admin sees only how many are awaited.
	Parts SARParts               `json:"other_parts"`
	Forms map[int64]*FormVersion `json:"-"`
}

// SARTransferIn is a record brought from another area's Gateway: from
// where, into which service, when.
type SARTransferIn struct {
	FromArea    string `json:"from_area"`
	ServiceName string `json:"service_name"`
	ImportedAt  Time   `json:"imported_at"`
}

// LinkedAlert is a public alert that led outreach to the person, with its
// history.
type LinkedAlert struct {
	PublicAlert
	Events []AlertEvent `json:"events"`
}

// SARNotification is a message about the person on a service's dashboard.
type SARNotification struct {
	Kind        string     `json:"kind"`
	ServiceName string     `json:"service"`
	CreatedAt   time.Time  `json:"created_at"`
	ReadAt      *time.Time `json:"read_at"`
}

// SARBreakGlass is one time an area admin opened the full record.
type SARBreakGlass struct {
	ByName    string    `json:"by"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SARDuplicatePair is a time the duplicate review compared the person's
// record with another.
type SARDuplicatePair struct {
	OtherPersonID int64      `json:"other_record_id"`
	Strength      string     `json:"strength"`
	Status        string     `json:"status"`
	FoundAt       time.Time  `json:"found_at"`
	ResolvedAt    *time.Time `json:"resolved_at"`
}

// Disclosure is one read of the person's record by a service.
type Disclosure struct {
	At           time.Time `json:"at"`
	Service      string    `json:"service"`
	Organisation string    `json:"organisation"`
	ServiceType  string    `json:"service_type"`
	Action       string    `json:"action"`
	Reason       string    `json:"reason"`
}

// SARParts says how many confidential parts exist and how many their
// services have released, never which services.
type SARParts struct {
	Awaited  int    `json:"awaited"`
	Released int    `json:"released"`
	Note     string `json:"note"`
}

// CaseHistory is a case with its history.
type CaseHistory struct {
	Case
	Events []CaseEvent `json:"events"`
}

// maxExportNotes bounds one export; a person with more notes than this
// is exported by the database team, not a web request.
const maxExportNotes = 20000

// maxExportContacts bounds the street contacts in one export likewise.
const maxExportContacts = 5000

// SubjectAccess gathers everything held about a person through sc.
func (s *Store) SubjectAccess(ctx context.Context, sc SubjectAccessScopes, personID int64) (*SubjectAccessRecord, error) {
	p, err := s.Person(ctx, sc.Person, personID)
	if err != nil {
		return nil, err
	}
	r := &SubjectAccessRecord{Person: *p, Forms: map[int64]*FormVersion{}}
	if r.KnownTo, err = s.KnownToList(ctx, sc.Involvements, personID); err != nil {
		return nil, err
	}
	if r.Assessments, err = s.Assessments(ctx, sc.Assessments, personID); err != nil {
		return nil, err
	}
	for _, a := range r.Assessments {
		if r.Forms[a.FormVersionID] == nil {
			fv, err := s.FormVersionByID(ctx, a.FormVersionID)
			if err != nil {
				return nil, err
			}
			r.Forms[a.FormVersionID] = fv
		}
	}
	cases, err := s.Cases(ctx, sc.Cases, personID)
	if err != nil {
		return nil, err
	}
	r.Cases = []CaseHistory{}
	for _, c := range cases {
		evs, err := s.CaseEvents(ctx, sc.Cases, c.ID)
		if err != nil {
			return nil, err
		}
		r.Cases = append(r.Cases, CaseHistory{Case: c, Events: evs})
	}
	if r.SafetyPlans, err = s.SafetyPlans(ctx, sc.SafetyPlans, personID); err != nil {
		return nil, err
	}
	if r.Consents, err = s.Consents(ctx, sc.Consents, personID); err != nil {
		return nil, err
	}
	if r.Notes, _, err = s.Notes(ctx, sc.Notes, personID, maxExportNotes, 0); err != nil {
		return nil, err
	}
	if r.Merges, _, err = s.PersonMerges(ctx, sc.Person, personID, 100, 0); err != nil {
		return nil, err
	}
	if r.Referrals, _, err = s.Referrals(ctx, sc.Referrals, ReferralFilter{PersonID: personID, Limit: 1000}); err != nil {
		return nil, err
	}
	if r.Placements, _, err = s.Placements(ctx, sc.Placements, PlacementFilter{PersonID: personID, Limit: 1000}); err != nil {
		return nil, err
	}
	if r.Adjustments, err = s.PersonAdjustments(ctx, sc.Adjustments, personID); err != nil {
		return nil, err
	}
	if r.StreetContacts, err = s.PersonStreetContacts(ctx, sc.StreetContacts, personID, maxExportContacts); err != nil {
		return nil, err
	}
	if r.Tasks, err = s.Tasks(ctx, sc.Tasks, TaskFilter{PersonID: personID, Limit: maxExportContacts}); err != nil {
		return nil, err
	}
	if err := s.subjectAccessMore(ctx, sc, r); err != nil {
		return nil, err
	}
	return r, nil
}
