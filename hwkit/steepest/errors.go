package steepest

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// Sentinel errors, for errors.Is. Returned errors wrap one of these and add
// the offending value, e.g. "steepest: α must be positive and finite, got
// α = -0.5".
var (
	// ErrStepSize reports an α that is not a positive finite number with a
	// finite 1/α. (α weighs the penalty by 1/α and so sets the step size:
	// the squared penalty's step is (α/2)·‖g‖_*.)
	ErrStepSize = errors.New("steepest: α must be positive and finite")
	// ErrEmpty reports an empty or missing input: a gradient, a matrix or a
	// list.
	ErrEmpty = errors.New("steepest: empty input")
	// ErrZeroGradient reports a gradient g = 0 (or a matrix G = 0) where
	// a result needs a direction: g = 0 has none to rescale, draw or
	// orthogonalize.
	ErrZeroGradient = errors.New("steepest: zero gradient")
	// ErrNonFinite reports a NaN or infinite entry in a gradient, matrix or
	// list of radii.
	ErrNonFinite = errors.New("steepest: NaN or infinite entry")
	// ErrShape reports lengths or matrix shapes that do not fit together.
	ErrShape = errors.New("steepest: shapes do not match")
	// ErrNotPositiveDefinite reports a Mahalanobis matrix M that is not
	// symmetric positive definite.
	ErrNotPositiveDefinite = errors.New("steepest: M must be symmetric positive definite")
	// ErrExponent reports an ℓp exponent outside 1 < p < ∞.
	ErrExponent = errors.New("steepest: ℓp needs an exponent 1 < p < ∞")
	// ErrNoNorm reports a nil Norm or a Norm value not built by its
	// constructor.
	ErrNoNorm = errors.New("steepest: no usable norm")
	// ErrRadius reports a step length r or radius R out of range.
	ErrRadius = errors.New("steepest: bad radius")
	// ErrRange reports a result that float64 cannot hold: it would overflow
	// to ±Inf or underflow to zero (or lose its digits in the subnormal
	// range). Rescale g or α.
	ErrRange = errors.New("steepest: result out of float64 range")
	// ErrNoConvergence reports a numerical method that stopped before it
	// reached its accuracy target.
	ErrNoConvergence = errors.New("steepest: no convergence")
	// ErrNoMethod reports a norm that MinimizeSquared has no method for:
	// one without an interior-point form (ℓp, a Norm of your own) while no
	// derivative-free method is registered (see RegisterDerivativeFree).
	ErrNoMethod = errors.New("steepest: no numerical method for this norm")
	// ErrTooLarge reports an input larger than a method accepts, e.g. more
	// than MaxDim coordinates for the enumeration of corners.
	ErrTooLarge = errors.New("steepest: input too large")
)

// MaxDim is the largest length of g that CheckProblem accepts (and that
// BestCorner can enumerate: 2^MaxDim corners). The numerical minimizers
// accept larger g, at a cost that grows like n³ per Newton step.
const MaxDim = 20

// eps is the float64 machine epsilon, 2⁻⁵².
const eps = 0x1p-52

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// normal reports whether x is zero or a normal (not subnormal) finite
// float64: a result in that range carries all its 53 bits.
func normal(x float64) bool {
	a := math.Abs(x)
	return a == 0 || (a >= 0x1p-1022 && a <= math.MaxFloat64)
}

func checkAlpha(alpha float64) error {
	if !finite(alpha) || alpha <= 0 {
		return fmt.Errorf("%w, got α = %v", ErrStepSize, alpha)
	}
	if math.IsInf(1/alpha, 0) {
		return fmt.Errorf("%w, got α = %v, whose 1/α overflows", ErrStepSize, alpha)
	}
	return nil
}

// checkVec checks that v (called name in messages) is non-empty and finite.
func checkVec(name string, v []float64) error {
	if len(v) == 0 {
		return fmt.Errorf("%w: %s has no entries", ErrEmpty, name)
	}
	for i, x := range v {
		if !finite(x) {
			return fmt.Errorf("%w: %s[%d] = %v", ErrNonFinite, name, i, x)
		}
	}
	return nil
}

// checkInputs validates a norm, a gradient and α together.
func checkInputs(norm Norm, g []float64, alpha float64) error {
	if err := checkNorm(norm, g); err != nil {
		return err
	}
	return checkAlpha(alpha)
}

// checkNorm validates a norm and a gradient it is applied to.
func checkNorm(norm Norm, g []float64) error {
	if norm == nil {
		return fmt.Errorf("%w: the norm is nil", ErrNoNorm)
	}
	if err := checkVec("g", g); err != nil {
		return err
	}
	return norm.Check(len(g))
}

// checkResult returns an error wrapping ErrRange if some entry of v is not
// finite, or, when nonzero says the exact result is not zero, if v lost it
// to underflow: ‖v‖∞ zero or subnormal. (Single entries far below ‖v‖∞ may
// round to zero or to a subnormal: that is below the rounding of the
// largest.) what names the result.
func checkResult(what string, v []float64, nonzero bool) error {
	for i, x := range v {
		if !finite(x) {
			return fmt.Errorf("%w: %s[%d] = %v overflows float64; rescale g or α", ErrRange, what, i, x)
		}
	}
	if m := floats.Norm(v, math.Inf(1)); nonzero && (m == 0 || !normal(m)) {
		return fmt.Errorf("%w: %s has largest entry %v, lost to underflow; rescale g or α", ErrRange, what, m)
	}
	return nil
}

// checkScalar is checkResult for one number.
func checkScalar(what string, x float64, nonzero bool) error {
	if !finite(x) {
		return fmt.Errorf("%w: %s = %v overflows float64; rescale g or α", ErrRange, what, x)
	}
	if nonzero && (x == 0 || !normal(x)) {
		return fmt.Errorf("%w: %s = %v, lost to underflow; rescale g or α", ErrRange, what, x)
	}
	return nil
}

// CheckProblem validates the gradient g and the parameter α of the homework
// notebook once, with readable errors: g must have 1 to MaxDim finite
// entries and α must be positive and finite (with a finite 1/α). The other
// parameters (Adam's σ, the picture's 2-D gradient) are checked by the
// functions that take them.
func CheckProblem(g []float64, alpha float64) error {
	if err := checkVec("g", g); err != nil {
		return err
	}
	if len(g) > MaxDim {
		return fmt.Errorf("%w: g has %d entries; this notebook takes 1 to %d (its corner check tries all 2ⁿ corners of the cube)",
			ErrTooLarge, len(g), MaxDim)
	}
	if err := checkAlpha(alpha); err != nil {
		return err
	}
	// The scales of the answers: the step (α/2)‖g‖₁ and the minimum value
	// (α/4)‖g‖₁², computed without overflow.
	c := floats.Norm(g, math.Inf(1))
	if c == 0 {
		return nil
	}
	h := floats.Norm(g, 1) / c // in [1, n]
	step, value := alpha/2*c*h, alpha/4*c*h*c*h
	if !normal(step) || !normal(value) || step == 0 || value == 0 {
		return fmt.Errorf("%w: with ‖g‖₁ = %v and α = %v the step or the objective value leaves float64's normal range; rescale g or α",
			ErrRange, c*h, alpha)
	}
	return nil
}
