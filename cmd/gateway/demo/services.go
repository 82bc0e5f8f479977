package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"gateway/geo"
	"gateway/models"
)

// serviceInfo is a demo service and what the people generator needs of it.
type serviceInfo struct {
	ID           int64
	OrgID        int64
	Name         string
	Type         models.ServiceType
	Confidential bool
	LAs          []int64
	Capacity     int
}

// Provider charities: fictional names, none a real organisation's.
var charityNames = []string{
	"Open Door Housing", "The Haven Project", "Stepping Stones Trust", "Brighter Futures Housing", "New Horizons Homes",
	"Safe Harbour Trust", "Hope Street Mission", "The Lantern Trust", "Carrow Street Mission", "Anchor Point Housing",
	"Second Chance Homes", "Keystone Housing Association", "Northlight Care", "Threshold Housing", "Waymark Homes",
	"Compass Housing Trust", "Shelterstone", "The Bridge Project", "Harbour House Trust", "Meadow View Housing",
	"Elm Tree Foundation", "Riverbank Recovery", "Kingfisher Youth Housing", "Oakwood Supported Living", "The Welcome Centre",
	"Cornerstone Community Housing", "Lighthouse Housing", "Pathways Elmshire", "St Brigid's Shelter", "Millstone Homes",
	"Fresh Start Housing", "Turning Point Homes", "The Foyer Trust", "Beacon Housing", "Greenway Recovery Trust",
	"Willow Housing Co-operative", "Arch Housing Trust", "Crossroads Care", "Phoenix Project", "Moorland Homes",
	"The Nightingale Trust", "Riverside Road Project",
}

var streets = []string{"Station Road", "High Street", "Church Lane", "Victoria Street", "Mill Lane", "Queen Street",
	"Park Road", "King Street", "Bridge Street", "Market Place", "London Road", "Chapel Street", "Albert Road", "New Street"}

type orgPlan struct {
	name     string
	services []svcPlan
}

type svcPlan struct {
	name     string
	typ      models.ServiceType
	las      []int // indexes into b.las
	capacity int
}

// plan lays out the area: each LA's council with housing options,
// commissioning and tenancy sustainment; charities running hostels,
// supported housing, day centres, outreach and Housing First; women's aid
// refuges and a sex-work project (both confidential); partner agencies; and
// the area team.
func (b *builder) plan() []orgPlan {
	var orgs []orgPlan
	all := make([]int, len(b.las))
	for i := range b.las {
		all[i] = i
	}
	for i, la := range b.las {
		orgs = append(orgs, orgPlan{la.Name + " Council", []svcPlan{
			{la.Name + " Housing Options", models.HousingOptions, []int{i}, 0},
			{la.Name + " Commissioning", models.Commissioning, []int{i}, 0},
			{la.Name + " Tenancy Sustainment", models.TenancySustain, []int{i}, 0},
		}})
	}
	charities := make([]orgPlan, len(charityNames))
	for i, n := range charityNames {
		charities[i] = orgPlan{name: n}
	}
	next := 0
	give := func(s svcPlan) {
		charities[next%len(charities)].services = append(charities[next%len(charities)].services, s)
		next++
	}
	for i, la := range b.las {
		town := la.Towns[0].Name
		give(svcPlan{town + " Street Outreach", models.Outreach, []int{i}, 0})
		for h := 0; h < 5; h++ {
			give(svcPlan{fmt.Sprintf("%s %s Hostel", la.Towns[h%len(la.Towns)].Name, []string{"Central", "Night", "Young People's", "Women's", "Direct Access"}[h]), models.Hostel, []int{i}, 12 + b.rng.IntN(40)})
		}
		for h := 0; h < 10; h++ {
			give(svcPlan{fmt.Sprintf("%s %s", la.Towns[h%len(la.Towns)].Name, []string{"Court", "House", "Lodge", "Gardens", "Place", "Mews", "Terrace", "View", "Yard", "Rise"}[h]), models.SupportedHousing, []int{i}, 6 + b.rng.IntN(20)})
		}
		give(svcPlan{town + " Day Centre", models.DayCentre, []int{i}, 0})
		if len(la.Towns) > 1 {
			give(svcPlan{la.Towns[1].Name + " Drop-in", models.DayCentre, []int{i}, 0})
		}
		give(svcPlan{la.Name + " Housing First", models.HousingFirst, []int{i}, 10 + b.rng.IntN(15)})
	}
	give(svcPlan{"Elmshire Rough Sleeper Outreach", models.Outreach, all, 0})
	give(svcPlan{"Elmshire Night Shelter", models.Hostel, all, 30})
	orgs = append(orgs, charities...)
	orgs = append(orgs,
		orgPlan{"Elmshire Women's Aid", []svcPlan{
			{"Elmshire Women's Refuge North", models.Refuge, []int{0, 1, 2}, 12},
			{"Elmshire Women's Refuge South", models.Refuge, []int{3, 4, 5}, 10},
			{"Elmshire Refuge for Women with Children", models.Refuge, all, 8},
		}},
		orgPlan{"The Ivy Project", []svcPlan{
			{"Ivy Project Sex Work Support", models.SexWorkSupport, all, 0},
			{"Ivy Project Night Van", models.SexWorkSupport, []int{0, 1}, 0},
		}},
		orgPlan{"Elmshire Police", []svcPlan{{"Elmshire Police Neighbourhood Teams", models.PartnerAgency, all, 0}}},
		orgPlan{"Elmshire General Hospital", []svcPlan{{"Hospital Discharge Team", models.PartnerAgency, all, 0}}},
		orgPlan{"Probation Service Elmshire", []svcPlan{{"Elmshire Probation", models.PartnerAgency, all, 0}}},
		orgPlan{"Jobcentre Plus Elmshire", []svcPlan{{"DWP Complex Needs Team", models.PartnerAgency, all, 0}}},
		orgPlan{"Elmshire Gateway Team", []svcPlan{{"Gateway Area Team", models.AreaTeam, all, 0}}},
		// The county's commissioners see hotspots and flows for all six LAs.
		orgPlan{"Elmshire County Council", []svcPlan{{"Elmshire County Commissioning", models.Commissioning, all, 0}}},
	)
	return orgs
}

