package models

import "context"

// SubjectAccessScopes are the scopes a subject access export reads each
// kind of record through. Only package policy fills them; the zero value
// reads nothing.
type SubjectAccessScopes struct {
	Person, Involvements, Notes, Assessments, Cases, Consents, SafetyPlans Scope
	// Placement (issue 6) and street contacts (issue 7).
	Referrals, Placements, Adjustments, StreetContacts Scope
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
	Adjustments    []PriorityAdjustment   `json:"priority_adjustments"`
	StreetContacts []StreetContact        `json:"street_contacts"`
	Forms          map[int64]*FormVersion `json:"-"`
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
	return r, nil
}
