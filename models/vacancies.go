package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm/clause"
)

// Vacancy is a line of free places at a service ("Direct access beds: 2").
// Most services have one line; some keep separate lines for, say, a
// women-only floor or an accessible room. Places are updated by the
// service and taken, one at a time, by accepting a referral.
type Vacancy struct {
	ID              int64     `json:"id"`
	ServiceID       int64     `json:"service_id"`
	Label           string    `json:"label"`
	Places          int       `json:"places"`
	UpdatedAt       time.Time `json:"updated_at"`
	UpdatedByUserID *int64    `json:"-"`
	CreatedAt       time.Time `json:"created_at"`
}

// VacancyInput adds a vacancy line or changes one (the server pre-fills it
// from the stored line, so a PATCH may send places alone).
type VacancyInput struct {
	Label  string `json:"label"`
	Places int    `json:"places"`
}

// ErrPlaceGone is the answer to taking a place from a line with none left:
// someone else took the last bed first.
var ErrPlaceGone = Conflict("vacancy_id", "the bed has gone: another referral took the last place on this vacancy. Choose another vacancy or decline the referral")

func (in *VacancyInput) validate() error {
	c := newCheck()
	c.text("label", &in.Label, true, MaxName)
	if in.Places < 0 || in.Places > 10000 {
		c.Add("places", "must be between 0 and 10000")
	}
	return c.Err()
}

// ServiceVacancies lists a service's vacancy lines by label. Vacancies are
// not personal data: every worker may see them.
func (s *Store) ServiceVacancies(ctx context.Context, serviceID int64) ([]Vacancy, error) {
	out := []Vacancy{}
	err := s.with(ctx).Where("service_id = ?", serviceID).Order("lower(label), id").Find(&out).Error
	return out, err
}

