package matching

// Term is one key of the matcher's vocabulary with what people read.
type Term struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// The keys eligibility rules, target groups and a person's facts are
// written in. The common assessment derives a person's needs, risks and
// groups in these keys (models.AssessmentFacts); forms for a service's
// rules offer exactly these, so a typo cannot make a rule that never
// matches.
var (
	Needs = []Term{
		{"mental_health", "Mental health"},
		{"substance_use", "Drug use"},
		{"alcohol", "Alcohol"},
		{"physical_health", "Physical health"},
		{"learning_disability", "Learning disability"},
		{"domestic_abuse", "Domestic abuse"},
		{"offending", "Offending"},
	}
	Risks = []Term{
		{"arson", "Arson"},
		{"sexual_offending", "Sexual offending"},
		{"violence_to_staff", "Violence to staff"},
		{"violence_to_others", "Violence to others"},
		{"risk_to_children", "Risk to children"},
	}
	Groups = []Term{
		{GroupRoughSleeper, "Rough sleepers"},
		{"women", "Women"},
		{"young_people", "Young people (16–24)"},
		{"care_leaver", "Care leavers"},
		{"veteran", "Veterans"},
		{"prison_leaver", "Prison leavers"},
		{"sex_work", "Sex work"},
		{"complex_needs", "Complex needs"},
	}
	Genders = []Term{
		{"female", "Women"},
		{"male", "Men"},
		{"non_binary", "Non-binary people"},
		{"other", "People of another gender"},
	}
)

// TermLabel is the label of key in terms, or the key with spaces.
func TermLabel(terms []Term, key string) string {
	for _, t := range terms {
		if t.Key == key {
			return t.Label
		}
	}
	out := []byte(key)
	for i, c := range out {
		if c == '_' {
			out[i] = ' '
		}
	}
	return string(out)
}

// KnownTerm reports whether key is one of terms.
func KnownTerm(terms []Term, key string) bool {
	for _, t := range terms {
		if t.Key == key {
			return true
		}
	}
	return false
}
