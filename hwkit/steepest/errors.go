package steepest

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors, for errors.Is. Returned errors wrap one of these and add
// the offending value, e.g. "steepest: step size α must be positive and
// finite, got α = -0.5".
var (
	// ErrStepSize reports a step size α that is not a positive finite number.
	ErrStepSize = errors.New("steepest: step size α must be positive and finite")
	// ErrEmpty reports an empty or missing input: a gradient, a matrix or a
	// list.
	ErrEmpty = errors.New("steepest: empty input")
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
)

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func checkAlpha(alpha float64) error {
	if !finite(alpha) || alpha <= 0 {
		return fmt.Errorf("%w, got α = %v", ErrStepSize, alpha)
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

// checkInputs validates a norm, a gradient and a step size together.
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
