package matching

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func mustInterval(t *testing.T, s string) Interval {
	t.Helper()
	iv, err := ParseInterval(s)
	if err != nil {
		t.Fatal(err)
	}
	return iv
}

func weekdays(iv Interval) Schedule {
	var s Schedule
	for d := time.Monday; d <= time.Friday; d++ {
		s.Days[d] = []Interval{iv}
	}
	return s
}

func londonTime(t *testing.T, value string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", value, london)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestOpenAt(t *testing.T) {
	office := weekdays(mustInterval(t, "09:00-17:00"))
	// A night shelter assessing Friday 22:00 to Saturday 02:00.
	var night Schedule
	night.Days[time.Friday] = []Interval{mustInterval(t, "22:00-02:00")}
	// Open until midnight on Sunday only.
	var lateSunday Schedule
	lateSunday.Days[time.Sunday] = []Interval{mustInterval(t, "18:00-24:00")}
	always := Schedule{AllHours: true}

	tests := []struct {
		name string
		s    Schedule
		at   time.Time
		open bool
	}{
		{"office opens at 09:00", office, londonTime(t, "2025-11-24 09:00"), true},
		{"office closed at 08:59", office, londonTime(t, "2025-11-24 08:59"), false},
		{"office closes at 17:00", office, londonTime(t, "2025-11-24 17:00"), false},
		{"office closed Saturday", office, londonTime(t, "2025-11-29 12:00"), false},
		{"overnight: Friday 23:59", night, londonTime(t, "2025-11-28 23:59"), true},
		{"overnight: Saturday 00:00", night, londonTime(t, "2025-11-29 00:00"), true},
		{"overnight: Saturday 01:59", night, londonTime(t, "2025-11-29 01:59"), true},
		{"overnight: closes Saturday 02:00", night, londonTime(t, "2025-11-29 02:00"), false},
		{"overnight: not Friday 01:00", night, londonTime(t, "2025-11-28 01:00"), false},
		{"24:00 end: Sunday 23:59", lateSunday, londonTime(t, "2025-11-30 23:59"), true},
		{"24:00 end: Monday 00:00", lateSunday, londonTime(t, "2025-12-01 00:00"), false},
		{"24 hours at midnight", always, londonTime(t, "2025-12-25 00:00"), true},
		// 30 March 2025 clocks go forward at 01:00 GMT. 08:30 UTC on Monday
		// 31 March is 09:30 BST: open, though 08:30 in GMT would not be.
		{"BST: 08:30 UTC is 09:30 in London", office, time.Date(2025, time.March, 31, 8, 30, 0, 0, time.UTC), true},
		{"BST: 16:30 UTC is 17:30 in London", office, time.Date(2025, time.March, 31, 16, 30, 0, 0, time.UTC), false},
		// 27 October 2025 (Monday) is back on GMT: 08:30 UTC is 08:30.
		{"GMT: 08:30 UTC is 08:30 in London", office, time.Date(2025, time.October, 27, 8, 30, 0, 0, time.UTC), false},
		{"GMT: 16:30 UTC is 16:30 in London", office, time.Date(2025, time.October, 27, 16, 30, 0, 0, time.UTC), true},
		// Friday 31 October 23:30 UTC: Friday night in London, in the night shelter's hours.
		{"GMT: Friday night shelter", night, time.Date(2025, time.October, 31, 23, 30, 0, 0, time.UTC), true},
		// Saturday 28 June 00:30 BST is Friday 23:30 UTC: still the shelter's Friday night.
		{"BST: small hours are London's", night, time.Date(2025, time.June, 28, 0, 30, 0, 0, time.UTC), true},
		// Saturday 28 June 01:30 UTC is 02:30 BST: closed, though 01:30 would be open.
		{"BST: closes at 02:00 London time", night, time.Date(2025, time.June, 28, 1, 30, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		if got := tt.s.OpenAt(tt.at); got != tt.open {
			t.Errorf("%s: OpenAt(%s) = %v", tt.name, tt.at.Format(time.RFC3339), got)
		}
	}
}

func TestDescribe(t *testing.T) {
	office := weekdays(mustInterval(t, "09:00-17:00"))
	office.Days[time.Saturday] = []Interval{mustInterval(t, "10:00-13:00"), mustInterval(t, "14:00-16:00")}
	var everyDay Schedule
	for d := range everyDay.Days {
		everyDay.Days[d] = []Interval{mustInterval(t, "00:00-24:00")}
	}
	var weekend Schedule
	weekend.Days[time.Saturday] = []Interval{mustInterval(t, "22:00-02:00")}
	weekend.Days[time.Sunday] = []Interval{mustInterval(t, "22:00-02:00")}
	tests := []struct {
		s    Schedule
		want string
	}{
		{Schedule{AllHours: true}, "24 hours"},
		{everyDay, "24 hours"},
		{weekdays(mustInterval(t, "09:00-17:00")), "Mon–Fri 09:00–17:00"},
		{office, "Mon–Fri 09:00–17:00; Sat 10:00–13:00, 14:00–16:00"},
		{weekend, "Sat–Sun 22:00–02:00"},
		{Schedule{}, "no assessment hours"},
	}
	for _, tt := range tests {
		if got := tt.s.Describe(); got != tt.want {
			t.Errorf("Describe() = %q, want %q", got, tt.want)
		}
	}
}

func TestScheduleJSON(t *testing.T) {
	office := weekdays(mustInterval(t, "09:00-17:00"))
	office.Days[time.Saturday] = []Interval{mustInterval(t, "22:00-02:00")}
	data, err := json.Marshal(office)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"fri":["09:00-17:00"],"mon":["09:00-17:00"],"sat":["22:00-02:00"],"thu":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"]}`
	if string(data) != want {
		t.Errorf("marshal = %s", data)
	}
	var back Schedule
	if err := json.Unmarshal(data, &back); err != nil || back.Describe() != office.Describe() {
		t.Errorf("round trip: %v, %q", err, back.Describe())
	}
	if data, _ := json.Marshal(Schedule{AllHours: true}); string(data) != `{"24h":true}` {
		t.Errorf("24h marshal = %s", data)
	}

	for _, tt := range []struct{ json, field string }{
		{`{"mon": ["09:00-17:00", "9-5"]}`, "mon[1]"},
		{`{"mon": ["09:00-09:00"]}`, "mon[0]"},
		{`{"tue": ["24:00-02:00"]}`, "tue[0]"},
		{`{"wed": ["09:00-25:00"]}`, "wed[0]"},
		{`{"monday": ["09:00-17:00"]}`, "monday"},
		{`{"24h": "yes"}`, "24h"},
	} {
		var s Schedule
		err := json.Unmarshal([]byte(tt.json), &s)
		var fes FieldErrors
		if !errors.As(err, &fes) || fes[0].Field != tt.field {
			t.Errorf("%s: err = %v, want a problem with %s", tt.json, err, tt.field)
		}
	}
}