// Vacancy finds one vacancy line.
func (s *Store) Vacancy(ctx context.Context, id int64) (*Vacancy, error) {
	var v Vacancy
	if err := s.with(ctx).First(&v, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &v, nil
}

// VacancyTotal is a service's free places over all its lines and when they
// were last updated.
type VacancyTotal struct {
	ServiceID int64 `json:"service_id"`
	Places    int   `json:"places"`
	UpdatedAt Time  `json:"updated_at"`
}

// VacancyTotals sums every service's vacancy lines.
func (s *Store) VacancyTotals(ctx context.Context) (map[int64]VacancyTotal, error) {
	var rows []VacancyTotal
	err := s.with(ctx).Model(&Vacancy{}).
		Select("service_id, SUM(places) AS places, MAX(updated_at) AS updated_at").
		Group("service_id").Scan(&rows).Error
	out := make(map[int64]VacancyTotal, len(rows))
	for _, r := range rows {
		out[r.ServiceID] = r
	}
	return out, err
}

// AddVacancy adds a vacancy line to a service with places to fill.
func (s *Store) AddVacancy(ctx context.Context, serviceID, userID int64, in VacancyInput) (*Vacancy, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	v := &Vacancy{ServiceID: serviceID, Label: in.Label, Places: in.Places, UpdatedByUserID: &userID}
	err := s.Tx(ctx, func(tx *Store) error {
		if err := tx.checkCapacity(ctx, serviceID, 0, in.Places, 0); err != nil {
			return err
		}
		now := Now()
		v.UpdatedAt, v.CreatedAt = now, now
		if err := tx.db.Create(v).Error; err != nil {
			return clashAs(err, "label", "the service already has a vacancy line with this label")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// UpdateVacancy sets a line's label and free places, as the service says
// them now. It runs in a transaction that locks the line, so a place taken
// by an acceptance at the same moment is not silently overwritten by a
// count read before it. More places than the beds not taken are refused
// (checkCapacity).
func (s *Store) UpdateVacancy(ctx context.Context, serviceID, id, userID int64, in VacancyInput) (*Vacancy, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*Vacancy, error) { return tx.lockVacancy(ctx, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, v *Vacancy) error {
		if v.ServiceID != serviceID {
			return ErrNotFound
		}
		if err := tx.checkCapacity(ctx, serviceID, id, in.Places, v.Places); err != nil {
			return err
		}
		now := Now()
		v.Label, v.Places, v.UpdatedAt, v.UpdatedByUserID = in.Label, in.Places, now, &userID
		err := tx.db.Model(&Vacancy{}).Where("id = ?", id).
			Updates(map[string]any{"label": in.Label, "places": in.Places, "updated_at": now, "updated_by_user_id": userID}).Error
		return clashAs(err, "label", "the service already has a vacancy line with this label")
	})
}

// forUpdate locks the rows a PostgreSQL read returns until the transaction ends.
var forUpdate = clause.Locking{Strength: "UPDATE"}

// lockRow holds row id of T's table until the transaction ends, on
// PostgreSQL, so two writes of one row apply one after the other (SQLite's
// write lock already serialises writers). A missing row is ErrNotFound.
func lockRow[T any](s *Store, id int64) error {
	if s.dialect != Postgres {
		return nil
	}
	var locked T
	return notFound(s.db.Clauses(forUpdate).Select("id").Where("id = ?", id).Take(&locked).Error)
}

// lockVacancy reads a line for update: a row lock on PostgreSQL; SQLite's
// immediate transactions already hold the write lock.
func (s *Store) lockVacancy(ctx context.Context, id int64) (*Vacancy, error) {
	q := s.with(ctx)
	if s.dialect == Postgres {
		q = q.Clauses(forUpdate)
	}
	var v Vacancy
	if err := q.First(&v, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &v, nil
}

// checkCapacity keeps a service's beds counted once: the free places on
// its lines and the people placed there now may not add up to more than
// its capacity. except is the line being changed (0 for a new one), places
// its new count and was its count before. A change that adds no places (a
// new label, or fewer places on a service already over) passes, so a
// manager can always bring a count down. Accepting a referral needs no
// check: it turns a free place into a placement.
//
// The service row is read for update on PostgreSQL, so edits of a
// service's lines and move-ons returning places take turns, each counting
// after the last one committed; SQLite's immediate transactions already
// let one writer in at a time. The lines and placements are counted in one
// statement, so an acceptance is counted whole or not at all.
func (s *Store) checkCapacity(ctx context.Context, serviceID, except int64, places, was int) error {
	q := s.with(ctx).Model(&Service{}).Select("capacity").Where("id = ?", serviceID)
	if s.dialect == Postgres {
		q = q.Clauses(forUpdate)
	}
	var sv []struct{ Capacity int }
	if err := q.Scan(&sv).Error; err != nil {
		return err
	}
	if len(sv) == 0 {
		return Invalid("service_id", "no such service")
	}
	capacity := sv[0].Capacity
	if capacity <= 0 {
		return Invalid("places", "the service has no capacity recorded, so it has no places to offer; an administrator sets its capacity")
	}
	if places <= was {
		return nil
	}
	var n struct{ Free, Placed int }
	err := s.with(ctx).Raw(`SELECT
		(SELECT COALESCE(SUM(places), 0) FROM vacancies WHERE service_id = ? AND id <> ?) AS free,
		(SELECT COUNT(*) FROM placements WHERE service_id = ? AND moved_on_at IS NULL) AS placed`,
		serviceID, except, serviceID).Scan(&n).Error
	if err != nil {
		return err
	}
	if free := n.Free + places; free+n.Placed > capacity {
		return Invalid("places", "free places would be "+itoa(free)+" with "+itoa(n.Placed)+" people placed now, more than the service's capacity of "+
			itoa(capacity)+" beds; when someone has left, record their move-on, which frees their place")
	}
	return nil
}

// takePlace takes one place from a line of the service, or fails with
// ErrPlaceGone. The UPDATE's condition is the guarantee: on PostgreSQL
// concurrent takers queue on the row lock and re-check places > 0; on
// SQLite BEGIN IMMEDIATE lets one writer in at a time.
func (s *Store) takePlace(vacancyID, serviceID, userID int64) error {
	res := s.db.Exec("UPDATE vacancies SET places = places - 1, updated_at = ?, updated_by_user_id = ? WHERE id = ? AND service_id = ? AND places > 0",
		Now(), userID, vacancyID, serviceID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrPlaceGone
	}
	return nil
}

// returnPlace frees a place on a line after a move-on, if the service's
// beds allow it. When the free places and the people still placed already
// fill its capacity (the manager counted the bed free before recording
// the move-on, or capacity went down), the place is not added: the
// service's own count wins, and returnPlace reports false.
func (s *Store) returnPlace(ctx context.Context, vacancyID, userID int64) (bool, error) {
	v, err := s.lockVacancy(ctx, vacancyID)
	if err != nil {
		return false, err
	}
	var full FieldErrors
	if err := s.checkCapacity(ctx, v.ServiceID, v.ID, v.Places+1, v.Places); errors.As(err, &full) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	err = s.db.Exec("UPDATE vacancies SET places = places + 1, updated_at = ?, updated_by_user_id = ? WHERE id = ?", Now(), userID, vacancyID).Error
	return err == nil, err
}
