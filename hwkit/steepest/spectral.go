package steepest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Spectral is the spectral (operator 2-) norm ‖Δ‖₂→₂ = σ_max(Δ) of a
// Rows×Cols matrix step Δ, stored row-major as a vector of length Rows·Cols
// so that it fits the Norm interface. Its dual is the nuclear norm
// ‖G‖_nuc = Σᵢ σᵢ(G) (the trace inner product ⟨G, S⟩ = tr(GᵀS) being the dot
// product of the row-major vectors), and its steepest direction is the
// orthogonalized gradient s* = UVᵀ from the thin SVD G = UΣVᵀ. The squared
// penalty gives u = −(α/2)‖G‖_nuc·UVᵀ, the orthogonalized update of Shampoo
// (without accumulation) and Muon.
//
// SpectralOf, Orthogonalize and SpectralStep take gonum matrices directly.
// The Norm, Dual and Steepest methods panic if the vector's length is not
// Rows·Cols.
type Spectral struct {
	Rows, Cols int
}

// SpectralOf returns the spectral norm for G's shape and G flattened
// row-major, ready for SquaredStep, NormStep and MinimizeSquared. It returns
// an error if G is nil, empty or not finite.
func SpectralOf(G mat.Matrix) (Spectral, []float64, error) {
	if G == nil {
		return Spectral{}, nil, fmt.Errorf("%w: the matrix G is nil", ErrEmpty)
	}
	r, c := G.Dims()
	if r == 0 || c == 0 {
		return Spectral{}, nil, fmt.Errorf("%w: the matrix G is %d×%d", ErrEmpty, r, c)
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

// Orthogonalize returns the spectral steepest direction of G, UVᵀ from the
// thin SVD G = UΣVᵀ (the polar factor of G). Singular values at most
// max(Rows, Cols)·ε·σ_max count as zero and their vectors are left out, so
// for rank-deficient G the result is U_r V_rᵀ over the rank-r part. It
// returns an error if G is nil, empty or not finite.
func Orthogonalize(G mat.Matrix) (*mat.Dense, error) {
	s, g, err := SpectralOf(G)
	if err != nil {
		return nil, err
	}
	return s.Matrix(s.Steepest(g)), nil
}

// SpectralStep returns the minimizer of ⟨G, Δ⟩ + (1/α)‖Δ‖₂→₂²,
// u = −(α/2)·‖G‖_nuc·UVᵀ. It returns an error for a bad G or α.
func SpectralStep(G mat.Matrix, alpha float64) (*mat.Dense, error) {
	s, g, err := SpectralOf(G)
	if err != nil {
		return nil, err
	}
	u, err := SquaredStep(s, g, alpha)
	if err != nil {
		return nil, err
	}
	return s.Matrix(u), nil
}

// Matrix returns x (of length Rows·Cols) as a Rows×Cols matrix. The data is
// copied. It panics if the length is wrong.
func (s Spectral) Matrix(x []float64) *mat.Dense {
	s.mustLen(x)
	return mat.NewDense(s.Rows, s.Cols, append([]float64(nil), x...))
}

// Name returns "spectral".
func (s Spectral) Name() string { return "spectral" }

// Check accepts only the length n = Rows·Cols, Rows, Cols ≥ 1.
func (s Spectral) Check(n int) error {
	if s.Rows < 1 || s.Cols < 1 {
		return fmt.Errorf("%w: the spectral norm needs a shape, got Rows = %d, Cols = %d", ErrNoNorm, s.Rows, s.Cols)
	}
	if n != s.Rows*s.Cols {
		return fmt.Errorf("%w: a %d×%d matrix has %d entries, the vector has %d", ErrShape, s.Rows, s.Cols, s.Rows*s.Cols, n)
	}
	return nil
}

// Norm returns σ_max of x viewed as a Rows×Cols matrix.
func (s Spectral) Norm(x []float64) float64 {
	sv := s.values(x)
	return sv[0]
}

// Dual returns the nuclear norm Σᵢ σᵢ of g viewed as a Rows×Cols matrix.
func (s Spectral) Dual(g []float64) float64 { return floats.Sum(s.values(g)) }

// Steepest returns UVᵀ (row-major) from the thin SVD of g viewed as a
// Rows×Cols matrix, over the singular values above max(Rows, Cols)·ε·σ_max
// (the zero vector for g = 0).
func (s Spectral) Steepest(g []float64) []float64 {
	s.mustLen(g)
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(s.Rows, s.Cols, append([]float64(nil), g...)), mat.SVDThin) {
		panic("steepest: SVD did not converge")
	}
	sv := svd.Values(nil)
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	out := mat.NewDense(s.Rows, s.Cols, nil)
	tol := float64(max(s.Rows, s.Cols)) * eps * sv[0]
	for k, sk := range sv {
		if sk <= tol || sk == 0 {
			break
		}
		for i := 0; i < s.Rows; i++ {
			for j := 0; j < s.Cols; j++ {
				out.Set(i, j, out.At(i, j)+U.At(i, k)*V.At(j, k))
			}
		}
	}
	return out.RawMatrix().Data
}

// values returns the singular values of x, largest first.
func (s Spectral) values(x []float64) []float64 {
	s.mustLen(x)
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(s.Rows, s.Cols, append([]float64(nil), x...)), mat.SVDNone) {
		panic("steepest: SVD did not converge")
	}
	return svd.Values(nil)
}

func (s Spectral) mustLen(x []float64) {
	if s.Rows < 1 || s.Cols < 1 || len(x) != s.Rows*s.Cols {
		panic(fmt.Sprintf("steepest: spectral norm of a %d×%d matrix applied to a vector of length %d", s.Rows, s.Cols, len(x)))
	}
}

// eps is the float64 machine epsilon, 2⁻⁵².
const eps = 0x1p-52

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
// Frobenius norm (‖UVᵀ‖_F = √rank), or after NewtonSchulzMaxSteps
// iterations. The result is deterministic. (Muon itself runs about five
// steps of a tuned quintic map, which lands near, not on, UVᵀ; the cubic
// map converges to it exactly.)
//
// A singular value σᵢ grows by at most 1.5 per step, so those below about
// 1.5⁻¹⁰⁰·‖G‖_F ≈ 2.5e-18·‖G‖_F are not resolved; Orthogonalize treats them
// as zero. It returns an error if G is nil, empty, not finite or zero.
func NewtonSchulz(G mat.Matrix) (Polar, error) {
	s, g, err := SpectralOf(G)
	if err != nil {
		return Polar{}, err
	}
	f := floats.Norm(g, 2)
	if f == 0 {
		return Polar{}, fmt.Errorf("%w: G = 0 has no orthogonal factor", ErrEmpty)
	}
	X := s.Matrix(g)
	X.Scale(1/f, X)
	tol := 1e-14 * math.Sqrt(float64(min(s.Rows, s.Cols)))
	var XXt, cube, diff mat.Dense
	steps := 0
	for steps < NewtonSchulzMaxSteps {
		steps++
		XXt.Mul(X, X.T())
		cube.Mul(&XXt, X)
		diff.Sub(X, &cube)
		diff.Scale(0.5, &diff) // the change (X − XXᵀX)/2
		X.Add(X, &diff)
		if mat.Norm(&diff, 2) <= tol { // Frobenius norm
			break
		}
	}
	return Polar{Q: X, Iterations: steps}, nil
}
