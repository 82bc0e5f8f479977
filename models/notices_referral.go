package models

// Kinds of notification a referral's steps send. Each goes to the other
// side only: the receiving service when a referral is sent or withdrawn,
// the referring service when it is accepted or declined, both when it
// expires. Nobody else hears of a referral.
const (
	NoticeReferralReceived  = "referral_received"
	NoticeReferralAccepted  = "referral_accepted"
	NoticeReferralDeclined  = "referral_declined"
	NoticeReferralWithdrawn = "referral_withdrawn"
	NoticeReferralExpired   = "referral_expired"
)

// ReferralNotice reports whether a kind is about a referral (RefID is the
// referral's id).
func ReferralNotice(kind string) bool {
	switch kind {
	case NoticeReferralReceived, NoticeReferralAccepted, NoticeReferralDeclined, NoticeReferralWithdrawn, NoticeReferralExpired:
		return true
	}
	return false
}
