package steepest

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// This file holds a small log-barrier interior-point method for
//
//	minimize qᵀz + (p/2)·z_t²  subject to  S_b(z) ⪰ 0 for every block b,
//
// where each S_b(z) = A_b0 + Σ_k z_k·A_bk is a small symmetric matrix that is
// affine in z (a linear matrix inequality, LMI) and z_t is the last variable.
// The epigraph {(y, t) : ‖y‖ ≤ t} of ℓ2, ℓ∞, ℓ1, Mahalanobis and spectral
// norms is such an LMI, so the penalized problems can be solved without
// knowing their minimizers: the method sees only the unit ball. Its duality
// gap is a certificate: the value it returns is within gap of the minimum.

// entry is one nonzero (i, j, v) of a symmetric matrix; off-diagonal
// nonzeros are listed twice, as (i, j) and (j, i).
type entry struct {
	i, j int
	v    float64
}

// block is one LMI block S(z) = A0 + Σ_k z_k·A[k] of size d×d.
type block struct {
	d    int
	a0   []entry
	a    [][]entry // a[k] is the coefficient of z_k; nil if z_k does not appear
	vars []int     // the k with a[k] non-empty, ascending
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
	// epigraph describes {(y, t) : ‖y‖/scale() ≤ t}: the norm divided by
	// its scale, so that the LMI's entries are of order one.
	epigraph(n int) epigraph
	// scale is a size of the norm (1 for ℓ2, ℓ∞, ℓ1 and spectral; the
	// largest entry of the Cholesky factor for Mahalanobis).
	scale() float64
}

