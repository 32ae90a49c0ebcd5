// Package check compares a computed answer with an independent route and
// prints the verdict as one plain-text line starting with ✓ or ✗.
//
// It links neither the notebook UI nor the plotting stack, so a cell that
// only checks answers compiles and links fast. Build results with Scalar, Vec,
// Int or True; print them with Report (returns an error) or, in a notebook
// cell, with ReportOrExit, which ends the cell's program with exit status 1
// on a mismatch so the cell, and nbconvert --execute with it, fails.
// OrExit and ExitOnError end it the same way on an error, with a readable
// "✗ error: …" line instead of a panic trace.
//
// A comparison with NaN or ±Inf on either side never passes (not even +Inf
// against +Inf), nor does one under an invalid tolerance. Passing checks
// print values with table.Float's six significant digits, so their lines
// are short and stable; a failing one prints as many more as it takes to
// show how the values differ.
package check

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// Tol is a tolerance for comparing floats: got and want agree when
// |got − want| ≤ max(Abs, Rel·|want|), component by component.
// The zero Tol demands exact equality.
type Tol struct {
	Abs float64 // absolute tolerance
	Rel float64 // relative tolerance, a fraction of |want|
}

// Rel returns a purely relative tolerance, |got − want| ≤ r·|want|
// (so want = 0 is met only by got = 0).
func Rel(r float64) Tol { return Tol{Rel: r} }

// AbsRel returns a tolerance with both an absolute and a relative part.
func AbsRel(abs, rel float64) Tol { return Tol{Abs: abs, Rel: rel} }

// Within reports whether got agrees with want under t. A comparison
// involving NaN or ±Inf never agrees, not even +Inf with +Inf: an infinite
// result is a failure to compute one, not a value that matches. Nothing
// agrees under an invalid tolerance (see Valid).
func (t Tol) Within(got, want float64) bool {
	if !finite(got) || !finite(want) || t.Valid() != nil {
		return false
	}
	if got == want {
		return true
	}
	// |got − want| can overflow to +Inf for opposite huge values; that is
	// rightly above any finite tolerance.
	return math.Abs(got-want) <= math.Max(t.Abs, t.Rel*math.Abs(want))
}

