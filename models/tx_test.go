package models_test

import (
	"sync"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// Writers that read then write in a transaction queue for SQLite's lock
// instead of failing: transactions begin IMMEDIATE. (Deferred ones fail
// with "database is locked" when two upgrade their read snapshots.)
func TestConcurrentReadThenWriteTransactionsAllSucceed(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs <- s.Tx(ctx, func(tx *models.Store) error {
					var n int64
					if err := tx.Gorm().Model(&models.Organisation{}).Count(&n).Error; err != nil {
						return err
					}
					_, err := tx.CreateOrganisation(ctx, models.OrganisationInput{Name: "Org " + string(rune('A'+i%26)) + string(rune('a'+i/26))})
					return err
				})
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("a read-then-write transaction failed instead of waiting: %v", err)
			}
		}
		var n int64
		s.Gorm().Model(&models.Organisation{}).Count(&n)
		if n != 40 {
			t.Fatalf("want 40 organisations, got %d", n)
		}
	})
}

// Times written by the driver read back as the same instant.
func TestTimesRoundTrip(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		before := models.Now()
		o, err := s.CreateOrganisation(ctx, models.OrganisationInput{Name: "Timed"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Organisation(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(o.CreatedAt) || got.CreatedAt.Before(before) {
			t.Fatalf("stored %v, read %v", o.CreatedAt, got.CreatedAt)
		}
		var n int64
		s.Gorm().Model(&models.Organisation{}).Where("created_at >= ?", before).Count(&n)
		if n != 1 {
			t.Fatalf("time comparison in SQL: %d", n)
		}
	})
}
