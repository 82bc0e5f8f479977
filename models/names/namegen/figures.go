package namegen

import (
	"fmt"
	"sort"
	"strings"
)

// Figures describe a drawn population's family names, for comparing the
// model with real surname data (README.md).
type Figures struct {
	People   int
	Distinct int // distinct family names
	Top      []Share
	TopTen   float64 // share of people holding one of the ten commonest
	Rare     float64 // share of people whose family name at most 5 others hold
	Single   int     // family names held by one person only
	// ByRank is the count at ranks 1, 10, 100, 1000, 10000 (0 past the end):
	// a power law falls by a steady factor per decade.
	ByRank [5]int
}

// Share is a name and its share of people.
type Share struct {
	Name  string
	Share float64
}

// Measure draws n people with the seed and describes their family names.
func Measure(seed uint64, n int) Figures {
	s := NewSampler(seed)
	count := make(map[string]int, n/4)
	for range n {
		count[s.Draw().Family]++
	}
	type kv struct {
		name string
		n    int
	}
	all := make([]kv, 0, len(count))
	for k, v := range count {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].n != all[j].n {
			return all[i].n > all[j].n
		}
		return all[i].name < all[j].name
	})
	f := Figures{People: n, Distinct: len(all)}
	for i, x := range all {
		if i < 20 {
			f.Top = append(f.Top, Share{x.name, float64(x.n) / float64(n)})
		}
		if i < 10 {
			f.TopTen += float64(x.n) / float64(n)
		}
		if x.n <= 6 {
			f.Rare += float64(x.n) / float64(n)
		}
		if x.n == 1 {
			f.Single++
		}
	}
	for i, r := range []int{1, 10, 100, 1000, 10000} {
		if r <= len(all) {
			f.ByRank[i] = all[r-1].n
		}
	}
	return f
}

func (f Figures) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d people, %d distinct family names (%d held by one person)\n", f.People, f.Distinct, f.Single)
	fmt.Fprintf(&b, "top 10 hold %.1f%%; %.1f%% of people share their family name with at most 5 others\n", 100*f.TopTen, 100*f.Rare)
	fmt.Fprintf(&b, "people at rank 1, 10, 100, 1000, 10000: %v\n", f.ByRank)
	for i, s := range f.Top {
		fmt.Fprintf(&b, "%3d. %-14s %.2f%%\n", i+1, s.Name, 100*s.Share)
	}
	return b.String()
}
