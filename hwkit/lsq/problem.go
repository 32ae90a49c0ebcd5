// Package lsq runs optimizers on least-squares problems and compares where
// they end up with closed-form limits and independently computed
// minimum-norm interpolants.
//
// A Problem is f(θ) = ‖Xθ − y‖² = Σᵢ (xᵢᵀθ − yᵢ)², a sum over the rows with
// no 1/n; SinglePoint builds the one-row problem f(θ) = (1 − aᵀθ)². Run
// applies a Method (SGD, SignDescent, SimplifiedAdam, Adam, RescaledSGD) for
// a number of iterations and returns a Trace of θ and f(θ), which prints as a
// table (Trace.Table) and plots as figure data (LossFigure, ThetaFigure).
//
// For the single-point problem started at θ₀ = 0 the limits are known in
// closed form: SGDLimit a/‖a‖², SignLimit sign(a)/‖a‖₁ and RescaledLimit
// θⱼ = 1/(d·aⱼ). They are the minimum-norm interpolants in the ℓ2, ℓ∞ and
// weighted ℓ2 norms, which MinL2Interpolant (SVD pseudoinverse),
// MinLinfInterpolant (a linear program) and MinWeightedL2Interpolant compute
// by an independent route for any Problem. SGDMaxLR and SGDRegime give the
// step-size condition of SGD on one row.
//
// Bad input (empty or non-finite data, a non-positive step size, too many
// iterations, …) returns an error starting with "lsq: "; a run that blows up
// returns an error wrapping ErrDiverged together with the trace so far.
// Problem.Loss and Problem.Grad panic on a θ of the wrong length, like gonum's
// low-level routines; everything else returns errors.
package lsq

import (
	"errors"
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/table"
)

// ErrZeroFeature is wrapped by the errors of RescaledSGD and RescaledLimit
// when a feature is zero in every row, so it has no scale s_j to divide by.
var ErrZeroFeature = errors.New("lsq: a feature is zero in every row")

// Problem is the least-squares problem f(θ) = ‖Xθ − y‖² = Σᵢ (xᵢᵀθ − yᵢ)²
// with n rows xᵢ ∈ ℝᵈ. Build it with NewProblem or SinglePoint; a Problem
// is immutable and safe to share between runs.
type Problem struct {
	n, d int
	x    []float64 // n×d, row-major
	y    []float64
}

// NewProblem returns the problem f(θ) = ‖Xθ − y‖² for the rows of X and the
// targets y. X and y are copied. It returns an error if X is empty or ragged,
// if len(y) differs from the number of rows, or if an entry is not finite.
func NewProblem(X [][]float64, y []float64) (*Problem, error) {
	n := len(X)
	if n == 0 {
		return nil, errors.New("lsq: X has no rows")
	}
	d := len(X[0])
	if d == 0 {
		return nil, errors.New("lsq: X has no columns (the rows are empty)")
	}
	if len(y) != n {
		return nil, fmt.Errorf("lsq: X has %d rows but y has %d entries", n, len(y))
	}
	p := &Problem{n: n, d: d, x: make([]float64, 0, n*d), y: make([]float64, n)}
	for i, row := range X {
		if len(row) != d {
			return nil, fmt.Errorf("lsq: X is ragged: row %d has %d entries, row 0 has %d", i, len(row), d)
		}
		for j, v := range row {
			if !finite(v) {
				return nil, fmt.Errorf("lsq: X[%d][%d] = %v is not finite", i, j, v)
			}
		}
		p.x = append(p.x, row...)
	}
	for i, v := range y {
		if !finite(v) {
			return nil, fmt.Errorf("lsq: y[%d] = %v is not finite", i, v)
		}
	}
	copy(p.y, y)
	return p, nil
}

// SinglePoint returns the one-row problem X = aᵀ, y = 1, that is
// f(θ) = (1 − aᵀθ)². It returns an error if a is empty, all zero or has a
// non-finite entry.
func SinglePoint(a []float64) (*Problem, error) {
	if err := checkPoint(a); err != nil {
		return nil, err
	}
	return NewProblem([][]float64{a}, []float64{1})
}

