package steepest

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Norm is a norm ‖·‖ on ℝⁿ together with what a steepest-descent step needs
// from it: the dual norm ‖g‖_* = max_{‖v‖≤1} gᵀv and the normalized
// steepest-descent direction
//
//	Δx_nsd = argmin_{‖v‖≤1} gᵀv,
//
// a descent direction with gᵀΔx_nsd = −‖g‖_* (Boyd & Vandenberghe, Convex
// Optimization, §9.4; their unnormalized step is Δx_sd = ‖g‖_*·Δx_nsd).
//
// The methods assume a finite vector whose length passes Check. For a
// length Check rejects (or a norm value not built by its constructor) Norm
// and Dual return NaN and Direction returns nil; they never panic. They are
// computed without intermediate overflow or underflow (on x/‖x‖∞, scaled
// back), so Norm and Dual return +Inf only when the value itself exceeds
// float64's range. The
// package's functions (SquaredStep, NormStep, …) call Check first and
// return its error instead.
type Norm interface {
	// Name is a short label for tables and check lines, e.g. "ℓ∞" or "ℓ₁"
	// (digits as Unicode subscripts; Unicode has none for ∞).
	Name() string
	// Check returns an error if the norm cannot measure vectors of length
	// n, e.g. a Mahalanobis norm of another dimension, or a norm value that
	// was not built by its constructor.
	Check(n int) error
	// Norm returns ‖x‖.
	Norm(x []float64) float64
	// Dual returns the dual norm ‖g‖_* = max_{‖v‖≤1} gᵀv.
	Dual(g []float64) float64
	// Direction returns a new slice holding Δx_nsd = argmin_{‖v‖≤1} gᵀv, so
	// that ‖Δx_nsd‖ = 1 and gᵀΔx_nsd = −‖g‖_* when g ≠ 0. Where the
	// minimizer is not unique the method's doc says which one it returns.
	// For g = 0 every feasible v is a minimizer and Direction returns the
	// zero vector.
	Direction(g []float64) []float64
}

// Compile-time checks that the norms of this package satisfy Norm.
var (
	_ Norm = L2{}
	_ Norm = Linf{}
	_ Norm = L1{}
	_ Norm = Lp{}
	_ Norm = (*Mahalanobis)(nil)
	_ Norm = Spectral{}
)

// L2 is the Euclidean norm ‖x‖₂ = √(Σ xᵢ²). It is its own dual, and
// Δx_nsd = −g/‖g‖₂, so the squared penalty gives gradient descent,
// u = −(α/2)g.
type L2 struct{}

// Name returns "ℓ₂".
func (L2) Name() string { return "ℓ₂" }

// Check accepts every length n ≥ 1.
func (L2) Check(n int) error { return checkAny(n) }

// Norm returns ‖x‖₂ (computed without overflow or underflow).
func (L2) Norm(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return floats.Norm(x, 2)
}

// Dual returns ‖g‖₂, the ℓ2 norm being self-dual.
func (n L2) Dual(g []float64) float64 { return n.Norm(g) }

// Direction returns Δx_nsd = −g/‖g‖₂ (the zero vector for g = 0).
func (L2) Direction(g []float64) []float64 {
	if len(g) == 0 {
		return nil
	}
	h := scaled(g)
	if d := floats.Norm(h, 2); d > 0 {
		floats.Scale(-1/d, h)
	}
	return h
}

// Linf is the max norm ‖x‖∞ = maxᵢ |xᵢ|. Its dual is the ℓ1 norm and
// Δx_nsd = −sign(g), so the squared penalty gives sign descent scaled by
// ‖g‖₁, u = −(α/2)‖g‖₁·sign(g).
//
// Where gᵢ = 0 every vᵢ ∈ [−1, 1] is optimal; Direction takes vᵢ = 0 there,
// deciding which gᵢ are zero by the tie rule (Signs, TieTol).
type Linf struct{}

// Name returns "ℓ∞".
func (Linf) Name() string { return "ℓ∞" }

