package server

import (
	"context"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
)

// lastSeenAt is where a person was last met on the street, when the reader
// may use it (policy.LocatingStreetContacts: services that read the full
// record); the words say so on the matches page.
func (s *Server) lastSeenAt(ctx context.Context, a policy.Actor, personID int64) (orb.Point, string, bool, error) {
	lat, lon, seen, ok, err := s.store.LastStreetContactPoint(ctx, policy.LocatingStreetContacts(a), personID)
	if err != nil || !ok {
		return orb.Point{}, "", false, err
	}
	return orb.Point{lon, lat}, "where they were last met on the street (" + seen.In(models.London).Format("2 Jan 2006") + ")", true, nil
}

// personLocation is the centroid of a person's local-connection LA, where
// distances are measured from when no street contact says where they are.
// Never a confidential service's address: a person placed in a refuge is
// located by their LA.
func (s *Server) personLocation(ctx context.Context, laID *int64) (orb.Point, bool) {
	if laID == nil {
		return orb.Point{}, false
	}
	return s.laCentroid(ctx, *laID)
}

// centroids caches each LA's centroid for a few minutes: boundaries change
// once in a blue moon and parsing one on every ranking would cost more than
// the ranking.
var centroids = struct {
	sync.Mutex
	m map[centroidKey]centroidEntry
}{m: map[centroidKey]centroidEntry{}}

type centroidKey struct {
	store *models.Store
	la    int64
}

type centroidEntry struct {
	p     orb.Point
	ok    bool
	until time.Time
}

const centroidTTL = 5 * time.Minute

func (s *Server) laCentroid(ctx context.Context, laID int64) (orb.Point, bool) {
	key := centroidKey{s.store, laID}
	now := time.Now()
	centroids.Lock()
	e, hit := centroids.m[key]
	centroids.Unlock()
	if hit && now.Before(e.until) {
		return e.p, e.ok
	}
	e = centroidEntry{until: now.Add(centroidTTL)}
	if la, err := s.store.LA(ctx, laID); err == nil && la.Boundary != "" {
		if mp, err := geo.ParseBoundary([]byte(la.Boundary)); err == nil && len(mp) > 0 {
			e.p, e.ok = geo.Centroid(mp), true
		}
	}
	centroids.Lock()
	centroids.m[key] = e
	centroids.Unlock()
	return e.p, e.ok
}
