package server

// The compliance operations join the OpenAPI document's list (apiOps).
func init() {
	apiOps = append(apiOps,
		apiOp{"GET", "/compliance", "Data compliance scores per service for a month, ranked, as you may see them (no names; records below 5 suppressed)", "compliance", "", complianceOverview{}, []string{"month", "la"}, 200},
		apiOp{"GET", "/services/{id}/compliance", "A service's compliance for a month; its managers also get the named list (format=pdf|csv downloads it)", "compliance", "", serviceCompliance{}, []string{"month", "page", "format=pdf|csv"}, 200},
		apiOp{"GET", "/reports/compliance", "Commissioners and area admins: the monthly compliance report for an LA, as PDF or CSV", "compliance", "", nil, []string{"month", "la", "format=pdf|csv"}, 200},
		apiOp{"GET", "/reports/pack", "Commissioners and area admins: the commissioner pack for an LA and month (PDF); la=all gives the county pack over all your LAs", "compliance", "", nil, []string{"la", "month"}, 200},
		apiOp{"GET", "/compliance/rules", "The essential-field rules in force, their history, and the fields Gateway can check", "compliance", "", complianceRulesPage{}, nil, 200},
		apiOp{"POST", "/compliance/rules", "Area admins: save a new version of the rules ({based_on, reason, types})", "compliance", "ComplianceRulesInput", complianceRulesPage{}, nil, 201},
	)
}
