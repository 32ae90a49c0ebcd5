package lsq

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/dl-course/hw2/hwkit/table"
)

// The functions in this file compute minimum-norm interpolants of a general
// Problem numerically (SVD, linear programming). They share no code with the
// closed forms in limits.go, so the two routes check each other.

// ErrNoInterpolant is wrapped by the errors of the Min*Interpolant functions
// when Xθ = y has no solution (more independent rows than parameters, or
// contradictory rows), so there is nothing to interpolate.
var ErrNoInterpolant = errors.New("lsq: Xθ = y has no solution")

// InterpTol is the relative tolerance with which the Min*Interpolant
// functions accept a solution: every row must satisfy
// |xᵢᵀθ − yᵢ| ≤ InterpTol·(Σⱼ|xᵢⱼθⱼ| + |yᵢ|).
const InterpTol = 1e-9

// MinL2Interpolant returns the solution of Xθ = y of minimum ℓ2 norm, θ = X⁺y
// with the pseudoinverse X⁺ computed from the SVD of X (singular values below
// max(n, d)·ε_machine·σ_max count as zero). It is where SGD from θ₀ = 0
// converges. It returns an error wrapping ErrNoInterpolant if Xθ = y has no
// solution.
func MinL2Interpolant(p *Problem) ([]float64, error) {
	if p == nil {
		return nil, errors.New("lsq: the problem is nil")
	}
	theta, err := pinvSolve(p.n, p.d, p.x, p.y)
	if err != nil {
		return nil, err
	}
	if err := p.checkInterpolant(theta); err != nil {
		return nil, err
	}
	return theta, nil
}

// MinWeightedL2Interpolant returns the solution of Xθ = y of minimum
// weighted norm Σⱼ wⱼθⱼ². It substitutes φⱼ = √wⱼ·θⱼ and computes the
// minimum-ℓ2-norm φ with the SVD of X·diag(1/√w). With w = p.SecondMoments()
// it is where RescaledSGD from θ₀ = 0 converges. It returns an error if
// len(w) differs from p.Dim() or a weight is not positive and finite, and
// one wrapping ErrNoInterpolant if Xθ = y has no solution.
func MinWeightedL2Interpolant(p *Problem, w []float64) ([]float64, error) {
	if p == nil {
		return nil, errors.New("lsq: the problem is nil")
	}
	if len(w) != p.d {
		return nil, fmt.Errorf("lsq: %d weights for %d parameters", len(w), p.d)
	}
	root := make([]float64, p.d)
	for j, v := range w {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("lsq: weight w[%d] = %v must be positive and finite", j, v)
		}
		root[j] = math.Sqrt(v)
	}
	xs := make([]float64, len(p.x))
	for k, v := range p.x {
		xs[k] = v / root[k%p.d]
	}
	phi, err := pinvSolve(p.n, p.d, xs, p.y)
	if err != nil {
		return nil, err
	}
	for j := range phi {
		phi[j] /= root[j]
	}
	if err := p.checkInterpolant(phi); err != nil {
		return nil, err
	}
	return phi, nil
}

// pinvSolve returns A⁺b for the n×d row-major matrix A.
func pinvSolve(n, d int, a, b []float64) ([]float64, error) {
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(n, d, append([]float64(nil), a...)), mat.SVDThin) {
		return nil, errors.New("lsq: the SVD of X did not converge")
	}
	rank := svd.Rank(float64(max(n, d)) * 0x1p-52)
	theta := make([]float64, d)
	if rank == 0 {
		return theta, nil // X = 0: the pseudoinverse is 0
	}
	dst := mat.NewVecDense(d, theta)
	svd.SolveVecTo(dst, mat.NewVecDense(n, append([]float64(nil), b...)), rank)
	return theta, nil
}

