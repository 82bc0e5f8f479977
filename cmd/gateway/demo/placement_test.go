package demo

import (
	"context"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// The demo shows the placement flow in every state: vacancies, referrals
// waiting at the demo hostel, accepted ones with placements and move-on,
// declines and failed matches for the gaps report.
func TestTheDemoHoldsThePlacementFlow(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		s, sum, err := buildDemo(t, s)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Referrals < 20 || sum.Placements == 0 {
			t.Fatalf("referrals %d, placements %d", sum.Referrals, sum.Placements)
		}
		count := func(q string, args ...any) int64 {
			var n int64
			if err := s.Gorm().Raw(q, args...).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, st := range models.ReferralStatuses {
			if count("SELECT COUNT(*) FROM referrals WHERE status = ?", st) == 0 {
				t.Errorf("no %s referrals", st)
			}
		}
		if n := count("SELECT COUNT(*) FROM referrals r JOIN services s ON s.id = r.to_service_id WHERE s.name = ? AND r.status = 'sent' AND r.expires_at > ?", demoHostel, models.Now()); n == 0 {
			t.Error("the demo hostel's worker has no referrals waiting")
		}
		if n := count("SELECT COUNT(*) FROM placements WHERE moved_on_at IS NOT NULL AND move_on_destination <> ''"); n == 0 {
			t.Error("no placement has a move-on outcome")
		}
		// The hostel login has placements, current and moved on,
		// and the area admin's access-alert list is not empty.
		if n := count("SELECT COUNT(*) FROM placements p JOIN services s ON s.id = p.service_id WHERE s.name = ? AND p.moved_on_at IS NULL", demoHostel); n == 0 {
			t.Error("the demo hostel has no current placements")
		}
		if n := count("SELECT COUNT(*) FROM placements p JOIN services s ON s.id = p.service_id WHERE s.name = ? AND p.moved_on_at IS NOT NULL", demoHostel); n == 0 {
			t.Error("the demo hostel has no moved-on placements")
		}
		for _, st := range models.AlertStatuses {
			if count("SELECT COUNT(*) FROM public_alerts WHERE status = ?", st) == 0 {
				t.Errorf("no public alert is %s", st)
			}
		}
		if alerts, err := s.DeniedAlertsIn(context.Background(), models.NewScope("test: every audit event", "1 = 1", nil), models.Now().Add(-24*time.Hour), 3); err != nil || len(alerts) == 0 {
			t.Errorf("no access alerts in the demo: %v", err)
		}
		if n := count("SELECT COUNT(*) FROM services s WHERE s.capacity > 0 AND s.type NOT IN ('commissioning', 'partner_agency', 'area_team') AND NOT EXISTS (SELECT 1 FROM vacancies v WHERE v.service_id = s.id)"); n != 0 {
			t.Errorf("%d services with places have no vacancy line", n)
		}
		if n := count("SELECT COUNT(*) FROM placements p WHERE p.moved_on_at IS NULL AND NOT EXISTS (SELECT 1 FROM involvements i WHERE i.person_id = p.person_id AND i.service_id = p.service_id AND i.ended_at IS NULL)"); n != 0 {
			t.Errorf("%d open placements without an open involvement", n)
		}
		if n := count("SELECT COUNT(*) FROM referrals r WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = r.person_id AND c.purpose = ?)", models.ConsentShareAssessment); n != 0 {
			t.Errorf("%d referrals without the person's consent", n)
		}
		if n := count("SELECT COUNT(*) FROM gap_events"); n < 100 {
			t.Errorf("only %d gap events", n)
		}
		// The gaps report counts people: every event names one, and some
		// people were looked up on more than one day.
		if n := count("SELECT COUNT(*) FROM gap_events WHERE person_id IS NULL"); n != 0 {
			t.Errorf("%d gap events without a person", n)
		}
		people, events := count("SELECT COUNT(DISTINCT person_id) FROM gap_events WHERE kind = 'no_match'"), count("SELECT COUNT(*) FROM gap_events WHERE kind = 'no_match'")
		if people < 50 || events <= people {
			t.Errorf("failed matches: %d people, %d events", people, events)
		}
	})
}
