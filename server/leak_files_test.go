package server

import (
	"context"
	"testing"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

type fileOutput struct{ name, text string }

// fileOutputs are the exports that are files, not answers to a
// route, built from the leak test's world for the marker scan.
func (w *world) fileOutputs(t *testing.T) []fileOutput {
	t.Helper()
	ctx := context.Background()
	var outs []fileOutput
	for _, mode := range []string{models.DirConfidentialOmit, models.DirConfidentialNoLocation} {
		d, err := w.store.ExportDirectory(ctx, mode)
		if err != nil {
			t.Fatal(err)
		}
		js, err := d.JSON()
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, fileOutput{"directory JSON (" + mode + ")", string(js)})
		tab, err := d.Tabular()
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range tab {
			outs = append(outs, fileOutput{"directory " + name + " (" + mode + ")", string(data)})
		}
	}
	las, err := w.store.LAs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, la := range las {
		csv, err := app.StatisticsExtract(ctx, w.store, w.pol, &la, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), "all")
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, fileOutput{"statistical extract " + la.Code, string(csv)})
	}
	hostel := w.actor("hostel")
	if _, err := w.store.RecordConsent(ctx, policy.Records(hostel), policy.SenderConsents(hostel), hostel.Author(), w.people["mixed"].ID,
		models.ConsentInput{Purpose: models.ConsentTransferArea, WithWhom: "Westshire Gateway", Given: true}); err != nil {
		t.Fatal(err)
	}
	key, err := app.NewTransferKey("Elmshire")
	if err != nil {
		t.Fatal(err)
	}
	env, err := app.ExportTransfer(ctx, w.store, hostel, key, w.people["mixed"].ID, "Westshire")
	if err != nil {
		t.Fatal(err)
	}
	return append(outs, fileOutput{"transfer of a person also known to the refuge", env.Payload})
}
