package models

import (
	"context"
	"time"
)

// Consent is what a person agreed (or declined) to share, with whom, when
// and recorded by whom. It is never edited: a withdrawal is stamped on it,
// and a changed mind is a new record. The latest record for a purpose is
// the one in force.
type Consent struct {
	ID       int64 `json:"id"`
	PersonID int64 `json:"person_id"`
	// What was agreed or declined: flattened into the row and the JSON here.
	ConsentInput
	ServiceID        int64      `json:"service_id"`
	Confidential     bool       `json:"-"`
	RecordedByUserID int64      `json:"recorded_by_user_id"`
	RecordedAt       time.Time  `json:"recorded_at"`
	WithdrawnAt      *time.Time `json:"withdrawn_at"`
	WithdrawnBy      *int64     `json:"withdrawn_by" gorm:"column:withdrawn_by"`
	WithdrawnReason  string     `json:"withdrawn_reason"`

	ServiceName  string `json:"service_name" gorm:"->;-:migration"`
	RecorderName string `json:"recorded_by" gorm:"->;-:migration"`
}

// Consent purposes.
const (
	// ConsentShareAssessment: the person agrees their assessment may be
	// sent with a referral, so the receiving service does not reassess.
	ConsentShareAssessment = "share_assessment"
	// ConsentContactServices: services working with the person may
	// contact each other about them.
	ConsentContactServices = "contact_services"
	// ConsentShareHealth: health information may be shared with health
	// services (GP, mental health, drug and alcohol teams).
	ConsentShareHealth = "share_health"
	// ConsentTransferArea: the person's record may be sent to another
	// area's Gateway when they move there.
	ConsentTransferArea = "transfer_area"
)

// ConsentPurposes lists the purposes forms offer, with how to say them.
var ConsentPurposes = []Option{
	{ConsentShareAssessment, "Share my assessment with services I am referred to"},
	{ConsentContactServices, "Services working with me may talk to each other about me"},
	{ConsentShareHealth, "Share my health information with health services"},
	{ConsentTransferArea, "Send my record to another area's Gateway if I move"},
}

// PurposeLabel is how a purpose reads.
func PurposeLabel(p string) string {
	for _, o := range ConsentPurposes {
		if o.Value == p {
			return o.Label
		}
	}
	return p
}

// Active reports whether a consent was given and not withdrawn.
func (c *Consent) Active() bool { return c.Given && c.WithdrawnAt == nil }

// ConsentInput records a consent or a refusal.
type ConsentInput struct {
	Purpose  string `json:"purpose"`
	WithWhom string `json:"with_whom"`
	Given    bool   `json:"given"`
	Notes    string `json:"notes"`
}

func (in *ConsentInput) validate() error {
	c := newCheck()
	purposes := make([]string, len(ConsentPurposes))
	for i, o := range ConsentPurposes {
		purposes[i] = o.Value
	}
	c.oneOf("purpose", in.Purpose, purposes)
	c.text("with_whom", &in.WithWhom, true, MaxText)
	c.text("notes", &in.Notes, false, MaxReason)
	return c.Err()
}

// SenderConsents gives, for a referral's sending service, the consent
// records that service may see: the ones a referral it sent rests on.
// Only package policy builds it (policy.SenderConsents).
type SenderConsents func(senderServiceID int64) Scope

// RecordConsent records what the person agreed or declined, for the
// author's service. personScope must be the author's full-record scope:
// only services working with the person record their consent. A refusal
// to share the assessment withdraws the waiting referrals that no longer
// rest on a consent (see withdrawReferralsWithoutConsent).
func (s *Store) RecordConsent(ctx context.Context, personScope Scope, senders SenderConsents, by Author, personID int64, in ConsentInput) (*Consent, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Consent
	err := s.txOnPerson(ctx, personScope, personID, func(tx *Store) error {
		sv, err := tx.Service(ctx, by.ServiceID)
		if err != nil {
			return err
		}
		out = &Consent{PersonID: personID, ConsentInput: in,
			ServiceID: by.ServiceID, Confidential: sv.Confidential, RecordedByUserID: by.UserID, RecordedAt: Now()}
		if err := tx.db.Omit("ServiceName", "RecorderName").Create(out).Error; err != nil {
			return err
		}
		if in.Purpose != ConsentShareAssessment || in.Given {
			return nil
		}
		return tx.withdrawReferralsWithoutConsent(ctx, personID, senders, by, out.RecordedAt)
	})
	return out, err
}

