package server

// placementSchemas are the request schemas of the placement API.
func placementSchemas() map[string]any {
	arr := func(items any) map[string]any { return map[string]any{"type": "array", "items": items} }
	anyObj := map[string]any{"type": "object"}
	strs := arr(str)
	return map[string]any{
		"AdjustmentInput": obj(map[string]any{"kind": map[string]any{"type": "string", "enum": []string{"discretion", "needs_override"}}, "points": intg, "reason": str}, "kind", "reason"),
		"ReferralInput":   obj(map[string]any{"person_id": intg, "to_service_id": intg, "vacancy_id": intg, "message": str}, "person_id", "to_service_id"),
		"AcceptInput":     obj(map[string]any{"vacancy_id": intg, "note": str}),
		"DeclineInput":    obj(map[string]any{"reason": str, "note": str}, "reason"),
		"WithdrawInput":   obj(map[string]any{"note": str}),
		"MoveOnAmendment": obj(map[string]any{"reason": str, "destination": str, "note": str}),
		"MoveOnInput":     obj(map[string]any{"date": date, "reason": str, "destination": str, "note": str, "free_place": boolT}, "date", "reason", "destination"),
		"VacancyInput":    obj(map[string]any{"label": str, "places": intg}),
		"Hours":           obj(map[string]any{"assessment_hours": map[string]any{"type": "object", "description": `{"24h": true} or {"mon": ["09:00-17:00"], ...}`}}, "assessment_hours"),
		"RulesInput":      obj(map[string]any{"based_on_version": intg, "reason": str, "rules": anyObj, "target_groups": strs}, "based_on_version", "reason", "rules"),
		"WeightsInput":    obj(map[string]any{"based_on_version": intg, "reason": str, "weights": anyObj}, "based_on_version", "reason", "weights"),
	}
}
