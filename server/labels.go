package server

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"gateway/models"
)

// A page shows labels, never codes. codeLabels holds
// the words for the codes that reach pages (gender, immigration status,
// concern level, audit outcomes and actions, policy resources); a code not
// listed falls back to its words with underscores replaced, capitalised.
var codeLabels = map[string]string{
	// Gender.
	"female": "Female", "male": "Male", "non_binary": "Non-binary", "other": "Other", "prefer_not_to_say": "Prefers not to say",
	// Immigration status.
	"british_or_irish": "British or Irish citizen", "eu_settled": "EU settled status", "eu_pre_settled": "EU pre-settled status",
	"leave_to_remain": "Leave to remain", "refugee": "Refugee status", "asylum_seeker": "Asylum seeker",
	"no_recourse": "No recourse to public funds", "unknown": "Not known",
	// Case concern level (RAG).
	"green": "Green (low concern)", "amber": "Amber (some concern)", "red": "Red (high concern)",
	// Audit outcomes.
	"allowed": "Allowed", "denied": "Refused or hidden",
	// Audit and policy object types.
	"person": "Person", "note": "Case note", "assessment": "Assessment", "case": "Case", "alert": "Public alert",
	"referral": "Referral", "placement": "Placement", "street_contact": "Street contact", "partner_lookup": "Partner look-up",
	"safety_plan": "Safety plan", "consent": "Consent", "involvement": "Involvement", "user": "User", "service": "Service",
	"organisation": "Organisation", "membership": "Membership", "vacancy": "Vacancy", "matching_rules": "Matching rules",
	"compliance_rules": "Compliance rules", "duplicate_review": "Duplicate review", "break_glass": "Break-glass",
	"break_glass_notice": "Break-glass notice", "audit": "Audit log", "report": "Reports", "form": "Assessment form",
	"admin": "Administration", "policy": "Permissions", "adjustment": "Priority adjustment", "match": "Matches",
	"local_authority": "Local authority", "merge": "Merge", "token": "API token", "session": "Session",
	// Policy actions.
	"read": "Read", "read_all": "Read all", "search": "Search", "create": "Create", "update": "Update", "manage": "Manage",
	"close": "Close", "decide": "Decide", "withdraw": "Withdraw", "amend": "Amend", "export": "Export", "resolve": "Resolve",
	"split": "Split", "list": "List", "login": "Sign in",
	// Roles, as the policy page lists them.
	"worker": "Worker", "manager": "Service manager", "org_admin": "Organisation admin", "commissioner": "Commissioner",
	"partner": "Partner (view only)", "area_admin": "Area admin",
	// Service types, as the policy page lists them.
	"outreach": "Street outreach", "hostel": "Hostel", "supported_housing": "Supported housing", "housing_first": "Housing First",
	"refuge": "Refuge", "sex_work_support": "Sex-work support", "day_centre": "Day centre", "housing_options": "Housing options",
	"tenancy_sustainment": "Tenancy sustainment", "commissioning": "Commissioning team", "partner_agency": "Partner agency",
	"area_team": "Area team", "*": "Any",
	// Case and involvement states.
	"open": "Open", "closed": "Closed",
}

