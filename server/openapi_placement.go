package server

// Putting an ended placement's move-on right (issue 8 §3), added to apiOps
// at start-up.
func init() {
	apiOps = append(apiOps, apiOp{"POST", "/placements/{id}/move-on/amend",
		"Your service's ended placement: put right the move-on reason, destination and note (fields left out keep their values; the date stays); audited with what they were",
		"placement", "MoveOnAmendment", "Object", nil, 200})
}

// placementSchemas are the OpenAPI schemas of the placement API (issue 6).
func placementSchemas() map[string]any {
	arr := func(items any) map[string]any { return map[string]any{"type": "array", "items": items} }
	anyObj := map[string]any{"type": "object"}
	strs := arr(str)
	result := obj(map[string]any{"eligible": boolT, "total": intg, "distance_metres": map[string]any{"type": "number"},
		"factors":  arr(obj(map[string]any{"name": str, "label": str, "points": intg, "detail": str})),
		"failures": arr(obj(map[string]any{"rule": str, "reason": str}))})
	return map[string]any{
		"Matches": obj(map[string]any{"person": anyObj, "facts": anyObj, "available": arr(result), "full": arr(result), "ineligible": arr(result),
			"gap": str, "exclusions": arr(obj(map[string]any{"rule": str, "count": intg})), "adjustments": arr(anyObj)}),
		"AdjustmentInput": obj(map[string]any{"kind": map[string]any{"type": "string", "enum": []string{"discretion", "needs_override"}}, "points": intg, "reason": str}, "kind", "reason"),
		"ReferralInput":   obj(map[string]any{"person_id": intg, "to_service_id": intg, "vacancy_id": intg, "message": str}, "person_id", "to_service_id"),
		"Referral": obj(map[string]any{"id": intg, "person_id": intg, "from_service_id": intg, "to_service_id": intg, "status": str, "direction": str,
			"message": str, "decline_reason": str, "decision_note": str, "created_at": str, "expires_at": str, "snapshot": anyObj}),
		"Referrals":       obj(map[string]any{"box": str, "status": str, "referrals": arr(map[string]any{"$ref": "#/components/schemas/Referral"}), "pager": anyObj}),
		"AcceptInput":     obj(map[string]any{"vacancy_id": intg, "note": str}),
		"Accepted":        obj(map[string]any{"referral": anyObj, "involvement": anyObj, "placement": anyObj}),
		"DeclineInput":    obj(map[string]any{"reason": str, "note": str}, "reason"),
		"Note":            obj(map[string]any{"note": str}),
		"Placements":      obj(map[string]any{"state": str, "placements": arr(anyObj), "pager": anyObj}),
		"MoveOnAmendment": obj(map[string]any{"reason": str, "destination": str, "note": str}),
		"MoveOnInput":     obj(map[string]any{"date": date, "reason": str, "destination": str, "note": str, "free_place": boolT}, "date", "reason", "destination"),
		"ServiceProfile": obj(map[string]any{"service": anyObj, "capacity": intg, "free": intg, "updated_at": str, "vacancies": arr(anyObj),
			"target_groups": strs, "rules": anyObj, "rules_version": intg, "assessment_hours": anyObj, "open_for_assessment_now": boolT}),
		"VacancyInput": obj(map[string]any{"label": str, "places": intg}),
		"Vacancy":      obj(map[string]any{"id": intg, "service_id": intg, "label": str, "places": intg, "updated_at": str}),
		"Hours":        obj(map[string]any{"assessment_hours": map[string]any{"type": "object", "description": `{"24h": true} or {"mon": ["09:00-17:00"], ...}`}}, "assessment_hours"),
		"Candidates":   obj(map[string]any{"vacancy": anyObj, "service": anyObj, "eligible": arr(result), "ineligible": arr(result)}),
		"RulesInput":   obj(map[string]any{"based_on_version": intg, "reason": str, "rules": anyObj, "target_groups": strs}, "based_on_version", "reason", "rules"),
		"WeightsInput": obj(map[string]any{"based_on_version": intg, "reason": str, "weights": anyObj}, "based_on_version", "reason", "weights"),
		"Gaps": obj(map[string]any{"from": str, "to": str, "note": str, "kinds": arr(obj(map[string]any{
			"kind": str, "label": str, "people": str,
			"breakdowns": arr(obj(map[string]any{"by": str, "title": str,
				"rows": arr(obj(map[string]any{"value": str, "people": str, "pooled": arr(str)}))}))}))}),
	}
}
