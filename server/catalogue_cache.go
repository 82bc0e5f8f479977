package server

import (
	"context"
	"sync"
	"time"

	"gateway/matching"
	"gateway/models"
)

// catalogueTTL bounds how long the catalogue is kept; a change ends it at
// once (the catalogue generation), so this only covers a change nobody
// announced (another process writing the same SQLite file).
const catalogueTTL = 30 * time.Second

// catalogueCache holds every placeable service as the matcher sees it
// (rules parsed, profile, vacancies) and the weights in force, so ranking
// a person costs no statement for the catalogue. Writes to
// services, their LAs, eligibility versions, profiles, weights or
// vacancies raise the catalogue generation, here or by NOTIFY from
// another instance, and the next ranking reads it again.
type catalogueCache struct {
	mu     sync.Mutex
	gen    uint64
	loaded time.Time
	base   *catalogueBase
}

// catalogueBase is the catalogue before any reader's view: read-only once
// built, shared by every request.
type catalogueBase struct {
	services       []catalogueService
	weights        matching.Weights
	weightsVersion int
}

// catalogueService is one service with what the matcher and pages need.
type catalogueService struct {
	service models.Service
	match   matching.Service
	info    serviceInfo
}

// get is the current catalogue, read again if it changed or is old. The
// generation is read before the database, so a change during the read
// leaves the result stale rather than kept.
func (c *catalogueCache) get(ctx context.Context, s *Server) (*catalogueBase, error) {
	gen, trust := s.store.Generation(models.TopicCatalogue)
	now := time.Now()
	if trust {
		c.mu.Lock()
		base := c.base
		fresh := base != nil && c.gen == gen && now.Sub(c.loaded) <= catalogueTTL && !now.Before(c.loaded)
		c.mu.Unlock()
		if fresh {
			return base, nil
		}
	}
	base, err := s.readCatalogue(ctx)
	if err != nil {
		return nil, err
	}
	if trust {
		c.mu.Lock()
		c.gen, c.loaded, c.base = gen, now, base
		c.mu.Unlock()
	}
	return base, nil
}

// weights are the weights in force and their version, from the catalogue.
func (c *catalogueCache) weights(ctx context.Context, s *Server) (matching.Weights, int, error) {
	base, err := c.get(ctx, s)
	if err != nil {
		return matching.Weights{}, 0, err
	}
	return base.weights, base.weightsVersion, nil
}
