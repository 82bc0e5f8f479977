package names

// JaroWinkler returns the Jaro-Winkler similarity of a and b, from 0 (nothing
// in common) to 1 (equal), compared rune by rune. It rewards a shared start,
// which suits names: people mistype the end of a name more often than its
// first letters. Pass normalised names; the comparison is case-sensitive.
func JaroWinkler(a, b string) float64 {
	var bufA, bufB [32]rune
	ra, rb := runes(bufA[:0], a), runes(bufB[:0], b)
	if len(ra) == 0 && len(rb) == 0 {
		return 1
	}
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	jaro := jaro(ra, rb)
	// Winkler's boost applies only to strings already fairly alike.
	if jaro <= 0.7 {
		return jaro
	}
	prefix := 0
	for prefix < 4 && prefix < len(ra) && prefix < len(rb) && ra[prefix] == rb[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

func jaro(a, b []rune) float64 {
	window := max(len(a), len(b))/2 - 1
	if window < 0 {
		window = 0
	}
	// Names are short; fixed arrays keep the common case off the heap.
	var bufA, bufB [64]bool
	var matchedA, matchedB []bool
	if len(a) <= len(bufA) && len(b) <= len(bufB) {
		matchedA, matchedB = bufA[:len(a)], bufB[:len(b)]
	} else {
		matchedA, matchedB = make([]bool, len(a)), make([]bool, len(b))
	}
	matches := 0
	for i, r := range a {
		lo, hi := max(0, i-window), min(len(b), i+window+1)
		for j := lo; j < hi; j++ {
			if !matchedB[j] && b[j] == r {
				matchedA[i], matchedB[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	transposed, j := 0, 0
	for i, r := range a {
		if !matchedA[i] {
			continue
		}
		for !matchedB[j] {
			j++
		}
		if b[j] != r {
			transposed++
		}
		j++
	}
	m := float64(matches)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(transposed)/2)/m) / 3
}

// DamerauLevenshtein returns the number of single-rune insertions, deletions,
// substitutions and transpositions of adjacent runes needed to turn a into b
// (the unrestricted distance of Lowrance and Wagner, so "ca" → "abc" is 2).
// A transposition is the commonest typing slip in names ("Jhon").
func DamerauLevenshtein(a, b string) int {
	var bufA, bufB [32]rune
	ra, rb := runes(bufA[:0], a), runes(bufB[:0], b)
	n, m := len(ra), len(rb)
	if n == 0 {
		return m
	}
	if m == 0 {
		return n
	}
	inf := n + m
	// d is (n+2)×(m+2) with a border of inf, as in the published algorithm.
	w := m + 2
	var buf [400]int // two names of up to 18 letters: no allocation
	var d []int
	if size := (n + 2) * w; size <= len(buf) {
		d = buf[:size]
	} else {
		d = make([]int, size)
	}
	d[0] = inf
	for i := 0; i <= n; i++ {
		d[(i+1)*w] = inf
		d[(i+1)*w+1] = i
	}
	for j := 0; j <= m; j++ {
		d[j+1] = inf
		d[w+j+1] = j
	}
	lastRow := runeRows{}
	for i := 1; i <= n; i++ {
		lastCol := 0
		for j := 1; j <= m; j++ {
			i1 := lastRow.get(rb[j-1])
			j1 := lastCol
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
				lastCol = j
			}
			d[(i+1)*w+j+1] = min(
				d[i*w+j]+cost,  // substitution
				d[(i+1)*w+j]+1, // insertion
				d[i*w+j+1]+1,   // deletion
				d[i1*w+j1]+(i-i1-1)+1+(j-j1-1), // transposition
			)
		}
		lastRow.set(ra[i-1], i)
	}
	return d[(n+1)*w+m+1]
}

// runeRows remembers the last row each rune was seen in; an array serves the
// ASCII names that dominate, a map the rest.
type runeRows struct {
	ascii [128]int
	other map[rune]int
}

func (r *runeRows) get(c rune) int {
	if c < 128 {
		return r.ascii[c]
	}
	return r.other[c]
}

func (r *runeRows) set(c rune, row int) {
	if c < 128 {
		r.ascii[c] = row
		return
	}
	if r.other == nil {
		r.other = make(map[rune]int)
	}
	r.other[c] = row
}

// runes appends the runes of s to buf, so callers can keep short names on
// the stack.
func runes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}
