package policy

import "gateway/models"

// ConfidentialLocation is what everyone else sees instead of a confidential
// service's address.
const ConfidentialLocation = "Confidential location"

// LocationVisible is rule 5: a confidential service's address and point
// are shown only to its own users and to area admins.
func LocationVisible(a Actor, sv *models.Service) bool {
	if !sv.Confidential {
		return true
	}
	return a.Valid() && (a.ServiceID == sv.ID || a.pol.allows(a, ResourceAdmin, Manage))
}

// ServiceView is the service as the actor may see it: a confidential
// service's address, postcode and point are replaced for everyone else
// (its LAs still show).
func ServiceView(a Actor, sv models.Service) models.Service {
	if LocationVisible(a, &sv) {
		return sv
	}
	sv.Address, sv.Postcode, sv.Lat, sv.Lon = ConfidentialLocation, "", nil, nil
	return sv
}
