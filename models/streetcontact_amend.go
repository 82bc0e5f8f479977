package models

import (
	"context"
	"strings"
)

// StreetContactAmendment puts right the essential fields of a recorded
// contact that the data-compliance rules can find missing:
// the site type, and a point that was never given (0,0, from an import).
// The time cannot be missing: the table requires it. Nil leaves a field as
// it is. The server fills TileX, TileY and LAID from the point with
// package geo, as for a new contact.
type StreetContactAmendment struct {
	SiteType *string  `json:"site_type"`
	Lat      *float64 `json:"lat"`
	Lon      *float64 `json:"lon"`

	TileX, TileY int    `json:"-"`
	LAID         *int64 `json:"-"`
}

// PointMissing reports whether a contact was stored without a point.
func (sc *StreetContact) PointMissing() bool { return sc.Lat == 0 && sc.Lon == 0 }

func (in *StreetContactAmendment) validate(sc *StreetContact) error {
	c := newCheck()
	if in.SiteType == nil && in.Lat == nil && in.Lon == nil {
		c.Add("site_type", "say what to put right: the site type, or a missing point")
		return c.Err()
	}
	if in.SiteType != nil {
		c.oneOf("site_type", *in.SiteType, SiteTypes)
	}
	switch {
	case in.Lat == nil && in.Lon == nil:
	case in.Lat == nil:
		c.Add("lat", "is required when lon is given")
	case in.Lon == nil:
		c.Add("lon", "is required when lat is given")
	case !sc.PointMissing():
		// A pin placed by the form was checked against the service's LAs
		// when it was made; moving it would silently move counts between
		// map cells and LAs.
		c.Add("lat", "the point was recorded with the contact; only a missing point can be set")
	default:
		c.point(in.Lat, in.Lon)
	}
	return c.Err()
}

// AmendStreetContact puts right a contact found through scope (the
// service's own contacts: policy.AmendableStreetContacts). It returns the
// contact as it is now and a note of what changed, from what, for the
// audit trail: a point's place is never written there, only that a missing
// one was set. A new point moves the contact's count in the hotspot
// rollups in the same transaction.
func (s *Store) AmendStreetContact(ctx context.Context, scope Scope, id int64, in StreetContactAmendment) (*StreetContact, string, error) {
	var changes []string
	load := func(tx *Store) (*StreetContact, error) { return tx.StreetContact(ctx, scope, id) }
	sc, err := changeLoaded(ctx, s, load, func(tx *Store, sc *StreetContact) error {
		if err := in.validate(sc); err != nil {
			return err
		}
		before := *sc
		if in.SiteType != nil && *in.SiteType != sc.SiteType {
			changes = append(changes, "site type "+orMissing(sc.SiteType)+" → "+*in.SiteType)
			sc.SiteType = *in.SiteType
		}
		if in.Lat != nil {
			sc.Lat, sc.Lon, sc.TileX, sc.TileY, sc.LAID = *in.Lat, *in.Lon, in.TileX, in.TileY, in.LAID
			changes = append(changes, "point (missing) → set")
		}
		if len(changes) == 0 {
			return nil
		}
		err := tx.db.Exec("UPDATE street_contacts SET site_type = ?, lat = ?, lon = ?, tile_x = ?, tile_y = ?, la_id = ? WHERE id = ?",
			sc.SiteType, sc.Lat, sc.Lon, sc.TileX, sc.TileY, sc.LAID, sc.ID).Error
		if err != nil || in.Lat == nil {
			return err
		}
		if err := tx.uncountInCell(&before); err != nil {
			return err
		}
		return tx.countInCell(sc)
	})
	if err != nil {
		return nil, "", err
	}
	if len(changes) == 0 {
		return sc, "nothing changed", nil
	}
	return sc, strings.Join(changes, "; "), nil
}

func orMissing(v string) string {
	if v == "" {
		return "(missing)"
	}
	return v
}

// uncountInCell takes one contact out of the rollups: the reverse of
// countInCell, in the same transaction as the change that moves it.
func (s *Store) uncountInCell(sc *StreetContact) error {
	k := keyOf(sc)
	where := "month = ? AND la_id = ? AND service_id = ? AND tile_x = ? AND tile_y = ? AND person_id = ?"
	args := []any{s.monthArg(k.month), k.la, k.service, k.tileX, k.tileY, k.person}
	if err := s.db.Exec("UPDATE street_contact_cells SET contacts = contacts - 1 WHERE "+where, args...).Error; err != nil {
		return err
	}
	if err := s.db.Exec("DELETE FROM street_contact_cells WHERE contacts <= 0 AND "+where, args...).Error; err != nil {
		return err
	}
	if k.person == 0 {
		return nil
	}
	var left int64
	if err := s.db.Table("street_contact_cells").Where(where, args...).Count(&left).Error; err != nil || left > 0 {
		return err
	}
	// The person was met in this tile that month only through this contact:
	// the month's bit goes from their presence row.
	epoch, bit := epochOf(monthIndex(k.month))
	key := "epoch = ? AND la_id = ? AND service_id = ? AND tile_x = ? AND tile_y = ? AND person_id = ?"
	kargs := []any{epoch, k.la, k.service, k.tileX, k.tileY, k.person}
	if err := s.db.Exec("UPDATE street_contact_presence SET months = months & ? WHERE "+key, append([]any{^bit}, kargs...)...).Error; err != nil {
		return err
	}
	return s.db.Exec("DELETE FROM street_contact_presence WHERE months = 0 AND "+key, kargs...).Error
}
