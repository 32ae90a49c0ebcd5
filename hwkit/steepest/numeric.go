package steepest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

// Numeric is the result of a direct numerical minimization.
type Numeric struct {
	// X is the minimizer found.
	X []float64
	// F is the objective value at X.
	F float64
	// Gap bounds F − min J: the duality gap of the interior-point method
	// (a certificate) plus an allowance for the rounding of F. +Inf for
	// a derivative-free method (Nelder–Mead), which has no certificate.
	Gap float64
	// ArgTol bounds ‖X − u‖∞ for the unique minimizer u where the penalty
	// is strongly convex: √(α·Gap) for ℓ2 (J(X) − J(u) = ‖X − u‖₂²/α) and
	// √(α·Gap/λ_min(M)) for Mahalanobis, plus the rounding of X. +Inf (no
	// bound) for the other norms, whose minimizer need not be unique:
	// compare values (F against J(u)) there.
	ArgTol float64
	// Method names the method used: "interior point", the registered
	// derivative-free method's name ("Nelder–Mead" from steepest/derivfree),
	// or "none (g = 0)" when Δ = 0 is the answer by inspection.
	Method string
	// Iterations counts Newton steps (interior point) or objective
	// evaluations (a derivative-free method).
	Iterations int
}

// Accuracy targets of the interior-point method, relative to the size of
// the value. It stops at a duality gap of minimizeTol (MinimizeSquared) or
// probeTol (ProbeNorm) of the value, or earlier when rounding keeps Newton
// from centring, which typically leaves a certified gap near 10⁻¹¹ of the
// value; both fail if the gap stays above acceptTol.
const (
	minimizeTol = 1e-14
	probeTol    = 1e-14
	acceptTol   = 1e-8
)

// DerivativeFree minimizes f from x0 using only values of f; it returns the
// minimizer found in a Numeric (X, of len(x0) and not sharing x0's memory,
// F, Method, Iterations; Gap +Inf when it has no certificate) or an error
// wrapping ErrNoConvergence.
type DerivativeFree func(f func([]float64) float64, x0 []float64) (Numeric, error)

// derivativeFree is the registered method (nil until one is registered).
var derivativeFree DerivativeFree

// RegisterDerivativeFree makes m the method MinimizeSquared uses for the
// norms its interior-point method cannot take (ℓp, a Norm of your own).
// Package steepest/derivfree registers gonum's Nelder–Mead in its init:
//
//	import _ "github.com/dl-course/hw2/hwkit/steepest/derivfree"
//
// This is how crypto.RegisterHash keeps unused hashes out of a program:
// gonum/optimize and the statistics packages it imports would add about
// 0.01 s of linking to every notebook cell that imports steepest, and the
// notebooks' norms never need them. Call it from an init function (it is
// not synchronized); like database/sql.Register it panics if m is nil or a
// method is registered already.
func RegisterDerivativeFree(m DerivativeFree) {
	switch {
	case m == nil:
		panic("steepest: RegisterDerivativeFree(nil)")
	case derivativeFree != nil:
		panic("steepest: RegisterDerivativeFree called twice")
	}
	derivativeFree = m
}

