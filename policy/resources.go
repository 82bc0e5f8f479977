package policy

// The resources of default_policy.csv, one name each. TestPermissionNames
// keeps this list and the file in step: a resource here that no row
// grants, or a row naming a resource not here, fails it.
var (
	ResourceAdjustment       = Resource{"adjustment"}
	ResourceAdmin            = Resource{"admin"}
	ResourceAlert            = Resource{"alert"}
	ResourceAPIClient        = Resource{"api_client"}
	ResourceAssessment       = Resource{KindAssessment}
	ResourceAudit            = Resource{"audit"}
	ResourceBreakGlassNotice = Resource{"break_glass_notice"}
	ResourceCase             = Resource{KindCase}
	ResourceCompliance       = Resource{"compliance"}
	ResourceComplianceRules  = Resource{"compliance_rules"}
	ResourceConsent          = Resource{KindConsent}
	ResourceDuplicateReview  = Resource{"duplicate_review"}
	ResourceForm             = Resource{"form"}
	ResourceInvolvement      = Resource{"involvement"}
	ResourceMatch            = Resource{"match"}
	ResourceMatchingRules    = Resource{"matching_rules"}
	ResourceNote             = Resource{"note"}
	ResourceNotification     = Resource{"notification"}
	ResourceOrgAdmin         = Resource{"org_admin"}
	ResourcePartnerLookup    = Resource{"partner_lookup"}
	ResourcePerson           = Resource{"person"}
	ResourcePlacement        = Resource{"placement"}
	ResourcePolicy           = Resource{"policy"}
	ResourceReferral         = Resource{"referral"}
	ResourceReport           = Resource{"report"}
	ResourceRetention        = Resource{"retention"}
	ResourceSafetyPlan       = Resource{KindSafetyPlan}
	ResourceSSO              = Resource{"sso"}
	ResourceStreetContact    = Resource{"street_contact"}
	ResourceTask             = Resource{KindTask}
	ResourceToken            = Resource{"token"}
	ResourceVacancy          = Resource{"vacancy"}
)

// Resources lists every resource above, for the test that holds them
// to default_policy.csv and for resourceNamed.
func Resources() []Resource {
	return []Resource{
		ResourceAdjustment, ResourceAdmin, ResourceAlert, ResourceAPIClient, ResourceAssessment, ResourceAudit,
		ResourceBreakGlassNotice, ResourceCase, ResourceCompliance, ResourceComplianceRules, ResourceConsent,
		ResourceDuplicateReview, ResourceForm, ResourceInvolvement, ResourceMatch, ResourceMatchingRules,
		ResourceNote, ResourceNotification, ResourceOrgAdmin, ResourcePartnerLookup, ResourcePerson,
		ResourcePlacement, ResourcePolicy, ResourceReferral, ResourceReport, ResourceRetention,
		ResourceSafetyPlan, ResourceSSO, ResourceStreetContact, ResourceTask, ResourceToken, ResourceVacancy,
	}
}

// Actions lists the actions a row of default_policy.csv may grant.
// Lookup, Count, History and Locate are not among them: no row grants
// them, Can derives them from other rows and the record's facts.
func Actions() []Action {
	return []Action{
		Amend, BreakGlass, Close, Create, Decide, Erase, Export, Manage, Merge, Read, ReadAll, Record,
		ReleasePart, Resolve, Route, Search, Split, Update, Withdraw,
	}
}

// DerivedActions are the actions Can decides from other rows and the
// record's facts alone; the test checks no row grants them.
func DerivedActions() []Action { return []Action{Lookup, Count, History, Locate} }

// resourceNamed is the resource a record kind names (RecordFacts.Kind is
// a name, kept as a string for the record tables); the zero Resource,
// which nothing allows, when there is none.
func resourceNamed(name string) Resource {
	for _, r := range Resources() {
		if r.name == name {
			return r
		}
	}
	return Resource{}
}
