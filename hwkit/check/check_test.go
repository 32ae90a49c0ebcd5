package check_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/check"
)

func ExampleVec() {
	a := []float64{1, 0.1, 0.01}
	n2 := a[0]*a[0] + a[1]*a[1] + a[2]*a[2]
	closedForm := []float64{a[0] / n2, a[1] / n2, a[2] / n2}
	run := []float64{0.990001, 0.0990001, 0.00990001}
	fmt.Println(check.Vec("θ∞ (SGD)", run, closedForm, check.Rel(1e-6), "closed form a/‖a‖²"))
	fmt.Println(check.Vec("θ∞ (SGD)", []float64{0.99, 0.2, 0.01}, closedForm, check.Rel(1e-6), "closed form a/‖a‖²"))
	// Output:
	// ✓ θ∞ (SGD) = [0.990001, 0.0990001, 0.00990001]   [matches closed form a/‖a‖²; max |Δ| = 9.99901e-09, tol rel 1e-06]
	// ✗ θ∞ (SGD): got [0.99, 0.2, 0.01], want [0.990001, 0.0990001, 0.00990001] (closed form a/‖a‖²): component 2 differs (0.2 vs 0.0990001); |Δ| = 0.101 exceeds tol rel 1e-06
}

func ExampleReport() {
	err := check.Report(os.Stdout,
		check.Int("messages", 12, 12, "n(n−1)"),
		check.Scalar("time", 1.5, 1.25, check.AbsRel(0.01, 0), "α-β model"),
	)
	fmt.Println(err)
	fmt.Println(errors.Is(err, check.ErrFailed))
	// Output:
	// ✓ messages = 12   [matches n(n−1)]
	// ✗ time: got 1.5, want 1.25 (α-β model): |Δ| = 0.25 exceeds tol abs 0.01
	// check failed: time
	// true
}

func TestWithin(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		tol       check.Tol
		got, want float64
		ok        bool
	}{
		{check.Tol{}, 1, 1, true},
		{check.Tol{}, 1, 1 + 1e-16*4, false},
		{check.Rel(1e-9), 1e-300, 0, false},
		{check.Rel(1e-9), 0, 0, true},
		{check.Rel(1e-6), 1.0000005, 1, true},
		{check.Rel(1e-6), 1.000002, 1, false},
		{check.AbsRel(1e-3, 0), 1e-4, 0, true},
		{check.AbsRel(1, 1), nan, 0, false},
		{check.AbsRel(1, 1), 0, nan, false},
		{check.AbsRel(1, 1), inf, inf, false}, // an infinite result never matches
		{check.AbsRel(1, 1), -inf, -inf, false},
		{check.Rel(-1), 1, 1, false}, // nor anything under an invalid tolerance
		{check.AbsRel(nan, 0), 1, 1, false},
		{check.AbsRel(1, 0), 1e308, -1e308, false}, // |Δ| overflows
		{check.AbsRel(1, 1), inf, 1e300, false},
		{check.AbsRel(1, 1), -inf, inf, false},
	} {
		if got := tc.tol.Within(tc.got, tc.want); got != tc.ok {
			t.Errorf("%v.Within(%v, %v) = %v, want %v", tc.tol, tc.got, tc.want, got, tc.ok)
		}
	}
}

func TestVecMismatch(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want []float64
		tol       check.Tol
		detail    string
	}{
		{"empty reference", []float64{1}, nil, check.Rel(1), "reference vector is empty"},
		{"lengths", []float64{1, 2}, []float64{1}, check.Rel(1), "length 2, want length 1"},
		{"nan", []float64{math.NaN(), 1}, []float64{1, 1}, check.Rel(1), "component 1 is NaN, not a finite number"},
		{"inf against inf", []float64{1, math.Inf(1)}, []float64{1, math.Inf(1)}, check.Rel(1), "reference component 2 is +Inf"},
		{"invalid tolerance", []float64{1}, []float64{1}, check.Rel(-1), "invalid tolerance rel -1"},
	} {
		r := check.Vec(tc.name, tc.got, tc.want, tc.tol, "x")
		if r.OK || !strings.Contains(r.Detail, tc.detail) || !strings.HasPrefix(r.String(), "✗ ") {
			t.Errorf("%s: %v", tc.name, r)
		}
	}
}

