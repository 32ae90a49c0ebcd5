package notebooks

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/nb"
	"github.com/dl-course/hw2/kernel-config/runner"
)

const q2 = "q2_optimizer_convergence.ipynb"

func init() {
	required[q2] = expectations{
		checks: []string{
			"the loop = ", "θ∞ (SGD) = ", "θ∞ (simplified Adam) = ", "θ∞ (rescaled SGD) = ",
			"SGD, 200 steps: converged", "rescaled SGD, 200 steps: converged",
			"simplified Adam, α₀/(t+1), 10⁶ steps: converging (within α₀/T = 1e-06)",
			"simplified Adam, constant α, 10⁶ steps: hopping",
			"run regime = formula regime", "each p: run, Lagrange = θ∞",
			"Adam (ε = 1e-300), 20000 steps: converged", "Adam (ε = 1e-08), 20000 steps: interpolating", "SGD's end",
			"sign descent: the schedule moves the end",
			"your θ∞ (SGD)", "your largest step", "your θ∞ (simplified Adam)", "your θ∞ (rescaled SGD)",
		},
		tables:  3, // the preconditioner family, full Adam, two data points
		figures: 2, // simplified Adam's distance to the limit, the plane
	}
}

// q2Limits computes the homework's limits from a alone, independently of
// hwkit and in big.Float arithmetic (so that ‖a‖² of a = 1e-170·… does not
// underflow): a/‖a‖², sign(a)/‖a‖₁ (sign(0) = 0) and 1/(d·aᵢ).
func q2Limits(a []float64) (sgd, sign, rescaled []float64) {
	const prec = 200
	f := func(x float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(x) }
	n2, n1 := f(0), f(0)
	for _, v := range a {
		n2.Add(n2, new(big.Float).SetPrec(prec).Mul(f(v), f(v)))
		n1.Add(n1, f(math.Abs(v)))
	}
	for _, v := range a {
		x, _ := new(big.Float).SetPrec(prec).Quo(f(v), n2).Float64()
		sgd = append(sgd, x)
		s := 0.0
		if v != 0 {
			s = math.Copysign(1, v)
		}
		y, _ := new(big.Float).SetPrec(prec).Quo(f(s), n1).Float64()
		sign = append(sign, y)
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

// q2Exact computes the exact answers from the decimal entries of a with
// math/big, for the answer boxes: 1/‖a‖², 1/‖a‖₁ and the 1/(d·aᵢ).
func q2Exact(a []string) (sgd, sign string, rescaled []string) {
	n2, n1 := new(big.Rat), new(big.Rat)
	var xs []*big.Rat
	for _, s := range a {
		x, _ := new(big.Rat).SetString(s)
		xs = append(xs, x)
		n2.Add(n2, new(big.Rat).Mul(x, x))
		n1.Add(n1, new(big.Rat).Abs(x))
	}
	for _, x := range xs {
		r := new(big.Rat).Inv(new(big.Rat).Mul(big.NewRat(int64(len(xs)), 1), x))
		rescaled = append(rescaled, r.RatString())
	}
	return new(big.Rat).Inv(n2).RatString(), new(big.Rat).Inv(n1).RatString(), rescaled
}

func requireLimits(t *testing.T, run *runner.Run, a []float64, parts ...string) {
	t.Helper()
	sgd, sign, rescaled := q2Limits(a)
	lines := map[string]string{
		"a": "✓ θ∞ (SGD) = " + vec(sgd),
		"b": "✓ θ∞ (simplified Adam) = " + vec(sign),
		"c": "✓ θ∞ (rescaled SGD) = " + vec(rescaled),
	}
	if len(parts) == 0 {
		parts = []string{"a", "b", "c"}
	}
	var want []string
	for _, p := range parts {
		want = append(want, lines[p])
	}
	requireLines(t, run, want)
}

// TestQ2Answers checks the homework's answers for a = [1, 0.1, 0.01]: the
// ✓ lines and the boxes with their exact fractions, (10000/10101)·a,
// (100/111)·𝟙 and [1/3, 10/3, 100/3], computed here with math/big.
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
	sgd, sign, rescaled := q2Exact([]string{"1", "0.1", "0.01"})
	if sgd != "10000/10101" || sign != "100/111" || strings.Join(rescaled, ", ") != "1/3, 10/3, 100/3" {
		t.Fatalf("test's own exact answers: %s, %s, %v", sgd, sign, rescaled)
	}
	run := executed(t, q2)
	requireLimits(t, run, []float64{1, 0.1, 0.01})
	requireLines(t, run, []string{
		"θ∞ (SGD) = a/‖a‖₂² = (" + sgd + ")·a ≈ [0.990001, 0.0990001, 0.00990001]",
		"θ∞ (simplified Adam) = sign(a)/‖a‖₁ = (" + sign + ")·𝟙 ≈ 0.900901·𝟙",
		"θ∞ (rescaled SGD) = 1/(d·aᵢ) = [" + strings.Join(rescaled, ", ") + "] ≈ [0.333333, 3.33333, 33.3333]",
		"a = [1, 0.1, 0.01], d = 3: every part can run",
		"k = 90", "the drifts since step 10⁴ (", // the hopping band and the end points' drift
	})
	// The boxes go out as display math for every front end.
	boxes := 0
	for _, c := range run.Notebook.Cells {
		for _, o := range c.Outputs {
			if md := o.DataText("text/markdown"); strings.HasPrefix(md, "$$\\boxed{") {
				boxes++
				if strings.ContainsFunc(md, func(r rune) bool { return r > 127 }) {
					t.Errorf("a box has non-ASCII math: %s", md)
				}
			}
		}
	}
	if boxes != 3 {
		t.Errorf("%d answer boxes, want 3", boxes)
	}
}

// q2Cells returns the indices of the code cells whose source contains one
// of the markers: which cells a parameter change may make fail.
func q2Cells(t *testing.T, n *nb.Notebook, markers ...string) []int {
	t.Helper()
	var idx []int
	for i, c := range n.Cells {
		if c.CellType != "code" {
			continue
		}
		for _, m := range markers {
			if strings.Contains(c.Source, m) {
				idx = append(idx, i)
				break
			}
		}
	}
	if len(idx) == 0 {
		t.Fatalf("no cell holds any of %q", markers)
	}
	return idx
}

// requireFailures requires that exactly the cells in want fail, each with a
// readable "✗ error: lsq: …" that says why, and that every other cell is
// clean: no error, no ✗ line, no panic trace.
func requireFailures(t *testing.T, run *runner.Run, want []int, why string) {
	t.Helper()
	var failed []int
	for _, e := range run.Notebook.Errors() {
		failed = append(failed, e.Index)
		if !strings.Contains(e.Message, "✗ error: lsq: ") || !strings.Contains(e.Message, why) {
			t.Errorf("cell %d fails without a readable lsq error saying %q: %s", e.Index, why, e.Message)
		}
	}
	if !slices.Equal(failed, want) {
		t.Errorf("failing cells %v, want %v:\n%s", failed, want, strings.Join(errorCells(run.Notebook), "\n"))
	}
	for i, c := range run.Notebook.Cells {
		text := c.Text()
		if showsPanic(text) {
			t.Errorf("cell %d shows a Go panic trace:\n%s", i, text)
		}
		if slices.Contains(want, i) {
			continue
		}
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, "✗") {
				t.Errorf("cell %d (%s): %s", i, c.FirstLine(), l)
			}
		}
	}
}

