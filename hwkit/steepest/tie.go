package steepest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// TieTol is the one tie tolerance of the package: two nonnegative numbers a
// and b count as equal when
//
//	|a − b| ≤ TieTol·max(a, b).
//
// Every decision that a tie changes uses it, so that a tie computed in
// floating point lands on the same side everywhere:
//
//   - the regime of the unsquared penalty (Classify(‖g‖_*, 1/α), NormStep,
//     and the numerical ProbeNorm through Probe.Admits);
//   - which entries of g are zero (IsZero: |gᵢ| ≤ TieTol·‖g‖∞), which sets
//     sign(gᵢ) = 0 in Signs, Linf.Direction and the squared ℓ∞ step;
//   - which entries tie for the largest |gᵢ| (Largest), which L1.Direction
//     and GaussSouthwell break by taking the first;
//   - the counts of moved coordinates (Moved).
//
// Why 1e-10: it must exceed the rounding of the quantities compared, so
// that a sum like ‖g‖₁ = 0.8 + 0.5 + 0.25 + 0.05 meets α = 1/1.6 as a tie:
// a sum of n ≤ MaxDim = 20 terms is off by at most about (n−1)·2⁻⁵³ ≈
// 2·10⁻¹⁵ relative, 1/α by 2⁻⁵³, and a student's own arithmetic by a few
// more units: 1e-10 leaves a factor of 10⁴. It must exceed the resolution
// of the numerical routes, so that what the rule calls a tie is also what
// they cannot tell from one: ProbeNorm brackets ‖g‖_* within about 6·10⁻¹¹
// relative (measured over random problems; near the edge of the tie band
// Probe.Admits may then accept two regimes, never a wrong one), and the
// corner enumeration of BestCorner resolves entries down to 4.4·10⁻¹⁴ of
// ‖g‖∞. And it must stay below every gap a person means: a relative
// difference of 10⁻¹⁰ is far below what a parameter typed by hand
// expresses, and the same for every scale of g (the rule is relative).
const TieTol = 1e-10

// Ties reports whether a and b (≥ 0) are equal within TieTol.
func Ties(a, b float64) bool {
	return math.Abs(a-b) <= TieTol*math.Max(math.Abs(a), math.Abs(b))
}

// Classify returns the regime of the unsquared penalty for a dual norm d =
// ‖g‖_* and a threshold t = 1/α: Tie if Ties(d, t), otherwise Zero if d < t
// and Unbounded if d > t.
func Classify(d, t float64) Regime {
	switch {
	case Ties(d, t):
		return Tie
	case d < t:
		return Zero
	}
	return Unbounded
}

// tieBand returns the interval of values d that Classify(d, t) calls a tie,
// [t·(1 − TieTol), t/(1 − TieTol)].
func tieBand(t float64) (lo, hi float64) {
	return t * (1 - TieTol), t / (1 - TieTol)
}

// IsZero reports whether the entry x of a vector whose largest |entry| is
// scale counts as zero: |x| ≤ TieTol·scale. Every x is zero when scale is
// zero.
func IsZero(x, scale float64) bool { return math.Abs(x) <= TieTol*scale }

// Signs returns sign(gᵢ) entry by entry, with sign(gᵢ) = 0 where gᵢ is zero
// within the tie rule (IsZero with scale ‖g‖∞). It is the direction s with
// ‖s‖∞ ≤ 1 that maximizes gᵀs and is zero wherever gᵢ is.
func Signs(g []float64) []float64 {
	s := make([]float64, len(g))
	c := floats.Norm(g, math.Inf(1))
	for i, x := range g {
		if !IsZero(x, c) {
			s[i] = math.Copysign(1, x)
		}
	}
	return s
}

// ExactSigns returns sign(gᵢ) entry by entry, with 0 only where gᵢ == 0:
// no tie rule. It is the sign that Adam's step gᵢ/(|gᵢ| + ε) tends to,
// which follows ε, not the relative tie rule of Signs: an entry far below
// the others but well above ε still has sign ±1.
func ExactSigns(g []float64) []float64 {
	s := make([]float64, len(g))
	for i, x := range g {
		if x != 0 {
			s[i] = math.Copysign(1, x)
		}
	}
	return s
}

