package models

// SafetyMark is the safety symbol and who to contact before visiting. It
// shows wherever a person is shown (a referral, a placement, a vacancy's
// candidates), to everyone who may see the person at all; the safety plan
// behind it is read only by the services working with them.
type SafetyMark struct {
	SafetyFlag    bool   `json:"safety_flag" gorm:"->;-:migration"`
	SafetyContact string `json:"safety_contact,omitempty" gorm:"->;-:migration"`
}

// safetyMarkOf selects a SafetyMark from the people table under alias.
func safetyMarkOf(alias string) string {
	return alias + ".safety_flag, CASE WHEN " + alias + ".safety_flag THEN " + alias + ".safety_contact ELSE '' END AS safety_contact"
}
