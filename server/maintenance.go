package server

import (
	"context"
	"time"
)

// keepFor is how long login counters, idempotency keys, form tokens and
// public alert fingerprints are kept: a day is enough to catch
// a double submit, a resent request or the same alert sent twice, and
// nothing that records who tried what is kept longer than it is useful.
const keepFor = 24 * time.Hour

// purgeExpired forgets what keepFor no longer covers. RunMaintenance calls
// it on each tick.
func (s *Server) purgeExpired(ctx context.Context) {
	before := s.now().Add(-keepFor)
	for what, purge := range map[string]func(context.Context, time.Time) (int64, error){
		"login throttles":    s.store.PurgeLoginThrottles,
		"idempotency keys":   s.store.PurgeIdempotencyKeys,
		"alert fingerprints": s.store.PurgeAlertFingerprints,
	} {
		if n, err := purge(ctx, before); err != nil {
			s.log.Warn("purge failed", "what", what, "err", logSafe(err))
		} else if n > 0 {
			s.log.Info("expired rows removed", "what", what, "count", n)
		}
	}
}
