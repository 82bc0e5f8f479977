package models

// Role is what a user does for one service (a Membership).
type Role string

const (
	RoleWorker       Role = "worker"
	RoleManager      Role = "manager"
	RoleOrgAdmin     Role = "org_admin"
	RoleCommissioner Role = "commissioner"
	RolePartner      Role = "partner"
	RoleAreaAdmin    Role = "area_admin"
)

// Roles lists every role, in the order forms show them.
var Roles = []Role{RoleWorker, RoleManager, RoleOrgAdmin, RoleCommissioner, RolePartner, RoleAreaAdmin}

// Label is the role as people say it.
func (r Role) Label() string {
	switch r {
	case RoleWorker:
		return "Worker"
	case RoleManager:
		return "Service manager"
	case RoleOrgAdmin:
		return "Organisation admin"
	case RoleCommissioner:
		return "Commissioner"
	case RolePartner:
		return "Partner (view only)"
	case RoleAreaAdmin:
		return "Area admin"
	}
	return string(r)
}

// ServiceType is what kind of service a Service is. Provider types do case
// work; the last three are the homes of commissioners, partners and the area
// team, so every user acts for exactly one service at a time.
type ServiceType string

const (
	Outreach         ServiceType = "outreach"
	Hostel           ServiceType = "hostel"
	SupportedHousing ServiceType = "supported_housing"
	HousingFirst     ServiceType = "housing_first"
	Refuge           ServiceType = "refuge"
	SexWorkSupport   ServiceType = "sex_work_support"
	DayCentre        ServiceType = "day_centre"
	HousingOptions   ServiceType = "housing_options"
	TenancySustain   ServiceType = "tenancy_sustainment"

	Commissioning ServiceType = "commissioning"
	PartnerAgency ServiceType = "partner_agency"
	AreaTeam      ServiceType = "area_team"
)

// ServiceTypes lists every type in the order forms show them.
var ServiceTypes = []ServiceType{Outreach, Hostel, SupportedHousing, HousingFirst, Refuge, SexWorkSupport, DayCentre, HousingOptions, TenancySustain, Commissioning, PartnerAgency, AreaTeam}

// Provider reports whether the type does case work with people.
func (t ServiceType) Provider() bool {
	switch t {
	case Commissioning, PartnerAgency, AreaTeam:
		return false
	}
	return true
}

// AlwaysConfidential reports the types whose location and involvement are
// hidden whatever the flag says (refuges, sex-work services).
func (t ServiceType) AlwaysConfidential() bool { return t == Refuge || t == SexWorkSupport }

// Label is the type as people say it.
func (t ServiceType) Label() string {
	switch t {
	case Outreach:
		return "Street outreach"
	case Hostel:
		return "Hostel"
	case SupportedHousing:
		return "Supported housing"
	case HousingFirst:
		return "Housing First"
	case Refuge:
		return "Refuge"
	case SexWorkSupport:
		return "Sex-work support"
	case DayCentre:
		return "Day centre"
	case HousingOptions:
		return "Housing options"
	case TenancySustain:
		return "Tenancy sustainment"
	case Commissioning:
		return "Commissioning team"
	case PartnerAgency:
		return "Partner agency"
	case AreaTeam:
		return "Area team"
	}
	return string(t)
}

// RoleFits reports whether a role makes sense at a service of type t, and
// if not, why.
func RoleFits(r Role, t ServiceType) (bool, string) {
	switch r {
	case RoleWorker, RoleManager:
		if !t.Provider() {
			return false, "workers and managers belong to provider services"
		}
	case RoleCommissioner:
		if t != Commissioning {
			return false, "commissioners belong to a commissioning team"
		}
	case RolePartner:
		if t != PartnerAgency {
			return false, "partners belong to a partner agency"
		}
	case RoleAreaAdmin:
		if t != AreaTeam {
			return false, "area admins belong to the area team"
		}
	case RoleOrgAdmin:
	default:
		return false, "unknown role"
	}
	return true, ""
}
