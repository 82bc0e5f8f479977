package models

// The actions an audit event may record, one name each. The audit log
// page gives each its words (auditActions in server/labels.go), and
// TestAuditActionsHaveLabels holds this list and those words in step, so
// a misspelt action, which no reviewer would find by filtering, fails it.
const (
	AuditAcceptReferral            = "accept_referral"
	AuditAddMembership             = "add_membership"
	AuditAddNote                   = "add_note"
	AuditAddTask                   = "add_task"
	AuditAddVacancy                = "add_vacancy"
	AuditAdjustPriority            = "adjust_priority"
	AuditAdmin                     = "admin"
	AuditAmend                     = "amend"
	AuditAmendMoveOn               = "amend_move_on"
	AuditBreakGlass                = "break_glass"
	AuditCaseAction                = "case_action"
	AuditCaseRag                   = "case_rag"
	AuditChangeComplianceRules     = "change_compliance_rules"
	AuditClientRequest             = "client_request"
	AuditClientToken               = "client_token"
	AuditCloseInvolvement          = "close_involvement"
	AuditComplete                  = "complete"
	AuditCompleteAssessment        = "complete_assessment"
	AuditCreate                    = "create"
	AuditCreateAPIClient           = "create_api_client"
	AuditCreateIdentityProvider    = "create_identity_provider"
	AuditCreateNamedToken          = "create_named_token"
	AuditCreateToken               = "create_token"
	AuditDeclineReferral           = "decline_referral"
	AuditDelete                    = "delete"
	AuditDeleteIdentityProvider    = "delete_identity_provider"
	AuditDetachPartition           = "detach_partition"
	AuditDisable                   = "disable"
	AuditDisableTwoFactor          = "disable_two_factor"
	AuditDiscardAssessment         = "discard_assessment"
	AuditDuplicateCheck            = "duplicate_check"
	AuditDuplicateNotSame          = "duplicate_not_same"
	AuditDuplicateReview           = "duplicate_review"
	AuditEdit                      = "edit"
	AuditEditAssessment            = "edit_assessment"
	AuditEnable                    = "enable"
	AuditEnableTwoFactor           = "enable_two_factor"
	AuditErasure                   = "erasure"
	AuditExport                    = "export"
	AuditExportStatistics          = "export statistics"
	AuditExportTransfer            = "export transfer"
	AuditExportCommissionerPack    = "export_commissioner_pack"
	AuditExportComplianceList      = "export_compliance_list"
	AuditExportComplianceReport    = "export_compliance_report"
	AuditExportMyRecord            = "export_my_record"
	AuditGrantPermission           = "grant_permission"
	AuditImport                    = "import"
	AuditImportTransfer            = "import transfer"
	AuditList                      = "list"
	AuditListPlacements            = "list_placements"
	AuditListReferrals             = "list_referrals"
	AuditLogin                     = "login"
	AuditManageToken               = "manage token"
	AuditMapPins                   = "map_pins"
	AuditMerge                     = "merge"
	AuditMergedAway                = "merged_away"
	AuditMoveOn                    = "move_on"
	AuditOpenCase                  = "open_case"
	AuditOpenInvolvement           = "open_involvement"
	AuditPartnerLookup             = "partner_lookup"
	AuditPersonErased              = "person_erased"
	AuditPublishForm               = "publish_form"
	AuditRead                      = "read"
	AuditReadAlert                 = "read alert"
	AuditReadAssessment            = "read_assessment"
	AuditReadAssessments           = "read_assessments"
	AuditReadCandidates            = "read_candidates"
	AuditReadCase                  = "read_case"
	AuditReadCases                 = "read_cases"
	AuditReadCompliance            = "read_compliance"
	AuditReadConsents              = "read_consents"
	AuditReadFlows                 = "read_flows"
	AuditReadHotspots              = "read_hotspots"
	AuditReadMatches               = "read_matches"
	AuditReadMerges                = "read_merges"
	AuditReadMyRecord              = "read_my_record"
	AuditReadNotes                 = "read_notes"
	AuditReadPlacement             = "read_placement"
	AuditReadReferral              = "read_referral"
	AuditReadReview                = "read_review"
	AuditReadSafetyPlan            = "read_safety_plan"
	AuditRecordConsent             = "record_consent"
	AuditRefer                     = "refer"
	AuditRemoveMembership          = "remove_membership"
	AuditResetTwoFactor            = "reset_two_factor"
	AuditRetentionBatch            = "retention_batch"
	AuditRetentionRun              = "retention_run"
	AuditRetentionSaved            = "retention_saved"
	AuditRevokeAPIClient           = "revoke_api_client"
	AuditRevokePermission          = "revoke_permission"
	AuditRevokeToken               = "revoke_token"
	AuditRoute                     = "route"
	AuditSearch                    = "search"
	AuditSendReferral              = "send_referral"
	AuditSetOrganisationSSO        = "set_organisation_sso"
	AuditSetPassword               = "set_password"
	AuditSetRequireTwoFactor       = "set_require_two_factor"
	AuditSplit                     = "split"
	AuditSSOAccountCreated         = "sso_account_created"
	AuditSSOLogin                  = "sso_login"
	AuditStartAssessment           = "start_assessment"
	AuditSubjectAccess             = "subject_access"
	AuditSubjectAccessExport       = "subject_access_export"
	AuditSubjectAccessPart         = "subject_access_part"
	AuditSubjectAccessPartRelease  = "subject_access_part_release"
	AuditSubjectAccessPartReleased = "subject_access_part_released"
	AuditSubjectAccessPartView     = "subject_access_part_view"
	AuditSubjectAccessView         = "subject_access_view"
	AuditSwitchService             = "switch_service"
	AuditUpdate                    = "update"
	AuditUpdateAssessment          = "update_assessment"
	AuditUpdateAssessmentHours     = "update_assessment_hours"
	AuditUpdateEligibility         = "update_eligibility"
	AuditUpdateVacancies           = "update_vacancies"
	AuditUpdateVacancy             = "update_vacancy"
	AuditUpdateWeights             = "update_weights"
	AuditWithdrawAdjustment        = "withdraw_adjustment"
	AuditWithdrawConsent           = "withdraw_consent"
	AuditWithdrawReferral          = "withdraw_referral"
	AuditWorkingWith               = "working_with"
	AuditWriteSafetyPlan           = "write_safety_plan"
)

