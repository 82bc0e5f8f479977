package models

import (
	"context"
	"sort"
	"strings"
	"time"
)

// Service is one service of an organisation: a hostel, an outreach team, a
// refuge, or the home of commissioners, partners or the area team.
// A confidential service's address and point are shown only to its own
// users and area admins (policy.ServiceView decides).
type Service struct {
	ID             int64       `json:"id"`
	OrganisationID int64       `json:"organisation_id"`
	Name           string      `json:"name"`
	Type           ServiceType `json:"type"`
	Confidential   bool        `json:"confidential"`
	Address        string      `json:"address"`
	Postcode       string      `json:"postcode"`
	Lat            *float64    `json:"lat"`
	Lon            *float64    `json:"lon"`
	Phone          string      `json:"phone"`
	Email          string      `json:"email"`
	Capacity       int         `json:"capacity"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`

	LAIDs []int64 `json:"la_ids" gorm:"-"`
}

// ServiceInput creates or edits a service.
type ServiceInput struct {
	OrganisationID int64       `json:"organisation_id"`
	Name           string      `json:"name"`
	Type           ServiceType `json:"type"`
	Confidential   bool        `json:"confidential"`
	Address        string      `json:"address"`
	Postcode       string      `json:"postcode"`
	Lat            *float64    `json:"lat"`
	Lon            *float64    `json:"lon"`
	Phone          string      `json:"phone"`
	Email          string      `json:"email"`
	Capacity       int         `json:"capacity"`
	LAIDs          []int64     `json:"la_ids"`
}

func (in *ServiceInput) validate() error {
	c := newCheck()
	if in.OrganisationID <= 0 {
		c.Add("organisation_id", "is required")
	}
	c.text("name", &in.Name, true, MaxName)
	types := make([]string, len(ServiceTypes))
	for i, t := range ServiceTypes {
		types[i] = string(t)
	}
	c.oneOf("type", string(in.Type), types)
	c.text("address", &in.Address, false, MaxText)
	c.text("postcode", &in.Postcode, false, 10)
	in.Postcode = strings.ToUpper(in.Postcode)
	c.point(in.Lat, in.Lon)
	c.text("phone", &in.Phone, false, 30)
	c.email("email", &in.Email, false)
	if in.Capacity < 0 || in.Capacity > 10000 {
		c.Add("capacity", "must be between 0 and 10000")
	}
	if len(in.LAIDs) == 0 && in.Type != AreaTeam {
		c.Add("la_ids", "choose at least one local authority the service covers")
	}
	if in.Type.AlwaysConfidential() {
		in.Confidential = true
	}
	return c.Err()
}

func (in ServiceInput) apply(sv *Service) {
	sv.OrganisationID, sv.Name, sv.Type, sv.Confidential = in.OrganisationID, in.Name, in.Type, in.Confidential
	sv.Address, sv.Postcode, sv.Lat, sv.Lon = in.Address, in.Postcode, in.Lat, in.Lon
	sv.Phone, sv.Email, sv.Capacity = in.Phone, in.Email, in.Capacity
}

// CreateService adds a service with the local authorities it covers.
func (s *Store) CreateService(ctx context.Context, in ServiceInput) (*Service, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	sv := &Service{}
	in.apply(sv)
	err := s.Tx(ctx, func(tx *Store) error {
		if err := tx.checkRefs(ctx, in); err != nil {
			return err
		}
		if err := tx.db.Create(sv).Error; err != nil {
			return serviceConflict(err)
		}
		return tx.setServiceLAs(sv, in.LAIDs)
	})
	if err != nil {
		return nil, err
	}
	return sv, nil
}

// UpdateService edits a service. Whether it is confidential is copied onto
// every record it writes (involvements, notes, assessments, referrals,
// street contacts, ...), and several of those are append-only, so the flag
// can change only while the service holds no such records: then there is
// nothing to relabel and the scopes cannot disagree with the service.
func (s *Store) UpdateService(ctx context.Context, id int64, in ServiceInput) (*Service, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*Service, error) { return tx.Service(ctx, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, sv *Service) error {
		if err := tx.checkRefs(ctx, in); err != nil {
			return err
		}
		if in.Confidential != sv.Confidential {
			held, err := tx.holdsRecords(ctx, sv.ID)
			if err != nil {
				return err
			}
			if held {
				return Invalid("confidential", "a service's confidentiality cannot change once it holds records; create a new service instead")
			}
		}
		in.apply(sv)
		if err := tx.db.Save(sv).Error; err != nil {
			return serviceConflict(err)
		}
		return tx.setServiceLAs(sv, in.LAIDs)
	})
}

// recordsCarryingConfidential are the tables that copy their service's
// confidential flag, with the columns naming that service. Gap events
// carry it too but name no service: a declined referral's event follows
// its referral, and a failed match is recorded only by a service that may
// read the person's full record, so one with an involvement (or an area
// team under break glass, which writes no casework).
var recordsCarryingConfidential = []struct{ table, column string }{
	{"involvements", "service_id"},
	{"case_notes", "service_id"},
	{"assessments", "service_id"},
	{"consents", "service_id"},
	{"safety_plans", "service_id"},
	{"cases", "service_id"},
	{"referrals", "from_service_id"},
	{"referrals", "to_service_id"},
	{"placements", "service_id"},
	{"priority_adjustments", "service_id"},
	{"street_contacts", "service_id"},
	{"street_contact_cells", "service_id"},
	{"street_contact_presence", "service_id"},
}

