package models_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// Two processes on one SQLite file: a change one of them commits (a user
// disabled from the command line) raises the other's generation within
// about a second, so the server's caches drop it as PostgreSQL's do on
// NOTIFY; its own changes are raised once, when made, not again when it
// reads the counters back.
func TestAnotherProcessesChangeReachesThisOnesCachesOnSQLite(t *testing.T) {
	first := modeltest.SQLite(t)
	path := filepath.Join(t.TempDir(), "shared.db")
	if err := first.Gorm().Exec("VACUUM INTO ?", path).Error; err != nil {
		t.Fatal(err)
	}
	server, err := models.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	command, err := models.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer command.Close()
	if !server.ListenForChanges() {
		t.Fatal("not reading the counters")
	}
	ctx := context.Background()
	b := modeltest.Build(t, command)
	sv := b.Service(b.Org("Trust"), "Hostel", models.Hostel, b.LA("Northmoor"))
	u := b.User("worker", sv, models.RoleWorker)
	other := b.User("other", sv, models.RoleWorker)
	time.Sleep(1500 * time.Millisecond) // the fixture's own changes are read
	before, _ := server.Generation(models.TopicIdentity)
	if err := command.DisableUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for g, _ := server.Generation(models.TopicIdentity); g == before; g, _ = server.Generation(models.TopicIdentity) {
		if time.Now().After(deadline) {
			t.Fatal("the server never learnt of the other process's change")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Its own change: raised once, at once, and not again by the poll.
	own, _ := server.Generation(models.TopicIdentity)
	if err := server.DisableUser(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	after, _ := server.Generation(models.TopicIdentity)
	if after == own {
		t.Fatal("its own change did not raise the generation")
	}
	time.Sleep(2500 * time.Millisecond)
	if g, _ := server.Generation(models.TopicIdentity); g != after {
		t.Errorf("its own change was raised again by reading the counters back: %d, then %d", after, g)
	}
}
