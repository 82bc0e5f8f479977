package matching

import (
	"strconv"
)

// explainer collects the factors and failures of many results. Their text is
// written into one byte buffer and cut from a single string once scoring is
// done, so ranking 10,000 people costs a few growing buffers instead of a
// string per factor. Every scorer writes a detail first and then closes it
// with factor or fail.
type explainer struct {
	text      []byte
	mark      int // start of the detail being written
	sum       int // points of the result being scored
	factors   []Factor
	factorAt  []span // factors[i].Detail is text[factorAt[i]]
	failures  []Failure
	failureAt []span
}

type span struct{ from, to int }

func newExplainer(results int) *explainer {
	const factorsEach, bytesEach = 6, 256
	return &explainer{
		text:     make([]byte, 0, results*bytesEach),
		factors:  make([]Factor, 0, results*factorsEach),
		factorAt: make([]span, 0, results*factorsEach),
		// Most results fail no rule or one.
		failures:  make([]Failure, 0, results),
		failureAt: make([]span, 0, results),
	}
}

// begin starts a result and returns where its factors and failures start.
func (e *explainer) begin() (factors, failures int) {
	e.sum = 0
	e.mark = len(e.text)
	return len(e.factors), len(e.failures)
}

func (e *explainer) s(str string) *explainer {
	e.text = append(e.text, str...)
	return e
}

func (e *explainer) n(v int) *explainer {
	e.text = strconv.AppendInt(e.text, int64(v), 10)
	return e
}

// km writes metres as kilometres to the given decimal places, or as few as
// needed when decimals is -1.
func (e *explainer) km(metres float64, decimals int) *explainer {
	e.text = strconv.AppendFloat(e.text, metres/1000, 'f', decimals, 64)
	e.text = append(e.text, " km"...)
	return e
}

// key writes a vocabulary key for people to read: "care_leaver" as "care leaver".
func (e *explainer) key(k string) *explainer {
	for i := 0; i < len(k); i++ {
		if k[i] == '_' {
			e.text = append(e.text, ' ')
		} else {
			e.text = append(e.text, k[i])
		}
	}
	return e
}

// keys writes the keys of list that keep reports true, comma separated.
func (e *explainer) keys(list []string, keep func(string) bool) *explainer {
	first := true
	for _, k := range list {
		if !keep(k) {
			continue
		}
		if !first {
			e.s(", ")
		}
		first = false
		e.key(k)
	}
	return e
}

// factor closes the detail written since the last close as a factor.
func (e *explainer) factor(name, label string, points int) {
	e.factors = append(e.factors, Factor{Name: name, Label: label, Points: points})
	e.factorAt = append(e.factorAt, span{e.mark, len(e.text)})
	e.mark = len(e.text)
	e.sum += points
}

// fail closes the detail written since the last close as a failed rule.
func (e *explainer) fail(r rule) {
	e.failures = append(e.failures, Failure{Rule: ruleNames[r]})
	e.failureAt = append(e.failureAt, span{e.mark, len(e.text)})
	e.mark = len(e.text)
}

// freeze turns the text into strings. Call it once, after all scoring.
func (e *explainer) freeze() {
	text := string(e.text)
	for i, at := range e.factorAt {
		e.factors[i].Detail = text[at.from:at.to]
	}
	for i, at := range e.failureAt {
		e.failures[i].Reason = text[at.from:at.to]
	}
}

// result assembles a frozen result from its ranges. The slices are capped so
// a caller appending to one cannot overwrite the next result's entries.
func (e *explainer) result(sc *scored) Result {
	r := Result{
		Eligible:       sc.eligible,
		Factors:        e.factors[sc.factors.from:sc.factors.to:sc.factors.to],
		Total:          sc.total,
		DistanceMetres: sc.distance,
	}
	if sc.failures.to > sc.failures.from {
		r.Failures = e.failures[sc.failures.from:sc.failures.to:sc.failures.to]
	}
	return r
}

// scored is one result while ranking, before its text is frozen.
type scored struct {
	index    int   // position in the caller's slice
	id       int64 // person or service
	eligible bool
	failed   failedRules
	total    int
	distance float64
	waiting  int64 // Unix seconds since the person started waiting; unknown sorts last
	factors  span
	failures span
}

// done closes the result begun at factors and failures.
func (e *explainer) done(id int64, failed failedRules, factors, failures int, distance float64) scored {
	return scored{
		id:       id,
		eligible: failed == 0,
		failed:   failed,
		total:    e.sum,
		distance: distance,
		factors:  span{factors, len(e.factors)},
		failures: span{failures, len(e.failures)},
	}
}
