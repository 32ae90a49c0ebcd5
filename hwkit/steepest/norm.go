package steepest

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Norm is a norm ‖·‖ on ℝⁿ together with what a steepest-descent step needs
// from it: the dual norm ‖g‖_* = max_{‖s‖≤1} gᵀs and a maximizer s*.
//
// The methods do not validate their input: they assume finite vectors whose
// length passes Check, and may panic or return garbage otherwise. The
// package's functions (SquaredStep, NormStep, …) call Check first and return
// errors instead.
type Norm interface {
	// Name is a short label for tables and legends, e.g. "ℓ∞".
	Name() string
	// Check returns an error if the norm cannot measure vectors of length
	// n, e.g. a Mahalanobis norm of another dimension, or a norm value that
	// was not built by its constructor.
	Check(n int) error
	// Norm returns ‖x‖.
	Norm(x []float64) float64
	// Dual returns the dual norm ‖g‖_* = max_{‖s‖≤1} gᵀs.
	Dual(g []float64) float64
	// Steepest returns a new slice holding a maximizer
	// s* = argmax_{‖s‖≤1} gᵀs, so that ‖s*‖ = 1 and gᵀs* = ‖g‖_* when
	// g ≠ 0. For g = 0 every feasible s is a maximizer and Steepest
	// returns the zero vector.
	Steepest(g []float64) []float64
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

// L2 is the Euclidean norm ‖x‖₂ = √(Σ xᵢ²). It is its own dual, and its
// steepest direction is s* = g/‖g‖₂, so the squared penalty gives gradient
// descent, u = −(α/2)g.
type L2 struct{}

// Name returns "ℓ2".
func (L2) Name() string { return "ℓ2" }

// Check accepts every length n ≥ 1.
func (L2) Check(n int) error { return checkAny(n) }

// Norm returns ‖x‖₂.
func (L2) Norm(x []float64) float64 { return floats.Norm(x, 2) }

// Dual returns ‖g‖₂, the ℓ2 norm being self-dual.
func (L2) Dual(g []float64) float64 { return floats.Norm(g, 2) }

// Steepest returns s* = g/‖g‖₂ (the zero vector for g = 0).
func (L2) Steepest(g []float64) []float64 {
	s := make([]float64, len(g))
	if n := floats.Norm(g, 2); n > 0 {
		floats.ScaleTo(s, 1/n, g)
	}
	return s
}

// Linf is the max norm ‖x‖∞ = maxᵢ |xᵢ|. Its dual is the ℓ1 norm, and its
// steepest direction is s* = sign(g), so the squared penalty gives sign
// descent scaled by ‖g‖₁, u = −(α/2)‖g‖₁·sign(g).
//
// When some gᵢ = 0 any sᵢ ∈ [−1, 1] is optimal; Steepest chooses
// sign(0) = 0.
type Linf struct{}

// Name returns "ℓ∞".
func (Linf) Name() string { return "ℓ∞" }

// Check accepts every length n ≥ 1.
func (Linf) Check(n int) error { return checkAny(n) }

// Norm returns ‖x‖∞ = maxᵢ |xᵢ|.
func (Linf) Norm(x []float64) float64 { return maxAbs(x) }

// Dual returns ‖g‖₁ = Σ |gᵢ|.
func (Linf) Dual(g []float64) float64 { return floats.Norm(g, 1) }

// Steepest returns s* = sign(g), with sign(0) = 0.
func (Linf) Steepest(g []float64) []float64 {
	s := make([]float64, len(g))
	for i, x := range g {
		s[i] = sign(x)
	}
	return s
}

// L1 is the norm ‖x‖₁ = Σ |xᵢ|. Its dual is the max norm, and its steepest
// direction puts all weight on one largest entry, s* = sign(gⱼ)·eⱼ with
// j = argmaxⱼ |gⱼ|, so the squared penalty gives greedy coordinate descent,
// u = −(α/2)·gⱼ·eⱼ.
//
// When several |gⱼ| tie for the largest, every convex combination of their
// signed unit vectors is optimal; Steepest chooses the smallest index j.
type L1 struct{}

// Name returns "ℓ1".
func (L1) Name() string { return "ℓ1" }

// Check accepts every length n ≥ 1.
func (L1) Check(n int) error { return checkAny(n) }

// Norm returns ‖x‖₁ = Σ |xᵢ|.
func (L1) Norm(x []float64) float64 { return floats.Norm(x, 1) }

// Dual returns ‖g‖∞ = maxⱼ |gⱼ|.
func (L1) Dual(g []float64) float64 { return maxAbs(g) }

// Steepest returns s* = sign(gⱼ)·eⱼ for the smallest j with
// |gⱼ| = ‖g‖∞ (the zero vector for g = 0).
func (L1) Steepest(g []float64) []float64 {
	s := make([]float64, len(g))
	j, best := -1, 0.0
	for i, x := range g {
		if a := math.Abs(x); a > best {
			j, best = i, a
		}
	}
	if j >= 0 {
		s[j] = sign(g[j])
	}
	return s
}

// Lp is the norm ‖x‖_p = (Σ |xᵢ|^p)^{1/p} for an exponent 1 < p < ∞. Its
// dual is the ℓq norm with q = p/(p−1), and its steepest direction is
//
//	s*ᵢ = sign(gᵢ)·|gᵢ|^{q−1} / ‖g‖_q^{q−1}.
//
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
	if !(n.p > 1) {
		return fmt.Errorf("%w: the zero Lp has no exponent; build ℓp with NewLp(p)", ErrNoNorm)
	}
	return checkAny(dim)
}

