package steepest_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// TestBestCorner: the best corner is −sign(g) where gᵢ is not zero by the
// tie rule, its value −‖g‖₁, also for large and extreme g.
func TestBestCorner(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 31))
	for trial := 0; trial < 50; trial++ {
		n := 1 + rng.IntN(12)
		if trial == 0 {
			n = steepest.MaxDim
		}
		g := make([]float64, n)
		scale := math.Pow(10, float64(rng.IntN(600)-300))
		for i := range g {
			g[i] = scale * rng.NormFloat64()
			if rng.IntN(5) == 0 {
				g[i] = 0
			}
		}
		c, err := steepest.BestCorner(g)
		if err != nil {
			t.Fatal(err)
		}
		on, _ := steepest.OnSupport(c.S, g)
		if want := (steepest.Linf{}).Direction(g); !equal(on, want) {
			t.Errorf("n = %d: best corner on the support %v, want −sign(g) = %v", n, on, want)
		}
		if c.Corners != 1<<n || relErr(c.Value, -steepest.Linf{}.Dual(g)) > 1e-14 && c.Value != 0 {
			t.Errorf("n = %d: %v, ‖g‖₁ = %v", n, c, steepest.Linf{}.Dual(g))
		}
	}
	if _, err := steepest.BestCorner(make([]float64, steepest.MaxDim+1)); !errorsIs(err, steepest.ErrTooLarge) {
		t.Errorf("n = MaxDim+1: %v", err)
	}
}

// TestSampledMin: the sampled minimum of gᵀv over the 2-D unit balls is
// −‖g‖_* within its Err (rounding only for the polygons ℓ∞ and ℓ1), and
// Touches tells a corner from a side as the tie rule does.
func TestSampledMin(t *testing.T) {
	for _, c := range []struct {
		g       []float64
		touches [3]string // ℓ2, ℓ∞, ℓ1
	}{
		{[]float64{2, 1}, [3]string{"at one point", "at one point", "at one point"}},
		{[]float64{1, 0}, [3]string{"at one point", "along a side", "at one point"}},
		{[]float64{-1, 1}, [3]string{"at one point", "at one point", "along a side"}},
		{[]float64{0.1 + 0.2, -0.3}, [3]string{"at one point", "at one point", "along a side"}},
		{[]float64{1e-300, 3e-300}, [3]string{"at one point", "at one point", "at one point"}},
		{[]float64{-1e300, 2e299}, [3]string{"at one point", "at one point", "at one point"}},
		// The tie rule's edges: a gᵢ it calls zero (ℓ∞), |g₁| and |g₂| it calls
		// equal (ℓ1), and just beyond; a side across θ = 0.
		{[]float64{1, 0.5e-10}, [3]string{"at one point", "along a side", "at one point"}},
		{[]float64{1, 3e-10}, [3]string{"at one point", "at one point", "at one point"}},
		{[]float64{-1, 1e-11}, [3]string{"at one point", "along a side", "at one point"}},
		{[]float64{1, 1 - 0.5e-10}, [3]string{"at one point", "at one point", "along a side"}},
		{[]float64{1, -(1 - 3e-10)}, [3]string{"at one point", "at one point", "at one point"}},
	} {
		for k, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}} {
			s, err := steepest.SampledMin(n, c.g, 2880)
			if err != nil {
				t.Fatal(err)
			}
			d := n.Dual(c.g)
			if e := s.Min + d; e < -1e-15*d || e > s.Err {
				t.Errorf("g = %v, %s: sampled min %v, −‖g‖_* = %v, err bound %v", c.g, n.Name(), s.Min, -d, s.Err)
			}
			if _, round := n.(steepest.L2); !round && s.Err > 1e-14*d {
				t.Errorf("g = %v, %s: Err %v, want rounding only (the vertices are sampled)", c.g, n.Name(), s.Err)
			}
			if s.Touches() != c.touches[k] {
				t.Errorf("g = %v, %s: touches %q (arc %.3g), want %q", c.g, n.Name(), s.Touches(), s.Arc, c.touches[k])
			}
		}
	}
	if _, err := steepest.SampledMin(steepest.L2{}, []float64{1, 2}, 100); !errorsIs(err, steepest.ErrRadius) {
		t.Errorf("samples = 100: %v", err)
	}
}

// TestTouchesFollowsTieRule: on either side of the tie tolerance, at every
// scale, the sampled picture says "along a side" exactly when the tie rule
// calls an entry zero (ℓ∞) or the two |gᵢ| equal (ℓ1).
func TestTouchesFollowsTieRule(t *testing.T) {
	for _, f := range []float64{0, 0.1, 0.5, 0.9, 0.99, 1.01, 1.1, 2, 10, 1e4} {
		for _, a := range []float64{1e-8, 1, -3e8} {
			d := f * steepest.TieTol
			for _, c := range []struct {
				norm steepest.Norm
				g    []float64
				side bool
			}{
				{steepest.Linf{}, []float64{a, d * a}, len(steepest.Largest([]float64{a})) == 1 && steepest.Signs([]float64{a, d * a})[1] == 0},
				{steepest.Linf{}, []float64{-d * a, a}, steepest.Signs([]float64{-d * a, a})[0] == 0},
				{steepest.L1{}, []float64{a, -(1 - d) * a}, len(steepest.Largest([]float64{a, -(1 - d) * a})) == 2},
				{steepest.L1{}, []float64{(1 - d) * a, a}, len(steepest.Largest([]float64{(1 - d) * a, a})) == 2},
			} {
				s, err := steepest.SampledMin(c.norm, c.g, 2880)
				if err != nil {
					t.Fatal(err)
				}
				if got := s.Touches() == "along a side"; got != c.side {
					t.Errorf("%s, g = %v: touches %q (arc %.4g), the tie rule says side = %v", c.norm.Name(), c.g, s.Touches(), s.Arc, c.side)
				}
			}
		}
	}
}
