package lsq

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/check"
)

// holds reports whether a run meets its prediction: ‖θ_T − Want‖∞ ≤ Tol.
func holds(p Progress) bool {
	return len(p.Want) == len(p.Final) && floats.Distance(p.Final, p.Want, math.Inf(1)) <= p.Tol
}

func TestSGDProgress(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	for _, c := range []struct {
		frac   float64
		iters  int
		status string
	}{
		{0.25, 200, "converged (|q|^200 = 6.2e-61)"},
		{0.5, 1, "converged (|q|^1 = 0)"},
		{0.999, 200, "not converged (|q|^200 = 0.670052; six digits need 6901 steps)"},
		{1, 3, "not converging: q = -1, so θ jumps between 0 and 2θ∞"},
		{1, 4, "not converging: q = -1, so θ jumps between 0 and 2θ∞"},
		{0.1, 2, "not converged (|q|^2 = 0.64; six digits need 62 steps)"},
	} {
		p, err := SGDProgress(a, c.frac, c.iters)
		if err != nil {
			t.Fatal(err)
		}
		q := 1 - 2*c.frac
		want := scaledBy(1-math.Pow(q, float64(c.iters)), wantSGD(a))
		assertClose(t, "Want", p.Want, want, 1e-15, 1e-14)
		if !holds(p) || p.Status != c.status {
			t.Errorf("frac %g, %d steps: holds = %v, status %q, want %q", c.frac, c.iters, holds(p), p.Status, c.status)
		}
		if !(p.Tol > 0 && p.Tol < 1e-10) {
			t.Errorf("Tol = %g: a rounding allowance, not a bound", p.Tol)
		}
	}
	// Period 2: odd T is at 2θ∞, even T at 0.
	p, _ := SGDProgress(a, 1, 3)
	assertClose(t, "T = 3 at 2θ∞", p.Final, scaledBy(2, wantSGD(a)), 1e-13, 1e-12)
	if p.Name() != "SGD, 3 steps: not converging: q = -1, so θ jumps between 0 and 2θ∞" {
		t.Errorf("Name = %q", p.Name())
	}
	r, err := RescaledProgress(a, 0.25, 200)
	if err != nil || !holds(r) || !r.Converged {
		t.Errorf("RescaledProgress: %+v, %v", r.Status, err)
	}
	assertClose(t, "rescaled limit", r.Limit, wantRescaled(a), 1e-15, 1e-14)
	if _, err := RescaledProgress([]float64{1, 0}, 0.25, 200); !errors.Is(err, ErrZeroFeature) {
		t.Errorf("rescaled with a zero entry: %v", err)
	}
	for _, bad := range []struct {
		frac  float64
		iters int
	}{{0, 10}, {1.5, 10}, {math.NaN(), 10}, {0.5, 0}, {0.5, MaxIters + 1}} {
		if _, err := SGDProgress(a, bad.frac, bad.iters); err == nil {
			t.Errorf("SGDProgress(%v, %d): no error", bad.frac, bad.iters)
		}
	}
}