// TestQ2Parameters changes the parameters in the classes a student may
// try, several at once per execution: other data with a step near the
// stability limit, a small α₀ and a long Adam run; mixed magnitudes with a
// zero entry, the period-2 step and few steps; tiny and huge magnitudes.
// Every run must give ✓ lines (an honest "not converged" one for a short
// run) or, where float64 cannot hold a step, a readable ✗ error in the
// cells that need it, never a ✗ on a correct relation or a panic.
func TestQ2Parameters(t *testing.T) {
	env := jupyter(t)
	src, err := nb.Read(q2)
	if err != nil {
		t.Fatal(err)
	}
	rescaledCells := q2Cells(t, src, "lsq.RescaledAnswer", "hw.Rescaled()", "lsq.RescaledLimit")
	stepCells := q2Cells(t, src, "hw.StepSize()", "hw.SGD()", "SGDMaxLR", "RegimeRuns")
	signCells := q2Cells(t, src, "hw.Sign()", "hw.Adam(")

	t.Run("other data, near the limit, long Adam", func(t *testing.T) {
		a := []float64{2, 0.5, 0.25, 0.125}
		run := execute(t, env, withParameters(t, q2, map[string]string{
			"a": "[]float64{2, 0.5, 0.25, 0.125}", "sgdFrac": "0.999", "signLR": "0.01", "adamIters": "200000",
			"constLR": "8.0 / 2300"})) // c*/α = (8/23)/(8/2300) = 100, a whole number

		assertClean(t, run)
		requireLimits(t, run, a)
		// |q|^200 = 0.998²⁰⁰ and the steps 10⁻⁶ needs, ⌈ln 10⁻⁶ / ln 0.998⌉;
		// Σα_t = 0.01·H(10⁶) < c* = 8/23, reached after about e^(c*/α₀ − γ) steps.
		need := math.Ceil(math.Log(1e-6) / math.Log(0.998))
		var h float64
		for k := 1; k <= 1000000; k++ {
			h += 1 / float64(k)
		}
		reach := math.Exp((8.0/23)/0.01 - 0.5772156649015329)
		exact, _, _ := q2Exact([]string{"2", "0.5", "0.25", "0.125"})
		requireLines(t, run, []string{
			fmt.Sprintf("✓ SGD, 200 steps: not converged (|q|^200 = %s; six digits need %.0f steps)", q2g(math.Pow(0.998, 200)), need),
			fmt.Sprintf("✓ simplified Adam, α₀/(t+1), 10⁶ steps: not converged: Σα_t = %s < 1/‖a‖₁ = %s; reaching it takes about %s steps",
				q2g(0.01*h), q2g(8.0/23), strconv.FormatFloat(reach, 'g', 2, 64)),
			"✓ Adam (ε = 1e-300), 200000 steps: converged",
			"(" + exact + ")·a",
			"✓ simplified Adam, constant α, 10⁶ steps: at c* = 1/‖a‖₁ within α (c*/α = 100 is a whole number",
		})
		if strings.Contains(allText(run.Notebook), "hopping") {
			t.Errorf("c*/α = 100 is a whole number, yet a run is said to hop")
		}
	})

	t.Run("zero entry, mixed magnitudes, period 2, few steps", func(t *testing.T) {
		run := execute(t, env, withParameters(t, q2, map[string]string{
			"a": "[]float64{1e4, 0, 1e-4}", "sgdFrac": "1", "sgdIters": "3", "adamIters": "5"}))
		requireFailures(t, run, rescaledCells, "a[1] = 0")
		requireLimits(t, run, []float64{1e4, 0, 1e-4}, "a", "b")
		requireLines(t, run, []string{
			"a₂ = 0, so part (c) cannot run",
			"✓ SGD, 3 steps: not converging: q = -1, so θ jumps between 0 and 2θ∞",
			"✓ simplified Adam, α₀/(t+1), 10⁶ steps: converging (within α₀/T = 1e-06)",
			"✓ Adam (ε = 1e-300), 5 steps: not converged",
			"✓ each p: run, Lagrange = θ∞",
		})
	})

	t.Run("tiny magnitudes", func(t *testing.T) {
		a := []float64{1e-170, 1e-171, 1e-172}
		run := execute(t, env, withParameters(t, q2, map[string]string{"a": "[]float64{1e-170, 1e-171, 1e-172}"}))
		// ‖a‖² = 1e-340 does not fit in a float64, so neither does SGD's
		// step 1/‖a‖²: those cells say so; everything else runs.
		requireFailures(t, run, stepCells, "SGD's step size 1/‖a‖² overflows float64")
		requireLimits(t, run, a)
		requireLines(t, run, []string{
			"✓ rescaled SGD, 200 steps: converged",
			"✓ simplified Adam, α₀/(t+1), 10⁶ steps: not converged: Σα_t = 14.3927 < 1/‖a‖₁ = 9.00901e+169",
			"✓ each p: run, Lagrange = θ∞",
		})
	})

	t.Run("huge magnitudes", func(t *testing.T) {
		a := []float64{1e200, 1e199, 1e198}
		run := execute(t, env, withParameters(t, q2, map[string]string{"a": "[]float64{1e200, 1e199, 1e198}"}))
		// SGD's step 1e-400 underflows, and sign descent's α₀ = 1 against a
		// target near 1e-200 overshoots until the loss leaves float64.
		var want []int
		for _, i := range append(slices.Clone(stepCells), signCells...) {
			if !slices.Contains(want, i) {
				want = append(want, i)
			}
		}
		slices.Sort(want)
		requireFailures(t, run, want, "float64")
		requireLimits(t, run, a)
		requireLines(t, run, []string{"✓ rescaled SGD, 200 steps: converged", "✓ each p: run, Lagrange = θ∞"})
	})
}

