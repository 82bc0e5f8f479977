package models

import "context"

// TypeCount is a number of people per service type.
type TypeCount struct {
	ServiceType string `json:"service_type"`
	People      int    `json:"people"`
}

// OpenPeopleByServiceType counts distinct people with open involvements,
// through scope, per service type.
func (s *Store) OpenPeopleByServiceType(ctx context.Context, scope Scope) ([]TypeCount, error) {
	var out []TypeCount
	err := s.with(ctx).Table("involvements").Scopes(scope.Apply).
		Select("sv.type AS service_type, COUNT(DISTINCT involvements.person_id) AS people").
		Joins("JOIN services sv ON sv.id = involvements.service_id").
		Where("involvements.ended_at IS NULL").
		Group("sv.type").Order("sv.type").Scan(&out).Error
	return out, err
}

// Counts are the size of the area, for the admin dashboard.
type Counts struct {
	People, OpenPeople, Services, Organisations, Users int64
}

// AreaCounts counts people (through scope), services, organisations and users.
func (s *Store) AreaCounts(ctx context.Context, people Scope) (Counts, error) {
	var c Counts
	db := s.with(ctx)
	if err := db.Model(&Person{}).Scopes(people.Apply).Count(&c.People).Error; err != nil {
		return c, err
	}
	if err := db.Model(&Person{}).Scopes(people.Apply).Where("EXISTS (SELECT 1 FROM involvements io2 WHERE io2.person_id = people.id AND io2.ended_at IS NULL AND io2.confidential = ?)", false).Count(&c.OpenPeople).Error; err != nil {
		return c, err
	}
	db.Model(&Service{}).Count(&c.Services)
	db.Model(&Organisation{}).Count(&c.Organisations)
	db.Model(&User{}).Count(&c.Users)
	return c, nil
}
