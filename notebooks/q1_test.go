package notebooks

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dl-course/hw2/kernel-config/nb"
)

const q1 = "q1_penalized_steepest_descent.ipynb"

func init() {
	required[q1] = expectations{
		checks: []string{
			"(a) u = −(α/2)g", "(a) min value",
			"your u for the squared ℓ2 penalty", "your regime", "your direction",
			"your u for the squared ℓ∞ penalty",
			"Hölder: min of gᵀs over the cube", "best corner, where gᵢ ≠ 0",
			"regime at ‖g‖₁ = ½/α", "regime at ‖g‖₁ = 1/α", "regime at ‖g‖₁ = 2/α",
			"regime for your g", "slope along −r·sign(g)",
			"(b) squared ℓ∞: min value", "(b) squared ℓ∞: u = −(α/2)‖g‖₁ sign(g)",
			"gradient descent (SGD): J(u)", "sign descent, scaled by ‖g‖₁: J(u)",
			"greedy coordinate descent: J(u)", "Adam-like preconditioning: J(u)",
			"orthogonalized (Shampoo, Muon): J(u)",
			"greedy coordinate descent = ", "Adam-like step", "Adam at σ = 0",
			"Muon step", "Shampoo direction",
			"max gᵀs over the ℓ2 ball", "max gᵀs over the ℓ∞ ball", "max gᵀs over the ℓ1 ball",
			"coordinates moved by the squared ℓ∞ step", "coordinates moved by the squared ℓ1 step",
		},
		tables:  4, // the three regimes, the probe of your g, all penalties, ℓ∞ vs ℓ1
		figures: 2, // the three regimes, the unit balls
	}
}

// q1Answers are question 1's answers for a gradient g and step size α,
// computed here in plain Go, independently of hwkit.
type q1Answers struct {
	sgd     []float64 // (a) u = −(α/2)g
	sgdMin  float64   // (a) min value −(α/4)‖g‖₂²
	l1      float64   // ‖g‖₁
	regime  string    // (b) unsquared: zero, tie or unbounded
	sign    []float64 // (b) squared: u = −(α/2)‖g‖₁ sign(g)
	signMin float64   // (b) squared: min value −(α/4)‖g‖₁²
}

func q1Solve(g []float64, α float64) q1Answers {
	var a q1Answers
	var l2sq float64
	for _, x := range g {
		a.l1 += math.Abs(x)
		l2sq += x * x
	}
	for _, x := range g {
		s := 0.0
		if x > 0 {
			s = 1
		} else if x < 0 {
			s = -1
		}
		a.sgd = append(a.sgd, -α/2*x)
		a.sign = append(a.sign, -α/2*a.l1*s)
	}
	a.sgdMin, a.signMin = -α/4*l2sq, -α/4*a.l1*a.l1
	switch t := 1 / α; {
	case math.Abs(a.l1-t) <= 1e-12*t:
		a.regime = "tie"
	case a.l1 < t:
		a.regime = "zero"
	default:
		a.regime = "unbounded"
	}
	return a
}

