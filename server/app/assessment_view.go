package app

import (
	"strconv"
	"strings"

	"gateway/models"
)

// AnsweredSection is one section of a completed (or draft) assessment as
// read back: each answered, shown question with its answer in words.
type AnsweredSection struct {
	ID        string       `json:"id"`
	Title     string       `json:"title"`
	Sensitive bool         `json:"sensitive"`
	Items     []AnswerItem `json:"items"`
}

type AnswerItem struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Answer string `json:"answer"`
}

// ReadBack turns answers into sections of labelled answers in words, in
// form order, leaving out what was not asked or not answered.
func ReadBack(d *models.FormDefinition, a *models.Assessment, laNames map[int64]string) []AnsweredSection {
	shown := d.Visible(a.Answers, a.ForServiceType)
	var out []AnsweredSection
	for _, sec := range d.Sections {
		as := AnsweredSection{ID: sec.ID, Title: sec.Title, Sensitive: sec.Sensitive}
		for _, q := range sec.Questions {
			if shown[q.ID] && a.Answers.Has(q.ID) {
				as.Items = append(as.Items, AnswerItem{ID: q.ID, Label: q.Label, Answer: answerText(&q, a.Answers, laNames)})
			}
		}
		if len(as.Items) > 0 {
			out = append(out, as)
		}
	}
	return out
}

// answerText is an answer as a person reads it.
func answerText(q *models.Question, ans models.Answers, laNames map[int64]string) string {
	switch q.Type {
	case models.TypeYesNo:
		if ans.Bool(q.ID) {
			return "Yes"
		}
		return "No"
	case models.TypeNumber:
		return strconv.FormatInt(ans.Int(q.ID), 10)
	case models.TypeScore:
		return strconv.FormatInt(ans.Int(q.ID), 10) + " of 5"
	case models.TypeLA:
		if name, ok := laNames[ans.Int(q.ID)]; ok {
			return name
		}
		return "Local authority " + strconv.FormatInt(ans.Int(q.ID), 10)
	case models.TypeChoice:
		return optionLabel(q, ans.String(q.ID))
	case models.TypeMulti:
		vals := ans.Strings(q.ID)
		if len(vals) == 0 {
			return "None of these"
		}
		labels := make([]string, len(vals))
		for i, v := range vals {
			labels[i] = optionLabel(q, v)
		}
		return strings.Join(labels, ", ")
	case models.TypeDate:
		if d, err := models.ParseDate(ans.String(q.ID)); err == nil {
			return d.Time().Format("2 Jan 2006")
		}
	}
	return ans.String(q.ID)
}

func optionLabel(q *models.Question, v string) string {
	for _, o := range q.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}
