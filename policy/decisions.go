package policy

import "sync"

// decisions memoises casbin's coarse answers. A scope or a route asks
// several of them per request and casbin evaluates its matcher afresh
// each time (tens of microseconds, more than the scoped query itself);
// the answers depend only on the rows in force, which are few and change
// rarely. Every change of rows (Grant, Revoke, a reload, a reload from
// another instance) forgets them all: wildcards and role inheritance mean
// one row can change many answers, so casbin's own per-key cache
// invalidation would keep stale grants.
type decisions struct {
	mu  sync.RWMutex
	gen uint64
	m   map[decisionKey]bool
}

type decisionKey struct{ role, serviceType, resource, action string }

// get returns a remembered answer, and the generation to pass to put.
func (d *decisions) get(k decisionKey) (ok, found bool, gen uint64) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	ok, found = d.m[k]
	return ok, found, d.gen
}

// put remembers an answer computed in generation gen, unless the rows have
// changed since (the answer may be stale).
func (d *decisions) put(k decisionKey, ok bool, gen uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen != d.gen {
		return
	}
	if d.m == nil {
		d.m = map[decisionKey]bool{}
	}
	d.m[k] = ok
}

// forget drops every answer; called after the rows change.
func (d *decisions) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	d.m = nil
}
