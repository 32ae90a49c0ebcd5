package steepest

import "math"

// This file holds a small log-barrier interior-point method for
//
//	minimize qᵀz + (p/2)·z_t²  subject to  S_b(z) ⪰ 0 for every block b,
//
// where each S_b(z) = A_b0 + Σ_k z_k·A_bk is a small symmetric matrix that is
// affine in z (a linear matrix inequality, LMI) and z_t is the last variable.
// The epigraph {(y, t) : ‖y‖ ≤ t} of ℓ2, ℓ∞, ℓ1, Mahalanobis and spectral
// norms is such an LMI, so the penalized problems can be solved without
// knowing their minimizers: the method sees only the unit ball.

// entry is one nonzero (i, j, v) of a symmetric matrix; off-diagonal
// nonzeros are listed twice, as (i, j) and (j, i).
type entry struct {
	i, j int
	v    float64
}

// block is one LMI block S(z) = A0 + Σ_k z_k·A[k] of size d×d.
type block struct {
	d  int
	a0 []entry
	a  [][]entry // a[k] is the coefficient of z_k; nil if z_k does not appear
}

// epigraph is an LMI description of {(y, extra, t) : ‖y‖ ≤ t}: the first n
// variables are y, the last is t, and any in between are auxiliary.
type epigraph struct {
	n, m   int // len(y) and the total number of variables
	blocks []block
	start  func(t float64) []float64 // a strictly feasible point with y = 0 and the given t > 0
}

// lmiNorm is implemented by the norms whose epigraph is an LMI.
type lmiNorm interface {
	epigraph(n int) epigraph
}

// sym adds the symmetric pair (i, j), (j, i) with value v to es.
func sym(es []entry, i, j int, v float64) []entry {
	if i == j {
		return append(es, entry{i, i, v})
	}
	return append(es, entry{i, j, v}, entry{j, i, v})
}

// scalarBlock returns the 1×1 block Σ_k coef[k]·z_k + c.
func scalarBlock(m int, c float64, coef map[int]float64) block {
	b := block{d: 1, a: make([][]entry, m)}
	if c != 0 {
		b.a0 = []entry{{0, 0, c}}
	}
	for k, v := range coef {
		b.a[k] = []entry{{0, 0, v}}
	}
	return b
}

// epigraph of ℓ∞: 2n scalar blocks.
func (Linf) epigraph(n int) epigraph {
	// t − yᵢ ≥ 0 and t + yᵢ ≥ 0.
	m := n + 1
	ep := epigraph{n: n, m: m}
	for i := 0; i < n; i++ {
		ep.blocks = append(ep.blocks,
			scalarBlock(m, 0, map[int]float64{i: -1, n: 1}),
			scalarBlock(m, 0, map[int]float64{i: 1, n: 1}))
	}
	ep.start = func(t float64) []float64 { z := make([]float64, m); z[n] = t; return z }
	return ep
}

// epigraph of ℓ1: 2n + 1 scalar blocks, with n auxiliary variables.
func (L1) epigraph(n int) epigraph {
	// wᵢ − yᵢ ≥ 0, wᵢ + yᵢ ≥ 0 and t − Σ wᵢ ≥ 0, with z = (y, w, t).
	m := 2*n + 1
	ep := epigraph{n: n, m: m}
	last := map[int]float64{m - 1: 1}
	for i := 0; i < n; i++ {
		ep.blocks = append(ep.blocks,
			scalarBlock(m, 0, map[int]float64{i: -1, n + i: 1}),
			scalarBlock(m, 0, map[int]float64{i: 1, n + i: 1}))
		last[n+i] = -1
	}
	ep.blocks = append(ep.blocks, scalarBlock(m, 0, last))
	ep.start = func(t float64) []float64 {
		z := make([]float64, m)
		for i := 0; i < n; i++ {
			z[n+i] = t / float64(2*n)
		}
		z[m-1] = t
		return z
	}
	return ep
}

// arrow returns the epigraph ‖Ly‖₂ ≤ t as the (n+1)×(n+1) "arrow" LMI
// [[t·I, Ly], [(Ly)ᵀ, t]] ⪰ 0, for L given row-major (nil means identity).
func arrow(n int, L []float64) epigraph {
	m := n + 1
	b := block{d: n + 1, a: make([][]entry, m)}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			v := 0.0
			switch {
			case L == nil && i == k:
				v = 1
			case L != nil:
				v = L[i*n+k]
			}
			if v != 0 {
				b.a[k] = sym(b.a[k], i, n, v)
			}
		}
	}
	for i := 0; i <= n; i++ {
		b.a[n] = append(b.a[n], entry{i, i, 1})
	}
	ep := epigraph{n: n, m: m, blocks: []block{b}}
	ep.start = func(t float64) []float64 { z := make([]float64, m); z[n] = t; return z }
	return ep
}

