package policy

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/casbin/casbin/v2"
	casbinmodel "github.com/casbin/casbin/v2/model"
	gormadapter "github.com/casbin/gorm-adapter/v3"
	"gorm.io/gorm"

	"gateway/models"
)

//go:embed model.conf
var modelConf string

//go:embed default_policy.csv
var defaultPolicy string

// Policy holds the casbin enforcer over the policy rows in the database,
// and the grace period of the involvement rule.
type Policy struct {
	enforcer *casbin.SyncedEnforcer
	watcher  *pgWatcher
	grace    time.Duration
	answers  decisions
}

// Options configure a Policy.
type Options struct {
	// Grace is how long an involvement counts after it closes. Nil means
	// DefaultGrace; a deployment that sets 0 gets 0 (no reading after close).
	Grace *time.Duration
	// Watch, on PostgreSQL, listens for policy changes made by other app
	// instances and reloads within a second.
	Watch bool
}

// New loads the casbin model, seeds default rows never offered before, and
// loads the rows from the database.
func New(ctx context.Context, store *models.Store, opt Options) (*Policy, error) {
	grace := DefaultGrace
	if opt.Grace != nil {
		grace = *opt.Grace
	}
	if grace < 0 {
		return nil, fmt.Errorf("policy: the grace period cannot be negative (%s)", grace)
	}
	m, err := casbinmodel.NewModelFromString(modelConf)
	if err != nil {
		return nil, fmt.Errorf("policy model: %w", err)
	}
	// The table comes from our migrations, not from the adapter's AutoMigrate.
	db := store.Gorm().Session(&gorm.Session{NewDB: true}).WithContext(context.Background())
	gormadapter.TurnOffAutoMigrate(db)
	adapter, err := gormadapter.NewAdapterByDBUseTableName(db, "", "casbin_rule")
	if err != nil {
		return nil, fmt.Errorf("policy adapter: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, adapter)
	if err != nil {
		return nil, fmt.Errorf("policy enforcer: %w", err)
	}
	p := &Policy{enforcer: e, grace: grace}
	if err := p.seed(ctx, store); err != nil {
		return nil, err
	}
	if err := e.LoadPolicy(); err != nil {
		return nil, fmt.Errorf("load policy: %w", err)
	}
	if opt.Watch && store.Dialect() == models.Postgres {
		w, err := startWatcher(ctx, store.DSN(), func() {
			if err := p.Reload(); err != nil {
				slog.Error("policy reload failed", "err", err)
			}
		})
		if err != nil {
			return nil, err
		}
		p.watcher = w
		if err := e.SetWatcher(w); err != nil {
			return nil, err
		}
		// SetWatcher's own callback reloads through the embedded, unlocked
		// Enforcer and races with readers; reload through the synced one.
		w.SetUpdateCallback(func(string) {
			if err := p.Reload(); err != nil {
				slog.Error("policy reload failed", "err", err)
			}
		})
	}
	return p, nil
}

// Close stops the watcher.
func (p *Policy) Close() {
	if p.watcher != nil {
		p.watcher.Close()
	}
}

// Grace is the configured grace period.
func (p *Policy) Grace() time.Duration { return p.grace }

// Rule is one policy row: p-rows grant role × service type × resource ×
// action; g-rows make one role inherit another.
type Rule struct {
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

func (r Rule) String() string { return r.Type + ", " + strings.Join(r.Values, ", ") }

// DefaultRules parses default_policy.csv.
func DefaultRules() []Rule {
	var out []Rule
	sc := bufio.NewScanner(strings.NewReader(defaultPolicy))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		out = append(out, Rule{Type: parts[0], Values: parts[1:]})
	}
	return out
}

// seed adds the default rows that were never offered before, so new rows
// from an upgrade arrive while rows an admin removed stay removed.
func (p *Policy) seed(ctx context.Context, store *models.Store) error {
	return store.Tx(ctx, func(tx *models.Store) error {
		db := tx.Gorm()
		for _, r := range DefaultRules() {
			var n int64
			if err := db.Table("policy_seeded").Where("rule = ?", r.String()).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			row := map[string]any{"ptype": r.Type}
			for i, v := range r.Values {
				row[fmt.Sprintf("v%d", i)] = v
			}
			if err := db.Table("casbin_rule").Create(row).Error; err != nil {
				return fmt.Errorf("seed policy %q: %w", r, err)
			}
			if err := db.Table("policy_seeded").Create(map[string]any{"rule": r.String()}).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// Rules lists the rows in force.
func (p *Policy) Rules() []Rule {
	var out []Rule
	pr, _ := p.enforcer.GetPolicy()
	for _, r := range pr {
		out = append(out, Rule{Type: "p", Values: r})
	}
	gr, _ := p.enforcer.GetGroupingPolicy()
	for _, r := range gr {
		out = append(out, Rule{Type: "g", Values: r})
	}
	return out
}

// Grant adds a p-row (role, service type or *, resource, action) and tells
// the other instances.
func (p *Policy) Grant(role, serviceType, resource, action string) error {
	if role == "" || serviceType == "" || resource == "" || action == "" {
		return models.Invalid("rule", "role, service type, resource and action are all required")
	}
	ok, err := p.enforcer.AddPolicy(role, serviceType, resource, action)
	p.answers.forget()
	if err == nil && !ok {
		return models.Conflict("rule", "this permission already exists")
	}
	return err
}

// Revoke removes a p-row and tells the other instances.
func (p *Policy) Revoke(role, serviceType, resource, action string) error {
	ok, err := p.enforcer.RemovePolicy(role, serviceType, resource, action)
	p.answers.forget()
	if err == nil && !ok {
		return models.ErrNotFound
	}
	return err
}

// GrantIn adds a p-row inside the caller's transaction tx, so the row and
// the audit event the caller writes in tx commit together or not at all.
// The casbin gorm adapter holds its own connection and cannot
// join a transaction it did not open, so the row is written here and the
// enforcer rereads the rows once the caller has committed: call Changed.
// On PostgreSQL the other instances are told by a NOTIFY sent in tx, which
// PostgreSQL delivers only if tx commits.
func (p *Policy) GrantIn(ctx context.Context, tx *models.Store, role, serviceType, resource, action string) error {
	if role == "" || serviceType == "" || resource == "" || action == "" {
		return models.Invalid("rule", "role, service type, resource and action are all required")
	}
	db := tx.Gorm().WithContext(ctx).Table("casbin_rule")
	var n int64
	if err := db.Where("ptype = 'p' AND v0 = ? AND v1 = ? AND v2 = ? AND v3 = ? AND v4 = '' AND v5 = ''", role, serviceType, resource, action).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return models.Conflict("rule", "this permission already exists")
	}
	if err := tx.Gorm().WithContext(ctx).Table("casbin_rule").Create(map[string]any{"ptype": "p", "v0": role, "v1": serviceType, "v2": resource, "v3": action}).Error; err != nil {
		return err
	}
	return p.notifyIn(ctx, tx)
}

// RevokeIn removes a p-row inside tx; see GrantIn.
func (p *Policy) RevokeIn(ctx context.Context, tx *models.Store, role, serviceType, resource, action string) error {
	res := tx.Gorm().WithContext(ctx).Exec("DELETE FROM casbin_rule WHERE ptype = 'p' AND v0 = ? AND v1 = ? AND v2 = ? AND v3 = ? AND v4 = '' AND v5 = ''",
		role, serviceType, resource, action)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return models.ErrNotFound
	}
	return p.notifyIn(ctx, tx)
}

func (p *Policy) notifyIn(ctx context.Context, tx *models.Store) error {
	if p.watcher == nil || tx.Dialect() != models.Postgres {
		return nil
	}
	return tx.Gorm().WithContext(ctx).Exec("SELECT pg_notify(?, ?)", channel, p.watcher.id).Error
}

// Changed rereads the rows after GrantIn or RevokeIn committed (or rolled
// back: rereading then changes nothing).
func (p *Policy) Changed() error { return p.Reload() }

// Permissions lists the "resource:action" pairs a role at a service type
// may do, sorted: what a named token or a partner system may be limited to.
func (p *Policy) Permissions(role models.Role, serviceType models.ServiceType) []string {
	a := Actor{Role: role, ServiceType: serviceType, pol: p}
	seen := map[string]bool{}
	var out []string
	pr, _ := p.enforcer.GetPolicy()
	for _, r := range pr {
		if len(r) < 4 || seen[r[2]+":"+r[3]] {
			continue
		}
		seen[r[2]+":"+r[3]] = true
		if p.allowsRow(a, r[2], r[3]) {
			out = append(out, r[2]+":"+r[3])
		}
	}
	slices.Sort(out)
	return out
}

// Grantable lists the rows of Permissions the actor itself may do: for a
// limited actor, no more than its limits. Rows are matched by name, as
// stored, since an area admin may grant a resource resources.go does not
// name.
func Grantable(a Actor) []string {
	if !a.Valid() {
		return nil
	}
	var out []string
	for _, p := range a.pol.Permissions(a.Role, a.ServiceType) {
		res, act, _ := strings.Cut(p, ":")
		if a.pol.allowsRow(a, res, act) {
			out = append(out, p)
		}
	}
	return out
}

// Reload rereads the rows from the database.
func (p *Policy) Reload() error {
	defer p.answers.forget()
	return p.enforcer.LoadPolicy()
}

// allows is the coarse casbin decision for the actor's role and service type.
func (p *Policy) allows(a Actor, res Resource, act Action) bool {
	return p.allowsRow(a, res.name, act.name)
}

// allowsRow is allows for a row as stored, by name: the permission rows an
// area admin may grant name any resource, not only those in resources.go.
func (p *Policy) allowsRow(a Actor, resource, action string) bool {
	if p == nil || a.Role == "" {
		return false
	}
	if a.limits != nil && !slices.Contains(a.limits, resource+":"+action) {
		return false
	}
	k := decisionKey{string(a.Role), string(a.ServiceType), resource, action}
	ok, found, gen := p.answers.get(k)
	if found {
		return ok
	}
	ok, err := p.enforcer.Enforce(k.role, k.serviceType, k.resource, k.action)
	if err != nil {
		slog.Error("policy enforce failed", "err", err)
		return false
	}
	p.answers.put(k, ok, gen)
	return ok
}
