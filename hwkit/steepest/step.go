package steepest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

// SquaredStep returns a minimizer of the linear model with a squared-norm
// penalty,
//
//	u = argmin_Δ gᵀΔ + (1/α)‖Δ‖² = −(α/2)·‖g‖_*·s*,
//
// where ‖·‖_* is the dual norm and s* = argmax_{‖s‖≤1} gᵀs.
//
// Derivation: write Δ = −r·s with r ≥ 0 and ‖s‖ = 1. For fixed r the
// linear term is smallest at s = s*, where it equals −r‖g‖_*, leaving
// −r‖g‖_* + r²/α, a parabola in r minimized at r = (α/2)‖g‖_*. The minimum
// value is −(α/4)‖g‖_*².
//
// The minimizers are exactly the Δ with ‖Δ‖ = (α/2)‖g‖_* and
// gᵀΔ = −(α/2)‖g‖_*²: one point when s* is unique (ℓ2, ℓp, Mahalanobis; ℓ∞
// when every gᵢ ≠ 0; ℓ1 when one |gⱼ| is largest; spectral when G has full
// rank), otherwise a face of the ball scaled by (α/2)‖g‖_*, of which
// SquaredStep returns the point that Norm.Steepest picks.
//
// With L2 this is gradient descent u = −(α/2)g; with Linf it is sign descent
// u = −(α/2)‖g‖₁·sign(g). It returns an error for a bad norm, g or α.
func SquaredStep(norm Norm, g []float64, alpha float64) ([]float64, error) {
	if err := checkInputs(norm, g, alpha); err != nil {
		return nil, err
	}
	u := norm.Steepest(g)
	floats.Scale(-alpha/2*norm.Dual(g), u)
	return u, nil
}

// SquaredObjective returns gᵀΔ + (1/α)‖Δ‖², the objective SquaredStep
// minimizes. It returns an error for a bad norm, g or α, or if Δ does not
// match g.
func SquaredObjective(norm Norm, g, delta []float64, alpha float64) (float64, error) {
	if err := checkObjective(norm, g, delta, alpha); err != nil {
		return 0, err
	}
	n := norm.Norm(delta)
	return floats.Dot(g, delta) + n*n/alpha, nil
}

// NormObjective returns gᵀΔ + (1/α)‖Δ‖, the objective with the unsquared
// penalty that NormStep analyses. It returns an error for a bad norm, g or
// α, or if Δ does not match g.
func NormObjective(norm Norm, g, delta []float64, alpha float64) (float64, error) {
	if err := checkObjective(norm, g, delta, alpha); err != nil {
		return 0, err
	}
	return floats.Dot(g, delta) + norm.Norm(delta)/alpha, nil
}

func checkObjective(norm Norm, g, delta []float64, alpha float64) error {
	if err := checkInputs(norm, g, alpha); err != nil {
		return err
	}
	if len(delta) != len(g) {
		return fmt.Errorf("%w: Δ has %d entries but g has %d", ErrShape, len(delta), len(g))
	}
	return checkVec("Δ", delta)
}

// Regime is the shape of the problem min_Δ gᵀΔ + (1/α)‖Δ‖ with the
// unsquared norm penalty. Along Δ = −r·s (r ≥ 0, ‖s‖ = 1) the objective is
// r·(1/α − gᵀs) ≥ r·(1/α − ‖g‖_*), with equality at s = s*, so everything
// hinges on the sign of 1/α − ‖g‖_*.
type Regime int

const (
	// Zero: ‖g‖_* < 1/α. The objective is positive for every Δ ≠ 0, so
	// Δ = 0 is the unique minimizer: the penalty wins and the step is 0.
	Zero Regime = iota
	// Tie: ‖g‖_* = 1/α. The minimum is 0, attained by every Δ = −r·s with
	// r ≥ 0 and s any maximizer of gᵀs over the unit ball, and the objective
	// is positive elsewhere: every step length ties. When the maximizer is
	// not unique the minimizers form a cone, not a ray: for ℓ∞ they are the
	// Δ with Δᵢ = −r·sign(gᵢ) where gᵢ ≠ 0 and |Δᵢ| ≤ r where gᵢ = 0.
	Tie
	// Unbounded: ‖g‖_* > 1/α. The objective r·(1/α − ‖g‖_*) falls without
	// bound along Δ = −r·s*: there is no minimizer, only a direction.
	Unbounded
)

// String returns "zero", "tie" or "unbounded".
func (r Regime) String() string {
	switch r {
	case Zero:
		return "zero"
	case Tie:
		return "tie"
	case Unbounded:
		return "unbounded"
	}
	return fmt.Sprintf("Regime(%d)", int(r))
}

// relation returns how ‖g‖_* compares with 1/α in regime r: "<", "=" or ">".
func (r Regime) relation() string {
	switch r {
	case Zero:
		return "<"
	case Tie:
		return "="
	}
	return ">"
}

// TieTol is the relative tolerance under which NormStep calls ‖g‖_* and 1/α
// equal: |‖g‖_* − 1/α| ≤ TieTol·(1/α). It absorbs the rounding of sums such
// as ‖g‖₁ without mistaking a genuine gap for a tie.
const TieTol = 1e-12

