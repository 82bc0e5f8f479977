package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Referral asks another service to take a person on. It carries a
// snapshot of the person's assessment and matching facts as they were
// when it was sent (Snapshot, JSON the server writes and reads), so the
// receiving service sees what was referred without reassessing
// (docs/ACCESS.md rule 7) even if the person's record changes afterwards.
type Referral struct {
	ID              int64      `json:"id"`
	PersonID        int64      `json:"person_id"`
	FromServiceID   int64      `json:"from_service_id"`
	ToServiceID     int64      `json:"to_service_id"`
	VacancyID       *int64     `json:"vacancy_id"`
	Confidential    bool       `json:"-"`
	Status          string     `json:"status"`
	Message         string     `json:"message"`
	Snapshot        string     `json:"-"`
	ConsentAt       time.Time  `json:"consent_at"`
	DeclineReason   string     `json:"decline_reason,omitempty"`
	DecisionNote    string     `json:"decision_note,omitempty"`
	CreatedByUserID int64      `json:"-"`
	DecidedByUserID *int64     `json:"-"`
	CreatedAt       time.Time  `json:"created_at"`
	ExpiresAt       time.Time  `json:"expires_at"`
	DecidedAt       *time.Time `json:"decided_at"`

	GivenName       string `json:"given_name" gorm:"->;-:migration"`
	FamilyName      string `json:"family_name" gorm:"->;-:migration"`
	FromServiceName string `json:"from_service" gorm:"->;-:migration"`
	ToServiceName   string `json:"to_service" gorm:"->;-:migration"`
	CreatedByName   string `json:"sent_by" gorm:"->;-:migration"`
	DecidedByName   string `json:"decided_by,omitempty" gorm:"->;-:migration"`
	SafetyMark
}

// Referral statuses.
const (
	ReferralSent      = "sent"
	ReferralAccepted  = "accepted"
	ReferralDeclined  = "declined"
	ReferralWithdrawn = "withdrawn"
	ReferralExpired   = "expired"
)

// ReferralStatuses lists every status in the order filters show them.
var ReferralStatuses = []string{ReferralSent, ReferralAccepted, ReferralDeclined, ReferralWithdrawn, ReferralExpired}

// Pending reports whether the referral still waits for a decision at now.
func (r *Referral) Pending(now time.Time) bool {
	return r.Status == ReferralSent && r.ExpiresAt.After(now)
}

// ShownStatus is the status as of now: a sent referral past its expiry is
// expired even before the sweep marks it.
func (r *Referral) ShownStatus(now time.Time) string {
	if r.Status == ReferralSent && !r.ExpiresAt.After(now) {
		return ReferralExpired
	}
	return r.Status
}

// LabelOf is the label of key in opts, or key itself.
func LabelOf(opts []Option, key string) string {
	for _, o := range opts {
		if o.Value == key {
			return o.Label
		}
	}
	return key
}

func keysOf(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Value
	}
	return out
}

// OptionOther is the choice that needs the free text to say what it is.
const OptionOther = "other"

// DeclineReasons is the fixed list a receiving service declines with; the
// gaps report counts them, so they are keys, with free text beside.
var DeclineReasons = []Option{
	{"no_vacancy", "No vacancy"},
	{"needs_too_high", "Support needs are higher than we can meet"},
	{"needs_too_low", "Support needs are too low for this service"},
	{"risk", "A risk we cannot manage"},
	{"not_eligible", "Does not meet our eligibility (age, gender, local connection)"},
	{"pets", "We cannot accommodate pets"},
	{"couple", "We cannot accommodate a couple"},
	{"access", "Our building is not accessible for their needs"},
	{"previously_excluded", "Previously excluded or evicted from this service"},
	{"person_declined", "The person declined the offer"},
	{"no_contact", "We could not contact the person"},
	{"incomplete", "The referral information is incomplete"},
	{OptionOther, "Other (say what)"},
}

