package models

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// LocalAuthority is a council area. Boundary is GeoJSON (WGS84) as text;
// the bounding box lets the map zoom to it without parsing the geometry.
type LocalAuthority struct {
	ID        int64     `json:"id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Boundary  string    `json:"-"`
	MinLon    *float64  `json:"min_lon,omitempty"`
	MinLat    *float64  `json:"min_lat,omitempty"`
	MaxLon    *float64  `json:"max_lon,omitempty"`
	MaxLat    *float64  `json:"max_lat,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// LAInput creates or edits a local authority. The server parses and
// validates the boundary with package geo and passes the bounding box.
type LAInput struct {
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Boundary string      `json:"boundary"`
	BBox     *[4]float64 `json:"-"`
}

var laCode = regexp.MustCompile(`^[A-Z0-9]{2,12}$`)

func (in *LAInput) validate() error {
	c := newCheck()
	c.text("code", &in.Code, true, 12)
	in.Code = strings.ToUpper(in.Code)
	if in.Code != "" && !laCode.MatchString(in.Code) {
		c.Add("code", "must be 2 to 12 letters or digits, like E06000023")
	}
	c.text("name", &in.Name, true, MaxName)
	return c.Err()
}

func (in LAInput) apply(la *LocalAuthority) {
	la.Code, la.Name = in.Code, in.Name
	if in.BBox != nil {
		la.Boundary = in.Boundary
		b := *in.BBox
		la.MinLon, la.MinLat, la.MaxLon, la.MaxLat = &b[0], &b[1], &b[2], &b[3]
	}
}

// CreateLA adds a local authority.
func (s *Store) CreateLA(ctx context.Context, in LAInput) (*LocalAuthority, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	la := &LocalAuthority{}
	in.apply(la)
	if err := s.with(ctx).Create(la).Error; err != nil {
		return nil, laConflict(err)
	}
	return la, nil
}

// UpdateLA edits a local authority; a nil BBox keeps the boundary.
func (s *Store) UpdateLA(ctx context.Context, id int64, in LAInput) (*LocalAuthority, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	la, err := s.LA(ctx, id)
	if err != nil {
		return nil, err
	}
	in.apply(la)
	if err := s.with(ctx).Save(la).Error; err != nil {
		return nil, laConflict(err)
	}
	return la, nil
}

func laConflict(err error) error {
	if uniqueViolation(err) {
		if strings.Contains(err.Error(), "code") {
			return Conflict("code", "another local authority has this code")
		}
		return Conflict("name", "another local authority has this name")
	}
	return err
}

// LA finds a local authority by id. Local authorities are public facts.
func (s *Store) LA(ctx context.Context, id int64) (*LocalAuthority, error) {
	var la LocalAuthority
	return &la, notFound(s.with(ctx).First(&la, id).Error)
}

// LAByCode finds a local authority by its code.
func (s *Store) LAByCode(ctx context.Context, code string) (*LocalAuthority, error) {
	var la LocalAuthority
	err := s.with(ctx).Where("upper(code) = ?", strings.ToUpper(code)).First(&la).Error
	return &la, notFound(err)
}

// LAs lists every local authority by name.
func (s *Store) LAs(ctx context.Context) ([]LocalAuthority, error) {
	var las []LocalAuthority
	return las, s.with(ctx).Order("name").Find(&las).Error
}
