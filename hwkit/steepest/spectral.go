package steepest

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Spectral is the spectral (operator 2-) norm ‖Δ‖₂→₂ = σ_max(Δ) of a
// Rows×Cols matrix step Δ, stored row-major as a vector of length Rows·Cols
// so that it fits the Norm interface. Its dual is the nuclear norm
// ‖G‖_nuc = Σᵢ σᵢ(G) (the trace inner product ⟨G, S⟩ = tr(GᵀS) being the dot
// product of the row-major vectors), and Δx_nsd = −UVᵀ, the orthogonalized
// gradient from the thin SVD G = UΣVᵀ. The squared penalty gives
// u = −(α/2)‖G‖_nuc·UVᵀ, the orthogonalized update of Shampoo (without
// accumulation) and Muon.
//
// SpectralOf, Orthogonalize and SpectralStep take gonum matrices directly.
type Spectral struct {
	Rows, Cols int
}

// SpectralOf returns the spectral norm for G's shape and G flattened
// row-major, ready for SquaredStep, NormStep and MinimizeSquared. It returns
// an error if G is nil, empty, larger than 200 on a side, or not finite.
func SpectralOf(G mat.Matrix) (Spectral, []float64, error) {
	if G == nil {
		return Spectral{}, nil, fmt.Errorf("%w: the matrix G is nil", ErrEmpty)
	}
	r, c := G.Dims()
	if r == 0 || c == 0 {
		return Spectral{}, nil, fmt.Errorf("%w: the matrix G is %d×%d", ErrEmpty, r, c)
	}
	if r > maxMatrixDim || c > maxMatrixDim {
		return Spectral{}, nil, fmt.Errorf("%w: G is %d×%d, at most %d on a side", ErrTooLarge, r, c, maxMatrixDim)
	}
	x := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := G.At(i, j)
			if !finite(v) {
				return Spectral{}, nil, fmt.Errorf("%w: G[%d][%d] = %v", ErrNonFinite, i, j, v)
			}
			x = append(x, v)
		}
	}
	return Spectral{Rows: r, Cols: c}, x, nil
}

// Orthogonalize returns UVᵀ from the thin SVD G = UΣVᵀ (the polar factor of
// G; the spectral Δx_nsd is its negative). Singular values at most
// max(Rows, Cols)·ε·σ_max count as zero and their vectors are left out, so
// for rank-deficient G the result is U_r V_rᵀ over the rank-r part. It
// returns an error if G is nil, empty, not finite or zero.
func Orthogonalize(G mat.Matrix) (*mat.Dense, error) {
	s, g, err := SpectralOf(G)
	if err != nil {
		return nil, err
	}
	if floats.Norm(g, math.Inf(1)) == 0 {
		return nil, fmt.Errorf("%w: G = 0 has no orthogonal factor", ErrZeroGradient)
	}
	d := s.Direction(g)
	if d == nil {
		return nil, fmt.Errorf("%w: the SVD of G did not converge", ErrNoConvergence)
	}
	floats.Scale(-1, d)
	return mat.NewDense(s.Rows, s.Cols, d), nil
}

// SpectralStep returns the minimizer of ⟨G, Δ⟩ + (1/α)‖Δ‖₂→₂²,
// u = −(α/2)·‖G‖_nuc·UVᵀ. It returns an error for a bad G or α, or a step
// out of float64's range.
func SpectralStep(G mat.Matrix, alpha float64) (*mat.Dense, error) {
	s, g, err := SpectralOf(G)
	if err != nil {
		return nil, err
	}
	u, err := SquaredStep(s, g, alpha)
	if err != nil {
		return nil, err
	}
	return mat.NewDense(s.Rows, s.Cols, u), nil
}

// Matrix returns x (of length Rows·Cols) as a Rows×Cols matrix. The data is
// copied. It returns nil if the length does not fit the shape.
func (s Spectral) Matrix(x []float64) *mat.Dense {
	if s.Check(len(x)) != nil {
		return nil
	}
	return mat.NewDense(s.Rows, s.Cols, append([]float64(nil), x...))
}

// Name returns "spectral".
func (s Spectral) Name() string { return "spectral" }

// Check accepts only the length n = Rows·Cols, 1 ≤ Rows, Cols ≤ 200.
func (s Spectral) Check(n int) error {
	if s.Rows < 1 || s.Cols < 1 {
		return fmt.Errorf("%w: the spectral norm needs a shape, got Rows = %d, Cols = %d", ErrNoNorm, s.Rows, s.Cols)
	}
	if s.Rows > maxMatrixDim || s.Cols > maxMatrixDim {
		return fmt.Errorf("%w: a %d×%d matrix, at most %d on a side", ErrTooLarge, s.Rows, s.Cols, maxMatrixDim)
	}
	if n != s.Rows*s.Cols {
		return fmt.Errorf("%w: a %d×%d matrix has %d entries, the vector has %d", ErrShape, s.Rows, s.Cols, s.Rows*s.Cols, n)
	}
	return nil
}

