package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"gateway/models"
	"gateway/policy"
)

// A transfer carries one person's record, with their consent, from one
// area's Gateway to another's when they move: identity, aliases, the
// safety flag and contact, and their latest completed assessment. Never
// case notes, and never anything the sending service may not read itself.
// The document is signed with the sending area's ed25519 key; the
// receiving area imports it only when the signature is by a key it trusts,
// and only once.

// TransferFormat names the document format and its version.
const TransferFormat = "gateway-transfer/1"

// TransferEnvelope is the file sent: the payload exactly as signed (JSON
// text), the signing key's id and the signature.
type TransferEnvelope struct {
	Format    string `json:"format"`
	KeyID     string `json:"key_id"`
	Payload   string `json:"payload"`
	Signature string `json:"signature"` // base64 ed25519 over Payload's bytes
}

// TransferDocument is the payload.
type TransferDocument struct {
	Format      string              `json:"format"`
	DocumentID  string              `json:"document_id"`
	FromArea    string              `json:"from_area"`
	ToArea      string              `json:"to_area"`
	CreatedAt   time.Time           `json:"created_at"`
	FromService string              `json:"from_service"`
	ConsentAt   time.Time           `json:"consent_recorded_at"`
	Person      TransferPerson      `json:"person"`
	Assessment  *TransferAssessment `json:"assessment"`
}

// TransferPerson is the identity part of a transfer.
type TransferPerson struct {
	GivenName          string         `json:"given_name"`
	FamilyName         string         `json:"family_name"`
	DOB                models.Date    `json:"dob"`
	EstimatedBirthYear *int           `json:"estimated_birth_year"`
	Gender             string         `json:"gender"`
	Phone              string         `json:"phone"`
	Email              string         `json:"email"`
	Nationality        string         `json:"nationality"`
	ImmigrationStatus  string         `json:"immigration_status"`
	SafetyFlag         bool           `json:"safety_flag"`
	SafetyContact      string         `json:"safety_contact"`
	Aliases            []models.Alias `json:"aliases"`
}

// TransferAssessment is the latest completed assessment.
type TransferAssessment struct {
	CompletedAt *time.Time     `json:"completed_at"`
	FormVersion int            `json:"form_version"`
	NeedsScore  *int           `json:"needs_score"`
	Answers     models.Answers `json:"answers"`
}

// TransferKey is an area's signing key pair.
type TransferKey struct {
	Area    string
	Private ed25519.PrivateKey
	Public  ed25519.PublicKey
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	return hex.EncodeToString(h[:8])
}

// NewTransferKey makes a key pair for an area.
func NewTransferKey(area string) (*TransferKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return &TransferKey{Area: area, Private: priv, Public: pub}, nil
}

// PrivateText and PublicText are the key files' contents: one line each,
// "gateway-transfer-key <private|public> <area> <base64>".
func (k *TransferKey) PrivateText() string {
	return fmt.Sprintf("gateway-transfer-key private %s %s\n", base64.StdEncoding.EncodeToString(k.Private.Seed()), strings.ReplaceAll(k.Area, "\n", " "))
}

func (k *TransferKey) PublicText() string {
	return fmt.Sprintf("gateway-transfer-key public %s %s\n", base64.StdEncoding.EncodeToString(k.Public), strings.ReplaceAll(k.Area, "\n", " "))
}

// ParseTransferKey reads a key file written by PrivateText or PublicText.
func ParseTransferKey(text string) (*TransferKey, error) {
	f := strings.SplitN(strings.TrimSpace(text), " ", 4)
	if len(f) < 3 || f[0] != "gateway-transfer-key" {
		return nil, errors.New("not a Gateway transfer key file")
	}
	raw, err := base64.StdEncoding.DecodeString(f[2])
	if err != nil {
		return nil, errors.New("the key is not base64")
	}
	k := &TransferKey{}
	if len(f) == 4 {
		k.Area = f[3]
	}
	switch {
	case f[1] == "private" && len(raw) == ed25519.SeedSize:
		k.Private = ed25519.NewKeyFromSeed(raw)
		k.Public = k.Private.Public().(ed25519.PublicKey)
	case f[1] == "public" && len(raw) == ed25519.PublicKeySize:
		k.Public = raw
	default:
		return nil, errors.New("the key has the wrong length")
	}
	return k, nil
}

