package server

import "strconv"

// The web pages of the records handlers link and redirect to, in one place
// so that a page's address is written once.

func personURL(id int64) string { return "/people/" + strconv.FormatInt(id, 10) }

func assessmentURL(personID, id int64) string {
	return personURL(personID) + "/assessments/" + strconv.FormatInt(id, 10)
}

func caseURL(id int64) string          { return "/cases/" + strconv.FormatInt(id, 10) }
func referralURL(id int64) string      { return "/referrals/" + strconv.FormatInt(id, 10) }
func placementURL(id int64) string     { return "/placements/" + strconv.FormatInt(id, 10) }
func streetContactURL(id int64) string { return "/street-contacts/" + strconv.FormatInt(id, 10) }
func userAdminURL(id int64) string     { return "/admin/users/" + strconv.FormatInt(id, 10) }

func vacanciesURL(serviceID int64) string {
	return "/services/" + strconv.FormatInt(serviceID, 10) + "/vacancies"
}
func serviceAdminURL(id int64) string { return "/admin/services/" + strconv.FormatInt(id, 10) }
func organisationAdminURL(id int64) string {
	return "/admin/organisations/" + strconv.FormatInt(id, 10)
}