// OnSupport returns a copy of v with the entries zeroed where g is zero
// within the tie rule: where gᵢ = 0 both signs of a corner tie, so only the
// other entries can be compared. It returns an error if the lengths
// differ or an entry is not finite.
func OnSupport(v, g []float64) ([]float64, error) {
	if len(v) != len(g) {
		return nil, fmt.Errorf("%w: v has %d entries but g has %d", ErrShape, len(v), len(g))
	}
	if err := checkVec("v", v); err != nil {
		return nil, err
	}
	if err := checkVec("g", g); err != nil {
		return nil, err
	}
	out := make([]float64, len(v))
	for i, s := range Signs(g) {
		if s != 0 {
			out[i] = v[i]
		}
	}
	return out, nil
}

// Largest returns the indices i whose |gᵢ| ties with the largest, ‖g‖∞,
// under the tie rule: more than one when the largest entries tie, none when
// g = 0.
func Largest(g []float64) []int {
	c := floats.Norm(g, math.Inf(1))
	if !(c > 0) {
		return nil
	}
	var out []int
	for i, x := range g {
		if Ties(math.Abs(x), c) {
			out = append(out, i)
		}
	}
	return out
}

// Moved counts the coordinates that the squared-penalty step of a norm
// moves, by the tie rule: for Linf every nonzero gᵢ, for L1 the entries
// tied for the largest |gᵢ| (any convex combination of them is optimal), for
// L2 and diagonal norms every nonzero gᵢ. It returns an error for a bad
// norm or g, and for norms where coordinates do not separate (a dense
// Mahalanobis matrix, Spectral, Lp counts like L2).
func Moved(norm Norm, g []float64) (int, error) {
	if err := checkNorm(norm, g); err != nil {
		return 0, err
	}
	switch n := norm.(type) {
	case L1:
		return len(Largest(g)), nil
	case *Mahalanobis:
		if !n.diagonal() {
			return 0, fmt.Errorf("%w: a dense M mixes coordinates; Moved counts only for ℓ2, ℓ∞, ℓ1, ℓp and diagonal M", ErrShape)
		}
	case Spectral:
		return 0, fmt.Errorf("%w: Moved counts coordinates of vectors, not of matrices", ErrShape)
	}
	k := 0
	for _, s := range Signs(g) {
		if s != 0 {
			k++
		}
	}
	return k, nil
}

// RoundTol returns the tolerance for comparing two computations of the same
// closed-form step u that differ only in the order of their floating-point
// operations: 8·(n+1)·ε·‖u‖∞ for n = len(u), with ε = 2⁻⁵² the machine
// epsilon. A dual norm sums n terms (n·ε/2 relative error), and the scaling
// and the sign or division add a few units; the factor leaves a margin of
// about four. It is scale-free, so scaling g by any factor scales it too.
// Like math's functions it returns NaN or +Inf for a non-finite u.
func RoundTol(u []float64) float64 {
	return 8 * float64(len(u)+1) * eps * floats.Norm(u, math.Inf(1))
}

// TieSlack bounds what the tie rule gives away in the objective of a step u
// of the squared or unsquared penalty: an entry gᵢ that IsZero calls zero
// but is not (Linf) leaves uᵢ = 0 where −‖u‖∞·sign(gᵢ) would lower gᵀu by
// |gᵢ|·‖u‖∞; a near-tie for the largest |gⱼ| (L1) moves a coordinate j
// whose |gⱼ| is below ‖g‖∞ by up to TieTol·‖g‖∞, costing (‖g‖∞ − |gⱼ|)·‖u‖₁.
// The total is below n·TieTol·‖g‖∞·‖u‖ relative to the objective's scale;
// it is 0 for exact ties and for the other norms. It returns NaN for
// mismatched or non-finite input.
func TieSlack(norm Norm, g, u []float64) float64 {
	if len(g) != len(u) || checkVec("g", g) != nil || checkVec("u", u) != nil {
		return math.NaN()
	}
	c := floats.Norm(g, math.Inf(1))
	var s float64
	switch norm.(type) {
	case Linf:
		m := floats.Norm(u, math.Inf(1))
		for _, x := range g {
			if x != 0 && IsZero(x, c) {
				s += math.Abs(x) * m
			}
		}
	case L1:
		for i, x := range g {
			if u[i] != 0 {
				s += (c - math.Abs(x)) * math.Abs(u[i])
			}
		}
	}
	return s
}
