package steepest_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// TestSquaredStepMatchesNumeric compares the closed form with the numerical
// minimizer on random problems, and the minimum value with −(α/4)‖g‖_*².
func TestSquaredStepMatchesNumeric(t *testing.T) {
	const tol = 1e-6
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, 2))
			for trial := 0; trial < 25; trial++ {
				in := randInstance(t, rng, kind)
				u, num := bothRoutes(t, in)
				if d := relMaxDiff(num.X, u); !(d <= tol) {
					t.Errorf("%v:\n closed form %v\n numeric     %v\n rel diff %.3g > %g", in, u, num.X, d, tol)
				}
				fu, err := steepest.SquaredObjective(in.norm, in.g, u, in.alpha)
				if err != nil {
					t.Fatal(err)
				}
				d := in.norm.Dual(in.g)
				if e := relErr(fu, -in.alpha/4*d*d); e > 1e-12 {
					t.Errorf("%v: objective at closed form %v, want −(α/4)‖g‖_*² = %v", in, fu, -in.alpha/4*d*d)
				}
				// The closed form is the minimum: the numerical point may not beat it.
				if num.F < fu-1e-12*math.Abs(fu) {
					t.Errorf("%v: numeric value %v below the closed-form minimum %v", in, num.F, fu)
				}
			}
		})
	}
}

// TestCertificates: over 300 random problems per norm family (60 with
// -short) the certificates of MinimizeSquared hold against the closed form:
// 0 ≤ F − J* ≤ Gap, and ‖X − u‖∞ ≤ ArgTol where the penalty is strongly
// convex. It logs how tight they are.
func TestCertificates(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	for _, kind := range []string{"ℓ2", "ℓ∞", "ℓ1", "Mahalanobis", "spectral"} {
		rng := rand.New(rand.NewPCG(3, 3))
		var worstGap, worstArg float64
		for k := 0; k < n; k++ {
			in := randInstance(t, rng, kind)
			u, num := bothRoutes(t, in)
			fu, _ := steepest.SquaredObjective(in.norm, in.g, u, in.alpha)
			if excess := num.F - fu; excess > num.Gap || excess < -num.Gap {
				t.Errorf("%v: F − J* = %.3g outside the certified ±%.3g", in, excess, num.Gap)
			}
			worstGap = math.Max(worstGap, num.Gap/math.Abs(fu))
			switch kind {
			case "ℓ2", "Mahalanobis":
				if d := maxDiff(num.X, u); !(d <= num.ArgTol) {
					t.Errorf("%v: ‖X − u‖∞ = %.3g > ArgTol %.3g", in, d, num.ArgTol)
				}
				worstArg = math.Max(worstArg, maxDiff(num.X, u)/num.ArgTol)
			default:
				if !math.IsInf(num.ArgTol, 1) {
					t.Errorf("%v: ArgTol = %v, want +Inf (not strongly convex: no bound)", in, num.ArgTol)
				}
			}
		}
		t.Logf("%-12s %d problems: certified gap ≤ %.2g of |J*|; ‖X − u‖∞ ≤ %.2g·ArgTol", kind, n, worstGap, worstArg)
	}
}

// TestMinimizeLarge: the interior point method converges (or says it did
// not) up to 100 coordinates; the iteration limit grows with the dimension.
func TestMinimizeLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("long: up to 100 coordinates")
	}
	rng := rand.New(rand.NewPCG(11, 11))
	for _, n := range []int{20, 50, 100} {
		g := make([]float64, n)
		for i := range g {
			g[i] = rng.NormFloat64()
		}
		for _, norm := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}} {
			num, err := steepest.MinimizeSquared(norm, g, 0.8)
			if err != nil {
				t.Errorf("n = %d, %s: %v", n, norm.Name(), err)
				continue
			}
			u, _ := steepest.SquaredStep(norm, g, 0.8)
			fu, _ := steepest.SquaredObjective(norm, g, u, 0.8)
			if math.Abs(num.F-fu) > num.Gap {
				t.Errorf("n = %d, %s: F = %v, J* = %v, gap %v", n, norm.Name(), num.F, fu, num.Gap)
			}
		}
	}
}