func TestSignProgress(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	c := 1 / norm1(a)
	// Not crossed: the walk so far is Σα_t = α₀·H_T, summed here.
	p, err := SignProgress(a, 0.01, Inv, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var h float64
	for k := 1; k <= 1000; k++ {
		h += 1 / float64(k)
	}
	assertClose(t, "not crossed", p.Want, scaledBy(0.01*h*c/c, scaledBy(1/c, wantSign(a))), 1e-14, 1e-12)
	if !holds(p) || p.Converged || !strings.Contains(p.Status, "not converged") || !strings.Contains(p.Status, "about 7.5e+38 steps") {
		t.Errorf("not crossed: holds %v, status %q", holds(p), p.Status)
	}
	// Crossed: within α₀/T.
	p, _ = SignProgress(a, 1, Inv, 1000000)
	if !holds(p) || p.Tol < 1e-6 || p.Tol > 1.01e-6 || p.Route != "θ∞ within α₀/T" {
		t.Errorf("crossed: holds %v, tol %g, route %q", holds(p), p.Tol, p.Route)
	}
	if d := floats.Distance(p.Final, p.Limit, math.Inf(1)); d > 1e-6+1e-12 {
		t.Errorf("distance %g beyond α₀/T", d)
	}
	// Constant step, c*/α = 90.09: the walk reaches 0.91 at step 91 and then
	// hops 0.91, 0.90, 0.91, …, so after 10⁵ steps (an odd number of steps
	// after 91) θ_{T−1} = 0.91·1 and θ_T = 0.90·1.
	p, _ = SignProgress(a, 0.01, Constant, 100000)
	assertClose(t, "θ_T", p.Want, scaledBy(0.9, []float64{1, 1, 1}), 1e-12, 0)
	assertClose(t, "θ_{T−1}, θ_T", p.Last2Want, []float64{0.91, 0.91, 0.91, 0.9, 0.9, 0.9}, 1e-12, 0)
	assertClose(t, "the run's θ_{T−1}, θ_T", p.Last2, p.Last2Want, p.Tol, 0)
	if !holds(p) || p.Converged || !strings.Contains(p.Route, "k = 90") || p.Tol > 1e-9 ||
		!strings.HasPrefix(p.Status, "hopping") {
		t.Errorf("constant: holds %v, route %q, tol %g, status %q", holds(p), p.Route, p.Tol, p.Status)
	}
	// The check line prints the two iterates as two 3-vectors; a settled
	// run fails it.
	line := p.LastTwoCheck(check.AbsRel(p.Tol, 0)).String()
	if !strings.HasPrefix(line, "✓ ") || !strings.Contains(line, "(θ(T−1), θ(T)) = ([0.91, 0.91, 0.91], [0.9, 0.9, 0.9])") {
		t.Errorf("last-two check line: %q", line)
	}
	settled := p
	settled.Last2 = append(append([]float64(nil), p.Limit...), p.Limit...)
	if r := settled.LastTwoCheck(check.AbsRel(p.Tol, 0)); r.OK {
		t.Errorf("a settled run passes the last-two check: %v", r)
	}
	// A run that settled at c* would fail the check: c* is 0.0009 from 0.9.
	if d := floats.Distance(append(p.Limit, p.Limit...), p.Last2Want, math.Inf(1)); d <= p.Tol {
		t.Errorf("a settled run passes: distance %g, tol %g", d, p.Tol)
	}
	// c*/α a whole number: no hopping claim, only |c_t − c*| ≤ α at T−1 and T.
	for _, w := range []struct {
		a  []float64
		lr float64
	}{{[]float64{1}, 0.5}, {[]float64{1, 0.25}, 0.01}} {
		p, _ = SignProgress(w.a, w.lr, Constant, 1001)
		if !holds(p) || !strings.Contains(p.Route, "within α") || strings.Contains(p.Status, "hopping") ||
			!strings.Contains(p.Status, "whole number") {
			t.Errorf("%v, α = %g: holds %v, route %q, status %q", w.a, w.lr, holds(p), p.Route, p.Status)
		}
		assertClose(t, "θ_{T−1}, θ_T near c*", p.Last2, append(p.Limit, p.Limit...), w.lr+1e-9, 0)
	}
	// Not crossed yet: θ_{T−1} = (T−1)α·sign(a), θ_T = Tα·sign(a).
	p, _ = SignProgress(a, 0.01, Constant, 50)
	assertClose(t, "climbing", p.Last2, []float64{0.49, 0.49, 0.49, 0.5, 0.5, 0.5}, 1e-12, 0)
	assertClose(t, "climbing want", p.Last2Want, p.Last2, 1e-12, 0)
	// α₀/√(t+1) is covered by the same bound.
	p, _ = SignProgress(a, 0.05, InvSqrt, 100000)
	if !holds(p) || p.Route != "θ∞ within α₀/√T" {
		t.Errorf("InvSqrt: holds %v, route %q", holds(p), p.Route)
	}
	// A step near MaxFloat64 crosses c* at once, but its bound α₀ plus the
	// rounding allowance is no float64: an error, not Tol = +Inf.
	if _, err := SignProgress([]float64{1e-170, 1e-171}, math.MaxFloat64, Inv, 1); err == nil || !strings.Contains(err.Error(), "overflows float64") {
		t.Errorf("α₀ = MaxFloat64: error %v, want one saying the bound overflows", err)
	}
}

func TestAdamProgress(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	tiny, err := AdamProgress(a, 0.01, 20000, 1e-300)
	if err != nil {
		t.Fatal(err)
	}
	if tiny.Spread > tiny.SpreadTol || !tiny.Converged || !strings.HasPrefix(tiny.Status, "converged") {
		t.Errorf("ε → 0: spread %g (tol %g), status %q", tiny.Spread, tiny.SpreadTol, tiny.Status)
	}
	// ε = 1e-8 lags on the small coordinates: off the span, by far more than rounding.
	std, _ := AdamProgress(a, 0.01, 20000, 0)
	if std.Spread < 100*std.SpreadTol || !strings.Contains(std.Status, "off span") {
		t.Errorf("ε = 1e-8: spread %g (tol %g), status %q", std.Spread, std.SpreadTol, std.Status)
	}
	short, _ := AdamProgress(a, 0.01, 5, 1e-300)
	if short.Converged || !strings.Contains(short.Status, "2095 steps") || short.Spread > short.SpreadTol {
		t.Errorf("5 steps: %q, spread %g", short.Status, short.Spread)
	}
	// Σα_t = 2α₀√T + ζ(1/2) reaches c* after ((c* − ζ(1/2))/(2α₀))² steps.
	if want := math.Round(math.Pow((1/norm1(a)/0.01-zetaHalf)/2, 2)); !strings.Contains(short.Status, stepsText(math.Log10(want))) {
		t.Errorf("steps needed: %q, want %g", short.Status, want)
	}
}

// The invariant the notebook relies on: for every parameter a student may
// set, each run meets its prediction (or the function returns an error),
// and every number is finite.
func TestProgressInvariant(t *testing.T) {
	points := [][]float64{{1, 0.1, 0.01}, {2, 0.5, 0.25, 0.125}, {0.5, -2, 1}, {1e4, 1, 1e-4},
		{1, 0, 0.01}, {0.7}, scaledBy(1e-150, []float64{1, 0.1, 0.01}), scaledBy(1e150, []float64{1, 0.1, 0.01}),
		scaledBy(1e-170, []float64{1, 0.1, 0.01}), scaledBy(1e200, []float64{1, 0.1, 0.01})}
	for _, a := range points {
		var progs []Progress
		add := func(p Progress, err error) {
			if err == nil {
				progs = append(progs, p)
			} else if !strings.HasPrefix(err.Error(), "lsq: ") {
				t.Errorf("a = %v: unreadable error %v", a, err)
			}
		}
		for _, frac := range []float64{0.25, 0.5, 0.999, 1} {
			for _, iters := range []int{1, 2, 3, 200} {
				add(SGDProgress(a, frac, iters))
				add(RescaledProgress(a, frac, iters))
			}
		}
		for _, lr := range []float64{1, 0.01, 1e-6} {
			for _, iters := range []int{1, 2, 1000, 100000} {
				add(SignProgress(a, lr, Inv, iters))
				add(SignProgress(a, lr, Constant, iters))
			}
		}
		for _, p := range progs {
			if !holds(p) {
				t.Errorf("a = %v: %s misses its prediction: |Δ| = %g > tol %g", a, p.Name(),
					floats.Distance(p.Final, p.Want, math.Inf(1)), p.Tol)
			}
			if !allFinite(p.Final) || !allFinite(p.Want) || !finite(p.Tol) || !finite(p.LimitTol) {
				t.Errorf("a = %v: %s has a non-finite number", a, p.Name())
			}
		}
		for _, iters := range []int{5, 20000} {
			p, err := AdamProgress(a, 0.01, iters, 1e-300)
			if errors.Is(err, ErrOverflow) && a[0] > 1e150 {
				continue // a step 1e200 times too large: the loss leaves float64
			}
			if err != nil {
				t.Errorf("a = %v: Adam: %v", a, err)
				continue
			}
			if p.Spread > p.SpreadTol || !allFinite(p.Final) {
				t.Errorf("a = %v: Adam (ε → 0) off span(sign a): spread %g > %g", a, p.Spread, p.SpreadTol)
			}
		}
	}
}

// TestEpsTieBreak: ε = 1e-8 leaves span(sign a) with θᵢ·sign(aᵢ) in the
// order of |aᵢ|; ε → 0 does not leave it (so the check fails on it); equal |aᵢ|
// break no tie; a run that barely moved is reported, not failed; a run
// lowest at a large |aᵢ| fails.
func TestEpsTieBreak(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	std, _ := AdamProgress(a, 0.01, 20000, 1e-8)
	if ok, d := EpsTieBreak(a, std); !ok || !strings.Contains(d, "i = 3") {
		t.Errorf("ε = 1e-8: %v, %s", ok, d)
	}
	if std.Final[2] >= std.Limit[2] || std.Final[0] <= std.Limit[0] {
		t.Errorf("ε = 1e-8: θ_T = %v, θ∞ = %v: the smallest |aᵢ| should end low, the largest high", std.Final, std.Limit)
	}
	tiny, _ := AdamProgress(a, 0.01, 20000, 1e-300)
	if ok, d := EpsTieBreak(a, tiny); ok {
		t.Errorf("ε = 1e-300 stays on span(sign a), yet passes: %s", d)
	}
	eq := []float64{1, -1, 1}
	p, _ := AdamProgress(eq, 0.01, 20000, 1e-8)
	if ok, d := EpsTieBreak(eq, p); !ok || !strings.Contains(d, "no tie") {
		t.Errorf("equal |aᵢ|: %v, %s", ok, d)
	}
	small := []float64{1e-170, 1e-171, 1e-172}
	p, _ = AdamProgress(small, 0.01, 2000, 1e-8)
	if ok, d := EpsTieBreak(small, p); !ok || !strings.Contains(d, "less than its rounding allowance") {
		t.Errorf("tiny a: %v, %s", ok, d)
	}
	wrong := Progress{Final: []float64{0.8, 0.9, 0.95}, Spread: 0.15, SpreadTol: 1e-9}
	if ok, d := EpsTieBreak(a, wrong); ok {
		t.Errorf("lowest at the largest |aᵢ| passes: %s", d)
	}
	// lowest at the smallest |aᵢ|, but θ₁ < θ₂ although |a₁| > |a₂|
	swapped := Progress{Final: []float64{0.9, 0.95, 0.8}, Spread: 0.15, SpreadTol: 1e-9}
	if ok, d := EpsTieBreak(a, swapped); ok || !strings.Contains(d, "out of order: i = 2 above j = 1") {
		t.Errorf("θ₁ < θ₂ with |a₁| > |a₂| passes: %v, %s", ok, d)
	}
	// four entries, signs mixed: the order is that of |aᵢ| along sign(aᵢ)
	mixed := []float64{-2, 0.5, 0.25, -0.125}
	p, _ = AdamProgress(mixed, 0.01, 20000, 1e-8)
	if ok, d := EpsTieBreak(mixed, p); !ok || !strings.Contains(d, "ascending θᵢ·sign(aᵢ): i = 4, 3, 2, 1") {
		t.Errorf("a = %v: %v, %s", mixed, ok, d)
	}
	if ok, _ := EpsTieBreak([]float64{1}, wrong); ok {
		t.Error("a length mismatch passes")
	}
}