// epigraph of ℓ2: one arrow block.
func (L2) epigraph(n int) epigraph { return arrow(n, nil) }

// epigraph of ‖·‖_M: one arrow block for ‖Uy‖₂ ≤ t, M = UᵀU.
func (nm *Mahalanobis) epigraph(n int) epigraph { return arrow(n, nm.u) }

// epigraph of the spectral norm: one (Rows+Cols)-square block.
func (s Spectral) epigraph(n int) epigraph {
	// [[t·I_r, Y], [Yᵀ, t·I_c]] ⪰ 0 ⇔ σ_max(Y) ≤ t, with Y row-major.
	r, c := s.Rows, s.Cols
	m := n + 1
	b := block{d: r + c, a: make([][]entry, m)}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			b.a[i*c+j] = sym(nil, i, r+j, 1)
		}
	}
	for i := 0; i < r+c; i++ {
		b.a[n] = append(b.a[n], entry{i, i, 1})
	}
	ep := epigraph{n: n, m: m, blocks: []block{b}}
	ep.start = func(t float64) []float64 { z := make([]float64, m); z[n] = t; return z }
	return ep
}

// maxNewton caps the Newton steps per value of μ; from a centred point a
// tenfold cut of μ takes about ten.
const maxNewton = 50

// barrierTol is the duality-gap target of solveBarrier, relative to the
// scale argument: it stops once ν·μ ≤ barrierTol·scale.
const barrierTol = 1e-12

// solveBarrier minimizes qᵀz + (p/2)·z_t² over the blocks' LMI from the
// strictly feasible z0 by the barrier method: for μ = 1, 1/10, 1/100, … it
// minimizes (qᵀz + (p/2)z_t²)/μ − Σ_b log det S_b(z) by damped Newton steps
// (step 1/(1+λ) for Newton decrement λ ≥ 1/4, full steps after, which keeps
// the iterates strictly feasible for this self-concordant function). On the
// central path the objective is within ν·μ of the minimum, ν = Σ_b d_b. It
// returns the final point and the number of Newton steps.
func solveBarrier(blocks []block, q []float64, p float64, z0 []float64, scale float64) ([]float64, int) {
	m := len(z0)
	z := append([]float64(nil), z0...)
	nu := 0
	for _, b := range blocks {
		nu += b.d
	}
	grad := make([]float64, m)
	hess := make([]float64, m*m)
	dz := make([]float64, m)
	trial := make([]float64, m)
	steps := 0
	for mu := 1.0; ; mu /= 10 {
		centred := false
		for it := 0; it < maxNewton && !centred; it++ {
			if !barrierDerivs(blocks, z, grad, hess) {
				return z, steps // cannot happen from a feasible point; be safe
			}
			for k := range grad {
				grad[k] += q[k] / mu
			}
			grad[m-1] += p * z[m-1] / mu
			hess[m*m-1] += p / mu
			if !cholSolve(hess, m, grad, dz) {
				return z, steps
			}
			lam2 := 0.0
			for k := range dz {
				dz[k] = -dz[k]
				lam2 -= grad[k] * dz[k]
			}
			if math.IsNaN(lam2) {
				return z, steps
			}
			if lam2 < 0 { // rounding, at a centred point
				lam2 = 0
			}
			lam := math.Sqrt(lam2)
			step := 1.0
			if lam >= 0.25 {
				step = 1 / (1 + lam)
			}
			for tries := 0; ; tries++ {
				for k := range z {
					trial[k] = z[k] + step*dz[k]
				}
				if feasible(blocks, trial) {
					break
				}
				if tries == 60 {
					return z, steps
				}
				step /= 2
			}
			moved := false
			for k := range z {
				moved = moved || trial[k] != z[k]
			}
			copy(z, trial)
			steps++
			centred = lam < 1e-4 || !moved
		}
		// Stop at the target gap, or when rounding keeps Newton from
		// centring (then smaller μ would only add noise).
		if !centred || float64(nu)*mu <= barrierTol*scale {
			return z, steps
		}
	}
}

