package steepest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// This file holds two brute-force routes to the steepest direction: trying
// every corner of the cube, and sampling the unit sphere of a 2-D norm.
// Neither uses signs, dual norms or Δx_nsd.

// Corner is the result of BestCorner.
type Corner struct {
	// S is the first corner s ∈ {−1, 1}ⁿ (in the order of the enumeration)
	// with the smallest gᵀs.
	S []float64
	// Value is gᵀS.
	Value float64
	// Corners is the number of corners tried, 2ⁿ.
	Corners int
}

// String describes the search, e.g. "best of 16 corners, gᵀs = -1.6".
func (c Corner) String() string {
	return fmt.Sprintf("best of %d corners, gᵀs = %.6g", c.Corners, c.Value)
}

// BestCorner minimizes the linear function gᵀs over the cube ‖s‖∞ ≤ 1 by
// trying all 2ⁿ corners s ∈ {−1, 1}ⁿ (a linear function takes its minimum
// over a polytope at a vertex), knowing nothing of signs or of ‖g‖₁, in
// the order k = 0, 1, …, 2ⁿ − 1 with sᵢ = −1 where bit i of k is set. Each
// value is a sum of two directly summed halves, with an error below
// n·2⁻⁵³·‖g‖₁ ≤ n²·2⁻⁵³·‖g‖∞,
// so for n ≤ MaxDim a coordinate can come out with the wrong sign only where
// |gᵢ| is below about 4.4e-14·‖g‖∞, which the tie rule counts as zero (and
// where both signs tie): compare corners with OnSupport.
//
// It returns an error for an empty or non-finite g and for more than MaxDim
// entries (2^MaxDim ≈ 10⁶ corners take a few milliseconds).
func BestCorner(g []float64) (Corner, error) {
	if err := checkVec("g", g); err != nil {
		return Corner{}, err
	}
	n := len(g)
	if n > MaxDim {
		return Corner{}, fmt.Errorf("%w: len(g) = %d: trying all 2ⁿ corners takes n ≤ %d", ErrTooLarge, n, MaxDim)
	}
	h := scaled(g) // no overflow in the sums
	// Corner k has sᵢ = −1 where bit i of k is set. Split the bits into a
	// low and a high half: gᵀs = low[k mod 2^L] + high[k >> L], each half
	// summed directly, so every value costs one addition.
	L := n / 2
	half := func(from, to int) []float64 {
		sums := make([]float64, 1<<(to-from))
		for k := range sums {
			var v float64
			for i := from; i < to; i++ {
				if k>>(i-from)&1 == 1 {
					v -= h[i]
				} else {
					v += h[i]
				}
			}
			sums[k] = v
		}
		return sums
	}
	low, high := half(0, L), half(L, n)
	best, arg := math.Inf(1), 0
	for b, hv := range high {
		for a, lv := range low {
			if v := lv + hv; v < best {
				best, arg = v, a|b<<L
			}
		}
	}
	s := make([]float64, n)
	for i := range s {
		s[i] = 1 - 2*float64(arg>>i&1)
	}
	c := Corner{S: s, Value: floats.Dot(g, s), Corners: 1 << n}
	return c, checkScalar("the best value gᵀs", c.Value, false)
}

// Sampled is the result of SampledMin.
type Sampled struct {
	// Min is the smallest gᵀv over the sampled points v of the unit sphere:
	// an estimate of −‖g‖_*, from above.
	Min float64
	// Err bounds Min − (−‖g‖_*): ‖g‖₂·ρ·(1 − cos(h/2)) for the angular step
	// h and the largest sampled radius ρ (exact for the vertices of ℓ1 and
	// ℓ∞, which are sampled), plus 8 units of rounding of ‖g‖₂·ρ.
	Err float64
	// Arc is the largest angle (radians) between the first sample within
	// 2·Err of Min and any other such sample: near zero when the ball
	// touches its supporting line at one point (a corner, or a round ball),
	// at least π/4 when it touches along a whole side of ℓ1 or ℓ∞.
	Arc float64
	// Samples is the number of points.
	Samples int
}

// Touches says how the ball meets the line {v : gᵀv = min}, from Arc: "at
// one point" or "along a side".
func (s Sampled) Touches() string {
	if s.Arc > 4*2*math.Pi/float64(s.Samples) {
		return "along a side"
	}
	return "at one point"
}

// SampledMin estimates min gᵀv over the unit ball of a norm on ℝ², which is
// −‖g‖_*, by brute force: it evaluates gᵀv at samples points
// v = (cos θ, sin θ)/‖(cos θ, sin θ)‖ of the unit sphere, θ = 2πk/samples,
// using only Norm.Norm. samples must be a multiple of 8, at least 8 and at
// most 10⁶, so that every multiple of 45° (the vertices of the ℓ1 and ℓ∞
// balls) is a sample; between samples the spheres of ℓ2, ℓ1 and ℓ∞ are
// circular arcs or straight, and Err bounds the error. It returns an error
// for a norm that does not take 2-D vectors, a g that is not a finite 2-D
// vector, or a bad samples.
func SampledMin(norm Norm, g []float64, samples int) (Sampled, error) {
	if err := checkNorm(norm, g); err != nil {
		return Sampled{}, err
	}
	if len(g) != 2 {
		return Sampled{}, fmt.Errorf("%w: sampling the unit sphere needs a 2-D g, got %d entries", ErrShape, len(g))
	}
	if samples < 8 || samples%8 != 0 || samples > 1_000_000 {
		return Sampled{}, fmt.Errorf("%w: samples must be a multiple of 8 from 8 to 10⁶, got %d", ErrRadius, samples)
	}
	h := scaled(g)
	c := floats.Norm(g, math.Inf(1))
	vals := make([]float64, samples)
	best, rho := math.Inf(1), 0.0
	for k := range samples {
		cs, sn := unitAt(k, samples)
		r := norm.Norm([]float64{cs, sn})
		v := (h[0]*cs + h[1]*sn) / r
		vals[k], rho = v, math.Max(rho, 1/r)
		best = math.Min(best, v)
	}
	step := 2 * math.Pi / float64(samples)
	n2 := floats.Norm(h, 2)
	errBound := n2*rho*(1-math.Cos(step/2)) + 8*eps*n2*rho
	// The arc of near-minimal samples around the best one.
	arc := 0.0
	for k, v := range vals {
		if v <= best+2*errBound {
			for j, w := range vals {
				if w <= best+2*errBound {
					d := math.Abs(float64(k-j)) * step
					arc = math.Max(arc, math.Min(d, 2*math.Pi-d))
				}
			}
			break
		}
	}
	// Err adds 4 units of the smallest subnormal for the product c·best,
	// which rounds to that grid when g is subnormal.
	out := Sampled{Min: c * best, Err: c*errBound + 4*0x1p-1074, Arc: arc, Samples: samples}
	return out, checkScalar("the sampled minimum", out.Min, false)
}

// unitAt returns (cos θ, sin θ) for θ = 2πk/n, exact on the axes.
func unitAt(k, n int) (float64, float64) {
	switch {
	case 4*k == 0:
		return 1, 0
	case 4*k == n:
		return 0, 1
	case 4*k == 2*n:
		return -1, 0
	case 4*k == 3*n:
		return 0, -1
	}
	th := 2 * math.Pi * float64(k) / float64(n)
	return math.Cos(th), math.Sin(th)
}