// Check accepts every length n ≥ 1.
func (Linf) Check(n int) error { return checkAny(n) }

// Norm returns ‖x‖∞ = maxᵢ |xᵢ|.
func (Linf) Norm(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return floats.Norm(x, math.Inf(1))
}

// Dual returns ‖g‖₁ = Σ |gᵢ|.
func (Linf) Dual(g []float64) float64 {
	if len(g) == 0 {
		return math.NaN()
	}
	return floats.Norm(g, 1)
}

// Direction returns Δx_nsd = −sign(g), with 0 where gᵢ is zero within the
// tie rule.
func (Linf) Direction(g []float64) []float64 {
	if len(g) == 0 {
		return nil
	}
	s := Signs(g)
	floats.Scale(-1, s)
	return s
}

// L1 is the norm ‖x‖₁ = Σ |xᵢ|. Its dual is the max norm, and Δx_nsd puts
// all weight on one largest entry, Δx_nsd = −sign(gⱼ)·eⱼ with j = argmaxⱼ
// |gⱼ|, so the squared penalty gives greedy coordinate descent,
// u = −(α/2)·gⱼ·eⱼ.
//
// When several |gⱼ| tie for the largest (Largest, by the tie rule), every
// convex combination of their −sign(gⱼ)·eⱼ is optimal; Direction takes the
// smallest index j.
type L1 struct{}

// Name returns "ℓ₁".
func (L1) Name() string { return "ℓ₁" }

// Check accepts every length n ≥ 1.
func (L1) Check(n int) error { return checkAny(n) }

// Norm returns ‖x‖₁ = Σ |xᵢ|.
func (L1) Norm(x []float64) float64 { return Linf{}.Dual(x) }

// Dual returns ‖g‖∞ = maxⱼ |gⱼ|.
func (L1) Dual(g []float64) float64 { return Linf{}.Norm(g) }

// Direction returns Δx_nsd = −sign(gⱼ)·eⱼ for the smallest j among the
// entries tied for the largest |gⱼ| (the zero vector for g = 0).
func (L1) Direction(g []float64) []float64 {
	if len(g) == 0 {
		return nil
	}
	v := make([]float64, len(g))
	if js := Largest(g); len(js) > 0 {
		v[js[0]] = -math.Copysign(1, g[js[0]])
	}
	return v
}

// Lp is the norm ‖x‖_p = (Σ |xᵢ|^p)^{1/p} for an exponent 1 < p < ∞. Its
// dual is the ℓq norm with q = p/(p−1), and
//
//	Δx_nsd,ᵢ = −sign(gᵢ)·|gᵢ|^{q−1} / ‖g‖_q^{q−1},
//
// which runs from gradient descent (p = 2) towards sign descent (p → ∞).
// Build one with NewLp; the zero value is not usable (Check reports
// ErrNoNorm).
type Lp struct {
	p, q float64
}

// NewLp returns the ℓp norm. It returns an error wrapping ErrExponent unless
// 1 < p < ∞; use L1 for p = 1 and Linf for p = ∞.
func NewLp(p float64) (Lp, error) {
	switch {
	case math.IsInf(p, 1):
		return Lp{}, fmt.Errorf("%w, got p = +Inf: use Linf{} for the max norm ‖·‖∞", ErrExponent)
	case p == 1:
		return Lp{}, fmt.Errorf("%w, got p = 1: use L1{} for ‖·‖₁", ErrExponent)
	case math.IsNaN(p):
		return Lp{}, fmt.Errorf("%w, got p = NaN", ErrExponent)
	case p < 1:
		return Lp{}, fmt.Errorf("%w, got p = %v (below 1 the unit ball is not convex, so it is not a norm)", ErrExponent, p)
	}
	return Lp{p: p, q: p / (p - 1)}, nil
}

// P returns the exponent p.
func (n Lp) P() float64 { return n.p }

// Q returns the dual exponent q = p/(p−1).
func (n Lp) Q() float64 { return n.q }

// Name returns "ℓp" with p in shortest form, e.g. "ℓ3" or "ℓ1.5".
func (n Lp) Name() string { return "ℓ" + strconv.FormatFloat(n.p, 'g', -1, 64) }

