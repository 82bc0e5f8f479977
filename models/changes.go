package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// Topic names data the server holds in memory between
// requests. Each has a generation that rises whenever a statement writes one of
// its tables, so a cache that remembers the generation it loaded at knows
// at once when to load again.
type Topic uint8

const (
	// TopicIdentity: who a caller is. Users, memberships, tokens, partner
	// systems, and the services and local authorities an actor is built
	// from.
	TopicIdentity Topic = iota
	// TopicCatalogue: what the matcher ranks. Services, their local
	// authorities, eligibility rules, profiles, weights and vacancies.
	TopicCatalogue
	numTopics
)

// topicSet is a bit per Topic.
type topicSet uint8

func (t topicSet) has(x Topic) bool { return t&(1<<x) != 0 }

// watchedTables maps each table to the topics a write to it changes. A
// table missing here is never cached, so adding a cache over a new table
// means adding it here (the cache's tests catch a forgotten one only if
// they write it). local_authorities is here because deleting one
// cascades to service_las without a statement naming it.
var watchedTables = map[string]topicSet{
	"users":                1 << TopicIdentity,
	"memberships":          1 << TopicIdentity,
	"api_tokens":           1 << TopicIdentity,
	"api_clients":          1 << TopicIdentity,
	"organisations":        1 << TopicIdentity,
	"services":             1<<TopicIdentity | 1<<TopicCatalogue,
	"service_las":          1<<TopicIdentity | 1<<TopicCatalogue,
	"local_authorities":    1<<TopicIdentity | 1<<TopicCatalogue,
	"service_profiles":     1 << TopicCatalogue,
	"eligibility_versions": 1 << TopicCatalogue,
	"weights_versions":     1 << TopicCatalogue,
	"vacancies":            1 << TopicCatalogue,
}

// changeFeed counts the generations of one Store (and the transactions it
// runs) and, on PostgreSQL, tells the other instances (changes_listen.go).
type changeFeed struct {
	gens   [numTopics]atomic.Uint64
	origin string // this feed's id in NOTIFY payloads, so it ignores its own
	db     *gorm.DB
	pg     bool

	// pending holds the topics written inside each open transaction, by
	// its connection: they are announced again once it commits, because a
	// request that loaded between the write and the commit saw the old rows.
	mu      sync.Mutex
	pending map[gorm.ConnPool]topicSet

	listen listener
	// own counts, per topic, the changes this feed counted on SQLite that
	// its poll has not yet read back (changes_poll.go).
	own [numTopics]atomic.Int64
}

func newChangeFeed(db *gorm.DB, pg bool) *changeFeed {
	b := make([]byte, 8)
	rand.Read(b)
	return &changeFeed{origin: hex.EncodeToString(b), db: db, pg: pg, pending: map[gorm.ConnPool]topicSet{}}
}

// bump raises the generation of each topic in t, here only.
func (f *changeFeed) bump(t topicSet) {
	for x := range numTopics {
		if t.has(x) {
			f.gens[x].Add(1)
		}
	}
}

// changed is a committed change: raise the generations here and announce
// it to the other instances.
func (f *changeFeed) changed(ctx context.Context, t topicSet) {
	if t == 0 {
		return
	}
	f.bump(t)
	if f.pg {
		f.announce(ctx, t)
	} else {
		f.count(ctx, t)
	}
}

// Generation is the topic's current generation, and whether a cache may
// trust it: on PostgreSQL only while this Store is listening for other
// instances' changes (it starts listening on the first call), since a
// change announced while it was not would go unseen.
func (s *Store) Generation(t Topic) (uint64, bool) {
	f := s.feed
	if f == nil {
		return 0, false
	}
	ok := f.listening()
	if !f.pg {
		ok = true // polling (changes_poll.go): a missed read is caught at the next
	}
	return f.gens[t].Load(), ok
}

type quietKey struct{}

// quiet marks writes that change no cached answer (when a token was last
// used, when a user last logged in, a new token nobody holds yet), so
// they do not empty every cache at each request.
func quiet(ctx context.Context) context.Context { return context.WithValue(ctx, quietKey{}, true) }

// noteWrite runs after gorm's create, update and delete: the model's
// table is the one written.
func (f *changeFeed) noteWrite(db *gorm.DB) {
	if db.Error == nil && db.Statement != nil && !db.DryRun {
		f.note(db.Statement, watchedTables[db.Statement.Table]|targetTopics(db.Statement.SQL.String()))
	}
}

// noteSQL runs after statements written by hand (Exec, Raw, Row) and
// queries, which name a model's table when they only read it: only the
// tables the SQL writes count.
func (f *changeFeed) noteSQL(db *gorm.DB) {
	if db.Error == nil && db.Statement != nil && !db.DryRun { // a dry run writes nothing
		f.note(db.Statement, targetTopics(db.Statement.SQL.String()))
	}
}

// note raises t after a successful write; inside a transaction it is
// remembered to be raised again at commit (Store.Tx).
func (f *changeFeed) note(st *gorm.Statement, t topicSet) {
	if t == 0 || st.Context != nil && st.Context.Value(quietKey{}) != nil {
		return
	}
	f.mu.Lock()
	_, inTx := f.pending[st.ConnPool]
	if inTx {
		f.pending[st.ConnPool] |= t
	}
	f.mu.Unlock()
	if inTx {
		f.bump(t) // now as well, so nothing loaded before the write is kept
		return
	}
	ctx := st.Context
	if ctx == nil {
		ctx = context.Background()
	}
	f.changed(ctx, t)
}

// beginTx registers a transaction's connection so writes inside it are
// remembered; it reports false for a nested transaction, whose outermost
// one announces.
func (f *changeFeed) beginTx(conn gorm.ConnPool) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, nested := f.pending[conn]; nested {
		return false
	}
	f.pending[conn] = 0
	return true
}

// endTx forgets a transaction and, if it committed, announces what it wrote.
func (f *changeFeed) endTx(ctx context.Context, conn gorm.ConnPool, committed bool) {
	f.mu.Lock()
	t := f.pending[conn]
	delete(f.pending, conn)
	f.mu.Unlock()
	if committed {
		f.changed(context.WithoutCancel(ctx), t)
	} else {
		f.bump(t) // rolled back: the rows are as before, but be safe
	}
}

// registerChangeWatcher hooks noteWrite and noteSQL after each kind of operation.
func registerChangeWatcher(db *gorm.DB, f *changeFeed) error {
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register("gateway:changes", f.noteWrite),
		cb.Update().After("gorm:update").Register("gateway:changes", f.noteWrite),
		cb.Delete().After("gorm:delete").Register("gateway:changes", f.noteWrite),
		cb.Query().After("gorm:query").Register("gateway:changes", f.noteSQL),
		cb.Row().After("gorm:row").Register("gateway:changes", f.noteSQL),
		cb.Raw().After("gorm:raw").Register("gateway:changes", f.noteSQL),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