// MinimizeSquared minimizes gᵀΔ + (1/α)‖Δ‖² numerically, without the closed
// form of SquaredStep, so it is an independent check of the derivation.
//
// The problem is first rescaled: with c = ‖g‖∞ and Δ = α·c·y it becomes
// αc²·(hᵀy + ‖y‖²) with h = g/c, whose minimizer has entries of order one.
// Then:
//
//   - for ℓ2, ℓ∞, ℓ1, Mahalanobis and spectral norms, whose epigraph
//     {(y, t) : ‖y‖ ≤ t} is a linear matrix inequality, it solves
//     min hᵀy + t² subject to ‖y‖ ≤ t with a log-barrier interior-point
//     method (damped Newton, μ ← μ/10 until the certified duality gap is
//     below 1e-14 of the value, at most 60 + 8m Newton steps per μ for m
//     variables). The method sees only the unit ball, not Δx_nsd or the
//     dual norm, and the kinks of ℓ1, ℓ∞ and the spectral norm do not
//     trouble it. Gap and ArgTol certify the result;
//   - for other norms (ℓp, or a Norm of your own) it calls Norm.Norm only,
//     through the registered derivative-free method from y = 0 (see
//     RegisterDerivativeFree; package steepest/derivfree registers gonum's
//     Nelder–Mead, restarted until a run improves the value by less than
//     1e-15 relative). This is reliable for smooth norms but has no
//     certificate (Gap and ArgTol are +Inf). With no method registered it
//     returns an error wrapping ErrNoMethod that says what to import.
//
// When the minimizer is not unique (ℓ∞ with some gᵢ = 0, ℓ1 with tied
// largest |gⱼ|, a rank-deficient spectral G; see SquaredStep) the interior
// point method returns a point near the centre of the set of minimizers,
// not the one SquaredStep picks: compare the minimum values (F, within Gap)
// rather than the vectors. Where gᵢ = 0 exactly for ℓ∞ the centre is
// Xᵢ = 0, which is SquaredStep's choice.
//
// It returns an error for a bad norm, g or α, a result out of float64's
// range, and an error wrapping ErrNoConvergence when the method stopped
// before its accuracy target (a certified gap above 1e-8 of the value, or
// the derivative-free method still improving when it stopped).
func MinimizeSquared(norm Norm, g []float64, alpha float64) (Numeric, error) {
	if err := checkInputs(norm, g, alpha); err != nil {
		return Numeric{}, err
	}
	n := len(g)
	c := floats.Norm(g, math.Inf(1))
	if c == 0 {
		return Numeric{X: make([]float64, n), Method: "none (g = 0)"}, nil
	}
	h := scaled(g)
	var res Numeric
	if ln, ok := norm.(lmiNorm); ok {
		// With the norm's scale ρ, ‖·‖ = ρ‖·‖′ and y = w/ρ²:
		// hᵀy + ‖y‖² = (hᵀw + ‖w‖′²)/ρ², solved in w.
		ep, rho := ln.epigraph(n), ln.scale()
		q := make([]float64, ep.m)
		copy(q, h)
		br, err := solveBarrier(ep.blocks, q, 2, ep.start(1), minimizeTol)
		if err != nil {
			return Numeric{}, barrierError(fmt.Sprintf("minimizing gᵀΔ + (1/α)‖Δ‖² for %s with %d coordinates", norm.Name(), n), err)
		}
		y := make([]float64, n)
		for i := range y {
			y[i] = br.z[i] / rho / rho
		}
		nrm := norm.Norm(y)
		fs := floats.Dot(h, y) + nrm*nrm
		var absDot float64
		for i := range y {
			absDot += math.Abs(h[i] * y[i])
		}
		gap := br.gap/rho/rho + 4*float64(n+3)*eps*(absDot+nrm*nrm)
		if !(gap <= acceptTol*math.Abs(fs)) {
			return Numeric{}, fmt.Errorf("%w: minimizing gᵀΔ + (1/α)‖Δ‖² for %s with %d coordinates: duality gap %.3g of the value %.3g after %d Newton steps",
				ErrNoConvergence, norm.Name(), n, gap, fs, br.steps)
		}
		res = Numeric{X: y, F: fs, Gap: gap, Iterations: br.steps, Method: "interior point"}
	} else {
		f := func(y []float64) float64 {
			v := norm.Norm(y)
			return floats.Dot(h, y) + v*v
		}
		if derivativeFree == nil {
			return Numeric{}, fmt.Errorf("%w: %s has no interior-point form, and no derivative-free method is registered: import _ \"github.com/dl-course/hw2/hwkit/steepest/derivfree\"", ErrNoMethod, norm.Name())
		}
		var err error
		res, err = derivativeFree(f, make([]float64, n))
		if err != nil {
			return Numeric{}, fmt.Errorf("minimizing gᵀΔ + (1/α)‖Δ‖² for %s: %w", norm.Name(), err)
		}
		if len(res.X) != n {
			return Numeric{}, fmt.Errorf("%w: the derivative-free method returned %d coordinates for %d", ErrNoConvergence, len(res.X), n)
		}
		res.X = append([]float64(nil), res.X...)
	}
	// Back to Δ = αc·y and J = αc²·(hᵀy + ‖y‖²), without overflow in αc².
	floats.Scale(alpha*c, res.X)
	res.F *= alpha * c * c
	res.Gap *= alpha * c * c
	if err := checkResult("the numerical minimizer", res.X, true); err != nil {
		return Numeric{}, err
	}
	if err := checkScalar("the numerical minimum", res.F, true); err != nil {
		return Numeric{}, err
	}
	res.ArgTol = math.Inf(1)
	switch m := norm.(type) {
	case L2:
		res.ArgTol = math.Sqrt(alpha)*math.Sqrt(res.Gap) + 4*eps*floats.Norm(res.X, math.Inf(1))
	case *Mahalanobis:
		res.ArgTol = math.Sqrt(alpha)*math.Sqrt(res.Gap)/math.Sqrt(m.lambdaMin()) + 4*eps*floats.Norm(res.X, math.Inf(1))
	}
	return res, nil
}

// Probe is numerical evidence, computed by ProbeNorm without the closed form,
// on whether min_Δ gᵀΔ + (1/α)‖Δ‖ (unsquared penalty) is bounded.
type Probe struct {
	// DualLo and DualHi bracket the dual norm: the interior-point method
	// minimizes gᵀv over the unit ball ‖v‖ ≤ 1 and certifies
	// DualLo ≤ ‖g‖_* ≤ DualHi by its duality gap (with an allowance for
	// rounding). Dual is the midpoint.
	DualLo, DualHi, Dual float64
	// Threshold is 1/α.
	Threshold float64
	// Slope is 1/α − Dual: along the best direction the objective is
	// r·Slope, so the minimum over the sphere ‖Δ‖ = R is R·Slope.
	Slope float64
	// Regime is Classify(Dual, 1/α): the tie rule applied to the numerical
	// estimate.
	Regime Regime
	// Method names the minimization method.
	Method string
	// Iterations counts the Newton steps.
	Iterations int

	dual string // how ‖g‖_* is written for the norm, e.g. "‖g‖₁"
}

