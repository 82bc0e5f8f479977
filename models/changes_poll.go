package models

import (
	"context"
	"log/slog"
	"time"
)

// On SQLite the processes sharing the file tell each other of changes
// through the change_counters table (migration 00026): each raises the
// topics it changed after committing (count), and each server reads the
// table every pollEvery and raises, here, the topics whose counter moved
// by more than its own counts (poll): its own changes were raised here
// when made, and raising them again would empty caches for nothing (and
// at a moment no test could predict). A change another process made
// reaches this one's caches within about a second, not the caches'
// lifetime.

// pollEvery is how often a server reads the counters.
var pollEvery = time.Second

// count raises the counters of t after a committed change. It is not in
// the change's transaction, like PostgreSQL's NOTIFY, and it outlives the
// request that made the change (the change is committed either way). If
// it fails the change stands, and other processes' caches still end
// within their lifetime (server/identity_cache.go).
func (f *changeFeed) count(ctx context.Context, t topicSet) {
	var topics []Topic
	for x := range numTopics {
		if t.has(x) {
			topics = append(topics, x)
		}
	}
	// Counted as ours before the UPDATE, so a poll between it and its
	// commit cannot take it for another process's change; taken back if
	// the UPDATE fails (a count below zero only makes the next poll raise
	// the topic, the safe way round).
	for _, x := range topics {
		f.own[x].Add(1)
	}
	err := f.db.WithContext(context.WithoutCancel(ctx)).Exec("UPDATE change_counters SET gen = gen + 1 WHERE topic IN ?", topics).Error
	if err != nil {
		for _, x := range topics {
			f.own[x].Add(-1)
		}
		slog.Warn("counting a change for other processes failed", "err", err)
	}
}

// poll reads the counters every pollEvery until ctx ends.
func (f *changeFeed) poll(ctx context.Context) {
	defer close(f.listen.done)
	seen := map[int]int64{}
	warned := false
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		var rows []struct {
			Topic int
			Gen   int64
		}
		err := f.db.WithContext(ctx).Raw("SELECT topic, gen FROM change_counters").Scan(&rows).Error
		switch {
		case err != nil && ctx.Err() == nil && !warned:
			// A database not migrated yet, or a file gone: once, not
			// every second.
			slog.Warn("reading other processes' changes failed; caches end within their lifetime", "err", err)
			warned = true
		case err == nil:
			var moved topicSet
			for _, r := range rows {
				if r.Topic < 0 || r.Topic >= int(numTopics) {
					continue
				}
				g, ok := seen[r.Topic]
				seen[r.Topic] = r.Gen
				if !ok {
					// The first read is where counting starts (a server
					// makes it before it serves: ListenForChanges); its
					// own changes before it are in it.
					f.own[r.Topic].Store(0)
					continue
				}
				delta := r.Gen - g
				mine := min(delta, f.own[r.Topic].Load())
				f.own[r.Topic].Add(-mine)
				if delta > mine {
					moved |= 1 << Topic(r.Topic)
				}
			}
			f.bump(moved)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
