package models

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

//go:embed formdefs/common_assessment_v1.json
var defaultFormJSON []byte

// FormVersion is one published version of the assessment form.
type FormVersion struct {
	ID                int64          `json:"id"`
	Version           int            `json:"version"`
	Title             string         `json:"title"`
	Definition        FormDefinition `json:"definition" gorm:"serializer:json"`
	Notes             string         `json:"notes"`
	PublishedByUserID *int64         `json:"published_by_user_id"`
	PublishedAt       time.Time      `json:"published_at"`
}

// DefaultForm is the form shipped in the repo (models/formdefs/), which
// seeds version 1.
func DefaultForm() (*FormDefinition, error) { return ParseFormDefinition(defaultFormJSON) }

// ParseFormDefinition reads a definition strictly: unknown fields are
// mistakes in a hand-written file, so they are errors.
func ParseFormDefinition(b []byte) (*FormDefinition, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d FormDefinition
	if err := dec.Decode(&d); err != nil {
		return nil, Invalid("definition", "is not a valid form definition: "+err.Error())
	}
	return &d, nil
}

// seedForm publishes the repo's form as version 1 of an empty table.
func (s *Store) seedForm(ctx context.Context) error {
	var n int64
	if err := s.with(ctx).Model(&FormVersion{}).Count(&n).Error; err != nil || n > 0 {
		return err
	}
	d, err := DefaultForm()
	if err != nil {
		return fmt.Errorf("the shipped form: %w", err)
	}
	if err := d.Validate(); err != nil {
		return fmt.Errorf("the shipped form: %w", err)
	}
	fv := FormVersion{Version: d.Version, Title: d.Title, Definition: *d, Notes: "Shipped with Gateway", PublishedAt: Now()}
	err = s.with(ctx).Create(&fv).Error
	if uniqueViolation(err) {
		return nil // another instance seeded it first
	}
	return err
}

// CurrentForm is the latest published version: new assessments use it.
func (s *Store) CurrentForm(ctx context.Context) (*FormVersion, error) {
	return takeOne[FormVersion](s.with(ctx).Order("version DESC"))
}

// FormVersionByID loads the version an assessment was answered on.
func (s *Store) FormVersionByID(ctx context.Context, id int64) (*FormVersion, error) {
	var fv FormVersion
	err := s.with(ctx).Take(&fv, id).Error
	return &fv, notFound(err)
}

// FormVersionNumbered loads a version by its number.
func (s *Store) FormVersionNumbered(ctx context.Context, version int) (*FormVersion, error) {
	return takeOne[FormVersion](s.with(ctx).Where("version = ?", version))
}

// FormVersionSummary is a version without its definition, for lists.
type FormVersionSummary struct {
	ID          int64     `json:"id"`
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	Notes       string    `json:"notes"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
	Assessments int64     `json:"assessments"`
}

// FormVersions lists every version, newest first, with how many
// assessments were answered on each among those counted (a scope from
// policy.AssessmentCounts: never another service's confidential ones,
// which would show others when a refuge assesses someone).
func (s *Store) FormVersions(ctx context.Context, counted Scope) ([]FormVersionSummary, error) {
	var out []FormVersionSummary
	counts := s.with(ctx).Model(&Assessment{}).Scopes(counted.Apply).
		Select("assessments.form_version_id, COUNT(*) AS n").Group("assessments.form_version_id")
	err := s.with(ctx).Table("form_versions fv").
		Select(`fv.id, fv.version, fv.title, fv.notes, fv.published_at, COALESCE(u.name, 'Gateway') AS published_by,
			COALESCE(ac.n, 0) AS assessments`).
		Joins("LEFT JOIN users u ON u.id = fv.published_by_user_id").
		Joins("LEFT JOIN (?) ac ON ac.form_version_id = fv.id", counts).
		Order("fv.version DESC").Scan(&out).Error
	return out, err
}

// PublishFormInput is a new version as an area admin submits it.
type PublishFormInput struct {
	Definition json.RawMessage `json:"definition"`
	Notes      string          `json:"notes"`
}

// PublishForm validates a definition and publishes it as the next version.
// The version number is assigned here, whatever the definition says.
func (s *Store) PublishForm(ctx context.Context, by Author, in PublishFormInput) (*FormVersion, error) {
	c := newCheck()
	c.text("notes", &in.Notes, true, MaxReason)
	if len(bytes.TrimSpace(in.Definition)) == 0 {
		c.Add("definition", "is required: the whole form as JSON")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	d, err := ParseFormDefinition(in.Definition)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, prefixFields("definition.", err)
	}
	var fv *FormVersion
	err = s.Tx(ctx, func(tx *Store) error {
		cur, err := tx.CurrentForm(ctx)
		next := 1
		if err == nil {
			next = cur.Version + 1
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		d.Version = next
		uid := by.UserID
		fv = &FormVersion{Version: next, Title: d.Title, Definition: *d, Notes: in.Notes, PublishedByUserID: &uid, PublishedAt: Now()}
		if err := tx.db.Create(fv).Error; err != nil {
			return clashAs(err, "version", "another version was published at the same moment; reload and try again")
		}
		return nil
	})
	return fv, err
}

// prefixFields renames the fields of a FieldErrors, so errors inside a
// nested document name their full path.
func prefixFields(prefix string, err error) error {
	var fe FieldErrors
	if !errors.As(err, &fe) {
		return err
	}
	out := FieldErrors{}
	for k, v := range fe {
		out[prefix+k] = v
	}
	return out
}