// Norm returns σ_max of x viewed as a Rows×Cols matrix.
func (s Spectral) Norm(x []float64) float64 {
	sv, c := s.values(x)
	if sv == nil {
		return math.NaN()
	}
	return c * sv[0]
}

// Dual returns the nuclear norm Σᵢ σᵢ of g viewed as a Rows×Cols matrix.
func (s Spectral) Dual(g []float64) float64 {
	sv, c := s.values(g)
	if sv == nil {
		return math.NaN()
	}
	return c * floats.Sum(sv)
}

// Direction returns Δx_nsd = −UVᵀ (row-major) from the thin SVD of g viewed
// as a Rows×Cols matrix, over the singular values above
// max(Rows, Cols)·ε·σ_max (the zero vector for g = 0).
func (s Spectral) Direction(g []float64) []float64 {
	if s.Check(len(g)) != nil {
		return nil
	}
	out := mat.NewDense(s.Rows, s.Cols, nil)
	h := scaled(g)
	if floats.Norm(h, math.Inf(1)) == 0 {
		return out.RawMatrix().Data
	}
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(s.Rows, s.Cols, h), mat.SVDThin) {
		return nil
	}
	sv := svd.Values(nil)
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	tol := float64(max(s.Rows, s.Cols)) * eps * sv[0]
	for k, sk := range sv {
		if sk <= tol || sk == 0 {
			break
		}
		for i := 0; i < s.Rows; i++ {
			for j := 0; j < s.Cols; j++ {
				out.Set(i, j, out.At(i, j)-U.At(i, k)*V.At(j, k))
			}
		}
	}
	return out.RawMatrix().Data
}

// values returns the singular values of x/c, largest first, and the scale
// c = ‖x‖∞ (so that σ(x) = c·σ(x/c) without overflow); nil if the length is
// wrong or the SVD fails.
func (s Spectral) values(x []float64) ([]float64, float64) {
	if s.Check(len(x)) != nil {
		return nil, 0
	}
	c := floats.Norm(x, math.Inf(1))
	if c == 0 {
		return make([]float64, min(s.Rows, s.Cols)), 0
	}
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(s.Rows, s.Cols, scaled(x)), mat.SVDNone) {
		return nil, 0
	}
	return svd.Values(nil), c
}

// NewtonSchulzMaxSteps bounds the iterations of NewtonSchulz.
const NewtonSchulzMaxSteps = 100

// Polar is the result of NewtonSchulz.
type Polar struct {
	// Q is the orthogonal factor UVᵀ of G.
	Q *mat.Dense
	// Iterations counts the Newton–Schulz steps taken.
	Iterations int
}

// NewtonSchulz returns the orthogonalized gradient UVᵀ of G the way Muon
// computes it, without an SVD: from X₀ = G/‖G‖_F (all singular values in
// (0, 1]) it iterates the cubic Newton–Schulz map
//
//	X ← (3X − XXᵀX)/2,
//
// which sends each singular value σ to σ(3 − σ²)/2 and so drives every
// nonzero one to 1 (quadratically once near 1) while keeping U and V. It
// stops when an iteration changes X by at most 1e-14·√min(Rows, Cols) in
// Frobenius norm (‖UVᵀ‖_F = √rank). The result is deterministic. (Muon
// itself runs about five steps of a tuned quintic map, which lands near,
// not on, UVᵀ; the cubic map converges to it exactly.)
//
// A singular value σᵢ grows by at most 1.5 per step, so those below about
// 1.5⁻¹⁰⁰·‖G‖_F ≈ 2.5e-18·‖G‖_F are not resolved; Orthogonalize treats them
// as zero. It returns an error if G is nil, empty, not finite or zero, or
// if the iteration has not settled after NewtonSchulzMaxSteps steps
// (singular values between those two scales).
func NewtonSchulz(G mat.Matrix) (Polar, error) {
	s, g, err := SpectralOf(G)
	if err != nil {
		return Polar{}, err
	}
	h := scaled(g) // G/‖G‖∞ first: ‖G‖_F may overflow
	f := floats.Norm(h, 2)
	if f == 0 {
		return Polar{}, fmt.Errorf("%w: G = 0 has no orthogonal factor", ErrZeroGradient)
	}
	X := mat.NewDense(s.Rows, s.Cols, h)
	X.Scale(1/f, X)
	tol := 1e-14 * math.Sqrt(float64(min(s.Rows, s.Cols)))
	var XXt, cube, diff mat.Dense
	for steps := 1; steps <= NewtonSchulzMaxSteps; steps++ {
		XXt.Mul(X, X.T())
		cube.Mul(&XXt, X)
		diff.Sub(X, &cube)
		diff.Scale(0.5, &diff) // the change (X − XXᵀX)/2
		X.Add(X, &diff)
		if mat.Norm(&diff, 2) <= tol { // Frobenius norm
			return Polar{Q: X, Iterations: steps}, nil
		}
	}
	return Polar{Q: X, Iterations: NewtonSchulzMaxSteps}, fmt.Errorf("%w: Newton–Schulz has not settled after %d steps (G has singular values too small to resolve)",
		ErrNoConvergence, NewtonSchulzMaxSteps)
}

