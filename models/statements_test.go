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

// A subquery passed as an argument is built by a dry run of its own; it is
// part of one statement, one trip to the database.
func TestAStatementWithSubqueriesCountsOnce(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		ctx, count := models.WithStatementCount(context.Background())
		db := s.Gorm().WithContext(ctx)
		inner := db.Table("people").Select("id").Where("id > ?", 0)
		var n int64
		if err := db.Table("(?) AS p", inner).Where("p.id IN (?)", db.Table("people").Select("id")).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if got := count.N(); got != 1 {
			t.Errorf("one statement with two subqueries counted as %d", got)
		}
	})
}
