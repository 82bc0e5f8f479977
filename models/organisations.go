package models

import (
	"context"
	"time"
)

// Organisation is a provider (or agency) that runs services.
type Organisation struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// OrganisationInput creates or renames an organisation.
type OrganisationInput struct {
	Name string `json:"name"`
}

func (in *OrganisationInput) validate() error {
	c := newCheck()
	c.text("name", &in.Name, true, MaxName)
	return c.Err()
}

// CreateOrganisation adds an organisation; names are unique ignoring case.
func (s *Store) CreateOrganisation(ctx context.Context, in OrganisationInput) (*Organisation, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	o := &Organisation{Name: in.Name}
	if err := s.with(ctx).Create(o).Error; err != nil {
		return nil, orgConflict(err)
	}
	return o, nil
}

// UpdateOrganisation renames an organisation.
func (s *Store) UpdateOrganisation(ctx context.Context, id int64, in OrganisationInput) (*Organisation, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	o, err := s.Organisation(ctx, id)
	if err != nil {
		return nil, err
	}
	o.Name = in.Name
	if err := s.with(ctx).Save(o).Error; err != nil {
		return nil, orgConflict(err)
	}
	return o, nil
}

func orgConflict(err error) error {
	return clashAs(err, "name", "another organisation has this name")
}

// Organisation finds one organisation.
func (s *Store) Organisation(ctx context.Context, id int64) (*Organisation, error) {
	var o Organisation
	return &o, notFound(s.with(ctx).First(&o, id).Error)
}

// Organisations lists organisations by name; ids, when given, limit the list
// (an org admin sees their own).
func (s *Store) Organisations(ctx context.Context, ids ...int64) ([]Organisation, error) {
	var os []Organisation
	q := s.with(ctx).Order("lower(name)")
	if ids != nil {
		q = q.Where("id IN ?", ids)
	}
	return os, q.Find(&os).Error
}