// PinvRoot returns the pseudo-inverse root (S⁺)^{1/k} = Q·diag(λ^{−1/k})·Qᵀ,
// the −1/k power of a symmetric positive semidefinite S = QΛQᵀ taken as a
// pseudo-inverse: the eigenvalues at most n·ε·λ_max count as zero and are
// left out (for an invertible S it is S^{−1/k}). Shampoo preconditions with
// k = 4. It
// returns an error for a nil or empty S, k < 1, a non-finite entry, an
// eigendecomposition that fails, or S = 0.
func PinvRoot(S mat.Symmetric, k int) (*mat.Dense, error) {
	if S == nil || S.SymmetricDim() == 0 {
		return nil, fmt.Errorf("%w: S is nil or empty", ErrEmpty)
	}
	if k < 1 {
		return nil, fmt.Errorf("%w: the root needs k ≥ 1, got %d", ErrExponent, k)
	}
	n := S.SymmetricDim()
	if n > maxMatrixDim {
		return nil, fmt.Errorf("%w: S is %d×%d, at most %d×%d", ErrTooLarge, n, n, maxMatrixDim, maxMatrixDim)
	}
	var big float64
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if v := S.At(i, j); !finite(v) {
				return nil, fmt.Errorf("%w: S[%d][%d] = %v", ErrNonFinite, i, j, v)
			} else {
				big = math.Max(big, math.Abs(v))
			}
		}
	}
	if big == 0 {
		return nil, fmt.Errorf("%w: S = 0 has no pseudo-inverse root", ErrZeroGradient)
	}
	// Eigendecompose S/big (entries ≤ 1), then λ(S) = big·λ(S/big).
	T := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			T.SetSym(i, j, S.At(i, j)/big)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(T, true) {
		return nil, fmt.Errorf("%w: the eigendecomposition of S did not converge", ErrNoConvergence)
	}
	lam, Q := eig.Values(nil), new(mat.Dense)
	eig.VectorsTo(Q)
	top := floats.Max(lam)
	D := mat.NewDiagDense(n, nil)
	for i, l := range lam {
		if l > float64(n)*eps*top {
			// (big·l)^{−1/k} = big^{−1/k}·l^{−1/k}, no overflow.
			D.SetDiag(i, math.Pow(big, -1/float64(k))*math.Pow(l, -1/float64(k)))
		}
	}
	var R mat.Dense
	R.Product(Q, D, Q.T())
	return &R, nil
}

// ShampooDirection returns Shampoo's direction without accumulation,
//
//	L^{−1/4} · G · R^{−1/4} with L = GGᵀ and R = GᵀG,
//
// the −1/4 powers taken as pseudo-inverse roots (PinvRoot: for a 3×2 G,
// GGᵀ is singular), from two eigendecompositions and no SVD. With G = UΣVᵀ it is
// UΣ^{−1/2}Uᵀ·UΣVᵀ·VΣ^{−1/2}Vᵀ = UVᵀ, the spectral steepest direction up to
// sign. It returns an error for a bad or zero G.
func ShampooDirection(G mat.Matrix) (*mat.Dense, error) {
	_, g, err := SpectralOf(G)
	if err != nil {
		return nil, err
	}
	r, c := G.Dims()
	H := mat.NewDense(r, c, scaled(g)) // the direction does not depend on the scale
	var L, R mat.SymDense
	L.SymOuterK(1, H)     // GGᵀ, Rows×Rows
	R.SymOuterK(1, H.T()) // GᵀG, Cols×Cols
	lr, err := PinvRoot(&L, 4)
	if err != nil {
		return nil, err
	}
	rr, err := PinvRoot(&R, 4)
	if err != nil {
		return nil, err
	}
	var X mat.Dense
	X.Product(lr, H, rr)
	return &X, nil
}

// Gaussian returns a rows×cols matrix with independent standard normal
// entries drawn from a PCG generator seeded with (seed, 1): the same matrix
// for the same seed. rows and cols must be 1 to 200.
func Gaussian(rows, cols int, seed uint64) (*mat.Dense, error) {
	if rows < 1 || cols < 1 || rows > maxMatrixDim || cols > maxMatrixDim {
		return nil, fmt.Errorf("%w: a %d×%d matrix; sides must be 1 to %d", ErrShape, rows, cols, maxMatrixDim)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	G := mat.NewDense(rows, cols, nil)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			G.Set(i, j, rng.NormFloat64())
		}
	}
	return G, nil
}
