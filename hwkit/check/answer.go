package check

import (
	"fmt"
	"math"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// This file holds the checks a student calls with their own answer. The
// reference is always the value the notebook computes (a run, a closed
// form, a simulation), never a key typed into the notebook. An answer left
// at its zero value (nil, empty or NaN) is "not answered yet": reported, not
// failed, so a student notebook runs top to bottom before anything is filled
// in.

// AnswerVec checks a student's vector against the notebook's value within
// tol. A nil or empty answer is pending; a wrong one fails with the first
// component that differs and the hint.
func AnswerVec(name string, yours, want []float64, tol Tol, hint string) Result {
	if len(yours) == 0 {
		return Result{Name: name, Pending: true, Hint: hint}
	}
	r := Vec(name, yours, want, tol, "the notebook's value")
	if !r.OK {
		r.Hint = hint
	}
	return r
}

// AnswerScalar checks a student's number against the notebook's value
// within tol. NaN (math.NaN(), the stub's value) is pending.
func AnswerScalar(name string, yours, want float64, tol Tol, hint string) Result {
	if math.IsNaN(yours) {
		return Result{Name: name, Pending: true, Hint: hint}
	}
	r := Scalar(name, yours, want, tol, "the notebook's value")
	if !r.OK {
		r.Hint = hint
	}
	return r
}

// Via returns r with its route set to route: where the value the answer
// is compared with comes from, e.g. "the numerical minimizer" instead of
// the Answer functions' default "the notebook's value". A ✓ line then says
// "matches <route>" and a ✗ line names it. A pending result is returned
// unchanged.
func (r Result) Via(route string) Result {
	if !r.Pending {
		r.Route = route
	}
	return r
}

// maxListed is how many wrong entries AnswerCounts names, so that its line
// stays readable; the rest are counted.
const maxListed = 5

// AnswerCounts checks a student's table of exact counts (e.g. messages and
// message sizes per algorithm) against the notebook's, entry by entry; rows
// and cols label them in messages. A nil answer, or one that is all zeros,
// is pending. Shapes must match. At most five wrong entries are named.
func AnswerCounts(name string, yours, want [][]int64, rows, cols []string, hint string) Result {
	pending := true
	for _, r := range yours {
		for _, v := range r {
			pending = pending && v == 0
		}
	}
	if pending {
		return Result{Name: name, Pending: true, Hint: hint}
	}
	res := Result{Name: name, Route: "the notebook's counts", Hint: hint}
	if len(yours) != len(want) {
		res.Detail = fmt.Sprintf("%d rows, want %d", len(yours), len(want))
		return res
	}
	var wrong []string
	label := func(s []string, i int) string {
		if i < len(s) {
			return s[i]
		}
		return fmt.Sprint(i + 1)
	}
	for i := range want {
		if len(yours[i]) != len(want[i]) {
			res.Detail = fmt.Sprintf("row %s has %d entries, want %d", label(rows, i), len(yours[i]), len(want[i]))
			return res
		}
		for j := range want[i] {
			if yours[i][j] != want[i][j] {
				wrong = append(wrong, fmt.Sprintf("%s/%s: %d, want %d", label(rows, i), label(cols, j), yours[i][j], want[i][j]))
			}
		}
	}
	if len(wrong) > maxListed {
		wrong = append(wrong[:maxListed], fmt.Sprintf("and %d more", len(wrong)-maxListed))
	}
	if len(wrong) > 0 {
		res.Detail = strings.Join(wrong, "; ")
		return res
	}
	res.OK, res.Hint = true, ""
	n := 0
	for _, r := range want {
		n += len(r)
	}
	res.Got = fmt.Sprintf("all %d entries", n)
	return res
}

// AnswerChoice checks a student's choice among named options (e.g. a regime
// "zero", "tie" or "unbounded"); the empty string is pending. Case and
// surrounding spaces are ignored.
func AnswerChoice(name, yours, want, hint string) Result {
	y := strings.ToLower(strings.TrimSpace(yours))
	if y == "" {
		return Result{Name: name, Pending: true, Hint: hint}
	}
	r := Result{Name: name, Got: table.Cell(yours), Want: want, Route: "the notebook's answer",
		OK: y == strings.ToLower(strings.TrimSpace(want))}
	if !r.OK {
		r.Hint = hint
	}
	return r
}