// A failure prints the values with enough digits to show they differ; a
// pass keeps table.Float's six.
func TestDigitsOnFailure(t *testing.T) {
	for _, tc := range []struct {
		r    check.Result
		want string
	}{
		{check.Scalar("x", 1, 1+1e-9, check.Rel(1e-12), "r"),
			"✗ x: got 1, want 1.000000001 (r): |Δ| = 1e-09 exceeds tol rel 1e-12"},
		{check.Scalar("x", 1, math.Nextafter(1, 2), check.Tol{}, "r"),
			"✗ x: got 1, want 1.0000000000000002 (r): |Δ| = 2.22045e-16 exceeds tol exact"},
		{check.Vec("v", []float64{0.5, 2}, []float64{0.5, 2 + 3e-12}, check.Rel(1e-15), "r"),
			"✗ v: got [0.5, 2], want [0.5, 2.000000000003] (r): component 2 differs (2 vs 2.000000000003); |Δ| = 2.99982e-12 exceeds tol rel 1e-15"},
		{check.Vec("v", []float64{0.5, 2}, []float64{0.5, 2 + 3e-12}, check.Rel(1e-9), "r"),
			"✓ v = [0.5, 2]   [matches r; max |Δ| = 2.99982e-12, tol rel 1e-09]"},
		{check.Scalar("x", math.Inf(1), math.Inf(1), check.Rel(1), "r"),
			"✗ x: got +Inf, want +Inf (r): got a non-finite value"},
		{check.Scalar("x", 2, math.Inf(-1), check.Rel(1), "r"),
			"✗ x: got 2, want -Inf (r): the reference value is not finite: nothing to compare with"},
	} {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

func TestScalarAndEqual(t *testing.T) {
	if r := check.Scalar("x", math.NaN(), 1, check.Rel(1), "y"); r.OK || !strings.Contains(r.Detail, "non-finite") {
		t.Errorf("NaN scalar: %v", r)
	}
	if r := check.Equal("regime", "monotone", "monotone", "formula"); !r.OK || r.String() != "✓ regime = monotone   [matches formula]" {
		t.Errorf("Equal: %q", r)
	}
	if r := check.Equal("n", 3, 4, ""); r.OK || r.String() != "✗ n: got 3, want 4" {
		t.Errorf("Equal mismatch: %q", r)
	}
	if r := check.True("bounded", false, "grows"); r.OK || r.String() != "✗ bounded: grows" {
		t.Errorf("True: %q", r)
	}
	if r := check.Int("m", 10, 12, "f"); r.OK || !strings.Contains(r.String(), "off by -2") {
		t.Errorf("Int: %q", r)
	}
}

func TestReportAllPass(t *testing.T) {
	var b strings.Builder
	if err := check.Report(&b, check.True("a", true, ""), check.True("b", true, "fine")); err != nil {
		t.Fatal(err)
	}
	if b.String() != "✓ a\n✓ b   [fine]\n" {
		t.Errorf("got %q", b.String())
	}
}

// A failing check prints the values with the digits that tell them apart;
// an infinite value never passes.
func ExampleScalar() {
	fmt.Println(check.Scalar("f(θ∞)", 0, 0, check.AbsRel(1e-12, 0), "interpolation"))
	fmt.Println(check.Scalar("‖θ‖", 1, 1+1e-9, check.Rel(1e-12), "closed form"))
	fmt.Println(check.Scalar("time", math.Inf(1), math.Inf(1), check.Rel(1e-9), "α-β model"))
	// Output:
	// ✓ f(θ∞) = 0   [matches interpolation; |Δ| = 0, tol abs 1e-12]
	// ✗ ‖θ‖: got 1, want 1.000000001 (closed form): |Δ| = 1e-09 exceeds tol rel 1e-12
	// ✗ time: got +Inf, want +Inf (α-β model): got a non-finite value
}

func ExampleTol_Within() {
	tol := check.AbsRel(1e-9, 1e-6)
	fmt.Println(tol.Within(1.0000005, 1), tol.Within(1e-10, 0), tol.Within(math.Inf(1), math.Inf(1)))
	fmt.Println(check.Rel(-1).Valid())
	// Output:
	// true true false
	// invalid tolerance rel -1: both parts must be finite and ≥ 0
}