func (L2) scale() float64       { return 1 }
func (Linf) scale() float64     { return 1 }
func (L1) scale() float64       { return 1 }
func (Spectral) scale() float64 { return 1 }
func (nm *Mahalanobis) scale() float64 {
	var m float64
	for _, x := range nm.u {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// sym adds the symmetric pair (i, j), (j, i) with value v to es.
func sym(es []entry, i, j int, v float64) []entry {
	if i == j {
		return append(es, entry{i, i, v})
	}
	return append(es, entry{i, j, v}, entry{j, i, v})
}

// index fills in b.vars from b.a.
func (b block) index() block {
	b.vars = b.vars[:0]
	for k, es := range b.a {
		if len(es) > 0 {
			b.vars = append(b.vars, k)
		}
	}
	return b
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
	return b.index()
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
	ep := epigraph{n: n, m: m, blocks: []block{b.index()}}
	ep.start = func(t float64) []float64 { z := make([]float64, m); z[n] = t; return z }
	return ep
}

// epigraph of ℓ2: one arrow block.
func (L2) epigraph(n int) epigraph { return arrow(n, nil) }

// epigraph of ‖·‖_M/scale: one arrow block for ‖Uy‖₂/scale ≤ t, M = UᵀU.
func (nm *Mahalanobis) epigraph(n int) epigraph {
	s := nm.scale()
	L := make([]float64, len(nm.u))
	for i, x := range nm.u {
		L[i] = x / s
	}
	return arrow(n, L)
}

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
	ep := epigraph{n: n, m: m, blocks: []block{b.index()}}
	ep.start = func(t float64) []float64 { z := make([]float64, m); z[n] = t; return z }
	return ep
}

// newtonSteps is the limit on Newton steps per value of μ for m variables:
// from a centred point a tenfold cut of μ takes about ten, and the first
// centring from the starting point takes of the order of the barrier
// parameter ν, which grows with the dimension.
func newtonSteps(m int) int { return 60 + 8*m }

// maxStages bounds the number of values of μ (each a tenfold cut).
const maxStages = 40

// centredAt is the Newton decrement below which a point counts as centred.
const centredAt = 1e-4

// errBarrier reports that the barrier method could not centre even once.
var errBarrier = errors.New("the interior-point method could not centre")

// barrierResult is the outcome of solveBarrier.
type barrierResult struct {
	z     []float64 // the last centred point (strictly feasible)
	gap   float64   // certified bound on f(z) − min f, up to rounding
	steps int       // Newton steps taken
}

// solveBarrier minimizes f(z) = qᵀz + (p/2)·z_t² over the blocks' LMI from
// the strictly feasible z0 by the barrier method: for μ = 1, 1/10, 1/100, …
// it minimizes f/μ − Σ_b log det S_b(z) by damped Newton steps (step
// 1/(1+λ) for Newton decrement λ ≥ 1/4, full steps after, which keeps the
// iterates strictly feasible for this self-concordant function). A point
// centred for μ with decrement λ is within
//
//	gap = μ·(ν + (√ν + 1)·λ/(1 − λ)),  ν = Σ_b d_b,
//
// of the minimum (ν·μ is the duality gap of the exact central point). It
// stops once gap ≤ target, or when rounding keeps Newton from centring
// (then it returns the last centred point and its gap: the caller decides
// whether that is accurate enough). It returns an error if no value of μ
// could be centred or the iteration limits (newtonSteps per μ, maxStages
// values of μ) ran out before a first centred point.
func solveBarrier(blocks []block, q []float64, p float64, z0 []float64, target float64) (barrierResult, error) {
	m := len(z0)
	nu := 0
	for _, b := range blocks {
		nu += b.d
	}
	z := append([]float64(nil), z0...)
	grad := make([]float64, m)
	hess := mat.NewSymDense(m, nil)
	dz := mat.NewVecDense(m, nil)
	trial := make([]float64, m)
	res := barrierResult{gap: math.Inf(1)}
	mu := 1.0
	for stage := 0; stage < maxStages; stage, mu = stage+1, mu/10 {
		lam, centred := math.Inf(1), false
		bestLam, stalled := math.Inf(1), 0
		for it := 0; it < newtonSteps(m) && !centred; it++ {
			if !barrierDerivs(blocks, z, grad, hess) {
				break // cannot happen from a feasible point; be safe
			}
			for k := range grad {
				grad[k] += q[k] / mu
			}
			grad[m-1] += p * z[m-1] / mu
			hess.SetSym(m-1, m-1, hess.At(m-1, m-1)+p/mu)
			if !newtonDirection(hess, grad, dz) {
				break
			}
			lam2 := 0.0
			for k := range grad {
				lam2 -= grad[k] * dz.AtVec(k)
			}
			if math.IsNaN(lam2) {
				break
			}
			lam = math.Sqrt(math.Max(lam2, 0)) // lam2 < 0: rounding at a centred point
			if debugBarrier {
				println("stage", stage, "it", it, "mu", mu, "lam", lam)
			}
			if lam < centredAt {
				centred = true
				break
			}
			// In the quadratic phase λ falls fast; if it stops falling, rounding
			// has taken over and this μ cannot be centred.
			if lam < 0.25 {
				if lam < bestLam/2 {
					bestLam, stalled = lam, 0
				} else if stalled++; stalled >= 8 {
					break
				}
			}
			step := 1.0
			if lam >= 0.25 {
				step = 1 / (1 + lam)
			}
			ok := false
			for tries := 0; tries <= 60 && !ok; tries, step = tries+1, step/2 {
				for k := range z {
					trial[k] = z[k] + step*dz.AtVec(k)
				}
				ok = feasible(blocks, trial)
			}
			if !ok {
				break
			}
			moved := false
			for k := range z {
				moved = moved || trial[k] != z[k]
			}
			copy(z, trial)
			res.steps++
			if !moved { // rounding floor: accept a point that is nearly centred
				centred = lam < 1e-3
				break
			}
		}
		if !centred {
			break
		}
		fnu := float64(nu)
		gap := mu * (fnu + (math.Sqrt(fnu)+1)*lam/(1-lam))
		if gap < res.gap {
			res.z, res.gap = append(res.z[:0], z...), gap
		}
		if res.gap <= target {
			break
		}
	}
	if res.z == nil {
		return res, errBarrier
	}
	return res, nil
}

// newtonDirection solves H·dz = −grad for the symmetric positive definite
// Hessian H. Late in the barrier method H is very ill conditioned; if the
// factorization breaks down, a growing multiple of the largest diagonal
// entry is added to the diagonal. It returns false if that does not help.
func newtonDirection(H *mat.SymDense, grad []float64, dz *mat.VecDense) bool {
	m := H.SymmetricDim()
	big := 0.0
	for i := 0; i < m; i++ {
		big = math.Max(big, math.Abs(H.At(i, i)))
	}
	rhs := mat.NewVecDense(m, nil)
	for k := range grad {
		rhs.SetVec(k, -grad[k])
		if !finite(grad[k]) {
			return false
		}
	}
	if !finite(big) {
		return false
	}
	var chol mat.Cholesky
	shifted := mat.NewSymDense(m, nil)
	for shift, tries := 0.0, 0; shift <= 1e-6*big && tries < 12; tries++ {
		shifted.CopySym(H)
		for i := 0; i < m; i++ {
			shifted.SetSym(i, i, H.At(i, i)+shift)
		}
		if chol.Factorize(shifted) {
			err := chol.SolveVecTo(dz, rhs)
			var c mat.Condition
			if err == nil || errors.As(err, &c) && !math.IsInf(float64(c), 1) {
				return true // an ill-conditioned H still gives a usable direction
			}
		}
		if shift == 0 {
			shift = 1e-15 * big
		} else {
			shift *= 10
		}
	}
	return false
}

// assemble returns S(z) of block b.
func (b block) assemble(z []float64) *mat.SymDense {
	S := mat.NewSymDense(b.d, nil)
	add := func(e entry, v float64) {
		if e.i <= e.j { // each off-diagonal pair once, into the upper triangle
			S.SetSym(e.i, e.j, S.At(e.i, e.j)+v)
		}
	}
	for _, e := range b.a0 {
		add(e, e.v)
	}
	for _, k := range b.vars {
		if z[k] == 0 {
			continue
		}
		for _, e := range b.a[k] {
			add(e, z[k]*e.v)
		}
	}
	return S
}

// scalar returns S(z) of a 1×1 block.
func (b block) scalar(z []float64) float64 {
	var s float64
	for _, e := range b.a0 {
		s += e.v
	}
	for _, k := range b.vars {
		s += z[k] * b.a[k][0].v
	}
	return s
}

// feasible reports whether every S_b(z) is positive definite.
func feasible(blocks []block, z []float64) bool {
	var chol mat.Cholesky
	for _, b := range blocks {
		if b.d == 1 {
			if !(b.scalar(z) > 0) {
				return false
			}
			continue
		}
		if !chol.Factorize(b.assemble(z)) {
			return false
		}
	}
	return true
}

// barrierDerivs sets grad and hess to the gradient and Hessian of
// F(z) = −Σ_b log det S_b(z): ∂F/∂z_k = −tr(S⁻¹A_k) and
// ∂²F/∂z_k∂z_l = tr(S⁻¹A_k S⁻¹A_l). It returns false if some S_b(z) is not
// positive definite.
func barrierDerivs(blocks []block, z, grad []float64, hess *mat.SymDense) bool {
	m := len(z)
	for i := range grad {
		grad[i] = 0
	}
	hess.Zero()
	var chol mat.Cholesky
	var inv mat.SymDense
	for _, b := range blocks {
		if b.d == 1 {
			s := b.scalar(z)
			if !(s > 0) {
				return false
			}
			for x, k := range b.vars {
				ak := b.a[k][0].v
				grad[k] -= ak / s
				for _, l := range b.vars[x:] {
					hess.SetSym(k, l, hess.At(k, l)+ak*b.a[l][0].v/(s*s))
				}
			}
			continue
		}
		if !chol.Factorize(b.assemble(z)) {
			return false
		}
		if err := chol.InverseTo(&inv); err != nil {
			var c mat.Condition
			if !errors.As(err, &c) || math.IsInf(float64(c), 1) {
				return false
			}
		}
		for x, k := range b.vars {
			ek := b.a[k]
			for _, e := range ek {
				grad[k] -= inv.At(e.j, e.i) * e.v
			}
			for _, l := range b.vars[x:] {
				var h float64
				for _, e := range ek {
					for _, f := range b.a[l] {
						// tr(S⁻¹A_k S⁻¹A_l) picks S⁻¹[e.j][f.i]·f.v·S⁻¹[f.j][e.i]·e.v.
						h += inv.At(e.j, f.i) * f.v * inv.At(f.j, e.i) * e.v
					}
				}
				hess.SetSym(k, l, hess.At(k, l)+h)
			}
		}
	}
	_ = m
	return true
}

// barrierError wraps a failure of solveBarrier for a caller's message.
func barrierError(what string, err error) error {
	return fmt.Errorf("%w: %s: %v", ErrNoConvergence, what, err)
}

var debugBarrier = false