// Check accepts every length n ≥ 1 if the norm was built by NewLp.
func (n Lp) Check(dim int) error {
	if !(n.p > 1) || math.IsInf(n.p, 0) {
		return fmt.Errorf("%w: the zero Lp has no exponent; build ℓp with NewLp(p)", ErrNoNorm)
	}
	return checkAny(dim)
}

// Norm returns ‖x‖_p.
func (n Lp) Norm(x []float64) float64 {
	if n.Check(len(x)) != nil {
		return math.NaN()
	}
	return pNorm(x, n.p)
}

// Dual returns ‖g‖_q with q = p/(p−1).
func (n Lp) Dual(g []float64) float64 {
	if n.Check(len(g)) != nil {
		return math.NaN()
	}
	return pNorm(g, n.q)
}

// Direction returns Δx_nsd,ᵢ = −sign(gᵢ)·(|gᵢ|/‖g‖_q)^{q−1} (the zero
// vector for g = 0).
func (n Lp) Direction(g []float64) []float64 {
	if n.Check(len(g)) != nil {
		return nil
	}
	v := make([]float64, len(g))
	d := pNorm(g, n.q)
	if d == 0 {
		return v
	}
	for i, x := range g {
		v[i] = -math.Copysign(math.Pow(math.Abs(x)/d, n.q-1), x)
		if x == 0 {
			v[i] = 0
		}
	}
	return v
}

// pNorm returns (Σ|xᵢ|^p)^{1/p}, scaled by the largest entry against
// overflow and underflow.
func pNorm(x []float64, p float64) float64 {
	m := floats.Norm(x, math.Inf(1))
	if m == 0 {
		return 0
	}
	var sum float64
	for _, v := range x {
		sum += math.Pow(math.Abs(v)/m, p)
	}
	return m * math.Pow(sum, 1/p)
}

// scaled returns x/‖x‖∞ (a copy of x if x = 0): entries in [−1, 1], with
// the largest of modulus 1, whatever the magnitude of x. Each entry is
// divided, not multiplied by 1/‖x‖∞, which may overflow.
func scaled(x []float64) []float64 {
	h := append([]float64(nil), x...)
	if c := floats.Norm(x, math.Inf(1)); c > 0 {
		for i := range h {
			h[i] /= c
		}
	}
	return h
}

// Mahalanobis is the norm ‖Δ‖_M = √(ΔᵀMΔ) of a symmetric positive definite
// matrix M. Its dual is ‖g‖_{M⁻¹} = √(gᵀM⁻¹g) and
// Δx_nsd = −M⁻¹g/‖g‖_{M⁻¹}, so the squared penalty gives the preconditioned
// step u = −(α/2)·M⁻¹g; with a diagonal M = diag(√v̂ + ε) that is Adam's
// update without momentum.
//
// Steepest descent in ‖·‖_M is gradient descent after the change of
// variables Δ = M^{−1/2}Δ̃: then ‖Δ‖_M = ‖Δ̃‖₂ and gᵀΔ = (M^{−1/2}g)ᵀΔ̃.
//
// Build one with NewMahalanobis or NewDiagonal; it holds the Cholesky
// factorization M = UᵀU and is safe for concurrent use.
type Mahalanobis struct {
	n    int
	m    *mat.SymDense
	chol *mat.Cholesky
	u    []float64 // upper Cholesky factor U, row-major n×n
	diag bool      // whether M is diagonal
	lmin float64   // the smallest eigenvalue of M
}

// SymmetryTol is the relative tolerance NewMahalanobis allows between Mᵢⱼ
// and Mⱼᵢ: |Mᵢⱼ − Mⱼᵢ| ≤ SymmetryTol·maxₖₗ |Mₖₗ|.
const SymmetryTol = 1e-12

// MaxCond is the largest condition number NewMahalanobis accepts; beyond it
// M⁻¹g has no correct digits to speak of.
const MaxCond = 1e12

