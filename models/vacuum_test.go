package models_test

import (
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// After SQLite analyses, its planner keeps average statistics and no value
// samples: with samples, every statement binding a value on an indexed
// column was compiled twice.
func TestSQLiteAnalysesWithoutValueSamples(t *testing.T) {
	s := modeltest.SQLite(t)
	b := modeltest.Build(t, s)
	hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, b.LA("Northmoor"))
	u := b.User("Worker", hostel, models.RoleWorker)
	for _, n := range []string{"Ann", "Bob", "Cat", "Dan", "Eve"} {
		b.Person(n, "Smith", u, hostel)
	}
	if err := s.VacuumAnalyze(ctx); err != nil {
		t.Fatal(err)
	}
	var stat1, stat4 int64
	db := s.Gorm().WithContext(ctx)
	if err := db.Raw("SELECT COUNT(*) FROM sqlite_stat1").Scan(&stat1).Error; err != nil || stat1 == 0 {
		t.Fatalf("average statistics kept: %d rows, %v", stat1, err)
	}
	if err := db.Raw("SELECT COUNT(*) FROM sqlite_stat4").Scan(&stat4).Error; err != nil || stat4 != 0 {
		t.Fatalf("value samples dropped: %d rows, %v", stat4, err)
	}
}