// assemble returns S(z) of block b as a dense row-major d×d matrix.
func (b block) assemble(z []float64) []float64 {
	S := make([]float64, b.d*b.d)
	for _, e := range b.a0 {
		S[e.i*b.d+e.j] += e.v
	}
	for k, es := range b.a {
		if z[k] == 0 {
			continue
		}
		for _, e := range es {
			S[e.i*b.d+e.j] += z[k] * e.v
		}
	}
	return S
}

// feasible reports whether every S_b(z) is positive definite.
func feasible(blocks []block, z []float64) bool {
	for _, b := range blocks {
		if !cholesky(b.assemble(z), b.d) {
			return false
		}
	}
	return true
}

// barrierDerivs sets grad and hess to the gradient and Hessian of
// F(z) = −Σ_b log det S_b(z): ∂F/∂z_k = −tr(S⁻¹A_k) and
// ∂²F/∂z_k∂z_l = tr(S⁻¹A_k S⁻¹A_l). It returns false if some S_b(z) is not
// positive definite.
func barrierDerivs(blocks []block, z, grad, hess []float64) bool {
	m := len(z)
	for i := range grad {
		grad[i] = 0
	}
	for i := range hess {
		hess[i] = 0
	}
	for _, b := range blocks {
		d := b.d
		W := b.assemble(z)
		if !cholesky(W, d) {
			return false
		}
		inv := cholInverse(W, d)
		for k, ek := range b.a {
			if len(ek) == 0 {
				continue
			}
			for _, e := range ek {
				grad[k] -= inv[e.j*d+e.i] * e.v
			}
			for l := k; l < m; l++ {
				el := b.a[l]
				if len(el) == 0 {
					continue
				}
				var h float64
				for _, e := range ek {
					for _, f := range el {
						// tr(S⁻¹A_k S⁻¹A_l) picks S⁻¹[e.j][f.i]·f.v·S⁻¹[f.j][e.i]·e.v.
						h += inv[e.j*d+f.i] * f.v * inv[f.j*d+e.i] * e.v
					}
				}
				hess[k*m+l] += h
				if l != k {
					hess[l*m+k] += h
				}
			}
		}
	}
	return true
}

// cholesky overwrites the lower triangle of the symmetric d×d matrix a with
// its Cholesky factor L (a = LLᵀ). It returns false if a is not positive
// definite.
func cholesky(a []float64, d int) bool {
	for j := 0; j < d; j++ {
		s := a[j*d+j]
		for k := 0; k < j; k++ {
			s -= a[j*d+k] * a[j*d+k]
		}
		if !(s > 0) {
			return false
		}
		ljj := math.Sqrt(s)
		a[j*d+j] = ljj
		for i := j + 1; i < d; i++ {
			s := a[i*d+j]
			for k := 0; k < j; k++ {
				s -= a[i*d+k] * a[j*d+k]
			}
			a[i*d+j] = s / ljj
		}
	}
	return true
}

// cholInverse returns the inverse of LLᵀ from the factor L held in the lower
// triangle of l.
func cholInverse(l []float64, d int) []float64 {
	inv := make([]float64, d*d)
	col := make([]float64, d)
	for c := 0; c < d; c++ {
		for i := range col {
			col[i] = 0
		}
		col[c] = 1
		cholSubst(l, d, col)
		for i := 0; i < d; i++ {
			inv[i*d+c] = col[i]
		}
	}
	return inv
}

// cholSubst solves LLᵀx = b in place (b becomes x).
func cholSubst(l []float64, d int, b []float64) {
	for i := 0; i < d; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= l[i*d+k] * b[k]
		}
		b[i] = s / l[i*d+i]
	}
	for i := d - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < d; k++ {
			s -= l[k*d+i] * b[k]
		}
		b[i] = s / l[i*d+i]
	}
}

// cholSolve solves H x = b for the symmetric positive definite m×m matrix H
// (which it overwrites). Late in the barrier method H is very ill
// conditioned; if the factorization breaks down, a growing multiple of the
// largest diagonal entry is added to the diagonal. It returns false if that
// does not help.
func cholSolve(H []float64, m int, b, x []float64) bool {
	orig := append([]float64(nil), H...)
	big := 0.0
	for i := 0; i < m; i++ {
		big = math.Max(big, math.Abs(H[i*m+i]))
	}
	for shift := 0.0; shift <= 1e-6*big; {
		copy(H, orig)
		for i := 0; i < m; i++ {
			H[i*m+i] += shift
		}
		if cholesky(H, m) {
			copy(x, b)
			cholSubst(H, m, x)
			return true
		}
		if shift == 0 {
			shift = 1e-15 * big
		} else {
			shift *= 10
		}
	}
	return false
}