// WithdrawConsent stamps a withdrawal on a consent the scope shows. A
// withdrawal is final; consent given again is a new record.
func (s *Store) WithdrawConsent(ctx context.Context, scope Scope, senders SenderConsents, by Author, id int64, reason string) (*Consent, error) {
	if err := textField("reason", &reason, true, MaxReason); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*Consent, error) { return tx.Consent(ctx, scope, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, out *Consent) error {
		if !out.Given {
			return Conflict("consent", "this records a refusal; there is nothing to withdraw")
		}
		if out.WithdrawnAt != nil {
			return Conflict("consent", "this consent was already withdrawn")
		}
		now := Now()
		res := tx.db.Model(&Consent{}).Where("id = ? AND withdrawn_at IS NULL", id).
			Updates(map[string]any{"withdrawn_at": now, "withdrawn_by": by.UserID, "withdrawn_reason": reason})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Conflict("consent", "this consent was already withdrawn")
		}
		out.WithdrawnAt, out.WithdrawnBy, out.WithdrawnReason = &now, &by.UserID, reason
		if out.Purpose != ConsentShareAssessment {
			return nil
		}
		return tx.withdrawReferralsWithoutConsent(ctx, out.PersonID, senders, by, now)
	})
}

// ConsentWithdrawnNote is the note on a referral withdrawn because the
// person withdrew their consent to share the assessment it carries.
const ConsentWithdrawnNote = "The person withdrew their consent to share their assessment."

// withdrawReferralsWithoutConsent withdraws the person's waiting referrals
// once they no longer consent to share their assessment: a referral carries
// the assessment, so it cannot wait on the receiver's desk without consent.
// Both services are told. It runs in the withdrawal's transaction, so the
// two stand or fall together.
//
// Each referral is decided as it was sent: on the consent records its
// sending service may see (senders), the same view CreateReferral checked.
// So a refuge's refusal or withdrawal, which no other service may see,
// withdraws only the referrals the refuge itself sent; a hostel's referral
// resting on the hostel's own consent waits on, and nothing tells the
// hostel that a refuge recorded anything (rule 4). The recorder's name goes
// on a withdrawn referral only when its service is one of the referral's
// two; otherwise the referral is withdrawn by no one, with the neutral
// ConsentWithdrawnNote.
func (s *Store) withdrawReferralsWithoutConsent(ctx context.Context, personID int64, senders SenderConsents, by Author, now time.Time) error {
	var waiting []Referral
	if err := s.db.Omit(referralJoined...).Where("person_id = ? AND status = ?", personID, ReferralSent).Order("id").Find(&waiting).Error; err != nil {
		return err
	}
	consented := map[int64]bool{}
	for i := range waiting {
		r := &waiting[i]
		ok, known := consented[r.FromServiceID]
		if !known {
			var err error
			if ok, err = s.HasConsent(ctx, senders(r.FromServiceID), personID, ConsentShareAssessment); err != nil {
				return err
			}
			consented[r.FromServiceID] = ok
		}
		if ok {
			continue
		}
		var decider int64
		if by.ServiceID == r.FromServiceID || by.ServiceID == r.ToServiceID {
			decider = by.UserID
		}
		if err := s.decide(r, decider, now, ReferralWithdrawn, "", ConsentWithdrawnNote); err != nil {
			return err
		}
		for _, svc := range []int64{r.ToServiceID, r.FromServiceID} {
			if svc == by.ServiceID {
				continue
			}
			if err := s.notify(svc, NoticeReferralWithdrawn, r, decider); err != nil {
				return err
			}
		}
	}
	return nil
}

// Consents lists a person's consent records through scope, newest first.
func (s *Store) Consents(ctx context.Context, scope Scope, personID int64) ([]Consent, error) {
	return consentRecords.of(ctx, s, scope, personID)
}

// Consent finds one consent record through scope.
func (s *Store) Consent(ctx context.Context, scope Scope, id int64) (*Consent, error) {
	return consentRecords.one(ctx, s, scope, id)
}

// HasConsent reports whether the latest record for purpose that scope
// shows is a consent given and not withdrawn. scope is the deciding
// service's view (policy.Consents, policy.SenderConsents): a decision rests
// only on records that service may read, so another service's hidden
// (confidential) record can neither grant nor refuse, and the answer
// reveals nothing of it.
func (s *Store) HasConsent(ctx context.Context, scope Scope, personID int64, purpose string) (bool, error) {
	var c Consent
	err := s.with(ctx).Model(&Consent{}).Scopes(scope.Apply).Select("consents.*").
		Where("consents.person_id = ? AND consents.purpose = ?", personID, purpose).
		Order("consents.recorded_at DESC, consents.id DESC").Take(&c).Error
	if err := notFound(err); err == ErrNotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return c.Active(), nil
}