// TestNormStepRegimes sets 1/α to 1.5, 1 and 0.5 times ‖g‖_* and checks the
// regime, the objective along r·Δx_nsd, and the numerical probe.
func TestNormStepRegimes(t *testing.T) {
	for _, kind := range []string{"ℓ2", "ℓ∞", "ℓ1", "Mahalanobis", "spectral"} {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(4, 4))
			for trial := 0; trial < 5; trial++ {
				in := randInstance(t, rng, kind)
				d := in.norm.Dual(in.g)
				for _, c := range []struct {
					ratio float64 // (1/α) / ‖g‖_*
					want  steepest.Regime
				}{{1.5, steepest.Zero}, {1, steepest.Tie}, {0.5, steepest.Unbounded}} {
					alpha := 1 / (c.ratio * d)
					o, err := steepest.NormStep(in.norm, in.g, alpha)
					if err != nil {
						t.Fatal(err)
					}
					if o.Regime != c.want {
						t.Errorf("%v, 1/α = %v·‖g‖_*: regime %v, want %v", in, c.ratio, o.Regime, c.want)
					}
					if relErr(in.norm.Norm(o.Direction), 1) > 1e-12 || dot(in.g, o.Direction) > 0 {
						t.Errorf("%v: Δx_nsd = %v is not a unit descent direction", in, o.Direction)
					}
					rs := []float64{0, 1, 10, 100}
					vals, err := steepest.ObjectiveAlong(in.norm, in.g, alpha, rs)
					if err != nil {
						t.Fatal(err)
					}
					for i, r := range rs {
						if want := r * (1/alpha - d); math.Abs(vals[i]-want) > 1e-12*(1+r)*d {
							t.Errorf("%v, %v: objective at r = %v is %v, want %v", in, c.want, r, vals[i], want)
						}
					}
					p, err := steepest.ProbeNorm(in.norm, in.g, alpha)
					if err != nil {
						t.Fatal(err)
					}
					if !p.Admits(c.want) || p.Regime != c.want {
						t.Errorf("%v, 1/α = %v·‖g‖_*: probe %v (regime %v), want %v", in, c.ratio, p, p.Regime, c.want)
					}
					if !(p.DualLo <= d*(1+4e-16) && d <= p.DualHi*(1+4e-16)) {
						t.Errorf("%v: ‖g‖_* = %v outside the probe's bracket [%v, %v]", in, d, p.DualLo, p.DualHi)
					}
				}
			}
		})
	}
}

// TestLinfRegimesByHand uses g = (1, −½, ½), ‖g‖₁ = 2, where every number is
// exact in floating point.
func TestLinfRegimesByHand(t *testing.T) {
	g := []float64{1, -0.5, 0.5}
	for _, c := range []struct {
		alpha float64
		want  steepest.Regime
	}{{0.25, steepest.Zero}, {0.5, steepest.Tie}, {1, steepest.Unbounded}} {
		o, err := steepest.NormStep(steepest.Linf{}, g, c.alpha)
		if err != nil {
			t.Fatal(err)
		}
		if o.Regime != c.want || o.Threshold != 1/c.alpha || o.DualNorm != 2 {
			t.Errorf("α = %v: got %v", c.alpha, o)
		}
		if !equal(o.Direction, []float64{-1, 1, -1}) {
			t.Fatalf("α = %v: direction %v, want −sign(g)", c.alpha, o.Direction)
		}
		delta := []float64{-3, 3, -3} // Δ = 3·Δx_nsd
		f, err := steepest.NormObjective(steepest.Linf{}, g, delta, c.alpha)
		if err != nil || f != 3*o.Slope {
			t.Errorf("α = %v: objective at Δ = %v is %v (%v), want 3·(1/α − ‖g‖₁) = %v", c.alpha, delta, f, err, 3*o.Slope)
		}
		if o.Regime == steepest.Unbounded && !math.IsInf(o.Min(), -1) || o.Regime != steepest.Unbounded && o.Min() != 0 {
			t.Errorf("α = %v: Min() = %v", c.alpha, o.Min())
		}
	}
}

// TestScaledTo checks ‖c·g‖_* = dual, c > 0, and the tie regime at
// dual = 1/α for random problems of every norm, also at extreme scales.
func TestScaledTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for _, kind := range kinds() {
		for k := 0; k < 200; k++ {
			in := randInstance(t, rng, kind)
			gs, err := steepest.ScaledTo(in.norm, in.g, 1/in.alpha)
			if err != nil {
				t.Fatalf("%v: %v", in, err)
			}
			if e := relErr(in.norm.Dual(gs), 1/in.alpha); e > 1e-13 {
				t.Errorf("%v: dual norm %v, want %v", in, in.norm.Dual(gs), 1/in.alpha)
			}
			if c := dot(gs, in.g); !(c > 0) {
				t.Errorf("%v: the direction flipped", in)
			}
			o, err := steepest.NormStep(in.norm, gs, in.alpha)
			if err != nil || o.Regime != steepest.Tie {
				t.Errorf("%v: rescaled to 1/α but regime %v (%v)", in, o.Regime, err)
			}
		}
	}
	for _, c := range []struct {
		g    []float64
		dual float64
	}{{[]float64{1e-300, 3e-300}, 1e300}, {[]float64{1e300, -1e300}, 1e-300}, {[]float64{5e-324, 0}, 1}} {
		gs, err := steepest.ScaledTo(steepest.Linf{}, c.g, c.dual)
		if err != nil {
			t.Errorf("ScaledTo(%v, %v): %v", c.g, c.dual, err)
			continue
		}
		if relErr(steepest.Linf{}.Dual(gs), c.dual) > 1e-15 {
			t.Errorf("ScaledTo(%v, %v) = %v", c.g, c.dual, gs)
		}
	}
}
