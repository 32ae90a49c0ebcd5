package steepest_test

import (
	"math"
	"testing"

	"github.com/dl-course/hw2/hwkit/steepest"
	"github.com/dl-course/hw2/internal/badinput"
)

// The fuzz functions take a gradient as raw bytes (8 per float64, little
// endian, at most max entries) and a step size. Their seed corpus runs in
// every `go test`; `go test -fuzz=FuzzSquaredStep` and friends explore
// further. Each result must be an error or finite and satisfy the
// function's defining property.

// decodeFloats decodes at most max float64 values from raw.
func decodeFloats(raw []byte, max int) []float64 {
	g := badinput.Floats(raw)
	return g[:min(len(g), max)]
}

// seeds adds the seed corpus shared by the fuzz functions: the notebook's
// default, ties computed in floating point, zeros, extreme magnitudes and
// bad values.
func seeds(f *testing.F) {
	for _, c := range []struct {
		g     []float64
		alpha float64
	}{
		{[]float64{0.8, -0.5, 0.25, -0.05}, 0.8},
		{[]float64{0.8, -0.5, 0.25, -0.05}, 0.625},
		{[]float64{0.1 + 0.2, -0.3, 0.1 + 0.2 - 0.3}, 1},
		{[]float64{0, 0, 0}, 1},
		{[]float64{1e-8, -2e-8}, 1e8},
		{[]float64{1e8, -2e8}, 1e-8},
		{[]float64{5e-324, -1e-310}, 1},
		{[]float64{1e300, -1e300}, 1e300},
		{[]float64{math.MaxFloat64, math.MaxFloat64}, 1},
		{[]float64{math.NaN(), 1}, 1},
		{[]float64{math.Inf(1), 1}, 1},
		{[]float64{1, 2}, 0},
		{[]float64{1, 2}, -1},
		{[]float64{1, 2}, 5e-324},
		{nil, 1},
	} {
		f.Add(badinput.Bytes(c.g...), c.alpha)
	}
}

func finiteAll(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// FuzzSquaredStep: u is finite, attains −(α/4)‖g‖_*² within rounding, and
// has the norm (α/2)‖g‖_*.
func FuzzSquaredStep(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, raw []byte, alpha float64) {
		g := decodeFloats(raw, 8)
		for _, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}} {
			u, err := steepest.SquaredStep(n, g, alpha)
			if err != nil {
				continue
			}
			if !finiteAll(u) {
				t.Fatalf("%s, g = %v, α = %v: u = %v", n.Name(), g, alpha, u)
			}
			d := n.Dual(g)
			r := n.Norm(u)
			if want := alpha / 2 * d; math.Abs(r-want) > 1e-12*want+1e-300 {
				t.Errorf("%s, g = %v, α = %v: ‖u‖ = %v, want (α/2)‖g‖_* = %v", n.Name(), g, alpha, r, want)
			}
		}
	})
}

// FuzzNormStep: the regime is Classify(‖g‖_*, 1/α) and the probe admits it.
func FuzzNormStep(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, raw []byte, alpha float64) {
		g := decodeFloats(raw, 6)
		o, err := steepest.NormStep(steepest.Linf{}, g, alpha)
		if err != nil {
			return
		}
		if !finiteAll(append([]float64{o.DualNorm, o.Threshold, o.Slope}, o.Direction...)) {
			t.Fatalf("g = %v, α = %v: %v", g, alpha, o)
		}
		if o.Regime != steepest.Classify(o.DualNorm, o.Threshold) {
			t.Errorf("g = %v, α = %v: regime %v", g, alpha, o.Regime)
		}
		p, err := steepest.ProbeNorm(steepest.Linf{}, g, alpha)
		if err != nil {
			return
		}
		if !p.Admits(o.Regime) {
			t.Errorf("g = %v, α = %v: closed form %v, probe %v", g, alpha, o.Regime, p)
		}
	})
}

// FuzzMinimizeSquared: a finite result whose value is the closed-form
// minimum within the certified gap.
func FuzzMinimizeSquared(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, raw []byte, alpha float64) {
		g := decodeFloats(raw, 5)
		for _, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}} {
			num, err := steepest.MinimizeSquared(n, g, alpha)
			if err != nil {
				continue
			}
			if !finiteAll(append([]float64{num.F}, num.X...)) {
				t.Fatalf("%s, g = %v, α = %v: %+v", n.Name(), g, alpha, num)
			}
			u, err := steepest.SquaredStep(n, g, alpha)
			if err != nil {
				continue
			}
			ju, err := steepest.SquaredObjective(n, g, u, alpha)
			if err != nil {
				continue
			}
			// J(u) may exceed the minimum by what the tie rule gives away (an
			// entry it calls zero is left at 0): steepest.TieSlack.
			slack := steepest.TieSlack(n, g, u)
			if num.F-ju > num.Gap+1e-13*math.Abs(ju) || ju-num.F > num.Gap+slack+1e-13*math.Abs(ju) {
				t.Errorf("%s, g = %v, α = %v: F = %v, J(u) = %v, gap %v, tie slack %v", n.Name(), g, alpha, num.F, ju, num.Gap, slack)
			}
		}
	})
}

// FuzzBestCorner: on the support the best corner is −sign(g).
func FuzzBestCorner(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, raw []byte, _ float64) {
		g := decodeFloats(raw, 12)
		c, err := steepest.BestCorner(g)
		if err != nil {
			return
		}
		on, err := steepest.OnSupport(c.S, g)
		if err != nil {
			t.Fatal(err)
		}
		if want := (steepest.Linf{}).Direction(g); !equal(on, want) {
			t.Errorf("g = %v: best corner on the support %v, want %v", g, on, want)
		}
	})
}

// FuzzSampledMin: the sampled minimum is −‖g‖_* within Err, from above.
func FuzzSampledMin(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, raw []byte, _ float64) {
		g := decodeFloats(raw, 2)
		for _, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}} {
			s, err := steepest.SampledMin(n, g, 720)
			if err != nil {
				continue
			}
			d := n.Dual(g)
			// Dual's own rounding: 1e-14 relative, or a few subnormal units.
			if e := s.Min + d; e < -1e-14*d-0x1p-1070 || e > s.Err+1e-14*d+0x1p-1070 {
				t.Errorf("%s, g = %v: sampled %v, −‖g‖_* = %v, Err %v", n.Name(), g, s.Min, -d, s.Err)
			}
		}
	})
}

// FuzzAdamStep: Adam's step is finite, points against g, and at σ = 0 is
// within AdamSignGap of sign descent.
func FuzzAdamStep(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, raw []byte, alpha float64) {
		g := decodeFloats(raw, 8)
		u, err := steepest.AdamStep(g, alpha, 0, steepest.AdamEps)
		if err != nil {
			return
		}
		bound, err := steepest.AdamSignGap(g, alpha, steepest.AdamEps)
		if err != nil {
			t.Fatalf("g = %v, α = %v: AdamStep works but AdamSignGap: %v", g, alpha, err)
		}
		s := steepest.ExactSigns(g)
		for i := range u {
			if d := math.Abs(u[i] + alpha/2*s[i]); !(d <= bound) {
				t.Errorf("g = %v, α = %v: coordinate %d is %v from sign descent, bound %v", g, alpha, i, d, bound)
			}
			if u[i]*g[i] > 0 {
				t.Errorf("g = %v: coordinate %d moves with g", g, i)
			}
		}
	})
}