// Norm returns ‖x‖_p.
func (n Lp) Norm(x []float64) float64 { return pNorm(x, n.p) }

// Dual returns ‖g‖_q with q = p/(p−1).
func (n Lp) Dual(g []float64) float64 { return pNorm(g, n.q) }

// Steepest returns s*ᵢ = sign(gᵢ)·(|gᵢ|/‖g‖_q)^{q−1} (the zero vector for
// g = 0).
func (n Lp) Steepest(g []float64) []float64 {
	s := make([]float64, len(g))
	d := pNorm(g, n.q)
	if d == 0 {
		return s
	}
	for i, x := range g {
		s[i] = sign(x) * math.Pow(math.Abs(x)/d, n.q-1)
	}
	return s
}

// pNorm returns (Σ|xᵢ|^p)^{1/p}, scaled by the largest entry against
// overflow and underflow.
func pNorm(x []float64, p float64) float64 {
	m := maxAbs(x)
	if m == 0 {
		return 0
	}
	var sum float64
	for _, v := range x {
		sum += math.Pow(math.Abs(v)/m, p)
	}
	return m * math.Pow(sum, 1/p)
}

// Mahalanobis is the norm ‖Δ‖_M = √(ΔᵀMΔ) of a symmetric positive definite
// matrix M. Its dual is ‖g‖_{M⁻¹} = √(gᵀM⁻¹g) and its steepest direction is
// s* = M⁻¹g/‖g‖_{M⁻¹}, so the squared penalty gives the preconditioned step
// u = −(α/2)·M⁻¹g; with a diagonal M = diag(√v̂ + ε) that is Adam's update.
//
// Build one with NewMahalanobis or NewDiagonal; it holds the Cholesky
// factor M = UᵀU and is safe for concurrent use. Its Norm, Dual and Steepest
// methods panic if the vector's length is not Dim().
type Mahalanobis struct {
	n int
	m *mat.SymDense
	u []float64 // upper Cholesky factor U, row-major n×n
}

// SymmetryTol is the relative tolerance NewMahalanobis allows between Mᵢⱼ
// and Mⱼᵢ: |Mᵢⱼ − Mⱼᵢ| ≤ SymmetryTol·maxₖₗ |Mₖₗ|.
const SymmetryTol = 1e-12

// MaxCond is the largest condition number NewMahalanobis accepts; beyond it
// M⁻¹g has no correct digits to speak of.
const MaxCond = 1e12

