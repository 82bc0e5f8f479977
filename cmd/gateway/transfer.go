package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gateway/policy"
	"gateway/server/app"
)

// exportTransferKey makes the area's signing key pair: KEY.key stays on
// the server (0600), KEY.pub goes to the areas that will receive records.
func exportTransferKey(args []string, stdout, stderr io.Writer) error {
	var area, out string
	fs := newFlags("export transfer-key", "Makes the area's ed25519 key pair for signing record transfers: OUT.key (keep it secret)\nand OUT.pub (give it to the areas that will import your transfers).", stderr)
	fs.StringVar(&area, "area", "", "this area's name, as other areas know it (required)")
	fs.StringVar(&out, "out", "", "path and name of the key files, without extension (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if area == "" || out == "" {
		fs.Usage()
		return fmt.Errorf("%w: give --area and --out", errUsage)
	}
	k, err := app.NewTransferKey(area)
	if err != nil {
		return err
	}
	if _, err := os.Stat(out + ".key"); err == nil {
		return fmt.Errorf("%s.key exists: a new key would orphan transfers signed with it; remove it first if you mean to replace it", out)
	}
	if err := os.WriteFile(out+".key", []byte(k.PrivateText()), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(out+".pub", []byte(k.PublicText()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s.key and %s.pub (key id %s).\n", out, out, app.KeyID(k.Public))
	return nil
}

func readKey(path string) (*app.TransferKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := app.ParseTransferKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// exportTransfer writes one person's signed record for another area.
func exportTransfer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var email, keyFile, toArea, out string
	var personID, serviceID int64
	fs := c.dbFlags("export transfer", "Writes one person's record, with their consent (\"Send my record to another area's Gateway\"),\nas a JSON document signed with the area's key, for the area they move to (gateway import transfer).\nIdentity, aliases, safety flag and contact, and the latest completed assessment; never case notes.", "gateway.db", stderr)
	fs.Int64Var(&personID, "person", 0, "the person's id (required)")
	fs.Int64Var(&serviceID, "service", 0, "the service sending the record, which must be working with the person (required)")
	fs.StringVar(&email, "user", "", "email of the worker sending it, a member of --service (required)")
	fs.StringVar(&keyFile, "key", "", "this area's private key file from gateway export transfer-key (required)")
	fs.StringVar(&toArea, "to", "", "the area the record goes to (required)")
	fs.StringVar(&out, "out", "", "file to write (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if personID == 0 || serviceID == 0 || email == "" || keyFile == "" || toArea == "" || out == "" {
		fs.Usage()
		return fmt.Errorf("%w: give --person, --service, --user, --key, --to and --out", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	key, err := readKey(keyFile)
	if err != nil {
		return err
	}
	store, pol, err := openWithPolicy(ctx, c.DB, policy.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	defer pol.Close()
	u, err := store.UserByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("--user %s: no such account", email)
	}
	ms, err := store.Memberships(ctx, u.ID)
	if err != nil {
		return err
	}
	a := policy.Actor{}
	for _, m := range ms {
		if m.ServiceID == serviceID {
			a = pol.Actor(u, m, time.Now())
		}
	}
	if !a.Valid() {
		return fmt.Errorf("--user %s cannot act for service %d", email, serviceID)
	}
	env, err := app.ExportTransfer(ctx, store, a, key, personID, toArea)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(data, '\n'), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s for %s, signed with key %s.\n", out, toArea, env.KeyID)
	return nil
}

// importTransfer reads a signed record from another area.
func importTransfer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var email, trust, area string
	var serviceID int64
	fs := c.dbFlags("import transfer FILE.json", "Imports a person's record sent by another area's Gateway (gateway export transfer). The\nsignature must be by a trusted key (--trust, the other area's .pub files, comma-separated);\na document imports once. The person gets an involvement with --service and a case note\nwith where the record came from and the assessment that came with it.", "gateway.db", stderr)
	fs.StringVar(&trust, "trust", "", "public key files of the areas you accept records from, comma-separated (required)")
	fs.Int64Var(&serviceID, "service", 0, "the service receiving the person (required)")
	fs.StringVar(&email, "user", "", "email of the worker recording it, a member of --service (required)")
	fs.StringVar(&area, "area", "", "this area's name: a document addressed to another area is refused")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if file == "" || trust == "" || serviceID == 0 || email == "" {
		fs.Usage()
		return fmt.Errorf("%w: give FILE.json, --trust, --service and --user", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	var keys []*app.TransferKey
	for _, f := range strings.Split(trust, ",") {
		k, err := readKey(strings.TrimSpace(f))
		if err != nil {
			return err
		}
		keys = append(keys, k)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	doc, key, err := app.VerifyTransfer(data, keys)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	store, pol, err := openWithPolicy(ctx, c.DB, policy.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	defer pol.Close()
	a, err := importActor(ctx, store, pol, email, serviceID)
	if err != nil {
		return err
	}
	p, err := app.ImportTransfer(ctx, store, a, doc, key, area)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(stdout, "Imported the record sent by %s as person %d.\n", doc.FromArea, p.ID)
	return nil
}