// Valid returns an error unless both parts of t are finite and
// non-negative.
func (t Tol) Valid() error {
	if !(t.Abs >= 0 && t.Rel >= 0 && finite(t.Abs) && finite(t.Rel)) {
		return fmt.Errorf("invalid tolerance %v: both parts must be finite and ≥ 0", t)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// String prints the tolerance, e.g. "rel 1e-06" or "abs 1e-09 or rel 1e-06".
func (t Tol) String() string {
	switch {
	case t.Abs == 0 && t.Rel == 0:
		return "exact"
	case t.Abs == 0:
		return "rel " + table.Float(t.Rel)
	case t.Rel == 0:
		return "abs " + table.Float(t.Abs)
	default:
		return "abs " + table.Float(t.Abs) + " or rel " + table.Float(t.Rel)
	}
}

// Result is the verdict of one check.
type Result struct {
	// Name says what was checked, e.g. "θ∞ (SGD)".
	Name string
	// OK is true when the check passed.
	OK bool
	// Got and Want are the compared values, formatted with table.Cell.
	Got, Want string
	// Route names where Want came from, e.g. "closed form a/‖a‖²".
	Route string
	// Detail gives the measured discrepancy or the reason for a failure.
	Detail string
	// Pending marks a student's answer that is not filled in yet: neither
	// passed nor failed (OK is false, but Report and All do not count it as
	// a failure).
	Pending bool
	// Hint is shown with a wrong or missing answer.
	Hint string
}

// String prints the verdict on one line (line breaks in any field become
// spaces):
//
//	✓ name = got   [route; detail]
//	✗ name: got G, want W (route): detail
func (r Result) String() string {
	return strings.ReplaceAll(r.line(), "\n", " ")
}

func (r Result) line() string {
	var b strings.Builder
	if r.Pending {
		b.WriteString("… " + r.Name + ": not answered yet")
		if r.Hint != "" {
			b.WriteString(" (hint: " + r.Hint + ")")
		}
		return b.String()
	}
	if r.OK {
		b.WriteString("✓ " + r.Name)
		if r.Got != "" {
			b.WriteString(" = " + r.Got)
		}
		var tail []string
		if r.Route != "" {
			tail = append(tail, "matches "+r.Route)
		}
		if r.Detail != "" {
			tail = append(tail, r.Detail)
		}
		if len(tail) > 0 {
			b.WriteString("   [" + strings.Join(tail, "; ") + "]")
		}
		return b.String()
	}
	b.WriteString("✗ " + r.Name)
	if r.Got != "" || r.Want != "" {
		fmt.Fprintf(&b, ": got %s, want %s", r.Got, r.Want)
	}
	if r.Route != "" {
		fmt.Fprintf(&b, " (%s)", r.Route)
	}
	if r.Detail != "" {
		b.WriteString(": " + r.Detail)
	}
	if r.Hint != "" {
		b.WriteString(" (hint: " + r.Hint + ")")
	}
	return b.String()
}

// Scalar checks a number against an independently computed one. NaN or
// ±Inf on either side fails, and so does an invalid tolerance. The values
// print with table.Float's six digits, or with as many more as it takes to
// tell them apart on a failure.
func Scalar(name string, got, want float64, tol Tol, route string) Result {
	r := Result{Name: name, Route: route, OK: tol.Within(got, want)}
	r.Got, r.Want = table.Float(got), table.Float(want)
	if !r.OK {
		r.Got, r.Want = distinct(got, want)
	}
	diff := math.Abs(got - want)
	switch {
	case !finite(got):
		r.Detail = "got a non-finite value"
	case !finite(want):
		r.Detail = "the reference value is not finite: nothing to compare with"
	case tol.Valid() != nil:
		r.Detail = tol.Valid().Error()
	case r.OK:
		r.Detail = "|Δ| = " + table.Float(diff) + ", tol " + tol.String()
	default:
		r.Detail = "|Δ| = " + table.Float(diff) + " exceeds tol " + tol.String()
	}
	return r
}

// distinct formats a and b with table.Float, or with enough significant
// digits (up to the 17 that identify a float64) to tell them apart.
func distinct(a, b float64) (string, string) {
	p := digits(a, b)
	return formatWith(a, p), formatWith(b, p)
}

// digits is the number of significant digits, at least table.Precision and
// at most 17, at which a and b print differently (17 when they are equal).
func digits(a, b float64) int {
	p := table.Precision
	for a != b && p < 17 && formatWith(a, p) == formatWith(b, p) {
		p++
	}
	return p
}

// formatWith formats x like table.Float, with p significant digits.
func formatWith(x float64, p int) string {
	if p <= table.Precision || !finite(x) || x == 0 {
		return table.Float(x)
	}
	return strconv.FormatFloat(x, 'g', p, 64)
}

// shortVec is the longest vector a check line prints whole; a longer one
// prints its first and last components around "…" and its length.
const shortVec = 10

// vecWith formats v like table.Vec with p significant digits, shortened
// past shortVec components.
func vecWith(v []float64, p int) string {
	var parts []string
	for i, x := range v {
		if len(v) > shortVec && i == shortVec-3 {
			parts = append(parts, "…")
			i = len(v) - 2
			parts = append(parts, formatWith(v[i], p), formatWith(v[i+1], p))
			return "[" + strings.Join(parts, ", ") + fmt.Sprintf("] (%d components)", len(v))
		}
		parts = append(parts, formatWith(x, p))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Vec checks a vector component by component against an independently
// computed one; the detail reports the largest absolute difference. Empty
// or mismatched vectors, NaN or ±Inf components and an invalid tolerance
// fail. On a failure the vectors print with enough digits to show how the
// worst component differs. Vectors of more than ten components print their
// first seven and last two.
func Vec(name string, got, want []float64, tol Tol, route string) Result {
	r := Result{Name: name, Got: vecWith(got, table.Precision), Want: vecWith(want, table.Precision), Route: route}
	switch {
	case len(want) == 0:
		r.Detail = "nothing to compare with: the reference vector is empty"
		return r
	case len(got) != len(want):
		r.Detail = fmt.Sprintf("length %d, want length %d", len(got), len(want))
		return r
	}
	for i := range want {
		if !finite(want[i]) {
			r.Detail = fmt.Sprintf("reference component %d is %s: nothing to compare with", i+1, table.Float(want[i]))
			return r
		}
	}
	for i := range got {
		if !finite(got[i]) {
			r.Detail = fmt.Sprintf("component %d is %s, not a finite number", i+1, table.Float(got[i]))
			return r
		}
	}
	if err := tol.Valid(); err != nil {
		r.Detail = err.Error()
		return r
	}
	maxDiff, worstAt := 0.0, -1 // worstAt: the failing component with the largest |Δ|
	for i := range got {
		d := math.Abs(got[i] - want[i])
		maxDiff = math.Max(maxDiff, d)
		if !tol.Within(got[i], want[i]) && (worstAt < 0 || d > math.Abs(got[worstAt]-want[worstAt])) {
			worstAt = i
		}
	}
	if worstAt < 0 {
		r.OK = true
		r.Detail = "max |Δ| = " + table.Float(maxDiff) + ", tol " + tol.String()
		return r
	}
	g, w := got[worstAt], want[worstAt]
	p := digits(g, w)
	r.Got, r.Want = vecWith(got, p), vecWith(want, p)
	gs, ws := distinct(g, w)
	r.Detail = fmt.Sprintf("component %d differs (%s vs %s); |Δ| = %s exceeds tol %s",
		worstAt+1, gs, ws, table.Float(math.Abs(g-w)), tol)
	return r
}

// Int checks an exact count.
func Int(name string, got, want int64, route string) Result {
	r := Result{Name: name, Got: fmt.Sprint(got), Want: fmt.Sprint(want), Route: route, OK: got == want}
	switch {
	case got > want: // the difference fits in a uint64 even where int64 overflows
		r.Detail = fmt.Sprintf("off by %d", uint64(got)-uint64(want))
	case got < want:
		r.Detail = fmt.Sprintf("off by -%d", uint64(want)-uint64(got))
	}
	return r
}

// Equal checks two values of any comparable type for exact equality; they
// are printed with table.Cell.
func Equal[T comparable](name string, got, want T, route string) Result {
	return Result{Name: name, Got: table.Cell(got), Want: table.Cell(want), Route: route, OK: got == want}
}

// True records a condition with the reason it holds or does not.
func True(name string, ok bool, detail string) Result {
	return Result{Name: name, OK: ok, Detail: detail}
}

// ErrFailed is wrapped by Report's error when a check failed.
var ErrFailed = errors.New("check failed")

// GradingEnv names the environment variable the grader sets to "1" when it
// runs the checks of a submission: an answer not given is then a failure
// ("✗ … not answered"), while in a student's own notebook it is only
// pending, so that the notebook runs top to bottom before it is done.
const GradingEnv = "HW2_GRADING"

// Report prints one line per result to w (nowhere if w is nil) and returns
// an error wrapping ErrFailed that names the failed checks, or nil when all
// passed or are pending (not answered yet; a failure while grading, see
// GradingEnv).
func Report(w io.Writer, results ...Result) error {
	if w == nil {
		w = io.Discard
	}
	grading := os.Getenv(GradingEnv) == "1"
	var failed []string
	for _, r := range results {
		if r.Pending && grading {
			fmt.Fprintln(w, "✗ "+r.Name+": not answered")
			failed = append(failed, r.Name)
			continue
		}
		fmt.Fprintln(w, r.String())
		if !r.OK && !r.Pending {
			failed = append(failed, r.Name)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w: %s", ErrFailed, strings.Join(failed, ", "))
	}
	return nil
}

// ReportOrExit prints the results on standard output. If any failed, it
// prints a one-line summary after them and exits the program with status 1,
// which makes a notebook cell fail. (Everything goes to standard output, so
// the order of the lines is the same in every run.) It is meant for notebook
// cells; tests use Report.
func ReportOrExit(results ...Result) {
	if err := Report(os.Stdout, results...); err != nil {
		fmt.Println("✗ " + err.Error())
		os.Exit(1)
	}
}

// HiddenOrExit is ReportOrExit for hidden tests (checks at parameters the
// student never sees, in a notebook's hidden-test region): while grading
// (GradingEnv) it prints every line; otherwise it prints only the lines of
// failed checks, so that the instructor's notebook and its exports do not
// show the hidden parameters, and still stops the cell on a failure.
func HiddenOrExit(results ...Result) {
	if os.Getenv(GradingEnv) == "1" {
		ReportOrExit(results...)
		return
	}
	var failed []Result
	for _, r := range results {
		if !r.OK && !r.Pending {
			failed = append(failed, r)
		}
	}
	if len(failed) > 0 {
		ReportOrExit(failed...)
	}
}

// OrExit returns v when err is nil. Otherwise it prints "✗ error: <err>" on
// standard error and exits the program with status 1: a readable failure in
// a notebook cell instead of a panic trace. It is meant for notebook cells.
func OrExit[T any](v T, err error) T {
	ExitOnError(err)
	return v
}

// ExitOnError exits like OrExit when err is not nil, and does nothing
// otherwise.
func ExitOnError(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "✗ error: "+err.Error())
		os.Exit(1)
	}
}