// Admits reports whether a regime is consistent with the probe: whether
// some dual norm in [DualLo, DualHi] falls in that regime under the tie
// rule. Near the edge of the tie band two regimes may be admitted; far from
// it exactly one.
func (p Probe) Admits(r Regime) bool {
	lo, hi := tieBand(p.Threshold)
	switch r {
	case Zero:
		return p.DualLo < lo
	case Tie:
		return p.DualLo <= hi && p.DualHi >= lo
	case Unbounded:
		return p.DualHi > hi
	}
	return false
}

// String reports the estimate, the half-width of the bracket and the
// regimes it admits, e.g. "numerically ‖g‖₁ = 1.6 (± 1.1e-12) vs 1/α = 1.25:
// unbounded".
func (p Probe) String() string {
	var admits []string
	for _, r := range []Regime{Zero, Tie, Unbounded} {
		if p.Admits(r) {
			admits = append(admits, r.String())
		}
	}
	d := p.dual
	if d == "" {
		d = "‖g‖*"
	}
	return fmt.Sprintf("numerically %s = %s (± %.2g) vs 1/α = %s: %s", d, table.Float(p.Dual), (p.DualHi-p.DualLo)/2,
		table.Float(p.Threshold), joinOr(admits))
}

func joinOr(s []string) string {
	switch len(s) {
	case 0:
		return "no regime"
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1:] {
		out += " or " + x
	}
	return out
}

// ProbeNorm finds numerically, without the dual norm or Δx_nsd, which
// regime min_Δ gᵀΔ + (1/α)‖Δ‖ is in. The objective is positively
// homogeneous, so its minimum over the sphere ‖Δ‖ = R is
// R·(1/α + min_{‖v‖≤1} gᵀv): the probe minimizes the linear function gᵀv
// over the unit ball ‖v‖ ≤ 1 by the interior-point method on the norm's
// epigraph (ℓ2, ℓ∞, ℓ1, Mahalanobis and spectral norms), which certifies
// its value to a duality gap of about 1e-11 relative (an error if above
// 1e-8), and compares the bracket it
// gets for ‖g‖_* with 1/α under the tie rule.
//
// It returns an error for a bad norm, g or α, a norm without an LMI
// epigraph, or a method that could not centre.
func ProbeNorm(norm Norm, g []float64, alpha float64) (Probe, error) {
	if err := checkInputs(norm, g, alpha); err != nil {
		return Probe{}, err
	}
	ln, ok := norm.(lmiNorm)
	if !ok {
		return Probe{}, fmt.Errorf("%w: ProbeNorm needs ℓ2, ℓ∞, ℓ1, Mahalanobis or spectral, not %s", ErrNoNorm, norm.Name())
	}
	t := 1 / alpha
	p := Probe{Threshold: t, Method: "interior point", dual: dualName(norm)}
	n := len(g)
	c := floats.Norm(g, math.Inf(1))
	if c == 0 {
		p.Method = "none (g = 0)"
		p.Slope, p.Regime = t, Classify(0, t)
		return p, nil
	}
	h := scaled(g)
	// With the norm's scale ρ, ‖v‖ ≤ 1 is ‖u‖′ ≤ 1 for u = ρv: the minimum
	// of hᵀv is that of hᵀu over ‖u‖′ ≤ 1, divided by ρ.
	ep, rho := ln.epigraph(n), ln.scale()
	// min hᵀu subject to ‖u‖′ ≤ τ ≤ 1: the epigraph plus the block 1 − τ ≥ 0.
	blocks := append(ep.blocks[:len(ep.blocks):len(ep.blocks)], scalarBlock(ep.m, 1, map[int]float64{ep.m - 1: -1}))
	q := make([]float64, ep.m)
	copy(q, h)
	br, err := solveBarrier(blocks, q, 0, ep.start(0.5), probeTol)
	if err != nil {
		return Probe{}, barrierError(fmt.Sprintf("minimizing gᵀv over the %s unit ball", norm.Name()), err)
	}
	v := br.z[:n]
	f := floats.Dot(h, v) // ≥ −‖h‖_*, within br.gap of it
	if br.gap > acceptTol*math.Abs(f) {
		return Probe{}, fmt.Errorf("%w: minimizing gᵀv over the %s unit ball: duality gap %.3g of the value %.3g after %d Newton steps",
			ErrNoConvergence, norm.Name(), br.gap, f, br.steps)
	}
	var absDot float64
	for i := range v {
		absDot += math.Abs(h[i] * v[i])
	}
	round := 4 * float64(n+2) * eps * absDot
	p.DualLo, p.DualHi = c*((-f-round)/rho), c*((-f+br.gap+round)/rho)
	p.Dual = p.DualLo/2 + p.DualHi/2
	p.Slope, p.Regime, p.Iterations = t-p.Dual, Classify(p.Dual, t), br.steps
	if err := checkScalar("the numerical dual norm", p.DualHi, false); err != nil {
		return Probe{}, err
	}
	return p, nil
}
