package models

// AssessmentFacts are what placement matching reads from a completed
// assessment. They come from fixed question ids, listed below and in the
// form file (models/formdefs/); publishing a form version that drops one of
// them, or changes its type, is refused (FormDefinition.Validate), so the
// matcher keeps working across versions.
type AssessmentFacts struct {
	RoughSleepingNow    bool     `json:"rough_sleeping_now"`
	NightsRough         int      `json:"nights_rough"`
	NeedsScore          int      `json:"needs_score"` // 12–60; 0 when not scored
	Needs               []string `json:"needs"`
	Risks               []string `json:"risks"`
	Groups              []string `json:"groups"`
	Pets                bool     `json:"pets"`
	Wheelchair          bool     `json:"wheelchair"`
	Couple              bool     `json:"couple"`
	LocalConnectionLAID *int64   `json:"local_connection_la_id"`

	// NeedsOverride waives a service's minimum needs score, with the
	// assessor's reason (matching.Override).
	NeedsOverride       bool   `json:"needs_override"`
	NeedsOverrideReason string `json:"needs_override_reason"`
}

// The question ids facts are read from. Each must exist, with this type,
// in every form version.
const (
	QRoughSleepingNow    = "rough_sleeping_now"    // yes_no
	QRoughSleepingNights = "rough_sleeping_nights" // number: nights sleeping rough in this spell
	QLocalConnection     = "local_connection_la"   // local_authority
	QGender              = "gender"                // choice: "female" puts the person in the women group
	QAge                 = "age"                   // number: 16–24 puts the person in the young_people group
	QCareLeaver          = "care_leaver"           // yes_no → care_leaver
	QArmedForces         = "armed_forces"          // yes_no → veteran
	QLeftPrison          = "left_prison_recently"  // yes_no → prison_leaver
	QSexWork             = "sex_work"              // yes_no → sex_work
	QPets                = "has_pets"              // yes_no
	QWheelchair          = "uses_wheelchair"       // yes_no
	QCouple              = "housed_with_partner"   // yes_no
	QRisks               = "risk_history"          // multi: arson, sexual_offending, violence_to_staff, violence_to_others, risk_to_children
)

// needQuestions map a yes/no question to the support need a "yes" records.
var needQuestions = []struct{ question, need string }{
	{"mental_health_concern", "mental_health"},
	{"drug_use", "substance_use"},
	{"alcohol_concern", "alcohol"},
	{"physical_health_concern", "physical_health"},
	{"learning_disability", "learning_disability"},
	{"domestic_abuse", "domestic_abuse"},
	{"offending_history", "offending"},
}

// groupQuestions map a yes/no question to the target group a "yes" records.
var groupQuestions = []struct{ question, group string }{
	{QCareLeaver, "care_leaver"},
	{QArmedForces, "veteran"},
	{QLeftPrison, "prison_leaver"},
	{QSexWork, "sex_work"},
}

// FactQuestionTypes is every question id facts read, with its type.
func FactQuestionTypes() map[string]string {
	m := map[string]string{
		QRoughSleepingNow: TypeYesNo, QRoughSleepingNights: TypeNumber, QLocalConnection: TypeLA,
		QGender: TypeChoice, QAge: TypeNumber, QPets: TypeYesNo, QWheelchair: TypeYesNo, QCouple: TypeYesNo,
		QRisks: TypeMulti,
	}
	for _, q := range needQuestions {
		m[q.question] = TypeYesNo
	}
	for _, q := range groupQuestions {
		m[q.question] = TypeYesNo
	}
	return m
}

// complexNeedsAt is how many support needs make "complex needs" (the
// Housing First pilots' "at least two of the following needs").
const complexNeedsAt = 2

// Facts derives the matcher's facts from the answers.
func (a *Assessment) Facts() AssessmentFacts {
	ans := a.Answers
	f := AssessmentFacts{
		RoughSleepingNow: ans.Bool(QRoughSleepingNow),
		Pets:             ans.Bool(QPets), Wheelchair: ans.Bool(QWheelchair), Couple: ans.Bool(QCouple),
		NeedsOverride: a.NeedsOverride, NeedsOverrideReason: a.NeedsOverrideReason,
		Needs: []string{}, Risks: []string{}, Groups: []string{},
	}
	if f.RoughSleepingNow {
		f.NightsRough = int(ans.Int(QRoughSleepingNights))
	}
	if a.NeedsScore != nil {
		f.NeedsScore = *a.NeedsScore
	}
	if ans.Has(QLocalConnection) {
		la := ans.Int(QLocalConnection)
		f.LocalConnectionLAID = &la
	}
	for _, q := range needQuestions {
		if ans.Bool(q.question) {
			f.Needs = append(f.Needs, q.need)
		}
	}
	f.Risks = append(f.Risks, ans.Strings(QRisks)...)
	if ans.String(QGender) == "female" {
		f.Groups = append(f.Groups, "women")
	}
	if age := ans.Int(QAge); age >= 16 && age <= 24 {
		f.Groups = append(f.Groups, "young_people")
	}
	for _, q := range groupQuestions {
		if ans.Bool(q.question) {
			f.Groups = append(f.Groups, q.group)
		}
	}
	if len(f.Needs) >= complexNeedsAt {
		f.Groups = append(f.Groups, "complex_needs")
	}
	return f
}
