package lsq

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/table"
)

// Preconditioned is full-batch gradient descent with the diagonal
// preconditioner P = diag(s)^(−Power), s the feature scales
// (Problem.Scales, |aⱼ| for one row), and a step size given as a fraction of
// its stability limit:
//
//	Preconditioned: θ ← θ − α·P·∇f(θ),  α = Frac/λ,  λ = λ_max(P^½·XᵀX·P^½).
//
// The error along the data then shrinks by q = 1 − 2·Frac per step in the
// stiffest direction, so 0 < Frac < 1 converges. From θ₀ = 0 the iterates
// stay in the span of P·Xᵀ, and the limit is the interpolant of minimum
// Σⱼ sⱼ^Power·θⱼ²; for one row a it is PreconditionedLimit(a, Power):
// Power 0 is gradient descent (SGD's a/‖a‖²), Power 2 is RescaledSGD's
// 1/(d·a), and Power 1 lands on sign(a)/‖a‖₁, sign descent's limit.
//
// A feature that is zero in every row has gradient 0 and never moves; its
// Pⱼⱼ is taken as 1. The step factors α·Pⱼⱼ are computed from the scaled
// data, so magnitudes near 1e-170 or 1e200 work; Init returns an error when
// a factor does not fit in a float64.
type Preconditioned struct {
	// Frac is the step size as a fraction of the stability limit 1/λ,
	// in (0, 1].
	Frac float64
	// Power is the exponent p of P = diag(s)^(−p), finite.
	Power float64
}

// Init implements Method.
func (m Preconditioned) Init(p *Problem) (Stepper, error) {
	if p == nil {
		return nil, errNilProblem
	}
	if !(m.Frac > 0 && m.Frac <= 1) {
		return nil, fmt.Errorf("lsq: preconditioned GD step fraction Frac = %v must be in (0, 1]", m.Frac)
	}
	if !finite(m.Power) {
		return nil, fmt.Errorf("lsq: preconditioned GD power %v must be finite", m.Power)
	}
	factor, err := preconditionedFactors(p, m.Power)
	if err != nil {
		return nil, err
	}
	floats.Scale(m.Frac, factor)
	top := floats.Norm(p.x, math.Inf(1))
	xs := make([]float64, len(p.x))
	for k, v := range p.x {
		xs[k] = v / top
	}
	return &precondStepper{p: p, xs: xs, factor: factor, r: make([]float64, p.n)}, nil
}

// preconditionedFactors returns the step factors α·Pⱼⱼ/Frac for Power pow
// in the units the stepper uses: the gradient is taken with X/max|x|, so
// with X̃ = X/top, P̃ = diag((s/max s)^(−p)) and σ̃ = σ_max(X̃·P̃^½) the factor
// is P̃ⱼⱼ/(σ̃²·top) (the powers of max s cancel between P and λ).
func preconditionedFactors(p *Problem, pow float64) ([]float64, error) {
	s, err := p.Scales()
	if err != nil {
		return nil, err
	}
	top := floats.Norm(p.x, math.Inf(1))
	stop := floats.Max(s)
	if top == 0 {
		return nil, errors.New("lsq: X is all zero: preconditioned GD has no direction")
	}
	// P scaled: (sⱼ/max s)^(−p), zero features 1.
	pd := make([]float64, p.d)
	for j, v := range s {
		pd[j] = 1
		if v != 0 {
			pd[j] = math.Pow(v/stop, -pow)
		}
		if !(pd[j] > 0) || math.IsInf(pd[j], 0) {
			return nil, fmt.Errorf("lsq: the preconditioner (s[%d]/max s)^(−%v) = (%s)^(−%v) does not fit in a float64",
				j, pow, table.Float(v/stop), pow)
		}
	}
	// λ of the scaled problem: σ_max² of (X/top)·P^½ with P normalized.
	b := mat.NewDense(p.n, p.d, nil)
	var bmax float64
	for i := range p.n {
		for j := range p.d {
			v := p.x[i*p.d+j] / top * math.Sqrt(pd[j])
			b.Set(i, j, v)
			bmax = math.Max(bmax, math.Abs(v))
		}
	}
	b.Scale(1/bmax, b) // keep the SVD's input in [−1, 1]
	var svd mat.SVD
	if !svd.Factorize(b, mat.SVDNone) {
		return nil, errors.New("lsq: the SVD for the preconditioned step size did not converge")
	}
	sigma := svd.Values(nil)[0] * bmax
	lambda := sigma * sigma
	factor := make([]float64, p.d)
	for j := range factor {
		factor[j] = pd[j] / lambda / top
		if !(factor[j] > 0) || math.IsInf(factor[j], 0) {
			return nil, fmt.Errorf("lsq: the preconditioned step α·P[%d] does not fit in a float64 (max |x| = %s)",
				j, table.Float(top))
		}
	}
	return factor, nil
}

// String implements Method, e.g. "preconditioned GD p=1 (0.25 of the limit)".
func (m Preconditioned) String() string {
	return "preconditioned GD p=" + table.Float(m.Power) + " (" + table.Float(m.Frac) + " of the limit)"
}

type precondStepper struct {
	p      *Problem
	xs     []float64 // X/max|x|
	factor []float64 // the step factors for a gradient taken with xs
	r      []float64
}

func (s *precondStepper) Step(theta []float64, _ int) {
	d := s.p.d
	for i := range s.p.n {
		s.r[i] = 2 * s.p.residual(i, theta)
	}
	for j := range d {
		var g float64
		for i, r := range s.r {
			g += r * s.xs[i*d+j]
		}
		theta[j] -= s.factor[j] * g
	}
}