func (b *builder) buildServices() error {
	var orgRows, svcRows, laRows [][]any
	for _, o := range b.plan() {
		orgID := b.id("organisations")
		orgRows = append(orgRows, []any{orgID, o.name, b.now, b.now})
		for _, sp := range o.services {
			id := b.id("services")
			la := b.las[sp.las[0]]
			town := la.Towns[b.rng.IntN(len(la.Towns))]
			pt := geo.RandomPointNear(b.rng, town.Centre, 2500)
			lat, lon := pt[1], pt[0]
			address := fmt.Sprintf("%d %s, %s", 1+b.rng.IntN(180), b.pick(streets), town.Name)
			conf := sp.typ.AlwaysConfidential()
			phone := fmt.Sprintf("01632 960%03d", id%1000)
			email := slug(sp.name) + "@" + slug(o.name) + ".example"
			svcRows = append(svcRows, []any{id, orgID, sp.name, string(sp.typ), conf, address, postcode(b.rng), lat, lon, phone, email, sp.capacity, b.now, b.now})
			info := serviceInfo{ID: id, OrgID: orgID, Name: sp.name, Type: sp.typ, Confidential: conf, Capacity: sp.capacity}
			for _, i := range sp.las {
				laRows = append(laRows, []any{id, b.las[i].ID})
				info.LAs = append(info.LAs, b.las[i].ID)
			}
			b.services = append(b.services, info)
		}
	}
	b.sum.Organisations, b.sum.Services = len(orgRows), len(svcRows)
	if err := b.load.Load(b.ctx, "organisations", []string{"id", "name", "created_at", "updated_at"}, orgRows); err != nil {
		return err
	}
	if err := b.load.Load(b.ctx, "services", []string{"id", "organisation_id", "name", "type", "confidential", "address",
		"postcode", "lat", "lon", "phone", "email", "capacity", "created_at", "updated_at"}, svcRows); err != nil {
		return err
	}
	return b.load.Load(b.ctx, "service_las", []string{"service_id", "la_id"}, laRows)
}

// postcode makes a postcode in the fictional EL area.
func postcode(rng *rand.Rand) string {
	const letters = "ABDEFGHJLNPQRSTUWXYZ"
	return fmt.Sprintf("EL%d %d%c%c", 1+rng.IntN(20), rng.IntN(10), letters[rng.IntN(len(letters))], letters[rng.IntN(len(letters))])
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteRune('-')
		}
	}
	return strings.Trim(strings.ReplaceAll(b.String(), "--", "-"), "-")
}

// servicesOf lists the demo services of a type.
func (b *builder) servicesOf(t models.ServiceType) []*serviceInfo {
	var out []*serviceInfo
	for i := range b.services {
		if b.services[i].Type == t {
			out = append(out, &b.services[i])
		}
	}
	return out
}

func (b *builder) serviceNamed(name string) *serviceInfo {
	for i := range b.services {
		if b.services[i].Name == name {
			return &b.services[i]
		}
	}
	panic("demo: no service named " + name)
}