// checkPoint validates the vector a of a single-point problem.
func checkPoint(a []float64) error {
	if len(a) == 0 {
		return errors.New("lsq: a is empty; the single data point needs at least one feature")
	}
	zero := true
	for j, v := range a {
		if !finite(v) {
			return fmt.Errorf("lsq: a[%d] = %v is not finite", j, v)
		}
		if v != 0 {
			zero = false
		}
	}
	if zero {
		return errors.New("lsq: a is all zero, so aᵀθ = 1 has no solution")
	}
	return nil
}

// Dim returns the number d of parameters (columns of X).
func (p *Problem) Dim() int { return p.d }

// Rows returns the number n of data points (rows of X).
func (p *Problem) Rows() int { return p.n }

// Row returns a copy of row i of X and its target yᵢ. It panics if i is out
// of range.
func (p *Problem) Row(i int) (x []float64, y float64) {
	return append([]float64(nil), p.row(i)...), p.y[i]
}

func (p *Problem) row(i int) []float64 { return p.x[i*p.d : (i+1)*p.d : (i+1)*p.d] }

// residual returns xᵢᵀθ − yᵢ.
func (p *Problem) residual(i int, theta []float64) float64 {
	s := -p.y[i]
	for j, v := range p.row(i) {
		s += v * theta[j]
	}
	return s
}

// Loss returns f(θ) = Σᵢ (xᵢᵀθ − yᵢ)². It panics if len(θ) != p.Dim().
func (p *Problem) Loss(theta []float64) float64 {
	p.mustDim(theta)
	var f float64
	for i := 0; i < p.n; i++ {
		r := p.residual(i, theta)
		f += r * r
	}
	return f
}

// Grad stores ∇f(θ) = Σᵢ 2(xᵢᵀθ − yᵢ)xᵢ in dst and returns it; if dst is
// nil a new slice is allocated. It panics if len(θ) != p.Dim() or dst is
// not nil and has the wrong length.
func (p *Problem) Grad(dst, theta []float64) []float64 {
	p.mustDim(theta)
	if dst == nil {
		dst = make([]float64, p.d)
	}
	p.mustDim(dst)
	clear(dst)
	for i := 0; i < p.n; i++ {
		r := 2 * p.residual(i, theta)
		for j, v := range p.row(i) {
			dst[j] += r * v
		}
	}
	return dst
}

// Scales returns the feature scales s_j = √(mean over the rows of x_ij²),
// the factors RescaledSGD divides the features by.
func (p *Problem) Scales() []float64 {
	s := p.SecondMoments()
	for j, v := range s {
		s[j] = math.Sqrt(v)
	}
	return s
}

// SecondMoments returns s_j² = mean over the rows of x_ij², the weights w of
// the weighted ℓ2 norm Σⱼ w_j θ_j² that RescaledSGD implicitly minimizes:
// pass them to MinWeightedL2Interpolant.
func (p *Problem) SecondMoments() []float64 {
	m := make([]float64, p.d)
	for i := 0; i < p.n; i++ {
		for j, v := range p.row(i) {
			m[j] += v * v
		}
	}
	for j := range m {
		m[j] /= float64(p.n)
	}
	return m
}

// String describes the problem, e.g. "f(θ) = (1 − aᵀθ)², a = [1, 0.1]" or
// "f(θ) = ‖Xθ − y‖², 3 rows × 2 features".
func (p *Problem) String() string {
	if p.n == 1 && p.y[0] == 1 {
		return "f(θ) = (1 − aᵀθ)², a = " + table.Vec(p.row(0))
	}
	return fmt.Sprintf("f(θ) = ‖Xθ − y‖², %d rows × %d features", p.n, p.d)
}

func (p *Problem) mustDim(v []float64) {
	if len(v) != p.d {
		panic(fmt.Sprintf("lsq: vector has length %d, the problem has %d parameters", len(v), p.d))
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
