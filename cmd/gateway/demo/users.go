package demo

import (
	"fmt"
	"strings"

	"gateway/models"
	"gateway/models/names"
)

// Login is a demo account listed in the README.
type Login struct {
	Role    string // as the README says it
	Email   string
	Service string
}

// Logins are the demo's named accounts, one per role; each also appears in
// README.md. All use Password.
var Logins = []Login{
	{"Area admin", "admin@demo.example", "Gateway Area Team"},
	{"Hostel worker", "hostel@demo.example", "Moorhampton Central Hostel"},
	{"Service manager (also a day-centre worker: can switch service)", "manager@demo.example", "Moorhampton Central Hostel"},
	{"Outreach worker (also in the Moorhampton team, which gets Northmoor's public alerts)", "outreach@demo.example", "Elmshire Rough Sleeper Outreach"},
	{"Refuge worker", "refuge@demo.example", "Elmshire Women's Refuge North"},
	{"Sex-work service worker", "sexwork@demo.example", "Ivy Project Sex Work Support"},
	{"Commissioner", "commissioner@demo.example", "Northmoor Commissioning"},
	{"County commissioner (all six LAs)", "county@demo.example", "Elmshire County Commissioning"},
	{"Partner (police)", "partner@demo.example", "Elmshire Police Neighbourhood Teams"},
	{"Organisation admin", "orgadmin@demo.example", "Moorhampton Central Hostel"},
}

type member struct {
	service string
	role    models.Role
}

// officeStaff is how many users the demo gives each service that is not a
// provider (the homes of commissioners, partners and the area team), and
// in which role.
var officeStaff = map[models.ServiceType]struct {
	n    int
	role models.Role
}{
	models.Commissioning: {2, models.RoleCommissioner},
	models.PartnerAgency: {4, models.RolePartner},
	models.AreaTeam:      {2, models.RoleAreaAdmin},
}

func (b *builder) buildUsers() error {
	hash, err := models.HashPassword(Password)
	if err != nil {
		return err
	}
	var userRows, memberRows [][]any
	addUser := func(email, name string, ms ...member) {
		id := b.id("users")
		userRows = append(userRows, []any{id, email, name, hash, 0, b.now, b.now})
		for _, m := range ms {
			sv := b.serviceNamed(m.service)
			memberRows = append(memberRows, []any{b.id("memberships"), id, sv.ID, string(m.role), b.now})
			if m.role == models.RoleWorker || m.role == models.RoleManager {
				b.staff[sv.ID] = append(b.staff[sv.ID], id)
			}
		}
	}
	fixed := map[string][]member{
		"admin@demo.example":        {{"Gateway Area Team", models.RoleAreaAdmin}},
		"hostel@demo.example":       {{"Moorhampton Central Hostel", models.RoleWorker}},
		"manager@demo.example":      {{"Moorhampton Central Hostel", models.RoleManager}, {"Moorhampton Day Centre", models.RoleWorker}},
		"outreach@demo.example":     {{"Elmshire Rough Sleeper Outreach", models.RoleWorker}, {"Moorhampton Street Outreach", models.RoleWorker}},
		"refuge@demo.example":       {{"Elmshire Women's Refuge North", models.RoleWorker}},
		"sexwork@demo.example":      {{"Ivy Project Sex Work Support", models.RoleWorker}},
		"commissioner@demo.example": {{"Northmoor Commissioning", models.RoleCommissioner}},
		"county@demo.example":       {{"Elmshire County Commissioning", models.RoleCommissioner}},
		"partner@demo.example":      {{"Elmshire Police Neighbourhood Teams", models.RolePartner}},
		"orgadmin@demo.example":     {{"Moorhampton Central Hostel", models.RoleOrgAdmin}},
	}
	for _, l := range Logins {
		addUser(l.Email, b.staffName(), fixed[l.Email]...)
	}
	seen := map[string]int{}
	email := func(name, org string) string {
		local := strings.ReplaceAll(slug(names.Normalise(name)), "-", ".")
		e := local + "@" + slug(org) + ".example"
		seen[e]++
		if n := seen[e]; n > 1 {
			e = fmt.Sprintf("%s%d@%s.example", local, n, slug(org))
		}
		return e
	}
	orgNames := map[int64]string{}
	var orgs []models.Organisation
	if err := b.store.Gorm().Find(&orgs).Error; err != nil {
		return err
	}
	for _, o := range orgs {
		orgNames[o.ID] = o.Name
	}
	adminned := map[int64]bool{}
	for _, sv := range b.services {
		org := orgNames[sv.OrgID]
		switch {
		case sv.Type.Provider():
			n := 4 + b.rng.IntN(4)
			if sv.Type == models.Outreach || sv.Type == models.HousingOptions {
				n += 4
			}
			name := b.staffName()
			addUser(email(name, org), name, member{sv.Name, models.RoleManager})
			for i := 0; i < n; i++ {
				name := b.staffName()
				addUser(email(name, org), name, member{sv.Name, models.RoleWorker})
			}
			if !adminned[sv.OrgID] {
				adminned[sv.OrgID] = true
				name := b.staffName()
				addUser(email(name, org), name, member{sv.Name, models.RoleOrgAdmin})
			}
		default:
			staff := officeStaff[sv.Type]
			for i := 0; i < staff.n; i++ {
				name := b.staffName()
				addUser(email(name, org), name, member{sv.Name, staff.role})
			}
		}
	}
	b.sum.Users = len(userRows)
	if err := b.load.Load(b.ctx, "users", []string{"id", "email", "name", "password_hash", "auth_epoch", "created_at", "updated_at"}, userRows); err != nil {
		return err
	}
	return b.load.Load(b.ctx, "memberships", []string{"id", "user_id", "service_id", "role", "created_at"}, memberRows)
}

// staffName is a staff member's name, drawn like everyone's (most
// homelessness workers are women, so women are drawn more often).
func (b *builder) staffName() string {
	gender := "female"
	if b.chance(0.4) {
		gender = "male"
	}
	d := b.names.Draw()
	return b.names.Given(d.Origin, gender) + " " + b.names.FamilyFor(d.Origin, gender)
}