// TestQ2BadParameters: parameters that no part can use give one readable
// error at the top naming every problem, and a readable error in every cell
// that needs them; never a panic. Several bad parameters per execution.
func TestQ2BadParameters(t *testing.T) {
	env := jupyter(t)
	for _, tc := range []struct {
		name string
		set  map[string]string
		want []string
	}{
		{"empty a and bad steps", map[string]string{"a": "[]float64{}", "sgdFrac": "1.5", "signLR": "math.NaN()", "adamIters": "0"},
			[]string{"a is empty", "sgdFrac", "signLR = NaN", "adamIters"}},
		{"NaN and Inf entries", map[string]string{"a": "[]float64{1, math.NaN(), math.Inf(1)}", "constLR": "-1"},
			[]string{"a[1] = NaN is not finite", "constLR = -1"}},
		{"all zero", map[string]string{"a": "[]float64{0, 0, 0}"}, []string{"a is all zero"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := execute(t, env, withParameters(t, q2, tc.set))
			errs := run.Notebook.Errors()
			if len(errs) == 0 {
				t.Fatal("no cell failed")
			}
			// The first failing cell is the one validation, and it names
			// every problem.
			for _, w := range tc.want {
				if !strings.Contains(errs[0].Message, w) {
					t.Errorf("the validation (cell %d) does not say %q: %s", errs[0].Index, w, errs[0].Message)
				}
			}
			if !strings.Contains(run.Notebook.Cells[errs[0].Index].Source, "hw.Validate()") {
				t.Errorf("the first failing cell is not the validation: %s", errs[0].Line)
			}
			for _, e := range errs {
				if !strings.Contains(e.Message, "✗ error: lsq: ") {
					t.Errorf("cell %d fails without a readable lsq error: %s", e.Index, e.Message)
				}
			}
			for i, c := range run.Notebook.Cells {
				if out := c.Text(); showsPanic(out) {
					t.Errorf("cell %d shows a Go panic trace:\n%s", i, out)
				}
			}
		})
	}
}

// q2g formats like the notebook's numbers: 6 significant digits.
func q2g(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
