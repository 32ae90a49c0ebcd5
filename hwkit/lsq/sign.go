package lsq

import "math"

// SignDescent is full-batch sign descent:
//
//	SignDescent: θ ← θ − α_t·sign(g),  g = ∇f(θ),  sign(0) = 0.
//
// Every coordinate moves by exactly ±α_t (or not at all). On the
// single-point problem from θ₀ = 0 the iterates stay on span(sign(a)),
// θ_t = c_t·sign(a), and c_t walks towards c* = 1/‖a‖₁: with a constant step
// α it ends hopping between kα and (k+1)α, k = ⌊c*/α⌋, for ever; with a
// schedule whose steps add up to c* (Schedule.Sum) and satisfy
// α_{t−1} ≤ 2α_t (all three schedules do) it stays within α_{t−1} of c*
// from the step that crosses c* on (SignProgress). A coordinate whose
// gradient is 0, such as one with aⱼ = 0, does not move.
type SignDescent struct {
	// LR is the base step size α > 0.
	LR float64
	// Schedule decays the step size; the zero value is Constant.
	Schedule Schedule
}

// Init implements Method.
func (m SignDescent) Init(p *Problem) (Stepper, error) {
	if p == nil {
		return nil, errNilProblem
	}
	if err := checkLR("sign descent", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	return &signStepper{p: p, lr: m.LR, sched: m.Schedule, r: make([]float64, p.n)}, nil
}

// String implements Method, e.g. "sign descent α=0.1/√(t+1)".
func (m SignDescent) String() string { return "sign descent " + lrString(m.LR, m.Schedule) }

func (SignDescent) boundedSteps() {}

type signStepper struct {
	p     *Problem
	lr    float64
	sched Schedule
	r     []float64 // residuals, scaled by their largest magnitude
}

// scaledResiduals stores rᵢ = xᵢᵀθ − yᵢ divided by big = maxᵢ |rᵢ| in r, so that
// sums of rᵢxᵢⱼ neither overflow nor underflow (an infinite residual
// becomes ±1, the finite ones 0), and reports whether a step is to be
// taken: false when every residual is 0, or one is NaN.
func scaledResiduals(p *Problem, theta, r []float64) (big float64, ok bool) {
	for i := range p.n {
		r[i] = p.residual(i, theta)
		big = math.Max(big, math.Abs(r[i]))
	}
	switch {
	case big == 0 || math.IsNaN(big):
		return big, false
	case math.IsInf(big, 0): // the limit of rᵢ/maxᵢ|rᵢ|
		for i, v := range r {
			r[i] = 0
			if math.IsInf(v, 0) {
				r[i] = sign(v)
			}
		}
		return big, true
	}
	for i := range r {
		r[i] /= big
	}
	return big, true
}

func (s *signStepper) Step(theta []float64, t int) {
	if _, ok := scaledResiduals(s.p, theta, s.r); !ok {
		return // at an interpolant: the gradient is 0
	}
	a := s.sched.Rate(s.lr, t)
	d := s.p.d
	for j := range d {
		var g float64 // ∇f(θ)ⱼ up to a positive factor
		for i, r := range s.r {
			g += r * s.p.x[i*d+j]
		}
		theta[j] -= a * sign(g)
	}
}

// SimplifiedAdam is the homework's simplified Adam, one epoch (a pass over
// all n rows) per iteration:
//
//	SimplifiedAdam: θⱼ ← θⱼ − α_t·ḡⱼ/√(mean_i gᵢⱼ²),
//
// where gᵢ = 2(xᵢᵀθ − yᵢ)xᵢ are the row gradients of the epoch and
// ḡ = (1/n)Σᵢ gᵢ = ∇f(θ)/n is their mean. That is θ ← θ − α_t·M_t·ḡ with
// the diagonal preconditioner M_t = diag(1/√(mean_i gᵢⱼ²)). A coordinate
// whose second moment is zero takes no step (0/0 → 0).
//
// The mean (not the sum ∇f) is used so that, by Cauchy–Schwarz,
// |ḡⱼ| ≤ √(mean_i gᵢⱼ²): no coordinate moves by more than α_t, whatever n
// is, and a coordinate moves by exactly α_t when all rows agree on it. With
// one row ḡ = g₁ and the update is exactly sign descent,
// θ ← θ − α_t·sign(g).
type SimplifiedAdam struct {
	// LR is the base step size α > 0.
	LR float64
	// Schedule decays the step size; the zero value is Constant.
	Schedule Schedule
}

// Init implements Method.
func (m SimplifiedAdam) Init(p *Problem) (Stepper, error) {
	if p == nil {
		return nil, errNilProblem
	}
	if err := checkLR("simplified Adam", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	return &simpleAdamStepper{p: p, lr: m.LR, sched: m.Schedule, r: make([]float64, p.n)}, nil
}

// String implements Method, e.g. "simplified Adam α=0.1".
func (m SimplifiedAdam) String() string { return "simplified Adam " + lrString(m.LR, m.Schedule) }

func (SimplifiedAdam) boundedSteps() {}

type simpleAdamStepper struct {
	p     *Problem
	lr    float64
	sched Schedule
	r     []float64 // residuals, scaled
}

func (s *simpleAdamStepper) Step(theta []float64, t int) {
	if _, ok := scaledResiduals(s.p, theta, s.r); !ok {
		return
	}
	n, d := s.p.n, s.p.d
	a := s.sched.Rate(s.lr, t)
	for j := range d {
		// Row gradients gᵢⱼ ∝ rᵢxᵢⱼ, scaled by their largest magnitude so
		// that the squares neither overflow nor underflow. With one row the
		// scaled gradient is ±1, so the step is exactly ±α_t: sign descent.
		var big float64
		for i := range n {
			big = math.Max(big, math.Abs(s.r[i]*s.p.x[i*d+j]))
		}
		if big == 0 {
			continue // zero second moment: no step
		}
		var sum, sq float64
		for i := range n {
			g := s.r[i] * s.p.x[i*d+j] / big
			sum += g
			sq += g * g
		}
		theta[j] -= a * ((sum / float64(n)) / math.Sqrt(sq/float64(n)))
	}
}
