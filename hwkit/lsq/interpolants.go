package lsq

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/dl-course/hw2/hwkit/table"
)

// The functions in this file compute minimum-norm interpolants of a general
// Problem numerically (SVD, a linear program, the Lagrange system). They
// share no code with the closed forms in limits.go, so the two routes check
// each other. Each works on the normalized problem X̃θ̃ = ỹ with
// X̃ = X/max|x| and ỹ = y/max|y|, whose solution scales back as
// θ = θ̃·max|y|/max|x|, so data near 1e-170 or 1e200 is solved as well as
// data near 1.

// ErrNoInterpolant is wrapped by the errors of the Min*Interpolant functions
// when Xθ = y has no solution (more independent rows than parameters, or
// contradictory rows), so there is nothing to interpolate.
var ErrNoInterpolant = errors.New("lsq: Xθ = y has no solution")

// maxLPColumns is the largest number of features (that are not zero in
// every row) MinLinfInterpolant solves: its dense simplex tableau grows as
// their square.
const maxLPColumns = 1000

// InterpTol is the relative tolerance with which the Min*Interpolant
// functions accept a solution: every row must satisfy
// |xᵢᵀθ − yᵢ| ≤ InterpTol·(Σⱼ|xᵢⱼθⱼ| + |yᵢ|).
const InterpTol = 1e-9

// normalized returns X̃ = X/mx and ỹ = y/my (my = 1 for y = 0) and the
// factor my/mx by which the normalized solution scales back.
func (p *Problem) normalized() (xs, ys []float64, back float64) {
	mx := floats.Norm(p.x, math.Inf(1))
	my := floats.Norm(p.y, math.Inf(1))
	if my == 0 {
		my = 1
	}
	xs = make([]float64, len(p.x))
	ys = make([]float64, len(p.y))
	for k, v := range p.x {
		xs[k] = v / mx
	}
	for i, v := range p.y {
		ys[i] = v / my
	}
	return xs, ys, my / mx
}

// scaleBack multiplies the normalized solution by back and checks that it
// fits in a float64 and interpolates.
func (p *Problem) scaleBack(what string, theta []float64, back float64) ([]float64, error) {
	for j := range theta {
		theta[j] *= back
		if !finite(theta[j]) {
			return nil, fmt.Errorf("lsq: the %s interpolant overflows float64 at θ[%d]", what, j)
		}
	}
	if err := p.checkInterpolant(theta); err != nil {
		return nil, err
	}
	return theta, nil
}

// checkSolvable returns an error for a nil problem, and one wrapping
// ErrNoInterpolant when X is all zero but y is not.
func (p *Problem) checkSolvable() error {
	if p == nil {
		return errNilProblem
	}
	if floats.Norm(p.x, math.Inf(1)) == 0 {
		if floats.Norm(p.y, math.Inf(1)) == 0 {
			return nil
		}
		return fmt.Errorf("%w: X is all zero but y is not", ErrNoInterpolant)
	}
	return nil
}

// MinL2Interpolant returns the solution of Xθ = y of minimum ℓ2 norm, θ = X⁺y
// with the pseudoinverse X⁺ computed from the SVD of X (singular values below
// max(n, d)·ε_machine·σ_max count as zero). It is where SGD from θ₀ = 0
// converges. It returns an error wrapping ErrNoInterpolant if Xθ = y has no
// solution, and one for a nil problem or a result that overflows.
func MinL2Interpolant(p *Problem) ([]float64, error) {
	if err := p.checkSolvable(); err != nil {
		return nil, err
	}
	if floats.Norm(p.x, math.Inf(1)) == 0 {
		return make([]float64, p.d), nil
	}
	xs, ys, back := p.normalized()
	theta, err := pinvSolve(p.n, p.d, xs, ys)
	if err != nil {
		return nil, err
	}
	return p.scaleBack("minimum-ℓ2", theta, back)
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
		return theta, nil // A = 0: the pseudoinverse is 0
	}
	dst := mat.NewVecDense(d, theta)
	svd.SolveVecTo(dst, mat.NewVecDense(n, append([]float64(nil), b...)), rank)
	return theta, nil
}

