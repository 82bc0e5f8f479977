package demo

import (
	"context"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// Two builds hold the same area: the demo comes from a fixed seed.
func TestTheDemoIsDeterministic(t *testing.T) {
	names := func() []string {
		s := modeltest.SQLite(t)
		if _, err := Build(context.Background(), s, Options{People: 200}); err != nil {
			t.Fatal(err)
		}
		var out []string
		s.Gorm().Model(&models.Person{}).Order("id").Pluck("given_name || ' ' || family_name", &out)
		var svcs []string
		s.Gorm().Model(&models.Service{}).Order("id").Pluck("name", &svcs)
		return append(out, svcs...)
	}
	a, b := names(), names()
	if len(a) != len(b) || len(a) < 300 {
		t.Fatalf("sizes %d and %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d differs: %q vs %q", i, a[i], b[i])
		}
	}
}

// Every open person has an open involvement, and nobody's safety contact
// names a confidential service.
func TestTheDemoKeepsItsPromises(t *testing.T) {
	s, sum, err := buildDemo(t, modeltest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	var open int64
	s.Gorm().Model(&models.Person{}).Where("EXISTS (SELECT 1 FROM involvements i WHERE i.person_id = people.id AND i.ended_at IS NULL)").Count(&open)
	if open != int64(sum.Open) {
		t.Errorf("open people: %d, want %d", open, sum.Open)
	}
	var leaks int64
	s.Gorm().Model(&models.Person{}).Where("safety_contact IN (SELECT name || ' ' || '(' FROM services WHERE confidential) OR EXISTS (SELECT 1 FROM services sv WHERE sv.confidential AND people.safety_contact LIKE sv.name || '%')").Count(&leaks)
	if leaks != 0 {
		t.Errorf("%d safety contacts name a confidential service", leaks)
	}
	var confidentialOnly int64
	s.Gorm().Model(&models.Person{}).Where("NOT EXISTS (SELECT 1 FROM involvements i WHERE i.person_id = people.id AND i.confidential = ?)", false).Count(&confidentialOnly)
	if confidentialOnly == 0 {
		t.Error("the demo should hold people known only to confidential services")
	}
	// Workers' homes have reminders, overdue ones among them,
	// and every task is about someone open to its service.
	var tasks, overdue, stray int64
	s.Gorm().Model(&models.Task{}).Count(&tasks)
	s.Gorm().Model(&models.Task{}).Where("due_at < ?", time.Now()).Count(&overdue)
	s.Gorm().Model(&models.Task{}).Where("NOT EXISTS (SELECT 1 FROM involvements i WHERE i.person_id = tasks.person_id AND i.service_id = tasks.service_id AND i.ended_at IS NULL)").Count(&stray)
	if tasks < 20 || overdue == 0 || stray != 0 {
		t.Errorf("demo tasks: %d, %d overdue, %d about people not open to the service", tasks, overdue, stray)
	}
}