// ExportTransfer builds the signed document for one person, as actor (a
// worker of a service involved with them) sees the record. Refused without
// the person's consent to the transfer; a person the actor may not read
// answers models.ErrNotFound, as a missing one does. Audited.
func ExportTransfer(ctx context.Context, store *models.Store, a policy.Actor, key *TransferKey, personID int64, toArea string) (*TransferEnvelope, error) {
	if key.Private == nil {
		return nil, errors.New("signing needs the area's private key")
	}
	if strings.TrimSpace(toArea) == "" {
		return nil, models.Invalid("to", "name the area the record goes to")
	}
	audit := func(outcome, reason string) {
		id := personID
		_ = store.Audit(ctx, models.AuditEvent{ActorUserID: &a.UserID, ActingServiceID: &a.ServiceID, Action: models.AuditExportTransfer,
			ObjectType: "person", ObjectID: &id, Outcome: outcome, Reason: reason})
	}
	p, err := store.Person(ctx, policy.Records(a), personID)
	if err != nil {
		audit(models.Denied, "not found or hidden")
		return nil, err
	}
	ok, err := store.HasConsent(ctx, policy.Consents(a), personID, models.ConsentTransferArea)
	if err != nil {
		return nil, err
	}
	if !ok {
		audit(models.Denied, "no consent to transfer")
		return nil, models.Invalid("consent", "the person has not consented to their record going to another area (record the consent \""+models.PurposeLabel(models.ConsentTransferArea)+"\" first)")
	}
	var consentAt time.Time
	cs, err := store.Consents(ctx, policy.Consents(a), personID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Purpose == models.ConsentTransferArea && c.Active() && c.RecordedAt.After(consentAt) {
			consentAt = c.RecordedAt
		}
	}
	sv, err := store.Service(ctx, a.ServiceID)
	if err != nil {
		return nil, err
	}
	doc := TransferDocument{Format: TransferFormat, DocumentID: uuid.NewString(), FromArea: key.Area, ToArea: strings.TrimSpace(toArea),
		CreatedAt: time.Now().UTC().Truncate(time.Second), FromService: sv.Name, ConsentAt: consentAt.UTC(),
		Person: TransferPerson{GivenName: p.GivenName, FamilyName: p.FamilyName, DOB: p.DOB, EstimatedBirthYear: p.EstimatedBirthYear,
			Gender: p.Gender, Phone: p.Phone, Email: p.Email, Nationality: p.Nationality, ImmigrationStatus: p.ImmigrationStatus,
			SafetyFlag: p.SafetyFlag, SafetyContact: p.SafetyContact, Aliases: p.Aliases}}
	for i := range doc.Person.Aliases {
		doc.Person.Aliases[i].ID, doc.Person.Aliases[i].PersonID = 0, 0
	}
	as, err := store.LatestAssessment(ctx, policy.Assessments(a), personID)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	if as != nil && err == nil && as.CompletedAt != nil {
		doc.Assessment = &TransferAssessment{CompletedAt: as.CompletedAt, FormVersion: as.FormVersion, NeedsScore: as.NeedsScore, Answers: as.Answers}
	}
	payload, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	audit(models.Allowed, "to "+doc.ToArea+", document "+doc.DocumentID)
	return &TransferEnvelope{Format: TransferFormat, KeyID: KeyID(key.Public), Payload: string(payload),
		Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(key.Private, []byte(payload)))}, nil
}

// VerifyTransfer checks an envelope against the trusted keys and returns
// its document. A bad signature, an unknown key or an unknown format is
// refused, saying which.
func VerifyTransfer(data []byte, trusted []*TransferKey) (*TransferDocument, *TransferKey, error) {
	var env TransferEnvelope
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		return nil, nil, fmt.Errorf("not a Gateway transfer document: %w", err)
	}
	if env.Format != TransferFormat {
		return nil, nil, fmt.Errorf("format: %q is not %s", env.Format, TransferFormat)
	}
	var key *TransferKey
	for _, k := range trusted {
		if KeyID(k.Public) == env.KeyID {
			key = k
		}
	}
	if key == nil {
		return nil, nil, fmt.Errorf("key_id: signed by key %s, which is not among the trusted keys (--trust)", env.KeyID)
	}
	sig, err := base64.StdEncoding.DecodeString(env.Signature)
	if err != nil || !ed25519.Verify(key.Public, []byte(env.Payload), sig) {
		return nil, nil, errors.New("signature: does not match the payload: the document was altered or not signed by this key; nothing was imported")
	}
	var doc TransferDocument
	pd := json.NewDecoder(strings.NewReader(env.Payload))
	pd.DisallowUnknownFields()
	if err := pd.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("payload: %w", err)
	}
	if doc.Format != TransferFormat {
		return nil, nil, fmt.Errorf("payload format: %q is not %s", doc.Format, TransferFormat)
	}
	if _, err := uuid.Parse(doc.DocumentID); err != nil {
		return nil, nil, errors.New("payload document_id: must be a UUID")
	}
	return &doc, key, nil
}

