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
