package models

import (
	"context"
	"errors"
	"fmt"
)

// LAsVersion changes whenever a local authority is added or edited, so an
// app instance can tell its cached LA index is stale (another instance, or
// `gateway import boundaries`, may have changed the boundaries).
func (s *Store) LAsVersion(ctx context.Context) (string, error) {
	var v struct {
		N    int64
		Last Time
	}
	err := s.with(ctx).Table("local_authorities").Select("COUNT(*) AS n, MAX(updated_at) AS last").Scan(&v).Error
	return fmt.Sprintf("%d@%d", v.N, v.Last.UnixMicro()), err
}

// UpsertLAByCode creates the LA with in.Code, or updates its name and
// boundary: what a boundaries import does for each feature.
func (s *Store) UpsertLAByCode(ctx context.Context, in LAInput) (la *LocalAuthority, created bool, err error) {
	if err := in.validate(); err != nil {
		return nil, false, err
	}
	existing, err := s.LAByCode(ctx, in.Code)
	if errors.Is(err, ErrNotFound) {
		la, err := s.CreateLA(ctx, in)
		return la, err == nil, err
	}
	if err != nil {
		return nil, false, err
	}
	la, err = s.UpdateLA(ctx, existing.ID, in)
	return la, false, err
}

// LocateFunc says which LA contains a point (lat, lon), or nil for none.
type LocateFunc func(lat, lon float64) *int64

// ReassignStreetContactLAs recomputes the LA of every street contact and
// public alert with a pin, after boundaries changed, and rebuilds the
// hotspot rollup. It reads contacts in id order in batches and writes only
// those whose LA changed, in one transaction. It returns how many changed.
func (s *Store) ReassignStreetContactLAs(ctx context.Context, locate LocateFunc, progress func(done, total int64)) (int64, error) {
	var changed int64
	err := s.Tx(ctx, func(tx *Store) error {
		var total int64
		if err := tx.db.Table("street_contacts").Count(&total).Error; err != nil {
			return err
		}
		var done, last int64
		for {
			var rows []struct {
				ID       int64
				Lat, Lon float64
				LaID     *int64
			}
			err := tx.db.Table("street_contacts").Select("id, lat, lon, la_id").Where("id > ?", last).
				Order("id").Limit(20000).Scan(&rows).Error
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				break
			}
			moves := map[int64][]int64{} // new LA (0: none) -> contact ids
			for _, r := range rows {
				now := locate(r.Lat, r.Lon)
				if !sameID(now, r.LaID) {
					k := int64(0)
					if now != nil {
						k = *now
					}
					moves[k] = append(moves[k], r.ID)
				}
			}
			for la, ids := range moves {
				var v any
				if la != 0 {
					v = la
				}
				if err := inChunks(ids, func(chunk []int64) error {
					return tx.db.Exec("UPDATE street_contacts SET la_id = ? WHERE id IN ?", v, chunk).Error
				}); err != nil {
					return err
				}
				changed += int64(len(ids))
			}
			last = rows[len(rows)-1].ID
			done += int64(len(rows))
			if progress != nil {
				progress(done, total)
			}
		}
		if err := tx.reassignAlertLAs(locate); err != nil {
			return err
		}
		if changed == 0 {
			return nil
		}
		return tx.RebuildStreetContactCells(ctx)
	})
	return changed, err
}

func (s *Store) reassignAlertLAs(locate LocateFunc) error {
	var alerts []PublicAlert
	if err := s.db.Where("lat IS NOT NULL AND lon IS NOT NULL").Find(&alerts).Error; err != nil {
		return err
	}
	for _, a := range alerts {
		if la := locate(*a.Lat, *a.Lon); !sameID(la, a.LAID) {
			if err := s.db.Model(&PublicAlert{}).Where("id = ?", a.ID).Updates(map[string]any{"la_id": la, "updated_at": Now()}).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
