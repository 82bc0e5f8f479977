package server

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

// A person's record goes to another area's Gateway only with their
// consent, signed; the other side imports it once, refusing a document
// altered on the way or signed by a key it does not trust. Nothing of a
// confidential service travels with it.
func TestTransferToAnotherArea(t *testing.T) {
	from, to := newWorld(t), newWorld(t)
	ctx := context.Background()
	key, err := app.NewTransferKey("Elmshire")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := app.ParseTransferKey(key.PublicText())
	if err != nil {
		t.Fatal(err)
	}
	if priv, err := app.ParseTransferKey(key.PrivateText()); err != nil || app.KeyID(priv.Public) != app.KeyID(key.Public) {
		t.Fatalf("private key file does not read back: %v", err)
	}
	hostel := from.actor("hostel")
	if _, err := app.ExportTransfer(ctx, from.store, hostel, key, from.people["hostel_person"].ID, "Westshire"); !errors.Is(err, models.ErrInvalid) || !strings.Contains(err.Error(), "consent") {
		t.Fatalf("without consent: %v", err)
	}
	if _, err := app.ExportTransfer(ctx, from.store, hostel, key, from.people["refuge_only"].ID, "Westshire"); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("a person hidden from the hostel: %v", err)
	}
	for _, p := range []string{"hostel_person", "mixed"} {
		if _, err := from.store.RecordConsent(ctx, policy.Records(hostel), policy.SenderConsents(hostel), hostel.Author(), from.people[p].ID,
			models.ConsentInput{Purpose: models.ConsentTransferArea, WithWhom: "Westshire Gateway", Given: true}); err != nil {
			t.Fatal(err)
		}
	}
	env, err := app.ExportTransfer(ctx, from.store, hostel, key, from.people["mixed"].ID, "Westshire")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(env.Payload), strings.ToLower(marker)) || strings.Contains(env.Payload, "Refuge") {
		t.Errorf("the transfer of a person also known to the refuge carries the refuge's records:\n%s", env.Payload)
	}
	env, err = app.ExportTransfer(ctx, from.store, hostel, key, from.people["hostel_person"].ID, "Westshire")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(env)
	if !strings.Contains(env.Payload, "Harriet") || strings.Contains(env.Payload, "Settled well") {
		t.Errorf("the payload holds identity, never case notes:\n%s", env.Payload)
	}
	// The receiving area.
	recv := to.actor("hostel")
	count := func() int64 {
		var n int64
		to.store.Gorm().Table("people").Count(&n)
		return n
	}
	before := count()
	tampered := strings.Replace(string(data), "Harriet", "Harriot", 1)
	if _, _, err := app.VerifyTransfer([]byte(tampered), []*app.TransferKey{pub}); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("altered document: %v", err)
	}
	other, _ := app.NewTransferKey("Elsewhere")
	if _, _, err := app.VerifyTransfer(data, []*app.TransferKey{other}); err == nil || !strings.Contains(err.Error(), "not among the trusted keys") {
		t.Errorf("untrusted key: %v", err)
	}
	doc, k, err := app.VerifyTransfer(data, []*app.TransferKey{other, pub})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.ImportTransfer(ctx, to.store, recv, doc, k, "Northshire"); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("a document for another area: %v", err)
	}
	p, err := app.ImportTransfer(ctx, to.store, recv, doc, k, "Westshire")
	if err != nil {
		t.Fatal(err)
	}
	if p.GivenName != "Harriet" || p.DOB != from.people["hostel_person"].DOB {
		t.Errorf("imported %+v", p)
	}
	notes, _, err := to.store.Notes(ctx, policy.Notes(recv), p.ID, 10, 0)
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0].Body, "Record transferred from Elmshire") {
		t.Errorf("the transfer note: %v %+v", err, notes)
	}
	if _, err := app.ImportTransfer(ctx, to.store, recv, doc, k, "Westshire"); !errors.Is(err, models.ErrConflict) {
		t.Errorf("a second import of the same document: %v", err)
	}
	if n := count(); n != before+1 {
		t.Errorf("%d people added, want 1", n-before)
	}
}

// The person's page offers the transfer consent beside the others, in
// words, and records it.
func TestTransferConsentOnThePersonPage(t *testing.T) {
	w := newWorld(t)
	page := w.web("hostel").get("/people/" + itoa(w.people["hostel_person"].ID))
	if page.status != 200 || !strings.Contains(page.body, "Send my record to another area&#39;s Gateway if I move") ||
		strings.Contains(page.body, "%!") || strings.Contains(page.body, "<no value>") {
		t.Fatalf("the person page lacks the transfer consent: %d", page.status)
	}
}
