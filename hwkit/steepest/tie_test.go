package steepest_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// TestTieRule: Ties, Classify, IsZero, Signs, Largest and Moved decide by
// the one tolerance TieTol, relative, at every scale.
func TestTieRule(t *testing.T) {
	tol := steepest.TieTol
	for _, scale := range []float64{1e-300, 1e-8, 1, 1e8, 1e300} {
		a := 1.6 * scale
		if !steepest.Ties(a, a*(1+tol/2)) || steepest.Ties(a, a*(1+2*tol)) {
			t.Errorf("scale %g: Ties at ±tol/2 and ±2tol", scale)
		}
		if steepest.Classify(a*(1-2*tol), a) != steepest.Zero || steepest.Classify(a, a) != steepest.Tie ||
			steepest.Classify(a*(1+2*tol), a) != steepest.Unbounded {
			t.Errorf("scale %g: Classify around the threshold", scale)
		}
		if !steepest.IsZero(0.5*tol*scale, scale) || steepest.IsZero(2*tol*scale, scale) {
			t.Errorf("scale %g: IsZero at tol/2 and 2tol", scale)
		}
	}
	fpZero := 0.1 + 0.2 - 0.3 // 5.55e-17, a zero computed in floating point
	g := []float64{0.1 + 0.2, -0.3, fpZero, 0.25}
	if got := steepest.Signs(g); !equal(got, []float64{1, -1, 0, 1}) {
		t.Errorf("Signs(%v) = %v", g, got)
	}
	// ExactSigns has no tie rule: 1e-20 and −5e-324 keep their signs.
	if got := steepest.ExactSigns([]float64{0, -5e-324, 1e-20, 1}); !equal(got, []float64{0, -1, 1, 1}) {
		t.Errorf("ExactSigns([0, −5e-324, 1e-20, 1]) = %v", got)
	}
	if got := steepest.Largest(g); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("Largest(%v) = %v, want [0 1]", g, got)
	}
	if steepest.Largest([]float64{0, 0}) != nil {
		t.Error("Largest(0) is not empty")
	}
	for _, c := range []struct {
		norm steepest.Norm
		want int
	}{{steepest.Linf{}, 3}, {steepest.L1{}, 2}, {steepest.L2{}, 3}} {
		if k, err := steepest.Moved(c.norm, g); err != nil || k != c.want {
			t.Errorf("Moved(%s) = %d, %v; want %d", c.norm.Name(), k, err, c.want)
		}
	}
	if v, err := steepest.OnSupport([]float64{1, 2, 3, 4}, g); err != nil || !equal(v, []float64{1, 2, 0, 4}) {
		t.Errorf("OnSupport = %v, %v", v, err)
	}
	if _, err := steepest.OnSupport([]float64{1}, g); !errorsIs(err, steepest.ErrShape) {
		t.Errorf("OnSupport of other lengths: %v", err)
	}
}

// TestFloatingPointTiesAgree: a tie computed in floating point lands on the
// same regime in the closed form, the numerical probe, a recomputation in
// another order, and the optimizers' own rules; a genuine gap of 1e-6 on
// the one side it is on.
func TestFloatingPointTiesAgree(t *testing.T) {
	g := []float64{0.8, -0.5, 0.25, -0.05}
	rev := 0.0 // ‖g‖₁ summed backwards: another rounding
	for i := len(g) - 1; i >= 0; i-- {
		rev += math.Abs(g[i])
	}
	for _, c := range []struct {
		name  string
		alpha float64
		want  steepest.Regime
	}{
		{"α = 1/1.6", 1 / 1.6, steepest.Tie},
		{"α = 1/(0.8+0.5+0.25+0.05)", 1 / (0.8 + 0.5 + 0.25 + 0.05), steepest.Tie},
		{"α = 1/‖g‖₁ backwards", 1 / rev, steepest.Tie},
		{"α = 0.625", 0.625, steepest.Tie},
		{"α·‖g‖₁ = 1 − 1e-6", (1 - 1e-6) / 1.6, steepest.Zero},
		{"α·‖g‖₁ = 1 + 1e-6", (1 + 1e-6) / 1.6, steepest.Unbounded},
		{"α·‖g‖₁ = 1 + 1e-13", (1 + 1e-13) / 1.6, steepest.Tie},
	} {
		for _, scale := range []float64{1e-8, 0.01, 1, 100, 1e8} {
			gs := make([]float64, len(g))
			floats.ScaleTo(gs, scale, g)
			alpha := c.alpha / scale
			o, err := steepest.NormStep(steepest.Linf{}, gs, alpha)
			if err != nil {
				t.Fatal(err)
			}
			p, err := steepest.ProbeNorm(steepest.Linf{}, gs, alpha)
			if err != nil {
				t.Fatal(err)
			}
			if o.Regime != c.want || !p.Admits(c.want) || steepest.Classify(floats.Norm(gs, 1), 1/alpha) != c.want {
				t.Errorf("%s, g×%g: closed form %v, probe %v, want %v", c.name, scale, o.Regime, p, c.want)
			}
			for _, other := range []steepest.Regime{steepest.Zero, steepest.Tie, steepest.Unbounded} {
				if other != c.want && p.Admits(other) {
					t.Errorf("%s, g×%g: the probe also admits %v: %v", c.name, scale, other, p)
				}
			}
		}
	}
	// The squared steps at floating-point ties: the optimizers' own rules and
	// the closed forms pick the same member.
	h := []float64{0.1 + 0.2, -0.3, 0.1 + 0.2 - 0.3, 0.05}
	gsw, _ := steepest.GaussSouthwell(h, 0.8)
	l1, _ := steepest.SquaredStep(steepest.L1{}, h, 0.8)
	sd, _ := steepest.SignDescentStep(h, 0.8)
	linf, _ := steepest.SquaredStep(steepest.Linf{}, h, 0.8)
	if maxDiff(gsw, l1) > steepest.RoundTol(l1) || maxDiff(sd, linf) > steepest.RoundTol(linf) || linf[2] != 0 || gsw[1] != 0 {
		t.Errorf("fp ties: Gauss–Southwell %v vs ℓ1 %v; sign descent %v vs ℓ∞ %v", gsw, l1, sd, linf)
	}
}

// TestRoundTol: two orders of the same closed form agree within RoundTol
// at every scale.
func TestRoundTol(t *testing.T) {
	g := []float64{0.8, -0.5, 0.25, -0.05, 1.0 / 3, math.Pi}
	for _, scale := range []float64{1e-8, 0.01, 1, 100, 1e8} {
		gs := make([]float64, len(g))
		floats.ScaleTo(gs, scale, g)
		u, _ := steepest.SquaredStep(steepest.Linf{}, gs, 0.8)
		var n1 float64
		for i := len(gs) - 1; i >= 0; i-- {
			n1 += math.Abs(gs[i])
		}
		for i, x := range gs {
			if d := math.Abs(-0.8/2*n1*math.Copysign(1, x) - u[i]); d > steepest.RoundTol(u) {
				t.Errorf("g×%g: entry %d differs by %g > RoundTol %g", scale, i, d, steepest.RoundTol(u))
			}
		}
	}
}
