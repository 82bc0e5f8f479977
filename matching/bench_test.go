package matching

import (
	"testing"

	"github.com/paulmach/orb"
)

// go test -run '^$' -bench . -benchmem ./matching/

func BenchmarkRankServices1000(b *testing.B) {
	services := fixtureServices(1, 1000)
	person := fixtureCandidates(1, 1)[0]
	w := DefaultWeights()
	b.ReportAllocs()
	for b.Loop() {
		RankServices(person, services, w, fixtureNow)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/service")
}

func BenchmarkRankCandidates10000(b *testing.B) {
	people := fixtureCandidates(2, 10000)
	w := DefaultWeights()
	vacancy, _ := DefaultEligibility("hostel")
	service := Service{ServiceID: 1, Type: "hostel", Rules: vacancy, LAs: []int64{1, 2}, Groups: []string{GroupRoughSleeper, "women"},
		Location: orb.Point{-2.98, 53.41}, HasLocation: true, Capacity: 30, Vacancies: 1}
	b.ReportAllocs()
	for b.Loop() {
		RankCandidates(service, people, w, fixtureNow)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10000, "ns/person")
}