// MinLinfInterpolant returns a solution of Xθ = y of minimum ℓ∞ norm, from
// the linear program
//
//	minimize t  subject to  Xθ = y,  −t ≤ θⱼ ≤ t,
//
// solved with gonum's lp.Simplex in the standard form θ = θ⁺ − θ⁻,
// θ⁺ⱼ + θ⁻ⱼ + sⱼ = t with θ⁺, θ⁻, s, t ≥ 0. Features that are zero in every
// row get θⱼ = 0 and linearly dependent rows are dropped before solving.
// The minimizer need not be unique for several rows; the LP returns one
// vertex. For one row a with no zero entry it is sign(a)/‖a‖₁, where sign
// descent with a decaying step goes. It returns an error wrapping
// ErrNoInterpolant if Xθ = y has no solution, and an error wrapping the lp
// package's error if the simplex method fails.
func MinLinfInterpolant(p *Problem) ([]float64, error) {
	if p == nil {
		return nil, errors.New("lsq: the problem is nil")
	}
	// Columns that take part.
	var cols []int
	for j := 0; j < p.d; j++ {
		for i := 0; i < p.n; i++ {
			if p.row(i)[j] != 0 {
				cols = append(cols, j)
				break
			}
		}
	}
	theta := make([]float64, p.d)
	if len(cols) == 0 {
		if err := p.checkInterpolant(theta); err != nil {
			return nil, err
		}
		return theta, nil
	}
	rows := p.independentRows()
	m, r := len(cols), len(rows)
	// Variables: θ⁺ (m), θ⁻ (m), t (1), s (m).
	nv := 3*m + 1
	A := mat.NewDense(r+m, nv, nil)
	b := make([]float64, r+m)
	for k, i := range rows {
		x := p.row(i)
		for c, j := range cols {
			A.Set(k, c, x[j])
			A.Set(k, m+c, -x[j])
		}
		b[k] = p.y[i]
	}
	for c := range cols {
		A.Set(r+c, c, 1)
		A.Set(r+c, m+c, 1)
		A.Set(r+c, 2*m, -1)
		A.Set(r+c, 2*m+1+c, 1)
	}
	cost := make([]float64, nv)
	cost[2*m] = 1
	_, z, err := lp.Simplex(cost, A, b, 1e-10, nil)
	switch {
	case errors.Is(err, lp.ErrInfeasible):
		return nil, fmt.Errorf("%w (the ℓ∞ linear program is infeasible: %w)", ErrNoInterpolant, err)
	case err != nil:
		return nil, fmt.Errorf("lsq: the ℓ∞ linear program failed: %w", err)
	}
	for c, j := range cols {
		theta[j] = z[c] - z[m+c]
	}
	if err := p.checkInterpolant(theta); err != nil {
		return nil, err
	}
	return theta, nil
}

// independentRows returns the indices of a maximal set of linearly
// independent rows of X, chosen greedily in order by Gram–Schmidt.
func (p *Problem) independentRows() []int {
	var basis [][]float64
	var idx []int
	v := make([]float64, p.d)
	for i := 0; i < p.n; i++ {
		x := p.row(i)
		norm := math.Sqrt(dot(x, x))
		if norm == 0 {
			continue
		}
		copy(v, x)
		for range 2 { // twice is enough (Kahan–Parlett)
			for _, q := range basis {
				c := dot(q, v)
				for j := range v {
					v[j] -= c * q[j]
				}
			}
		}
		rest := math.Sqrt(dot(v, v))
		if rest <= 1e-10*norm {
			continue
		}
		q := make([]float64, p.d)
		for j := range v {
			q[j] = v[j] / rest
		}
		basis = append(basis, q)
		idx = append(idx, i)
	}
	return idx
}

// checkInterpolant returns an error wrapping ErrNoInterpolant if θ misses
// some row by more than InterpTol (relative).
func (p *Problem) checkInterpolant(theta []float64) error {
	for i := 0; i < p.n; i++ {
		scale := math.Abs(p.y[i])
		for j, v := range p.row(i) {
			scale += math.Abs(v * theta[j])
		}
		if r := p.residual(i, theta); !(math.Abs(r) <= InterpTol*scale) {
			return fmt.Errorf("%w: the best θ misses row %d by %s", ErrNoInterpolant, i, table.Float(r))
		}
	}
	return nil
}