// label is the words for a code.
func label(v any) string {
	s := fmt.Sprint(v)
	if l, ok := codeLabels[s]; ok {
		return l
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", " "))
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ragWord is the short concern level for a badge ("Red").
func ragWord(v any) string {
	switch s := fmt.Sprint(v); s {
	case "red", "amber", "green":
		return strings.ToUpper(s[:1]) + s[1:]
	case "":
		return ""
	default:
		return label(s)
	}
}

// auditActionLabel says what an audited action did, in words.
func auditActionLabel(action string) string {
	if l, ok := auditActions[action]; ok {
		return l
	}
	// "read_case" → "Read case"; "manage matching_rules" → "Manage matching rules".
	return label(strings.ReplaceAll(action, " ", "_"))
}

// auditActions are the audit log page's words for each action of
// models.AuditActions; TestAuditActionsHaveLabels keeps the two in step.
var auditActions = map[string]string{
	models.AuditAcceptReferral:            "Accept referral",
	models.AuditAddMembership:             "Add membership",
	models.AuditAddNote:                   "Added a case note",
	models.AuditAddTask:                   "Added a reminder",
	models.AuditAddVacancy:                "Add vacancy",
	models.AuditAdjustPriority:            "Adjust priority",
	models.AuditAdmin:                     "Administration",
	models.AuditAmend:                     "Amend",
	models.AuditAmendMoveOn:               "Amend move on",
	models.AuditBreakGlass:                "Break-glass read",
	models.AuditCaseAction:                "Case action",
	models.AuditCaseRag:                   "Case rag",
	models.AuditChangeComplianceRules:     "Change compliance rules",
	models.AuditClientRequest:             "Client request",
	models.AuditClientToken:               "Client token",
	models.AuditCloseInvolvement:          "Close involvement",
	models.AuditComplete:                  "Marked done",
	models.AuditCompleteAssessment:        "Complete assessment",
	models.AuditCreate:                    "Created",
	models.AuditCreateAPIClient:           "Create api client",
	models.AuditCreateIdentityProvider:    "Create identity provider",
	models.AuditCreateNamedToken:          "Create named token",
	models.AuditCreateToken:               "API token issued",
	models.AuditDeclineReferral:           "Decline referral",
	models.AuditDelete:                    "Delete",
	models.AuditDeleteIdentityProvider:    "Delete identity provider",
	models.AuditDetachPartition:           "Partition detached (retention)",
	models.AuditDisable:                   "Disabled",
	models.AuditDisableTwoFactor:          "Disable two factor",
	models.AuditDiscardAssessment:         "Discard assessment",
	models.AuditDuplicateCheck:            "Duplicate check",
	models.AuditDuplicateNotSame:          "Duplicate not same",
	models.AuditDuplicateReview:           "Duplicate review",
	models.AuditEdit:                      "Edit",
	models.AuditEditAssessment:            "Edit assessment",
	models.AuditEnable:                    "Enabled",
	models.AuditEnableTwoFactor:           "Enable two factor",
	models.AuditErasure:                   "Erasure",
	models.AuditExport:                    "Exported",
	models.AuditExportStatistics:          "Export statistics",
	models.AuditExportTransfer:            "Export transfer",
	models.AuditExportCommissionerPack:    "Export commissioner pack",
	models.AuditExportComplianceList:      "Export compliance list",
	models.AuditExportComplianceReport:    "Export compliance report",
	models.AuditExportMyRecord:            "Export my record",
	models.AuditGrantPermission:           "Grant permission",
	models.AuditImport:                    "Import",
	models.AuditImportTransfer:            "Import transfer",
	models.AuditList:                      "Listed",
	models.AuditListPlacements:            "List placements",
	models.AuditListReferrals:             "List referrals",
	models.AuditLogin:                     "Signed in",
	models.AuditManageToken:               "Manage token",
	models.AuditMapPins:                   "Viewed map pins",
	models.AuditMerge:                     "Merged",
	models.AuditMergedAway:                "Merged into another record",
	models.AuditMoveOn:                    "Move on",
	models.AuditOpenCase:                  "Open case",
	models.AuditOpenInvolvement:           "Open involvement",
	models.AuditPartnerLookup:             "Partner look-up",
	models.AuditPersonErased:              "Person erased",
	models.AuditPublishForm:               "Publish form",
	models.AuditRead:                      "Read",
	models.AuditReadAlert:                 "Read alert",
	models.AuditReadAssessment:            "Read assessment",
	models.AuditReadAssessments:           "Read assessments",
	models.AuditReadCandidates:            "Read candidates",
	models.AuditReadCase:                  "Read case",
	models.AuditReadCases:                 "Read cases",
	models.AuditReadCompliance:            "Read compliance",
	models.AuditReadConsents:              "Read consents",
	models.AuditReadFlows:                 "Read flows",
	models.AuditReadHotspots:              "Read hotspots",
	models.AuditReadMatches:               "Read matches",
	models.AuditReadMerges:                "Read merges",
	models.AuditReadMyRecord:              "Read my record",
	models.AuditReadNotes:                 "Read notes",
	models.AuditReadPlacement:             "Read placement",
	models.AuditReadReferral:              "Read referral",
	models.AuditReadReview:                "Read review",
	models.AuditReadSafetyPlan:            "Read safety plan",
	models.AuditRecordConsent:             "Record consent",
	models.AuditRefer:                     "Refer",
	models.AuditRemoveMembership:          "Remove membership",
	models.AuditResetTwoFactor:            "Reset two factor",
	models.AuditRetentionBatch:            "Retention batch",
	models.AuditRetentionRun:              "Retention run",
	models.AuditRetentionSaved:            "Retention saved",
	models.AuditRevokeAPIClient:           "Revoke api client",
	models.AuditRevokePermission:          "Revoke permission",
	models.AuditRevokeToken:               "Revoke token",
	models.AuditRoute:                     "Routed an alert",
	models.AuditSearch:                    "Searched",
	models.AuditSendReferral:              "Send referral",
	models.AuditSetOrganisationSSO:        "Set organisation sso",
	models.AuditSetPassword:               "Set password",
	models.AuditSetRequireTwoFactor:       "Set require two factor",
	models.AuditSplit:                     "Split a merge",
	models.AuditSSOAccountCreated:         "Sso account created",
	models.AuditSSOLogin:                  "Sso login",
	models.AuditStartAssessment:           "Start assessment",
	models.AuditSubjectAccess:             "Subject access",
	models.AuditSubjectAccessExport:       "Subject access export",
	models.AuditSubjectAccessPart:         "Subject access part",
	models.AuditSubjectAccessPartRelease:  "Subject access part release",
	models.AuditSubjectAccessPartReleased: "Subject access part released",
	models.AuditSubjectAccessPartView:     "Subject access part view",
	models.AuditSubjectAccessView:         "Subject access view",
	models.AuditSwitchService:             "Switched service",
	models.AuditUpdate:                    "Updated",
	models.AuditUpdateAssessment:          "Update assessment",
	models.AuditUpdateAssessmentHours:     "Update assessment hours",
	models.AuditUpdateEligibility:         "Update eligibility",
	models.AuditUpdateVacancies:           "Update vacancies",
	models.AuditUpdateVacancy:             "Update vacancy",
	models.AuditUpdateWeights:             "Update weights",
	models.AuditWithdrawAdjustment:        "Withdraw adjustment",
	models.AuditWithdrawConsent:           "Withdraw consent",
	models.AuditWithdrawReferral:          "Withdraw referral",
	models.AuditWorkingWith:               "Working with",
	models.AuditWriteSafetyPlan:           "Write safety plan",
}

var printer = message.NewPrinter(language.BritishEnglish)

// num writes a count the en-GB way: 26,565.
func num(v any) string {
	switch n := v.(type) {
	case int:
		return printer.Sprintf("%d", n)
	case int64:
		return printer.Sprintf("%d", n)
	case int32:
		return printer.Sprintf("%d", n)
	case uint:
		return printer.Sprintf("%d", n)
	case *int:
		if n == nil {
			return "–"
		}
		return printer.Sprintf("%d", *n)
	case *int64:
		if n == nil {
			return "–"
		}
		return printer.Sprintf("%d", *n)
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return "–"
		}
		return printer.Sprintf("%.0f", n)
	case string:
		if i, err := strconv.ParseInt(n, 10, 64); err == nil {
			return printer.Sprintf("%d", i)
		}
		return n
	}
	return fmt.Sprint(v)
}

// pct writes a percentage to one decimal place, or "–" when there is
// none (a nil pointer, or no records to score).
func pct(v any) string {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case *float64:
		if n == nil {
			return "–"
		}
		f = *n
	case float32:
		f = float64(n)
	case int:
		f = float64(n)
	default:
		return "–"
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return printer.Sprintf("%.1f%%", f)
}

// fieldLabels name the fields a form's errors are about, so an error
// says which field it means wherever it lands on the page.
var fieldLabels = map[string]string{
	"given_name": "Given name", "family_name": "Family name", "dob": "Date of birth", "estimated_age": "Estimated age",
	"gender": "Gender", "phone": "Phone", "email": "Email", "nationality": "Nationality", "immigration_status": "Immigration status",
	"local_connection_la_id": "Local connection", "safety_contact": "Contact before visiting", "aliases": "Aliases",
	"q": "Search", "object_id": "Object id", "user_id": "User id", "from": "From", "to": "To", "month": "Month",
	"reason": "Reason", "lat": "Latitude", "lon": "Longitude", "name": "Name", "password": "Password", "code": "Code",
	"la_id": "Local authority", "service_id": "Service", "role": "Role", "body": "Note", "site_type": "Sleeping site",
	"seen_at": "When seen", "description": "Description", "status": "Status", "destination": "Destination",
	"move_on_reason": "Move-on reason", "ended_on": "End date", "rag": "Concern level", "postcode": "Postcode",
}

func fieldLabel(key string) string {
	if l, ok := fieldLabels[key]; ok {
		return l
	}
	return label(strings.ReplaceAll(key, ".", " "))
}

// fieldError is the error for one field of a form, naming the field
// ("Date of birth: cannot be in the future"), or "" when it has none.
func fieldError(errs any, key string) string {
	var msg string
	switch e := errs.(type) {
	case map[string]string:
		msg = e[key]
	case models.FieldErrors:
		msg = e[key]
	default:
		// Other map types with string values.
		if v := reflect.ValueOf(errs); v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String {
			if x := v.MapIndex(reflect.ValueOf(key).Convert(v.Type().Key())); x.IsValid() {
				msg = fmt.Sprint(x.Interface())
			}
		}
	}
	if msg == "" {
		return ""
	}
	l := fieldLabel(key)
	if strings.HasPrefix(strings.ToLower(msg), strings.ToLower(l)) {
		return msg
	}
	return l + ": " + msg
}
