package models_test

import (
	"context"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

func TestStatementsAreCountedPerContextAndInTotal(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		ctx, count := models.WithStatementCount(context.Background())
		before := models.StatementsExecuted()
		for range 3 {
			if err := s.Gorm().WithContext(ctx).Exec("SELECT 1").Error; err != nil {
				t.Fatal(err)
			}
		}
		if got := count.N(); got != 3 {
			t.Errorf("statements under the context = %d, want 3", got)
		}
		if got := models.StatementsExecuted() - before; got < 3 {
			t.Errorf("statements in total rose by %d, want at least 3", got)
		}
		if err := s.Gorm().Exec("SELECT 1").Error; err != nil {
			t.Fatal(err)
		}
		if got := count.N(); got != 3 {
			t.Errorf("a statement outside the context was counted: %d", got)
		}
	})
}

// A subquery passed as an argument is built by a dry run of its own
// callbacks; only the statement that carries it reaches the database.
func TestASubqueryIsNotCountedAsAStatement(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		ctx, count := models.WithStatementCount(context.Background())
		sub := s.Gorm().WithContext(ctx).Table("users").Select("id")
		var n int64
		if err := s.Gorm().WithContext(ctx).Table("users").Where("id IN (?)", sub).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if got := count.N(); got != 1 {
			t.Errorf("a query with a subquery counted %d statements, want 1", got)
		}
	})
}