// maxMatrixDim bounds the dimension of M (and of a Spectral matrix's
// sides): the factorizations cost n³ and the interior-point method builds
// dense n²×n² systems.
const maxMatrixDim = 200

// NewMahalanobis returns the norm ‖Δ‖_M = √(ΔᵀMΔ). M must be square (at
// most 200×200), finite, symmetric within SymmetryTol (the average
// (M + Mᵀ)/2 is used) and positive definite with condition number at most
// MaxCond; otherwise NewMahalanobis returns an error wrapping ErrShape,
// ErrTooLarge, ErrNonFinite or ErrNotPositiveDefinite. M is copied.
func NewMahalanobis(M mat.Matrix) (*Mahalanobis, error) {
	if M == nil {
		return nil, fmt.Errorf("%w: M is nil", ErrEmpty)
	}
	r, c := M.Dims()
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("%w: M is empty", ErrEmpty)
	}
	if r != c {
		return nil, fmt.Errorf("%w: M must be square, got %d×%d", ErrShape, r, c)
	}
	if r > maxMatrixDim {
		return nil, fmt.Errorf("%w: M is %d×%d, at most %d×%d", ErrTooLarge, r, r, maxMatrixDim, maxMatrixDim)
	}
	var big float64
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := M.At(i, j)
			if !finite(v) {
				return nil, fmt.Errorf("%w: M[%d][%d] = %v", ErrNonFinite, i, j, v)
			}
			big = math.Max(big, math.Abs(v))
		}
	}
	if big == 0 {
		return nil, fmt.Errorf("%w: M = 0", ErrNotPositiveDefinite)
	}
	sym := mat.NewSymDense(r, nil)
	diag := true
	for i := 0; i < r; i++ {
		for j := i; j < r; j++ {
			a, b := M.At(i, j), M.At(j, i)
			if math.Abs(a-b) > SymmetryTol*big {
				return nil, fmt.Errorf("%w: M is not symmetric, M[%d][%d] = %v but M[%d][%d] = %v", ErrNotPositiveDefinite, i, j, a, j, i, b)
			}
			s := a/2 + b/2 // no overflow
			sym.SetSym(i, j, s)
			diag = diag && (i == j || s == 0)
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(sym) {
		return nil, fmt.Errorf("%w: M is symmetric but not positive definite (the Cholesky factorization failed)", ErrNotPositiveDefinite)
	}
	if cond := chol.Cond(); !(cond <= MaxCond) {
		return nil, fmt.Errorf("%w: M is numerically singular, condition number %.3g > %g", ErrNotPositiveDefinite, cond, MaxCond)
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, false) {
		return nil, fmt.Errorf("%w: the eigenvalues of M did not converge", ErrNoConvergence)
	}
	lmin := floats.Min(eig.Values(nil))
	if !(lmin > 0) {
		return nil, fmt.Errorf("%w: M has the eigenvalue %v", ErrNotPositiveDefinite, lmin)
	}
	var U mat.TriDense
	chol.UTo(&U)
	u := make([]float64, r*r)
	for i := 0; i < r; i++ {
		for j := i; j < r; j++ {
			u[i*r+j] = U.At(i, j)
			if !finite(u[i*r+j]) {
				return nil, fmt.Errorf("%w: the Cholesky factor of M overflows; rescale M", ErrRange)
			}
		}
	}
	return &Mahalanobis{n: r, m: sym, chol: &chol, u: u, diag: diag, lmin: lmin}, nil
}

// NewDiagonal returns the Mahalanobis norm of M = diag(d),
// ‖Δ‖_M = √(Σ dᵢΔᵢ²): the norm behind diagonal preconditioners such as
// Adam's dᵢ = √v̂ᵢ + ε. Every dᵢ must be positive and finite.
func NewDiagonal(d []float64) (*Mahalanobis, error) {
	if err := checkVec("d", d); err != nil {
		return nil, err
	}
	for i, x := range d {
		if x <= 0 {
			return nil, fmt.Errorf("%w: diagonal entry d[%d] = %v must be positive", ErrNotPositiveDefinite, i, x)
		}
	}
	if len(d) > maxMatrixDim {
		return nil, fmt.Errorf("%w: d has %d entries, at most %d", ErrTooLarge, len(d), maxMatrixDim)
	}
	return NewMahalanobis(mat.NewDiagDense(len(d), append([]float64(nil), d...)))
}

// M returns a copy of the matrix M (nil for a norm not built by its
// constructors).
func (n *Mahalanobis) M() *mat.SymDense {
	if n == nil || n.m == nil {
		return nil
	}
	return mat.NewSymDense(n.n, append([]float64(nil), n.m.RawSymmetric().Data...))
}

// Dim returns the dimension of M (0 for a norm not built by its
// constructors).
func (n *Mahalanobis) Dim() int {
	if n == nil {
		return 0
	}
	return n.n
}

// Name returns "Mahalanobis".
func (n *Mahalanobis) Name() string { return "Mahalanobis" }

func (n *Mahalanobis) diagonal() bool { return n != nil && n.diag }

// lambdaMin returns the smallest eigenvalue of M.
func (n *Mahalanobis) lambdaMin() float64 { return n.lmin }

// Check accepts only the length dim = Dim().
func (n *Mahalanobis) Check(dim int) error {
	if n == nil || n.chol == nil {
		return fmt.Errorf("%w: build a Mahalanobis norm with NewMahalanobis(M) or NewDiagonal(d)", ErrNoNorm)
	}
	if dim != n.n {
		return fmt.Errorf("%w: the vector has %d entries but M is %d×%d", ErrShape, dim, n.n, n.n)
	}
	return nil
}

// Norm returns ‖x‖_M = ‖Ux‖₂ where M = UᵀU (computed on x/‖x‖∞, then
// scaled back).
func (n *Mahalanobis) Norm(x []float64) float64 {
	if n.Check(len(x)) != nil {
		return math.NaN()
	}
	c := floats.Norm(x, math.Inf(1))
	if c == 0 {
		return 0
	}
	h := scaled(x)
	y := make([]float64, n.n)
	for i := range y {
		var s float64
		for j := i; j < n.n; j++ {
			s += n.u[i*n.n+j] * h[j]
		}
		y[i] = s
	}
	return c * floats.Norm(y, 2)
}

// Dual returns ‖g‖_{M⁻¹} = √(gᵀM⁻¹g) = ‖U⁻ᵀg‖₂.
func (n *Mahalanobis) Dual(g []float64) float64 {
	if n.Check(len(g)) != nil {
		return math.NaN()
	}
	c := floats.Norm(g, math.Inf(1))
	if c == 0 {
		return 0
	}
	return c * floats.Norm(n.solveUT(scaled(g)), 2)
}

// Direction returns Δx_nsd = −M⁻¹g/‖g‖_{M⁻¹} (the zero vector for g = 0).
func (n *Mahalanobis) Direction(g []float64) []float64 {
	if n.Check(len(g)) != nil {
		return nil
	}
	h := scaled(g)
	d := floats.Norm(n.solveUT(h), 2)
	if d == 0 {
		return make([]float64, n.n)
	}
	w := mat.NewVecDense(n.n, nil)
	if err := n.chol.SolveVecTo(w, mat.NewVecDense(n.n, h)); err != nil {
		return nil // cannot happen: the condition number is bounded
	}
	v := w.RawVector().Data
	floats.Scale(-1/d, v)
	return v
}

// solveUT returns z with Uᵀz = g, by forward substitution.
func (n *Mahalanobis) solveUT(g []float64) []float64 {
	z := make([]float64, n.n)
	for i := 0; i < n.n; i++ {
		s := g[i]
		for k := 0; k < i; k++ {
			s -= n.u[k*n.n+i] * z[k]
		}
		z[i] = s / n.u[i*n.n+i]
	}
	return z
}

func checkAny(n int) error {
	if n < 1 {
		return fmt.Errorf("%w: a vector needs at least one entry", ErrEmpty)
	}
	return nil
}
