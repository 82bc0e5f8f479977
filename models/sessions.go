package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm/clause"
)

// SessionStore keeps scs sessions in the database, so any app instance can
// serve any request and a restart logs nobody out.
type SessionStore struct{ s *Store }

// Sessions returns the scs store backed by this database.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s} }

type sessionRow struct {
	Token  string `gorm:"primaryKey"`
	Data   []byte
	Expiry time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// FindCtx implements scs.CtxStore.
func (st *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var row sessionRow
	err := st.s.with(ctx).Where("token = ? AND expiry > ?", token, Now()).First(&row).Error
	if errors.Is(notFound(err), ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return row.Data, true, nil
}

// CommitCtx implements scs.CtxStore.
func (st *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	row := sessionRow{Token: token, Data: b, Expiry: expiry.UTC()}
	return st.s.with(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "token"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expiry"}),
	}).Create(&row).Error
}

// DeleteCtx implements scs.CtxStore.
func (st *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	return st.s.with(ctx).Where("token = ?", token).Delete(&sessionRow{}).Error
}

// Find, Commit and Delete satisfy scs.Store for callers without a context.
func (st *SessionStore) Find(token string) ([]byte, bool, error) {
	return st.FindCtx(context.Background(), token)
}

func (st *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return st.CommitCtx(context.Background(), token, b, expiry)
}

func (st *SessionStore) Delete(token string) error {
	return st.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes expired sessions; the server runs it periodically.
func (st *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	res := st.s.with(ctx).Where("expiry <= ?", Now()).Delete(&sessionRow{})
	return res.RowsAffected, res.Error
}