// DistanceToInterpolants returns the Euclidean distance from θ to the set
// of interpolants {θ' : Xθ' = y}, ‖X⁺(Xθ − y)‖₂: how far an approximate
// solution (the end of a run) can be from an exact one. For θ in the row
// space of X (where SGD from 0 stays) it is the distance to X⁺y. It returns
// an error for a nil problem, a θ of the wrong length or with a non-finite
// entry, and one wrapping ErrNoInterpolant if Xθ = y has no solution.
func DistanceToInterpolants(p *Problem, theta []float64) (float64, error) {
	if err := p.checkTheta("θ", theta); err != nil {
		return 0, err
	}
	if !allFinite(theta) {
		return 0, errors.New("lsq: θ has a non-finite entry")
	}
	if _, err := MinL2Interpolant(p); err != nil {
		return 0, err
	}
	top := floats.Norm(p.x, math.Inf(1))
	if top == 0 {
		return 0, nil
	}
	xs, _, _ := p.normalized()
	// X⁺ρ = X̃⁺(ρ/top) with ρ = Xθ − y; ρ is scaled by its largest entry
	// first so that neither the residuals nor the solve overflow.
	rho := make([]float64, p.n)
	for i := range rho {
		rho[i] = p.residual(i, theta)
	}
	big := floats.Norm(rho, math.Inf(1))
	if big == 0 {
		return 0, nil
	}
	if math.IsInf(big, 0) {
		return 0, errors.New("lsq: the residual Xθ − y overflows float64")
	}
	floats.Scale(1/big, rho)
	delta, err := pinvSolve(p.n, p.d, xs, rho)
	if err != nil {
		return 0, err
	}
	dist := floats.Norm(delta, 2) * (big / top)
	if !finite(dist) {
		return 0, errors.New("lsq: the distance to the interpolants overflows float64")
	}
	return dist, nil
}

// MinWeightedL2Interpolant returns the solution of Xθ = y of minimum
// weighted norm Σⱼ wⱼθⱼ², from its Lagrange conditions
//
//	2·W·θ = Xᵀλ,   Xθ = y,   W = diag(w):
//
// eliminating θ = W⁻¹Xᵀλ/2 leaves (X·W⁻¹·Xᵀ)·λ/2 = y, an r×r system over a
// maximal set of independent rows, solved by LU (gonum's mat.Dense.Solve).
// No change of variables and no square roots: it shares nothing with
// RescaledSGD's rescaling. The minimizer does not change when w is
// multiplied by a constant; the weights are normalized to max 1 first.
// A nil w means p.Weights(2), the weights sⱼ² of the norm RescaledSGD
// minimizes: then it is where RescaledSGD from θ₀ = 0 converges. It
// returns an error if len(w) differs from p.Dim() or a weight is not
// positive and finite (a zero feature has weight 0 under nil), one wrapping
// ErrNoInterpolant if Xθ = y has no solution, and one if the system is
// singular to working precision.
func MinWeightedL2Interpolant(p *Problem, w []float64) ([]float64, error) {
	if err := p.checkSolvable(); err != nil {
		return nil, err
	}
	if w == nil {
		var err error
		if w, err = p.Weights(2); err != nil {
			return nil, err
		}
	}
	if len(w) != p.d {
		return nil, fmt.Errorf("lsq: %d weights for %d parameters", len(w), p.d)
	}
	for j, v := range w {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("lsq: weight w[%d] = %v must be positive and finite", j, v)
		}
	}
	if floats.Norm(p.x, math.Inf(1)) == 0 {
		return make([]float64, p.d), nil
	}
	top := floats.Max(w)
	inv := make([]float64, p.d) // W⁻¹, normalized
	for j, v := range w {
		inv[j] = top / v
		if math.IsInf(inv[j], 0) {
			return nil, fmt.Errorf("lsq: the weights span more than float64's range (w[%d]/max w underflows)", j)
		}
	}
	xs, ys, back := p.normalized()
	rows := independentRows(p.n, p.d, xs)
	d, r := p.d, len(rows)
	g := mat.NewDense(r, r, nil) // X·W⁻¹·Xᵀ
	for k, i := range rows {
		for l, m := range rows[:k+1] {
			var s float64
			for j := range d {
				s += xs[i*d+j] * inv[j] * xs[m*d+j]
			}
			g.Set(k, l, s)
			g.Set(l, k, s)
		}
	}
	rhs := mat.NewVecDense(r, nil)
	for k, i := range rows {
		rhs.SetVec(k, ys[i])
	}
	var half mat.VecDense // λ/2
	if err := half.SolveVec(g, rhs); err != nil {
		return nil, fmt.Errorf("lsq: the Lagrange system of the weighted interpolant is singular: %w", err)
	}
	theta := make([]float64, d)
	for k, i := range rows {
		for j := range d {
			theta[j] += inv[j] * xs[i*d+j] * half.AtVec(k)
		}
	}
	return p.scaleBack("minimum weighted-ℓ2", theta, back)
}

