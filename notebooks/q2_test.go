package notebooks

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/nb"
)

const q2 = "q2_optimizer_convergence.ipynb"

func init() {
	required[q2] = expectations{
		checks: []string{"θ∞ (SGD)", "θ∞ (simplified Adam)", "θ∞ (rescaled SGD)", "SGD converges",
			"smallest ℓ2 norm: SGD", "smallest ℓ∞ norm: simplified Adam", "smallest weighted norm: rescaled SGD",
			"Adam with ε → 0 lands on sign(a)/‖a‖₁", "Lagrange residual of the run"},
		tables:  6,
		figures: 8,
	}
}

// The homework's limits, computed here from a alone, independently of hwkit.
func q2Limits(a []float64) (sgd, sign, rescaled []float64) {
	var n2, n1 float64
	for _, v := range a {
		n2 += v * v
		n1 += math.Abs(v)
	}
	for _, v := range a {
		sgd = append(sgd, v/n2)
		sign = append(sign, math.Copysign(1, v)/n1)
		rescaled = append(rescaled, 1/(float64(len(a))*v))
	}
	return sgd, sign, rescaled
}

// vec formats like the notebook's check lines: 6 significant digits.
func vec(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', 6, 64)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func requireLimits(t *testing.T, run *nb.Run, a []float64) {
	t.Helper()
	sgd, sign, rescaled := q2Limits(a)
	requireLines(t, run, []string{
		"✓ θ∞ (SGD) = " + vec(sgd),
		"✓ θ∞ (simplified Adam) = " + vec(sign),
		"✓ θ∞ (rescaled SGD) = " + vec(rescaled),
	})
}

// TestQ2Answers checks the homework's three limits for a = [1, 0.1, 0.01]:
// [0.990001, 0.0990001, 0.00990001], 0.900901·[1, 1, 1] and
// [1/3, 10/3, 100/3], each shown with ✓.
func TestQ2Answers(t *testing.T) {
	n, err := nb.Read(q2)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range n.Code() {
		if c.HasTag("parameters") && !regexp.MustCompile(`(?m)^\s*a\s+= \[\]float64\{1, 0\.1, 0\.01\}`).MatchString(c.Source) {
			t.Fatalf("the parameters cell no longer holds the homework's a = [1, 0.1, 0.01]:\n%s", c.Source)
		}
	}
	sgd, sign, rescaled := q2Limits([]float64{1, 0.1, 0.01})
	if got := vec(sgd); got != "[0.990001, 0.0990001, 0.00990001]" {
		t.Fatalf("test's own SGD limit %s", got)
	}
	if got := vec(sign); got != "[0.900901, 0.900901, 0.900901]" {
		t.Fatalf("test's own sign limit %s", got)
	}
	if got := vec(rescaled); got != "[0.333333, 3.33333, 33.3333]" {
		t.Fatalf("test's own rescaled limit %s", got)
	}
	requireLimits(t, executed(t, q2), []float64{1, 0.1, 0.01})
}

// TestQ2OtherData changes a in the parameters cell: every check must still
// pass, with the limits of the new a.
func TestQ2OtherData(t *testing.T) {
	env := jupyter(t)
	for _, tc := range []struct {
		name, a string
		vals    []float64
	}{
		{"halving", "[]float64{2, 0.5, 0.25, 0.125}", []float64{2, 0.5, 0.25, 0.125}},
		{"negative entry", "[]float64{0.5, -2, 1}", []float64{0.5, -2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := execute(t, env, withParameters(t, q2, map[string]string{"a": tc.a}))
			assertClean(t, run)
			requireLimits(t, run, tc.vals)
		})
	}
}

// TestQ2BadParameters: parameters that make no sense give a readable
// "✗ error: lsq: ..." in the cells that use them, never a panic trace.
func TestQ2BadParameters(t *testing.T) {
	testBadParameters(t, q2, "lsq: ", []badParameter{
		{"zero a", "a", "[]float64{0, 0, 0}", "✗ error: lsq:"},
		{"negative step", "signLR", "-1", "LR = -1 must be positive and finite"},
		{"NaN step", "signLR", "math.NaN()", "LR = NaN must be positive and finite"},
		{"negative SGD fraction", "sgdFrac", "-1", "must be positive and finite"},
	})
}