// AuditActions lists every action above.
func AuditActions() []string {
	return []string{
		AuditAcceptReferral, AuditAddMembership, AuditAddNote, AuditAddTask, AuditAddVacancy, AuditAdjustPriority,
		AuditAdmin, AuditAmend, AuditAmendMoveOn, AuditBreakGlass, AuditCaseAction, AuditCaseRag, AuditChangeComplianceRules,
		AuditClientRequest, AuditClientToken, AuditCloseInvolvement, AuditComplete, AuditCompleteAssessment,
		AuditCreate, AuditCreateAPIClient, AuditCreateIdentityProvider, AuditCreateNamedToken, AuditCreateToken,
		AuditDeclineReferral, AuditDelete, AuditDeleteIdentityProvider, AuditDetachPartition, AuditDisable, AuditDisableTwoFactor,
		AuditDiscardAssessment, AuditDuplicateCheck, AuditDuplicateNotSame, AuditDuplicateReview, AuditEdit,
		AuditEditAssessment, AuditEnable, AuditEnableTwoFactor, AuditErasure, AuditExport, AuditExportStatistics,
		AuditExportTransfer, AuditExportCommissionerPack, AuditExportComplianceList, AuditExportComplianceReport,
		AuditExportMyRecord, AuditGrantPermission, AuditImport, AuditImportTransfer, AuditList, AuditListPlacements,
		AuditListReferrals, AuditLogin, AuditManageToken, AuditMapPins, AuditMerge, AuditMergedAway,
		AuditMoveOn, AuditOpenCase, AuditOpenInvolvement, AuditPartnerLookup, AuditPersonErased, AuditPublishForm,
		AuditRead, AuditReadAlert, AuditReadAssessment, AuditReadAssessments, AuditReadCandidates, AuditReadCase,
		AuditReadCases, AuditReadCompliance, AuditReadConsents, AuditReadFlows, AuditReadHotspots, AuditReadMatches,
		AuditReadMerges, AuditReadMyRecord, AuditReadNotes, AuditReadPlacement, AuditReadReferral, AuditReadReview,
		AuditReadSafetyPlan, AuditRecordConsent, AuditRefer, AuditRemoveMembership, AuditResetTwoFactor,
		AuditRetentionBatch, AuditRetentionRun, AuditRetentionSaved, AuditRevokeAPIClient, AuditRevokePermission,
		AuditRevokeToken, AuditRoute, AuditSearch, AuditSendReferral, AuditSetOrganisationSSO, AuditSetPassword,
		AuditSetRequireTwoFactor, AuditSplit, AuditSSOAccountCreated, AuditSSOLogin, AuditStartAssessment,
		AuditSubjectAccess, AuditSubjectAccessExport, AuditSubjectAccessPart, AuditSubjectAccessPartRelease,
		AuditSubjectAccessPartReleased, AuditSubjectAccessPartView, AuditSubjectAccessView, AuditSwitchService,
		AuditUpdate, AuditUpdateAssessment, AuditUpdateAssessmentHours, AuditUpdateEligibility, AuditUpdateVacancies,
		AuditUpdateVacancy, AuditUpdateWeights, AuditWithdrawAdjustment, AuditWithdrawConsent, AuditWithdrawReferral,
		AuditWorkingWith, AuditWriteSafetyPlan,
	}
}
