package server

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// dobParts is a date of birth as the person form asks for it: day, month
// and year in separate boxes (the GOV.UK pattern), so a worker who knows
// only the year, or the month and year, types just that. The API sends
// one `dob` instead (YYYY, YYYY-MM or YYYY-MM-DD).
type dobParts struct {
	Day   string `json:"dob_day,omitempty"`
	Month string `json:"dob_month,omitempty"`
	Year  string `json:"dob_year,omitempty"`
}

func (p dobParts) empty() bool {
	return strings.TrimSpace(p.Day+p.Month+p.Year) == ""
}

// partsOf shows a stored date in the three boxes.
func partsOf(d models.Date) dobParts {
	var p dobParts
	if d.IsZero() {
		return p
	}
	p.Year = strconv.Itoa(d.Year)
	if d.Month > 0 {
		p.Month = strconv.Itoa(int(d.Month))
	}
	if d.Day > 0 {
		p.Day = strconv.Itoa(d.Day)
	}
	return p
}

// date reads the boxes. A day needs its month and every part needs the
// year; errors name `dob`, the one field the form's boxes make up.
func (p dobParts) date() (models.Date, error) {
	day, month, year := strings.TrimSpace(p.Day), strings.TrimSpace(p.Month), strings.TrimSpace(p.Year)
	switch {
	case year == "":
		return models.Date{}, models.Invalid("dob", "give the year of birth (leave the day, or the day and month, blank if they are not known)")
	case day != "" && month == "":
		return models.Date{}, models.Invalid("dob", "give the month as well as the day, or leave the day blank")
	}
	num := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	y, okY := num(year)
	text := year
	if !okY || len(year) != 4 {
		return models.Date{}, models.Invalid("dob", "the year must have four digits, like 1980")
	}
	if month != "" {
		m, ok := num(month)
		if !ok || m < 1 || m > 12 {
			return models.Date{}, models.Invalid("dob", "the month must be a number from 1 to 12")
		}
		text += "-" + pad2(m)
	}
	if day != "" {
		d, ok := num(day)
		if !ok || d < 1 || d > 31 {
			return models.Date{}, models.Invalid("dob", "the day must be a number from 1 to 31")
		}
		text += "-" + pad2(d)
	}
	out, err := models.ParseBirthDate(text)
	if err != nil {
		return models.Date{}, models.Invalid("dob", "that date does not exist ("+strconv.Itoa(y)+" has no such day)")
	}
	return out, nil
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// bindPerson binds a person's details; on the web form the date of birth
// comes from its three boxes (when any is filled), in the API from `dob`.
func bindPerson(c *gin.Context, in *personInput) error {
	if err := bind(c, in); err != nil {
		return err
	}
	if isAPI(c) {
		return nil
	}
	in.DOBParts = dobParts{Day: c.PostForm("dob_day"), Month: c.PostForm("dob_month"), Year: c.PostForm("dob_year")}
	if _, boxes := c.GetPostForm("dob_year"); !boxes {
		return nil // an older form, or a client posting dob itself
	}
	if in.DOBParts.empty() {
		in.DOB = models.Date{}
		return nil
	}
	d, err := in.DOBParts.date()
	if err != nil {
		return err
	}
	in.DOB = d
	return nil
}
