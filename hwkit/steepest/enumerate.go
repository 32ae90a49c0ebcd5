package steepest

import (
	"fmt"
	"math"
	"sort"

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
	// Err bounds Min − (−‖g‖_*). For ℓ∞ and ℓ1 the ball is a polygon whose
	// vertices (at multiples of 45°) are all sampled, and a linear function
	// takes its minimum over a polygon at a vertex: Err is rounding only, 8
	// units of ‖g‖₂·ρ for the largest sampled radius ρ. For ℓ2 it adds the
	// sampling error of the circle, ‖g‖₂·(1 − cos(h/2)) for the angular step
	// h: the optimum lies within h/2 of a sample. For other norms it adds
	// ‖g‖₂·ρ·(1 − cos(h/2)), the same bound for a circle of radius ρ, which
	// is a guide, not a guarantee.
	Err float64
	// Arc is the largest angle (radians) between two samples that tie with
	// the minimum: within 2·Err of Min, plus, for ℓ∞ and ℓ1, the tie rule's
	// allowance (2·TieTol·‖g‖∞ for ℓ∞, where a zero gᵢ shifts the two ends of
	// a side by 2|gᵢ|; TieTol·‖g‖∞ for ℓ1, where equal |g₁| and |g₂| shift
	// them by their difference). It is near zero when the ball touches its
	// supporting line at one point and π/2 when it touches along a whole
	// side of ℓ1 or ℓ∞ (each spans a quarter turn).
	Arc float64
	// Samples is the number of points.
	Samples int
}

// Touches says how the ball meets the line {v : gᵀv = min}, from Arc: "along
// a side" when the samples that tie with the minimum span a whole side
// (Arc ≥ π/2 − h for the angular step h), else "at one point". So it says
// "along a side" exactly when the tie rule calls a gᵢ zero (ℓ∞) or |g₁| and
// |g₂| equal (ℓ1), up to rounding and one angular step.
func (s Sampled) Touches() string {
	if s.Samples > 0 && s.Arc >= math.Pi/2-2*math.Pi/float64(s.Samples) {
		return "along a side"
	}
	return "at one point"
}

// SampledMin estimates min gᵀv over the unit ball of a norm on ℝ², which is
// −‖g‖_*, by brute force: it evaluates gᵀv at samples points
// v = (cos θ, sin θ)/‖(cos θ, sin θ)‖ of the unit sphere, θ = 2πk/samples,
// using only Norm.Norm. samples must be a multiple of 8, at least 8 and at
// most 10⁶, so that every multiple of 45° (the vertices of the ℓ1 and ℓ∞
// balls) is a sample; Err bounds the error (see Sampled). It returns an
// error for a norm that does not take 2-D vectors, a g that is not a finite
// 2-D vector, or a bad samples.
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
	h := scaled(g) // ‖h‖∞ = 1
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
	errBound := 8 * eps * n2 * rho // rounding
	ties := 0.0                    // the tie rule's allowance, on h
	switch norm.(type) {
	case Linf:
		ties = 2 * TieTol
	case L1:
		ties = TieTol
	default:
		errBound += n2 * rho * (1 - math.Cos(step/2))
	}
	// The largest angle between two samples that tie with the minimum.
	var near []int
	for k, v := range vals {
		if v <= best+2*errBound+ties {
			near = append(near, k)
		}
	}
	// For each, the farthest on the circle is a neighbour of its antipode
	// among the sorted near: n·log n, not n² for a whole side.
	arc := 0.0
	for _, k := range near {
		i := sort.SearchInts(near, (k+samples/2)%samples)
		for _, j := range []int{near[i%len(near)], near[(i+len(near)-1)%len(near)]} {
			d := math.Abs(float64(k-j)) * step
			arc = math.Max(arc, math.Min(d, 2*math.Pi-d))
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