// MinLinfInterpolant returns a solution of Xθ = y of minimum ℓ∞ norm, from
// the linear program
//
//	minimize t  subject to  Xθ = y,  −t ≤ θⱼ ≤ t,
//
// solved with gonum's lp.Simplex in the standard form θ = θ⁺ − θ⁻,
// θ⁺ⱼ + θ⁻ⱼ + sⱼ = t with θ⁺, θ⁻, s, t ≥ 0, on the normalized data.
// Features that are zero in every row get θⱼ = 0 and linearly dependent rows
// are dropped before solving. The minimizer need not be unique for several
// rows; the LP returns one vertex. For one row a with no zero entry it is
// sign(a)/‖a‖₁, where sign descent with a decaying step goes. It returns an
// error wrapping ErrNoInterpolant if Xθ = y has no solution, an error
// wrapping the lp package's error if the simplex method fails, and one for
// more than 1000 features taking part.
func MinLinfInterpolant(p *Problem) ([]float64, error) {
	if err := p.checkSolvable(); err != nil {
		return nil, err
	}
	theta := make([]float64, p.d)
	if floats.Norm(p.x, math.Inf(1)) == 0 {
		return theta, nil
	}
	xs, ys, back := p.normalized()
	d := p.d
	var cols []int // columns that take part
	for j := range d {
		for i := range p.n {
			if xs[i*d+j] != 0 {
				cols = append(cols, j)
				break
			}
		}
	}
	if len(cols) > maxLPColumns {
		return nil, fmt.Errorf("lsq: the ℓ∞ linear program would have %d features; MinLinfInterpolant handles up to %d", len(cols), maxLPColumns)
	}
	rows := independentRows(p.n, d, xs)
	m, r := len(cols), len(rows)
	// Variables: θ⁺ (m), θ⁻ (m), t (1), s (m).
	nv := 3*m + 1
	A := mat.NewDense(r+m, nv, nil)
	b := make([]float64, r+m)
	for k, i := range rows {
		for c, j := range cols {
			A.Set(k, c, xs[i*d+j])
			A.Set(k, m+c, -xs[i*d+j])
		}
		b[k] = ys[i]
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
	return p.scaleBack("minimum-ℓ∞", theta, back)
}

// independentRows returns the indices of a maximal set of linearly
// independent rows of the n×d row-major matrix x, chosen greedily in order
// by Gram–Schmidt (twice, Kahan–Parlett).
func independentRows(n, d int, x []float64) []int {
	var basis [][]float64
	var idx []int
	v := make([]float64, d)
	for i := range n {
		row := x[i*d : (i+1)*d]
		norm := floats.Norm(row, 2)
		if norm == 0 {
			continue
		}
		floats.ScaleTo(v, 1/norm, row)
		for range 2 {
			for _, q := range basis {
				floats.AddScaled(v, -floats.Dot(q, v), q)
			}
		}
		rest := floats.Norm(v, 2)
		if rest <= 1e-10 {
			continue
		}
		q := make([]float64, d)
		floats.ScaleTo(q, 1/rest, v)
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