// holdsRecords reports whether any record carries the service's
// confidential flag.
func (s *Store) holdsRecords(ctx context.Context, serviceID int64) (bool, error) {
	for _, r := range recordsCarryingConfidential {
		var ids []int64
		if err := s.with(ctx).Table(r.table).Where(r.column+" = ?", serviceID).Limit(1).Pluck(r.column, &ids).Error; err != nil {
			return false, err
		}
		if len(ids) > 0 {
			return true, nil
		}
	}
	return false, nil
}

func (s *Store) checkRefs(ctx context.Context, in ServiceInput) error {
	var n int64
	if err := s.db.Model(&Organisation{}).Where("id = ?", in.OrganisationID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return Invalid("organisation_id", "no such organisation")
	}
	ids := uniqueIDs(in.LAIDs)
	if len(ids) == 0 {
		return nil
	}
	if err := s.db.Model(&LocalAuthority{}).Where("id IN ?", ids).Count(&n).Error; err != nil {
		return err
	}
	if int(n) != len(ids) {
		return Invalid("la_ids", "includes a local authority that does not exist")
	}
	return nil
}

func (s *Store) setServiceLAs(sv *Service, laIDs []int64) error {
	ids := uniqueIDs(laIDs)
	if err := s.db.Exec("DELETE FROM service_las WHERE service_id = ?", sv.ID).Error; err != nil {
		return err
	}
	for _, la := range ids {
		if err := s.db.Exec("INSERT INTO service_las (service_id, la_id) VALUES (?, ?)", sv.ID, la).Error; err != nil {
			return err
		}
	}
	sv.LAIDs = ids
	return nil
}

func serviceConflict(err error) error {
	return clashAs(err, "name", "another service has this name")
}

// Service finds one service with its local authorities. Services are known
// to every user; what of a confidential one is shown is policy's decision.
func (s *Store) Service(ctx context.Context, id int64) (*Service, error) {
	var sv Service
	if err := s.with(ctx).First(&sv, id).Error; err != nil {
		return nil, notFound(err)
	}
	if err := s.loadLAs(ctx, []*Service{&sv}); err != nil {
		return nil, err
	}
	return &sv, nil
}

// ServiceFilter narrows a list of services.
type ServiceFilter struct {
	OrganisationIDs []int64
	Types           []ServiceType
	LAID            int64
	IDs             []int64
}

// Services lists services by name with their local authorities.
func (s *Store) Services(ctx context.Context, f ServiceFilter) ([]Service, error) {
	q := s.with(ctx).Order("lower(name)")
	if f.OrganisationIDs != nil {
		q = q.Where("organisation_id IN ?", f.OrganisationIDs)
	}
	if f.IDs != nil {
		q = q.Where("id IN ?", f.IDs)
	}
	if len(f.Types) > 0 {
		q = q.Where("type IN ?", f.Types)
	}
	if f.LAID > 0 {
		q = q.Where("id IN (SELECT service_id FROM service_las WHERE la_id = ?)", f.LAID)
	}
	var svs []Service
	if err := q.Find(&svs).Error; err != nil {
		return nil, err
	}
	ptrs := make([]*Service, len(svs))
	for i := range svs {
		ptrs[i] = &svs[i]
	}
	return svs, s.loadLAs(ctx, ptrs)
}

func (s *Store) loadLAs(ctx context.Context, svs []*Service) error {
	if len(svs) == 0 {
		return nil
	}
	byID := make(map[int64][]*Service, len(svs)) // a service may be given twice
	ids := make([]int64, 0, len(svs))
	for _, sv := range svs {
		if byID[sv.ID] == nil {
			ids = append(ids, sv.ID)
		}
		byID[sv.ID] = append(byID[sv.ID], sv)
		sv.LAIDs = []int64{}
	}
	var rows []struct{ ServiceID, LaID int64 }
	err := inChunks(ids, func(chunk []int64) error {
		var part []struct{ ServiceID, LaID int64 }
		err := s.with(ctx).Raw("SELECT service_id, la_id FROM service_las WHERE service_id IN ? ORDER BY service_id, la_id", chunk).Scan(&part).Error
		rows = append(rows, part...)
		return err
	})
	for _, r := range rows {
		for _, sv := range byID[r.ServiceID] {
			sv.LAIDs = append(sv.LAIDs, r.LaID)
		}
	}
	return err
}

// inChunks keeps IN lists under SQLite's parameter limit.
func inChunks(ids []int64, fn func([]int64) error) error {
	const size = 500
	for i := 0; i < len(ids); i += size {
		if err := fn(ids[i:min(i+size, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// AreaTeamName names the service area admins act for when the system is
// first set up from the shell.
const AreaTeamName = "Gateway Area Team"

// EnsureAreaTeam finds the area team's service, creating its organisation
// and service on a fresh installation, so the first area admin has a
// service to act for.
func (s *Store) EnsureAreaTeam(ctx context.Context) (*Service, error) {
	var sv Service
	err := s.with(ctx).Where("type = ?", AreaTeam).Order("id").First(&sv).Error
	if err == nil {
		return s.Service(ctx, sv.ID)
	}
	if notFound(err) != ErrNotFound {
		return nil, err
	}
	var out *Service
	err = s.Tx(ctx, func(tx *Store) error {
		org, err := tx.CreateOrganisation(ctx, OrganisationInput{Name: AreaTeamName})
		if err != nil {
			return err
		}
		out, err = tx.CreateService(ctx, ServiceInput{OrganisationID: org.ID, Name: AreaTeamName, Type: AreaTeam})
		return err
	})
	return out, err
}