// ImportTransfer records a verified document's person for actor's service
// in one transaction: the person (with an involvement for the service),
// a case note saying where the record came from with the transferred
// assessment's answers, and the document's id, so it imports only once.
func ImportTransfer(ctx context.Context, store *models.Store, a policy.Actor, doc *TransferDocument, key *TransferKey, thisArea string) (*models.Person, error) {
	if thisArea != "" && !strings.EqualFold(strings.TrimSpace(doc.ToArea), strings.TrimSpace(thisArea)) {
		return nil, models.Invalid("to_area", fmt.Sprintf("the record was sent to %q, not to this area (%q)", doc.ToArea, thisArea))
	}
	if !policy.Can(a, policy.Create, policy.ResourcePerson) {
		return nil, models.Invalid("user", "this account may not record people for the service")
	}
	in := models.PersonInput{GivenName: doc.Person.GivenName, FamilyName: doc.Person.FamilyName, DOB: doc.Person.DOB, Gender: doc.Person.Gender,
		Phone: doc.Person.Phone, Email: doc.Person.Email, Nationality: doc.Person.Nationality, ImmigrationStatus: doc.Person.ImmigrationStatus,
		SafetyFlag: doc.Person.SafetyFlag, SafetyContact: doc.Person.SafetyContact, Aliases: doc.Person.Aliases}
	if doc.Person.EstimatedBirthYear != nil && doc.Person.DOB.IsZero() {
		age := time.Now().Year() - *doc.Person.EstimatedBirthYear
		in.EstimatedAge = &age
	}
	var p *models.Person
	err := store.Tx(ctx, func(tx *models.Store) error {
		if prior, err := tx.TransferImported(ctx, doc.DocumentID); err != nil {
			return err
		} else if prior {
			return models.Conflict("document_id", "this transfer document was imported already")
		}
		var err error
		if p, err = tx.CreatePerson(ctx, a.Author(), in); err != nil {
			return err
		}
		if _, err := tx.AddNote(ctx, policy.Notes(a), a.Author(), p.ID, models.NoteInput{Body: transferNote(doc, key)}); err != nil {
			return err
		}
		return tx.RecordTransferIn(ctx, doc.DocumentID, doc.FromArea, KeyID(key.Public), p.ID, a.ServiceID)
	})
	id := int64(0)
	outcome := models.Denied
	if p != nil && err == nil {
		id, outcome = p.ID, models.Allowed
	}
	_ = store.Audit(ctx, models.AuditEvent{ActorUserID: &a.UserID, ActingServiceID: &a.ServiceID, Action: models.AuditImportTransfer,
		ObjectType: "person", ObjectID: &id, Outcome: outcome, Reason: "document " + doc.DocumentID + " from key " + KeyID(key.Public)})
	return p, err
}

func transferNote(doc *TransferDocument, key *TransferKey) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Record transferred from %s (%s) with the person's consent of %s. Transfer document %s, signed by key %s.\n",
		doc.FromArea, doc.FromService, doc.ConsentAt.Format("2 January 2006"), doc.DocumentID, KeyID(key.Public))
	if doc.Assessment == nil {
		b.WriteString("No completed assessment came with it.\n")
		return b.String()
	}
	when := ""
	if doc.Assessment.CompletedAt != nil {
		when = " completed " + doc.Assessment.CompletedAt.Format("2 January 2006")
	}
	fmt.Fprintf(&b, "\nTheir latest assessment there%s (form version %d)", when, doc.Assessment.FormVersion)
	if doc.Assessment.NeedsScore != nil {
		fmt.Fprintf(&b, ", needs score %d", *doc.Assessment.NeedsScore)
	}
	b.WriteString(":\n")
	keys := make([]string, 0, len(doc.Assessment.Answers))
	for k := range doc.Assessment.Answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "- %s: %s\n", k, string(doc.Assessment.Answers[k]))
	}
	return b.String()
}
