package matching

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must resolve on a bare machine or container
)

// london is where every service's hours are kept: wall-clock UK time, so
// 09:00 means 09:00 in GMT and in BST alike.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("matching: " + err.Error())
	}
	return loc
}()

// Schedule is when a service takes assessments. Mainstay's strength is that
// someone can be assessed at any hour because some services are open 24h and
// others on set days.
type Schedule struct {
	// AllHours is open every hour of every day.
	AllHours bool
	// Days holds each weekday's intervals, indexed by time.Weekday (Sunday = 0).
	Days [7][]Interval
}

// Interval is part of a day in minutes after midnight, UK local time. To at
// or before From runs past midnight into the next day ("22:00-02:00");
// "00:00-24:00" is the whole day.
type Interval struct {
	From, To int
}

const minutesPerDay = 24 * 60

// ParseInterval reads "HH:MM-HH:MM".
func ParseInterval(s string) (Interval, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return Interval{}, fmt.Errorf("%q is not HH:MM-HH:MM", s)
	}
	f, err := parseClock(from)
	if err != nil || f == minutesPerDay {
		return Interval{}, fmt.Errorf("%q: start is not a time from 00:00 to 23:59", s)
	}
	t, err := parseClock(to)
	if err != nil {
		return Interval{}, fmt.Errorf("%q: end is not a time from 00:00 to 24:00", s)
	}
	if f == t {
		return Interval{}, fmt.Errorf("%q is empty; use 00:00-24:00 for the whole day", s)
	}
	return Interval{From: f, To: t}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || len(h) != 2 || len(m) != 2 || err1 != nil || err2 != nil || hh > 24 || mm > 59 || (hh == 24 && mm != 0) || hh < 0 || mm < 0 {
		return 0, errors.New("bad time")
	}
	return hh*60 + mm, nil
}

func (iv Interval) format(sep string) string {
	return fmt.Sprintf("%02d:%02d%s%02d:%02d", iv.From/60, iv.From%60, sep, iv.To/60, iv.To%60)
}

// String is the JSON form, "09:00-17:00".
func (iv Interval) String() string { return iv.format("-") }

func (iv Interval) overnight() bool { return iv.To <= iv.From }

// OpenAt reports whether the service takes assessments at t.
func (s Schedule) OpenAt(t time.Time) bool {
	if s.AllHours {
		return true
	}
	local := t.In(london)
	day := local.Weekday()
	minute := local.Hour()*60 + local.Minute()
	for _, iv := range s.Days[day] {
		if minute >= iv.From && (iv.overnight() || minute < iv.To) {
			return true
		}
	}
	// The small hours belong to yesterday's overnight intervals.
	for _, iv := range s.Days[(day+6)%7] {
		if iv.overnight() && minute < iv.To {
			return true
		}
	}
	return false
}

// weekOrder is Monday first, as people read a week.
var weekOrder = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

var allDay = []Interval{{From: 0, To: minutesPerDay}}

// Describe is the schedule for people: "24 hours", "Mon–Fri 09:00–17:00;
// Sat 10:00–13:00", or "no assessment hours".
func (s Schedule) Describe() string {
	if s.AllHours || slices.IndexFunc(weekOrder[:], func(d time.Weekday) bool {
		return !slices.Equal(s.Days[d], allDay)
	}) < 0 {
		return "24 hours"
	}
	var parts []string
	for i := 0; i < len(weekOrder); {
		day := s.Days[weekOrder[i]]
		j := i + 1
		for j < len(weekOrder) && slices.Equal(s.Days[weekOrder[j]], day) {
			j++
		}
		if len(day) > 0 {
			days := weekOrder[i].String()[:3]
			if j-i > 1 {
				days += "–" + weekOrder[j-1].String()[:3]
			}
			times := make([]string, len(day))
			for k, iv := range day {
				times[k] = iv.format("–")
			}
			parts = append(parts, days+" "+strings.Join(times, ", "))
		}
		i = j
	}
	if len(parts) == 0 {
		return "no assessment hours"
	}
	return strings.Join(parts, "; ")
}

var dayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// MarshalJSON writes {"24h": true} or {"mon": ["09:00-17:00"], ...}.
func (s Schedule) MarshalJSON() ([]byte, error) {
	if s.AllHours {
		return []byte(`{"24h":true}`), nil
	}
	m := map[string][]string{}
	for d, ivs := range s.Days {
		for _, iv := range ivs {
			m[dayKeys[d]] = append(m[dayKeys[d]], iv.String())
		}
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the MarshalJSON form; problems are FieldErrors naming
// the day and interval, e.g. "mon[1]".
func (s *Schedule) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return FieldErrors{{Problem: "assessment hours must be an object of days: " + err.Error()}}
	}
	var out Schedule
	var errs FieldErrors
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		if key == "24h" {
			if err := json.Unmarshal(raw[key], &out.AllHours); err != nil {
				errs.add(key, "want true or false")
			}
			continue
		}
		d := slices.Index(dayKeys[:], key)
		if d < 0 {
			errs.add(key, "unknown day; use 24h, mon, tue, wed, thu, fri, sat or sun")
			continue
		}
		var ivs []string
		if err := json.Unmarshal(raw[key], &ivs); err != nil {
			errs.add(key, "want a list of \"HH:MM-HH:MM\"")
			continue
		}
		for i, text := range ivs {
			iv, err := ParseInterval(text)
			if err != nil {
				errs.add(key+"["+strconv.Itoa(i)+"]", "%v", err)
				continue
			}
			out.Days[d] = append(out.Days[d], iv)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	*s = out
	return nil
}