// q1Num formats like the notebook: 6 significant digits.
func q1Num(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

func q1Vec(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = q1Num(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// q1Lines are the ✓ lines an executed notebook must show for g and α.
func q1Lines(g []float64, α float64) []string {
	a := q1Solve(g, α)
	return []string{
		"✓ (a) u = −(α/2)g = " + q1Vec(a.sgd) + "   [matches numerical argmin",
		fmt.Sprintf("✓ regime for your g (‖g‖₁ = %s, 1/α = %s) = %s   [matches numerical probe]", q1Num(a.l1), q1Num(1/α), a.regime),
		"✓ (b) squared ℓ∞: u = −(α/2)‖g‖₁ sign(g) = " + q1Vec(a.sign) + "   [matches numerical argmin",
		"✓ Hölder: min of gᵀs over the cube = " + q1Num(-a.l1) + "   [matches −‖g‖₁",
		// The three gradients of the regime table, rescaled to ‖g‖₁ = ½/α, 1/α, 2/α.
		fmt.Sprintf("‖g‖₁ = %s < 1/α (zero)  ‖g‖₁ = %s = 1/α (tie)  ‖g‖₁ = %s > 1/α (unbounded)", q1Num(0.5/α), q1Num(1/α), q1Num(2/α)),
	}
}

func requireQ1(t *testing.T, run *nb.Run, g []float64, α float64) {
	t.Helper()
	requireLines(t, run, q1Lines(g, α))
}

// TestQ1Answers checks the answers for the default parameters
// g = [0.8, −0.5, 0.25, −0.05], α = 0.8: u = [−0.32, 0.2, −0.1, 0.02] with
// minimum −0.191 for (a); ‖g‖₁ = 1.6 > 1/α = 1.25, so the unsquared ℓ∞
// problem is unbounded; and u = 0.64·[−1, 1, −1, 1] with minimum −0.512 for
// the squared ℓ∞ penalty.
func TestQ1Answers(t *testing.T) {
	n, err := nb.Read(q1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range n.Code() {
		if !c.HasTag("parameters") {
			continue
		}
		for _, re := range []string{`(?m)^\s*g\s+= \[\]float64\{0\.8, -0\.5, 0\.25, -0\.05\}`, `(?m)^\s*α\s+float64 = 0\.8\s`} {
			if !regexp.MustCompile(re).MatchString(c.Source) {
				t.Fatalf("the parameters cell no longer holds the defaults this test expects (%s):\n%s", re, c.Source)
			}
		}
	}
	g, α := []float64{0.8, -0.5, 0.25, -0.05}, 0.8
	a := q1Solve(g, α)
	for _, c := range []struct{ name, got, want string }{
		{"(a) u", q1Vec(a.sgd), "[-0.32, 0.2, -0.1, 0.02]"},
		{"(a) min", q1Num(a.sgdMin), "-0.191"},
		{"‖g‖₁", q1Num(a.l1), "1.6"},
		{"regime", a.regime, "unbounded"},
		{"(b) squared u", q1Vec(a.sign), "[-0.64, 0.64, -0.64, 0.64]"},
		{"(b) squared min", q1Num(a.signMin), "-0.512"},
	} {
		if c.got != c.want {
			t.Fatalf("test's own %s = %s, want %s", c.name, c.got, c.want)
		}
	}
	run := executed(t, q1)
	requireQ1(t, run, g, α)
	text := allText(run.Notebook)
	for _, want := range []string{
		"✓ (a) min value = " + q1Num(a.sgdMin) + "   [matches −(α/4)‖g‖₂²",
		"✓ (b) squared ℓ∞: min value = " + q1Num(a.signMin) + "   [matches −(α/4)‖g‖₁²",
		"✓ slope along −r·sign(g) = " + q1Num(1/α-a.l1) + "   [matches 1/α − ‖g‖₁",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in the executed notebook", want)
		}
	}
}

// TestQ1Regimes changes g and α in the parameters cell so that ‖g‖₁ is
// below, equal to and above 1/α: every check must still pass, and the ✓
// line of part (b) must name the new regime.
func TestQ1Regimes(t *testing.T) {
	env := jupyter(t)
	for _, tc := range []struct {
		name, g, α string
		gv         []float64
		αv         float64
		regime     string
	}{
		{"below", "[]float64{0.2, -0.1, 0.05}", "1", []float64{0.2, -0.1, 0.05}, 1, "zero"},
		{"equal", "[]float64{2, -1, 0.5, -0.5}", "0.25", []float64{2, -1, 0.5, -0.5}, 0.25, "tie"},
		{"above", "[]float64{3, -1, 0.5}", "0.5", []float64{3, -1, 0.5}, 0.5, "unbounded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := q1Solve(tc.gv, tc.αv).regime; got != tc.regime {
				t.Fatalf("test case: ‖g‖₁ vs 1/α gives %s, want %s", got, tc.regime)
			}
			run := execute(t, env, withParameters(t, q1, map[string]string{"g": tc.g, "α": tc.α}))
			assertClean(t, run)
			requireQ1(t, run, tc.gv, tc.αv)
		})
	}
}

// TestQ1BadParameters: a step size α ≤ 0 or NaN, or an empty g, gives a
// readable "✗ error: steepest: ..." in every cell that uses them, never a
// panic trace.
func TestQ1BadParameters(t *testing.T) {
	testBadParameters(t, q1, "steepest: ", []badParameter{
		{"zero step", "α", "0", "✗ error: steepest: step size α must be positive and finite, got α = 0"},
		{"NaN step", "α", "math.NaN()", "✗ error: steepest: step size α must be positive and finite, got α = NaN"},
		{"empty g", "g", "[]float64{}", "✗ error: steepest: empty input: g has no entries"},
	})
}

// TestQ1Ties changes the parameters to the cases where a minimizer is not
// unique or is ill-conditioned: two equal largest |gⱼ| (the squared ℓ1
// minimizers form a segment), a zero entry (the squared ℓ∞ minimizers form a
// face), a tiny entry (the ℓ∞ argmin is pinned down only to about 1e-4),
// and no gradient noise (Adam becomes sign descent). Every check must still
// pass, and the counts of moved coordinates must follow the ties.
func TestQ1Ties(t *testing.T) {
	env := jupyter(t)
	for _, tc := range []struct {
		name string
		set  map[string]string
		g    []float64
		α    float64
		want []string
	}{
		{"tie for the largest", map[string]string{"g": "[]float64{1, -1, 0.5, -0.5}"}, []float64{1, -1, 0.5, -0.5}, 0.8,
			[]string{"✓ coordinates moved by the squared ℓ1 step = 2   [matches the largest |gⱼ| only]",
				"✓ greedy coordinate descent = [-0.4, 0, 0, 0]"}},
		{"zero entry", map[string]string{"g": "[]float64{0.8, -0.5, 0, -0.05}"}, []float64{0.8, -0.5, 0, -0.05}, 0.8,
			[]string{"✓ coordinates moved by the squared ℓ∞ step = 3   [matches every gᵢ ≠ 0]",
				"✓ best corner, where gᵢ ≠ 0 = [-1, 1, 0, 1]"}},
		{"tiny entry", map[string]string{"g": "[]float64{0.8, -0.5, 1e-9, -0.05}"}, []float64{0.8, -0.5, 1e-9, -0.05}, 0.8,
			[]string{"✓ coordinates moved by the squared ℓ∞ step = 4"}},
		{"no noise", map[string]string{"σ": "0"}, []float64{0.8, -0.5, 0.25, -0.05}, 0.8,
			[]string{"✓ Adam-like step = [-0.4, 0.4, -0.4, 0.4]", "✓ Adam at σ = 0 = [-0.4, 0.4, -0.4, 0.4]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := execute(t, env, withParameters(t, q1, tc.set))
			assertClean(t, run)
			requireQ1(t, run, tc.g, tc.α)
			text := allText(run.Notebook)
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("missing %q in the executed notebook", want)
				}
			}
		})
	}
}

// TestQ1LongGradient: a g longer than the corner enumeration allows stops
// the cells that enumerate corners (the evidence for step 2 and the answer
// check of (b)) with a readable error; every other cell still runs.
func TestQ1LongGradient(t *testing.T) {
	env := jupyter(t)
	g := "[]float64{" + strings.TrimSuffix(strings.Repeat("0.1, -0.2, ", 11), ", ") + "}" // 22 entries
	run := execute(t, env, withParameters(t, q1, map[string]string{"g": g}))
	errs := run.Notebook.Errors()
	if len(errs) == 0 || len(errs) > 2 {
		t.Fatalf("want the one or two corner cells to fail, got:\n%s", strings.Join(errorCells(run.Notebook), "\n"))
	}
	for _, e := range errs {
		if !strings.Contains(e.Message, "✗ error: len(g) = 22: trying all 2ⁿ corners needs n ≤ 20") {
			t.Errorf("cell %d fails for another reason: %s", e.Index, e.Message)
		}
	}
	if n := strings.Count(allText(run.Notebook), "\n✓ "); n < 20 {
		t.Errorf("only %d ✓ lines with a long g", n)
	}
}
