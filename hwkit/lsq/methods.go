package lsq

import (
	"fmt"
	"math/rand/v2"
)

// Method is an optimizer with its parameters, e.g. SGD{LR: 0.5}. Run calls
// Init once per run, so a Method value holds no state and can be reused.
type Method interface {
	// Init checks the parameters against p and returns a Stepper with fresh
	// state, or an error explaining what is wrong.
	Init(p *Problem) (Stepper, error)
	// String names the method and its step size for legends and tables,
	// e.g. "SGD α=0.5" or "sign descent α=0.1/√(t+1)".
	String() string
}

// Stepper holds the state of one run of a Method.
type Stepper interface {
	// Step applies iteration t to θ in place. Run calls it with
	// t = 0, 1, 2, … in order, always on the same slice of the problem's
	// dimension; the steppers of this package panic (index out of range)
	// on a θ of another length, a programming error Run cannot make.
	Step(theta []float64, t int)
}

// boundedSteps is implemented by methods that move every coordinate by at
// most a fixed multiple of α_t per iteration, whatever the gradient: their
// loss cannot run away, so Run stops them only on a non-finite θ (a loss
// that overflows float64 while θ stays finite is not a divergence).
type boundedSteps interface {
	boundedSteps()
}

// Compile-time checks that the optimizers are Methods.
var (
	_ Method = SGD{}
	_ Method = SignDescent{}
	_ Method = SimplifiedAdam{}
	_ Method = Adam{}
	_ Method = RescaledSGD{}
	_ Method = Preconditioned{}

	_ boundedSteps = SignDescent{}
	_ boundedSteps = SimplifiedAdam{}
	_ boundedSteps = Adam{}
)

// SGD is stochastic gradient descent, one row per iteration:
//
//	SGD: θ ← θ − α_t·gᵢ,  gᵢ = 2(xᵢᵀθ − yᵢ)xᵢ,  α_t = Schedule.Rate(LR, t).
//
// Rows are visited cyclically in the order 0, 1, …, n−1 (so iteration t uses
// row t mod n), or, if Rand is not nil, in a fresh random order drawn from
// Rand at the start of every epoch. With one row SGD is gradient descent.
type SGD struct {
	// LR is the base step size α > 0.
	LR float64
	// Schedule decays the step size; the zero value is Constant.
	Schedule Schedule
	// Rand, if not nil, shuffles the rows every epoch. A run draws from it,
	// so pass a freshly seeded generator to reproduce a trace.
	Rand *rand.Rand
}

// Init implements Method.
func (m SGD) Init(p *Problem) (Stepper, error) {
	if p == nil {
		return nil, errNilProblem
	}
	if err := checkLR("SGD", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	return &sgdStepper{p: p, lr: m.LR, sched: m.Schedule, rng: m.Rand}, nil
}

// String implements Method, e.g. "SGD α=0.5" or "SGD α=0.5 shuffled".
func (m SGD) String() string {
	s := "SGD " + lrString(m.LR, m.Schedule)
	if m.Rand != nil {
		s += " shuffled"
	}
	return s
}

type sgdStepper struct {
	p     *Problem
	lr    float64
	sched Schedule
	rng   *rand.Rand
	order []int
}

func (s *sgdStepper) Step(theta []float64, t int) {
	k := t % s.p.n
	i := k
	if s.rng != nil {
		if k == 0 || s.order == nil {
			s.order = s.rng.Perm(s.p.n)
		}
		i = s.order[k]
	}
	c := s.sched.Rate(s.lr, t) * 2 * s.p.residual(i, theta)
	for j, v := range s.p.row(i) {
		theta[j] -= c * v
	}
}

// RescaledSGD is SGD on features rescaled to unit second moment. With
// sⱼ = √(mean_i xᵢⱼ²) (Problem.Scales) it runs SGD on x'ᵢⱼ = xᵢⱼ/sⱼ in
// the parameters θ'ⱼ = sⱼ·θⱼ and maps back:
//
//	RescaledSGD: θ' ← θ' − α_t·g'ᵢ,  g'ᵢ = 2(x'ᵢᵀθ' − yᵢ)x'ᵢ,  θⱼ = θ'ⱼ/sⱼ,
//
// which is θ ← θ − α_t·S⁻²·gᵢ with S = diag(s) in the original coordinates.
// Theta0 and the trace are in the original coordinates. From θ₀ = 0 it
// converges (for small enough α) to the interpolant of minimum Σⱼ sⱼ²θⱼ²;
// for one row a that is θⱼ = 1/(d·aⱼ) (RescaledLimit). Init returns an error
// wrapping ErrZeroFeature if a feature is zero in every row.
type RescaledSGD struct {
	// LR is the base step size α > 0, applied in the rescaled coordinates.
	LR float64
	// Schedule decays the step size; the zero value is Constant.
	Schedule Schedule
	// Rand, if not nil, shuffles the rows every epoch, as in SGD.
	Rand *rand.Rand
}

// Init implements Method.
func (m RescaledSGD) Init(p *Problem) (Stepper, error) {
	if p == nil {
		return nil, errNilProblem
	}
	if err := checkLR("rescaled SGD", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	s, err := p.Scales()
	if err != nil {
		return nil, err
	}
	for j, v := range s {
		if v == 0 {
			return nil, fmt.Errorf("%w: feature %d has scale s = 0, so rescaled SGD cannot divide by it", ErrZeroFeature, j)
		}
	}
	q := &Problem{n: p.n, d: p.d, x: make([]float64, len(p.x)), y: p.y}
	for k, v := range p.x {
		q.x[k] = v / s[k%p.d]
	}
	return &rescaledStepper{s: s, thetaS: make([]float64, p.d),
		sgd: sgdStepper{p: q, lr: m.LR, sched: m.Schedule, rng: m.Rand}}, nil
}

// String implements Method, e.g. "rescaled SGD α=0.1".
func (m RescaledSGD) String() string {
	return "rescaled " + SGD(m).String()
}

type rescaledStepper struct {
	s       []float64
	thetaS  []float64 // θ' = S·θ
	started bool
	sgd     sgdStepper
}

func (r *rescaledStepper) Step(theta []float64, t int) {
	if !r.started {
		for j, v := range theta {
			r.thetaS[j] = r.s[j] * v
		}
		r.started = true
	}
	r.sgd.Step(r.thetaS, t)
	for j, v := range r.thetaS {
		theta[j] = v / r.s[j]
	}
}