// Outcome describes the minimization of gᵀΔ + (1/α)‖Δ‖ (unsquared
// penalty).
type Outcome struct {
	// Regime says whether the minimizer is 0, ties along a ray, or does not
	// exist.
	Regime Regime
	// DualNorm is ‖g‖_*.
	DualNorm float64
	// Threshold is 1/α, the value of ‖g‖_* where the regime changes.
	Threshold float64
	// Slope is 1/α − ‖g‖_*: the objective along Δ = −r·s* is r·Slope.
	Slope float64
	// Direction is −s*, the steepest descent direction (unit norm for
	// g ≠ 0); for Linf it is −sign(g), sign descent. The minimizers are
	// {0} (Zero), none (Unbounded), or, at a Tie, the steps −r·s for r ≥ 0
	// and every maximizer s of gᵀs over the unit ball, which include
	// r·Direction. For Linf with some gᵢ = 0 that is more than the ray:
	// Δᵢ = −r·sign(gᵢ) where gᵢ ≠ 0 and any |Δᵢ| ≤ r where gᵢ = 0 (Direction
	// takes Δᵢ = 0 there).
	Direction []float64
}

// Min returns the minimum value: 0 for Zero and Tie, −∞ for Unbounded.
func (o Outcome) Min() float64 {
	if o.Regime == Unbounded {
		return math.Inf(-1)
	}
	return 0
}

// String summarizes the outcome, e.g.
// "unbounded: ‖g‖_* = 3 > 1/α = 2, objective −1·r along −s*".
func (o Outcome) String() string {
	return fmt.Sprintf("%v: ‖g‖_* = %s %s 1/α = %s, objective %s·r along −s*",
		o.Regime, table.Float(o.DualNorm), o.Regime.relation(), table.Float(o.Threshold), table.Float(o.Slope))
}

// NormStep analyses the unsquared penalty,
//
//	min_Δ gᵀΔ + (1/α)‖Δ‖,
//
// whose objective is positively homogeneous: along Δ = −r·s* it equals
// r·(1/α − ‖g‖_*). The minimizer is 0 when ‖g‖_* < 1/α, the problem is
// unbounded below when ‖g‖_* > 1/α, and every r ≥ 0 ties when ‖g‖_* = 1/α
// (within TieTol; see Tie for the whole set of minimizers); the direction
// is −s* in every case (−sign(g), sign descent, for Linf). It returns an
// error for a bad norm, g or α.
func NormStep(norm Norm, g []float64, alpha float64) (Outcome, error) {
	if err := checkInputs(norm, g, alpha); err != nil {
		return Outcome{}, err
	}
	d := norm.Dual(g)
	t := 1 / alpha
	dir := norm.Steepest(g)
	floats.Scale(-1, dir)
	o := Outcome{DualNorm: d, Threshold: t, Slope: t - d, Direction: dir}
	switch {
	case math.Abs(d-t) <= TieTol*t:
		o.Regime, o.Slope = Tie, 0
	case d < t:
		o.Regime = Zero
	default:
		o.Regime = Unbounded
	}
	return o, nil
}

// ObjectiveAlong evaluates the unsquared objective gᵀΔ + (1/α)‖Δ‖ at
// Δ = −r·s* for each r in rs, from the norm itself (not from the formula
// r·(1/α − ‖g‖_*)). It returns an error for a bad norm, g or α, or a
// negative or non-finite r.
func ObjectiveAlong(norm Norm, g []float64, alpha float64, rs []float64) ([]float64, error) {
	if err := checkInputs(norm, g, alpha); err != nil {
		return nil, err
	}
	if err := checkRadii(rs); err != nil {
		return nil, err
	}
	s := norm.Steepest(g)
	out := make([]float64, len(rs))
	delta := make([]float64, len(g))
	for i, r := range rs {
		floats.ScaleTo(delta, -r, s)
		out[i] = floats.Dot(g, delta) + norm.Norm(delta)/alpha
	}
	return out, nil
}

func checkRadii(rs []float64) error {
	for i, r := range rs {
		if !finite(r) || r < 0 {
			return fmt.Errorf("%w: r[%d] = %v, but step lengths r must be finite and ≥ 0", ErrRadius, i, r)
		}
	}
	return nil
}

// ScaledTo returns c·g with c > 0 chosen so that ‖c·g‖_* = dual: the same
// direction, any size. With dual = 1/(2α), 1/α and 2/α it gives one gradient
// in each Regime of NormStep (zero, tie, unbounded). It returns an error for
// a bad norm or g, for g = 0 (which has no direction to rescale) and for a
// dual that is not positive and finite.
func ScaledTo(norm Norm, g []float64, dual float64) ([]float64, error) {
	if err := checkNorm(norm, g); err != nil {
		return nil, err
	}
	if !finite(dual) || dual <= 0 {
		return nil, fmt.Errorf("%w: the target dual norm must be positive and finite, got %v", ErrRadius, dual)
	}
	d := norm.Dual(g)
	if d == 0 {
		return nil, fmt.Errorf("%w: g = 0 has no direction to rescale", ErrEmpty)
	}
	out := make([]float64, len(g))
	floats.ScaleTo(out, dual/d, g)
	return out, nil
}