// ReferralInput sends a referral.
type ReferralInput struct {
	PersonID    int64  `json:"person_id"`
	ToServiceID int64  `json:"to_service_id"`
	VacancyID   *int64 `json:"vacancy_id"`
	Message     string `json:"message"`
}

// MaxMessage bounds a referral's message.
const MaxMessage = 4000

// CreateReferral sends a referral from by's service with the snapshot the
// server built, expiring after expiry. The person must have consented to
// their assessment being shared (ConsentShareAssessment, checked in the
// same transaction through consents, the sender's scope of consent
// records); the receiving service is told.
func (s *Store) CreateReferral(ctx context.Context, consents Scope, by Author, in ReferralInput, snapshot string, expiry time.Duration) (*Referral, error) {
	c := newCheck()
	c.text("message", &in.Message, false, MaxMessage)
	if in.ToServiceID <= 0 {
		c.Add("to_service_id", "choose the service to refer to")
	} else if in.ToServiceID == by.ServiceID {
		c.Add("to_service_id", "is your own service; refer to another service")
	}
	if expiry <= 0 {
		expiry = DefaultReferralExpiry
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var r *Referral
	err := s.Tx(ctx, func(tx *Store) error {
		consented, err := tx.HasConsent(ctx, consents, in.PersonID, ConsentShareAssessment)
		if err != nil {
			return err
		}
		if !consented {
			return Invalid("consent", "the person has not consented to share their assessment with services they are referred to; record their consent first")
		}
		from, err := tx.Service(ctx, by.ServiceID)
		if err != nil {
			return err
		}
		to, err := tx.Service(ctx, in.ToServiceID)
		if errors.Is(err, ErrNotFound) || (err == nil && !to.Type.Provider()) {
			return Invalid("to_service_id", "no such provider service")
		} else if err != nil {
			return err
		}
		if in.VacancyID != nil {
			v, err := tx.Vacancy(ctx, *in.VacancyID)
			if errors.Is(err, ErrNotFound) || (err == nil && v.ServiceID != to.ID) {
				return Invalid("vacancy_id", "is not a vacancy of the service you are referring to")
			} else if err != nil {
				return err
			}
		}
		now := Now()
		// A referral to this service that ran out unnoticed should not
		// block a new one.
		if err := tx.expireWhere(now, "person_id = ? AND to_service_id = ?", in.PersonID, to.ID); err != nil {
			return err
		}
		r = &Referral{PersonID: in.PersonID, FromServiceID: from.ID, ToServiceID: to.ID, VacancyID: in.VacancyID,
			Confidential: from.Confidential || to.Confidential, Status: ReferralSent, Message: in.Message,
			Snapshot: snapshot, ConsentAt: now, CreatedByUserID: by.UserID, CreatedAt: now, ExpiresAt: now.Add(expiry)}
		if err := tx.db.Omit(referralJoined...).Create(r).Error; err != nil {
			return clashAs(err, "to_service_id", "your service's referral of this person to that service is still waiting for a decision")
		}
		r.FromServiceName, r.ToServiceName = from.Name, to.Name
		return tx.notify(to.ID, NoticeReferralReceived, r, by.UserID)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// DefaultReferralExpiry is how long a referral waits for a decision unless
// configured otherwise.
const DefaultReferralExpiry = 14 * 24 * time.Hour

var referralJoined = []string{"GivenName", "FamilyName", "FromServiceName", "ToServiceName", "CreatedByName", "DecidedByName", "SafetyFlag", "SafetyContact"}

// notify tells a service about a referral step. It carries ids only; the
// dashboard renders them through the reader's scopes.
func (s *Store) notify(serviceID int64, kind string, r *Referral, actor int64) error {
	other := r.FromServiceID
	if serviceID == r.FromServiceID {
		other = r.ToServiceID
	}
	n := Notification{ServiceID: serviceID, Kind: kind, PersonID: &r.PersonID, OtherServiceID: &other, RefID: &r.ID}
	if actor > 0 {
		n.ActorUserID = &actor
	}
	return s.db.Create(&n).Error
}

// ReferralFilter narrows a list of referrals; the scope decides which the
// reader may see at all.
type ReferralFilter struct {
	// ToService and FromService pick the incoming or outgoing box.
	ToService, FromService int64
	PersonID               int64
	Status                 string
	Limit, Offset          int
}

func (s *Store) referralQuery(ctx context.Context, scope Scope) *gorm.DB {
	return s.with(ctx).Model(&Referral{}).Scopes(scope.Apply)
}

// withNames adds the person's and services' names to a referral query,
// after any count.
func withNames(q *gorm.DB) *gorm.DB {
	return q.Joins("JOIN people rp ON rp.id = referrals.person_id").
		Joins("JOIN services rfs ON rfs.id = referrals.from_service_id").
		Joins("JOIN services rts ON rts.id = referrals.to_service_id").
		Joins("JOIN users rcu ON rcu.id = referrals.created_by_user_id").
		Joins("LEFT JOIN users rdu ON rdu.id = referrals.decided_by_user_id").
		Select(`referrals.*, rp.given_name, rp.family_name, rfs.name AS from_service_name, rts.name AS to_service_name,
			rcu.name AS created_by_name, COALESCE(rdu.name, '') AS decided_by_name, ` + safetyMarkOf("rp"))
}

// Referrals lists referrals through scope, newest first.
func (s *Store) Referrals(ctx context.Context, scope Scope, f ReferralFilter) ([]Referral, int64, error) {
	q := s.referralQuery(ctx, scope)
	if f.ToService > 0 {
		q = q.Where("referrals.to_service_id = ?", f.ToService)
	}
	if f.FromService > 0 {
		q = q.Where("referrals.from_service_id = ?", f.FromService)
	}
	if f.PersonID > 0 {
		q = q.Where("referrals.person_id = ?", f.PersonID)
	}
	now := Now()
	switch f.Status {
	case "":
	case ReferralSent:
		q = q.Where("referrals.status = ? AND referrals.expires_at > ?", ReferralSent, now)
	case ReferralExpired:
		q = q.Where("referrals.status = ? OR (referrals.status = ? AND referrals.expires_at <= ?)", ReferralExpired, ReferralSent, now)
	default:
		q = q.Where("referrals.status = ?", f.Status)
	}
	return countedPage(q, []Referral{}, func(q *gorm.DB) *gorm.DB {
		return withNames(q).Order("referrals.created_at DESC, referrals.id DESC").Limit(limitOr(f.Limit, 50)).Offset(f.Offset)
	})
}

// Referral finds one referral through scope; hidden is ErrNotFound.
func (s *Store) Referral(ctx context.Context, scope Scope, id int64) (*Referral, error) {
	var r Referral
	err := withNames(s.referralQuery(ctx, scope)).Where("referrals.id = ?", id).Take(&r).Error
	if err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

// AcceptInput accepts a referral, into a vacancy line when the service
// has beds.
type AcceptInput struct {
	VacancyID *int64 `json:"vacancy_id"`
	Note      string `json:"note"`
}

// Accepted is what accepting made: the referral, the involvement it
// opened, and the placement when the service has beds.
type Accepted struct {
	Referral    *Referral    `json:"referral"`
	Involvement *Involvement `json:"involvement"`
	Placement   *Placement   `json:"placement,omitempty"`
}

// AcceptReferral accepts a referral for by's service. scope must be the
// reader's decidable referrals. For a service with beds it takes a place
// from a vacancy line; if the last place went to someone else a moment
// earlier it fails with ErrPlaceGone and nothing changes. Accepting opens
// the service's involvement (from then on it may read the case notes) and
// tells the referring service.
func (s *Store) AcceptReferral(ctx context.Context, scope Scope, by Author, id int64, in AcceptInput) (*Accepted, error) {
	if err := textField("note", &in.Note, false, MaxReason); err != nil {
		return nil, err
	}
	out := &Accepted{}
	err := s.Tx(ctx, func(tx *Store) error {
		r, err := tx.decidable(ctx, scope, id)
		if err != nil {
			return err
		}
		sv, err := tx.Service(ctx, r.ToServiceID)
		if err != nil {
			return err
		}
		now := Now()
		if err := tx.decide(r, by.UserID, now, ReferralAccepted, "", in.Note); err != nil {
			return err
		}
		var vacancyID *int64
		if sv.Capacity > 0 {
			if vacancyID, err = tx.chooseVacancy(ctx, r, in.VacancyID); err != nil {
				return err
			}
			if err := tx.takePlace(*vacancyID, sv.ID, by.UserID); err != nil {
				return err
			}
		}
		inv, _, err := tx.OpenInvolvement(ctx, InvolvementStart{PersonID: r.PersonID, ServiceID: sv.ID, UserID: by.UserID,
			Source: SourceReferral, Reason: "accepted a referral"})
		if err != nil {
			return err
		}
		out.Involvement = inv
		if sv.Capacity > 0 {
			p := &Placement{PersonID: r.PersonID, ServiceID: sv.ID, VacancyID: vacancyID, ReferralID: &r.ID,
				Confidential: sv.Confidential, StartedAt: now, CreatedByUserID: by.UserID}
			if err := tx.db.Omit(placementJoined...).Create(p).Error; err != nil {
				return clashAs(err, "person_id", "this person already has an open placement at your service")
			}
			out.Placement = p
		}
		out.Referral = r
		return tx.notify(r.FromServiceID, NoticeReferralAccepted, r, by.UserID)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// chooseVacancy is the line a place is taken from: the one asked for, the
// one the referral named, or the service's only line.
func (s *Store) chooseVacancy(ctx context.Context, r *Referral, asked *int64) (*int64, error) {
	id := asked
	if id == nil {
		id = r.VacancyID
	}
	if id != nil {
		v, err := s.Vacancy(ctx, *id)
		if errors.Is(err, ErrNotFound) || (err == nil && v.ServiceID != r.ToServiceID) {
			return nil, Invalid("vacancy_id", "is not one of your service's vacancies")
		}
		return id, err
	}
	lines, err := s.ServiceVacancies(ctx, r.ToServiceID)
	if err != nil {
		return nil, err
	}
	switch len(lines) {
	case 0:
		return nil, ErrPlaceGone
	case 1:
		return &lines[0].ID, nil
	}
	return nil, Invalid("vacancy_id", "choose which vacancy the person takes")
}

// decidable loads a referral the reader may still decide on.
func (s *Store) decidable(ctx context.Context, scope Scope, id int64) (*Referral, error) {
	r, err := s.Referral(ctx, scope, id)
	if err != nil {
		return nil, err
	}
	if r.Status != ReferralSent {
		return nil, Conflict("status", "this referral was already "+r.Status)
	}
	if !r.ExpiresAt.After(Now()) {
		return nil, Conflict("status", "this referral expired on "+r.ExpiresAt.Format("2 Jan 2006")+"; the referrer can send a new one")
	}
	return r, nil
}

// decide moves a sent referral to status. The condition on status makes a
// race between, say, an accept and a withdraw end with exactly one winner.
// userID 0 records it as decided by no one (a withdrawal that followed the
// person's consent recorded by a service not on the referral).
func (s *Store) decide(r *Referral, userID int64, now time.Time, status, reason, note string) error {
	var by *int64
	if userID > 0 {
		by = &userID
	}
	res := s.db.Exec("UPDATE referrals SET status = ?, decline_reason = ?, decision_note = ?, decided_by_user_id = ?, decided_at = ? WHERE id = ? AND status = ?",
		status, reason, note, by, now, r.ID, ReferralSent)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return Conflict("status", "this referral was decided or withdrawn a moment ago; reload to see what happened")
	}
	r.Status, r.DeclineReason, r.DecisionNote, r.DecidedByUserID, r.DecidedAt = status, reason, note, by, &now
	return nil
}

// DeclineInput declines with a reason from DeclineReasons and free text.
type DeclineInput struct {
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

func (in *DeclineInput) validate() error {
	c := newCheck()
	if in.Reason == "" {
		c.Add("reason", "choose a reason")
	} else {
		c.oneOf("reason", in.Reason, keysOf(DeclineReasons))
	}
	c.text("note", &in.Note, in.Reason == OptionOther, MaxReason)
	return c.Err()
}

// DeclineReferral declines for by's service and tells the referrer. gap,
// when given, classifies the decline for the gaps-in-provision report; it
// is written in the same transaction.
func (s *Store) DeclineReferral(ctx context.Context, scope Scope, by Author, id int64, in DeclineInput, gap func(*Referral) GapEvent) (*Referral, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*Referral, error) { return tx.decidable(ctx, scope, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, r *Referral) error {
		now := Now()
		if err := tx.decide(r, by.UserID, now, ReferralDeclined, in.Reason, in.Note); err != nil {
			return err
		}
		if gap != nil {
			ev := gap(r)
			ev.Kind, ev.Reason, ev.Confidential, ev.At = GapDecline, in.Reason, ev.Confidential || r.Confidential, now
			person := r.PersonID
			ev.PersonID = &person
			ev.DedupeKey = "decline:" + itoa(int(r.ID))
			if err := tx.RecordGap(ctx, ev); err != nil {
				return err
			}
		}
		return tx.notify(r.FromServiceID, NoticeReferralDeclined, r, by.UserID)
	})
}

// WithdrawReferral withdraws a referral by's service sent, and tells the
// receiving service. scope must be the reader's withdrawable referrals.
func (s *Store) WithdrawReferral(ctx context.Context, scope Scope, by Author, id int64, note string) (*Referral, error) {
	if err := textField("note", &note, false, MaxReason); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*Referral, error) { return tx.Referral(ctx, scope, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, r *Referral) error {
		if r.Status != ReferralSent {
			return Conflict("status", "this referral was already "+r.Status)
		}
		if err := tx.decide(r, by.UserID, Now(), ReferralWithdrawn, "", note); err != nil {
			return err
		}
		return tx.notify(r.ToServiceID, NoticeReferralWithdrawn, r, by.UserID)
	})
}

// ExpireReferrals marks every sent referral past its expiry as expired and
// tells both services. It returns how many expired.
func (s *Store) ExpireReferrals(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := s.Tx(ctx, func(tx *Store) error {
		var err error
		n, err = tx.expire(now, "1 = 1")
		return err
	})
	return n, err
}

func (s *Store) expireWhere(now time.Time, where string, args ...any) error {
	_, err := s.expire(now, where, args...)
	return err
}

func (s *Store) expire(now time.Time, where string, args ...any) (int, error) {
	var due []Referral
	err := s.db.Omit(referralJoined...).Where("status = ? AND expires_at <= ?", ReferralSent, now.UTC()).Where(where, args...).
		Order("id").Find(&due).Error
	if err != nil {
		return 0, err
	}
	for i := range due {
		r := &due[i]
		res := s.db.Exec("UPDATE referrals SET status = ?, decided_at = ? WHERE id = ? AND status = ?", ReferralExpired, now.UTC(), r.ID, ReferralSent)
		if res.Error != nil {
			return 0, res.Error
		}
		if res.RowsAffected == 0 {
			continue
		}
		for _, svc := range []int64{r.ToServiceID, r.FromServiceID} {
			if err := s.notify(svc, NoticeReferralExpired, r, 0); err != nil {
				return 0, err
			}
		}
	}
	return len(due), nil
}
