package lsq

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

// MaxEntries bounds the size n·d of a Problem, so that a typo cannot
// exhaust the memory of a notebook kernel or make an SVD take minutes.
const MaxEntries = 1_000_000

// ErrZeroFeature is wrapped by the errors of RescaledSGD, RescaledLimit and
// the weighted routes when a feature is zero in every row, so it has no
// scale sⱼ to divide by.
var ErrZeroFeature = errors.New("lsq: a feature is zero in every row")

// errNilProblem is returned for a nil *Problem.
var errNilProblem = errors.New("lsq: the problem is nil; build it with NewProblem or SinglePoint")

// Problem is the least-squares problem f(θ) = ‖Xθ − y‖² = Σᵢ (xᵢᵀθ − yᵢ)²
// with n rows xᵢ ∈ ℝᵈ. Build it with NewProblem or SinglePoint; a Problem
// is immutable and safe to share between runs. The methods treat a nil
// *Problem as having no rows and no parameters.
type Problem struct {
	n, d int
	x    []float64 // n×d, row-major
	y    []float64
}

// NewProblem returns the problem f(θ) = ‖Xθ − y‖² for the rows of X and the
// targets y. X and y are copied. It returns an error if X is empty or
// ragged, if len(y) differs from the number of rows, if an entry is not
// finite, or if n·d exceeds MaxEntries.
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
	if d > MaxEntries/n {
		return nil, fmt.Errorf("lsq: X has %d×%d entries, more than MaxEntries = %d", n, d, MaxEntries)
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
// f(θ) = (1 − aᵀθ)². It returns an error if a is empty, longer than
// MaxEntries, all zero or has a non-finite entry.
func SinglePoint(a []float64) (*Problem, error) {
	if err := CheckPoint(a); err != nil {
		return nil, err
	}
	return NewProblem([][]float64{a}, []float64{1})
}

// CheckPoint validates the data point a of the single-point problem
// f(θ) = (1 − aᵀθ)²: it returns an error naming the first problem if a is
// empty, longer than MaxEntries, has a NaN or infinite entry, or is all
// zero (then aᵀθ = 1 has no solution). Zero entries are allowed.
func CheckPoint(a []float64) error {
	if len(a) == 0 {
		return errors.New("lsq: a is empty; the single data point needs at least one feature")
	}
	if len(a) > MaxEntries {
		return fmt.Errorf("lsq: a has %d entries, more than MaxEntries = %d", len(a), MaxEntries)
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

// Dim returns the number d of parameters (columns of X), 0 for nil.
func (p *Problem) Dim() int {
	if p == nil {
		return 0
	}
	return p.d
}

// Rows returns the number n of data points (rows of X), 0 for nil.
func (p *Problem) Rows() int {
	if p == nil {
		return 0
	}
	return p.n
}

// Row returns a copy of row i of X and its target yᵢ. It returns an error
// if p is nil or i is out of range.
func (p *Problem) Row(i int) (x []float64, y float64, err error) {
	if p == nil {
		return nil, 0, errNilProblem
	}
	if i < 0 || i >= p.n {
		return nil, 0, fmt.Errorf("lsq: row %d does not exist: the problem has %d rows", i, p.n)
	}
	return append([]float64(nil), p.row(i)...), p.y[i], nil
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

// checkTheta returns an error if p is nil or θ has the wrong length.
func (p *Problem) checkTheta(what string, theta []float64) error {
	if p == nil {
		return errNilProblem
	}
	if len(theta) != p.d {
		return fmt.Errorf("lsq: %s has length %d, the problem has %d parameters", what, len(theta), p.d)
	}
	return nil
}

// Loss returns f(θ) = Σᵢ (xᵢᵀθ − yᵢ)². It returns an error if p is nil or
// len(θ) ≠ p.Dim(), and one if f(θ) is NaN or overflows float64.
func (p *Problem) Loss(theta []float64) (float64, error) {
	if err := p.checkTheta("θ", theta); err != nil {
		return 0, err
	}
	f := p.loss(theta)
	if !finite(f) {
		return 0, fmt.Errorf("lsq: f(θ) = %v does not fit in a float64", f)
	}
	return f, nil
}

func (p *Problem) loss(theta []float64) float64 {
	var f float64
	for i := 0; i < p.n; i++ {
		r := p.residual(i, theta)
		f += r * r
	}
	return f
}

// Grad stores ∇f(θ) = Σᵢ 2(xᵢᵀθ − yᵢ)xᵢ in dst and returns it; if dst is
// nil a new slice is allocated. It returns an error if p is nil, θ or a
// non-nil dst has the wrong length, or the gradient is not finite.
func (p *Problem) Grad(dst, theta []float64) ([]float64, error) {
	if err := p.checkTheta("θ", theta); err != nil {
		return nil, err
	}
	if dst == nil {
		dst = make([]float64, p.d)
	}
	if err := p.checkTheta("dst", dst); err != nil {
		return nil, err
	}
	p.grad(dst, theta)
	for j, g := range dst {
		if !finite(g) {
			return nil, fmt.Errorf("lsq: ∇f(θ)[%d] = %v does not fit in a float64", j, g)
		}
	}
	return dst, nil
}

func (p *Problem) grad(dst, theta []float64) {
	clear(dst)
	for i := 0; i < p.n; i++ {
		r := 2 * p.residual(i, theta)
		for j, v := range p.row(i) {
			dst[j] += r * v
		}
	}
}

// Scales returns the feature scales sⱼ = √(mean over the rows of xᵢⱼ²), the
// factors RescaledSGD divides the features by (|aⱼ| for one row). They are
// computed as scaled norms (gonum's floats.Norm), so no square overflows or
// underflows. It returns an error for a nil problem.
func (p *Problem) Scales() ([]float64, error) {
	if p == nil {
		return nil, errNilProblem
	}
	s := make([]float64, p.d)
	col := make([]float64, p.n)
	for j := range s {
		for i := range col {
			col[i] = p.x[i*p.d+j]
		}
		s[j] = floats.Norm(col, 2) / math.Sqrt(float64(p.n))
	}
	return s, nil
}

// Weights returns wⱼ = (sⱼ/maxₖ sₖ)^pow for the feature scales sⱼ of
// Scales: the weights of the norm Σⱼ wⱼθⱼ² up to a common factor, which
// does not change its minimizer. pow = 2 gives the norm RescaledSGD
// minimizes. A zero feature gets weight 0 for pow > 0. It returns an error
// for a nil problem, a non-finite pow, a negative pow with a zero feature,
// or a weight of a non-zero feature that overflows or underflows to zero
// (features whose scales span more than float64's range).
func (p *Problem) Weights(pow float64) ([]float64, error) {
	s, err := p.Scales()
	if err != nil {
		return nil, err
	}
	if !finite(pow) {
		return nil, fmt.Errorf("lsq: weight power %v must be finite", pow)
	}
	top := floats.Max(s)
	if top == 0 {
		return nil, fmt.Errorf("%w: every feature is zero", ErrZeroFeature)
	}
	w := make([]float64, len(s))
	for j, v := range s {
		switch {
		case v == 0 && pow < 0:
			return nil, fmt.Errorf("%w: feature %d has scale 0, so (s/max s)^%v is infinite", ErrZeroFeature, j, pow)
		case v == 0 && pow == 0:
			w[j] = 1
		case v == 0:
			w[j] = 0
		default:
			w[j] = math.Pow(v/top, pow)
			if !(w[j] > 0) || math.IsInf(w[j], 0) {
				return nil, fmt.Errorf("lsq: the weight (s[%d]/max s)^%v = (%s)^%v does not fit in a float64: the feature scales span too wide a range",
					j, pow, table.Float(v/top), pow)
			}
		}
	}
	return w, nil
}

// String describes the problem, e.g. "f(θ) = (1 − aᵀθ)², a = [1, 0.1]" or
// "f(θ) = ‖Xθ − y‖², 3 rows × 2 features"; a nil problem prints as
// "lsq: nil problem".
func (p *Problem) String() string {
	if p == nil {
		return "lsq: nil problem"
	}
	if p.n == 1 && p.y[0] == 1 {
		return "f(θ) = (1 − aᵀθ)², a = " + table.Vec(p.row(0))
	}
	return fmt.Sprintf("f(θ) = ‖Xθ − y‖², %d rows × %d features", p.n, p.d)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// allFinite reports whether every entry of v is finite.
func allFinite(v []float64) bool {
	for _, x := range v {
		if !finite(x) {
			return false
		}
	}
	return true
}

// sign returns −1, 0 or 1 (0 for ±0), the convention of sign descent.
func sign(x float64) float64 {
	if x == 0 {
		return 0
	}
	return math.Copysign(1, x)
}