// NewMahalanobis returns the norm ‖Δ‖_M = √(ΔᵀMΔ). M must be square, finite,
// symmetric within SymmetryTol (the average (M + Mᵀ)/2 is used) and positive
// definite with condition number at most MaxCond; otherwise NewMahalanobis
// returns an error wrapping ErrShape, ErrNonFinite or ErrNotPositiveDefinite.
// M is copied.
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
	sym := mat.NewSymDense(r, nil)
	for i := 0; i < r; i++ {
		for j := i; j < r; j++ {
			a, b := M.At(i, j), M.At(j, i)
			if math.Abs(a-b) > SymmetryTol*big {
				return nil, fmt.Errorf("%w: M is not symmetric, M[%d][%d] = %v but M[%d][%d] = %v", ErrNotPositiveDefinite, i, j, a, j, i, b)
			}
			sym.SetSym(i, j, (a+b)/2)
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(sym) {
		return nil, fmt.Errorf("%w: M is symmetric but not positive definite (the Cholesky factorization failed)", ErrNotPositiveDefinite)
	}
	if cond := chol.Cond(); cond > MaxCond {
		return nil, fmt.Errorf("%w: M is numerically singular, condition number %.3g > %g", ErrNotPositiveDefinite, cond, MaxCond)
	}
	var U mat.TriDense
	chol.UTo(&U)
	u := make([]float64, r*r)
	for i := 0; i < r; i++ {
		for j := i; j < r; j++ {
			u[i*r+j] = U.At(i, j)
		}
	}
	return &Mahalanobis{n: r, m: sym, u: u}, nil
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
	return NewMahalanobis(mat.NewDiagDense(len(d), append([]float64(nil), d...)))
}

// M returns a copy of the matrix M.
func (n *Mahalanobis) M() *mat.SymDense {
	return mat.NewSymDense(n.n, append([]float64(nil), n.m.RawSymmetric().Data...))
}

// Dim returns the dimension of M.
func (n *Mahalanobis) Dim() int { return n.n }

// Name returns "Mahalanobis".
func (n *Mahalanobis) Name() string { return "Mahalanobis" }

// Check accepts only the length dim = Dim().
func (n *Mahalanobis) Check(dim int) error {
	if n == nil || n.u == nil {
		return fmt.Errorf("%w: build a Mahalanobis norm with NewMahalanobis(M) or NewDiagonal(d)", ErrNoNorm)
	}
	if dim != n.n {
		return fmt.Errorf("%w: the vector has %d entries but M is %d×%d", ErrShape, dim, n.n, n.n)
	}
	return nil
}

// Norm returns ‖x‖_M = ‖Ux‖₂ where M = UᵀU.
func (n *Mahalanobis) Norm(x []float64) float64 {
	n.mustLen(x)
	y := make([]float64, n.n)
	for i := range y {
		var s float64
		for j := i; j < n.n; j++ {
			s += n.u[i*n.n+j] * x[j]
		}
		y[i] = s
	}
	return floats.Norm(y, 2)
}

// Dual returns ‖g‖_{M⁻¹} = √(gᵀM⁻¹g) = ‖U⁻ᵀg‖₂.
func (n *Mahalanobis) Dual(g []float64) float64 {
	n.mustLen(g)
	return floats.Norm(n.solveUT(g), 2)
}

// Steepest returns s* = M⁻¹g/‖g‖_{M⁻¹} (the zero vector for g = 0).
func (n *Mahalanobis) Steepest(g []float64) []float64 {
	n.mustLen(g)
	z := n.solveUT(g)
	d := floats.Norm(z, 2)
	if d == 0 {
		return make([]float64, n.n)
	}
	// w = U⁻¹z = M⁻¹g by back substitution.
	w := make([]float64, n.n)
	for i := n.n - 1; i >= 0; i-- {
		s := z[i]
		for j := i + 1; j < n.n; j++ {
			s -= n.u[i*n.n+j] * w[j]
		}
		w[i] = s / n.u[i*n.n+i]
	}
	floats.Scale(1/d, w)
	return w
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

func (n *Mahalanobis) mustLen(x []float64) {
	if len(x) != n.n {
		panic(fmt.Sprintf("steepest: Mahalanobis norm of dimension %d applied to a vector of length %d", n.n, len(x)))
	}
}

func checkAny(n int) error {
	if n < 1 {
		return fmt.Errorf("%w: a vector needs at least one entry", ErrEmpty)
	}
	return nil
}

func maxAbs(x []float64) float64 {
	var m float64
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
