package reports

import (
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// percent prints a 1 dp score such as 71.4%.
func percent(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }

// score prints a 1 dp score without the sign, for CSV.
func score(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
