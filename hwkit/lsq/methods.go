package lsq

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/dl-course/hw2/hwkit/table"
)

// Schedule is a step-size schedule: iteration t = 0, 1, 2, … uses the step
// size α_t = LR·factor(t). The zero value is Constant.
type Schedule int

const (
	// Constant keeps the step size fixed: α_t = LR.
	Constant Schedule = iota
	// InvSqrt decays the step size as α_t = LR/√(t+1).
	InvSqrt
	// Inv decays the step size as α_t = LR/(t+1).
	Inv
)

// Rate returns the step size α_t at iteration t for the base step size lr.
// An unknown schedule gives NaN.
func (s Schedule) Rate(lr float64, t int) float64 {
	switch s {
	case Constant:
		return lr
	case InvSqrt:
		return lr / math.Sqrt(float64(t+1))
	case Inv:
		return lr / float64(t+1)
	}
	return math.NaN()
}

// String returns the decay factor, e.g. "1/√(t+1)", or "constant".
func (s Schedule) String() string {
	switch s {
	case Constant:
		return "constant"
	case InvSqrt:
		return "1/√(t+1)"
	case Inv:
		return "1/(t+1)"
	}
	return fmt.Sprintf("Schedule(%d)", int(s))
}

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
	// t = 0, 1, 2, … in order, always on the same slice.
	Step(theta []float64, t int)
}

// Compile-time checks that the optimizers are Methods.
var (
	_ Method = SGD{}
	_ Method = SignDescent{}
	_ Method = SimplifiedAdam{}
	_ Method = Adam{}
	_ Method = RescaledSGD{}
)

// checkLR validates a base step size and a schedule.
func checkLR(name string, lr float64, s Schedule) error {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("lsq: %s step size LR = %v must be positive and finite", name, lr)
	}
	if s < Constant || s > Inv {
		return fmt.Errorf("lsq: %s has unknown step-size schedule %v (use Constant, InvSqrt or Inv)", name, s)
	}
	return nil
}

// lrString prints the step size with its schedule, e.g. "α=0.5/√(t+1)".
func lrString(lr float64, s Schedule) string {
	a := "α=" + table.Float(lr)
	switch s {
	case Constant:
		return a
	case InvSqrt:
		return a + "/√(t+1)"
	case Inv:
		return a + "/(t+1)"
	}
	return a + "·" + s.String()
}

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

// SignDescent is full-batch sign descent:
//
//	SignDescent: θ ← θ − α_t·sign(g),  g = ∇f(θ),  sign(0) = 0.
//
// Every coordinate moves by exactly ±α_t (or not at all), so with a constant
// step size the iterates cannot settle closer than about α to the solution:
// on the single-point problem from θ₀ = 0 they reach sign(a)/‖a‖₁ to within
// α and then jump back and forth around it with peak-to-peak amplitude α in
// every coordinate. With a decaying schedule (InvSqrt or Inv, Σα_t = ∞ and
// α_t → 0) they converge to sign(a)/‖a‖₁, the minimum-ℓ∞-norm interpolant.
type SignDescent struct {
	// LR is the base step size α > 0.
	LR float64
	// Schedule decays the step size; the zero value is Constant.
	Schedule Schedule
}

// Init implements Method.
func (m SignDescent) Init(p *Problem) (Stepper, error) {
	if err := checkLR("sign descent", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	return &signStepper{p: p, lr: m.LR, sched: m.Schedule, g: make([]float64, p.d)}, nil
}

// String implements Method, e.g. "sign descent α=0.1/√(t+1)".
func (m SignDescent) String() string { return "sign descent " + lrString(m.LR, m.Schedule) }

type signStepper struct {
	p     *Problem
	lr    float64
	sched Schedule
	g     []float64
}

func (s *signStepper) Step(theta []float64, t int) {
	s.p.Grad(s.g, theta)
	a := s.sched.Rate(s.lr, t)
	for j, g := range s.g {
		switch {
		case g > 0:
			theta[j] -= a
		case g < 0:
			theta[j] += a
		}
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
	if err := checkLR("simplified Adam", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	return &simpleAdamStepper{p: p, lr: m.LR, sched: m.Schedule, r: make([]float64, p.n)}, nil
}

// String implements Method, e.g. "simplified Adam α=0.1".
func (m SimplifiedAdam) String() string { return "simplified Adam " + lrString(m.LR, m.Schedule) }

type simpleAdamStepper struct {
	p     *Problem
	lr    float64
	sched Schedule
	r     []float64 // 2(xᵢᵀθ − yᵢ)
}

func (s *simpleAdamStepper) Step(theta []float64, t int) {
	n, d := s.p.n, s.p.d
	for i := range n {
		s.r[i] = 2 * s.p.residual(i, theta)
	}
	a := s.sched.Rate(s.lr, t)
	for j := range d {
		// Row gradients gᵢⱼ = rᵢxᵢⱼ, scaled by their largest magnitude so
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

// Default Adam parameters, used when the corresponding field is zero.
const (
	DefaultBeta1 = 0.9
	DefaultBeta2 = 0.999
	DefaultEps   = 1e-8
)

// Adam is full-batch Adam with bias correction, one step per iteration:
//
//	m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²,   g = ∇f(θ),
//	m̂ = m/(1−β1ᵏ),  v̂ = v/(1−β2ᵏ),  k = t+1,
//	Adam: θ ← θ − α_t·m̂/(√v̂ + ε),
//
// with m = v = 0 at the start. A zero Beta1, Beta2 or Eps means its default
// (DefaultBeta1 = 0.9, DefaultBeta2 = 0.999, DefaultEps = 1e-8), so
// Adam{LR: 0.01} is the textbook optimizer; β1 = 0 exactly is therefore not
// available (a tiny value such as 1e-12 behaves the same).
//
// On the single-point problem every gradient is a multiple of a, so without
// ε the step m̂/√v̂ would be a multiple of sign(a) and Adam would move along
// sign(a) like sign descent. ε breaks the tie: coordinates with small |aⱼ|
// (small √v̂ⱼ) take slightly shorter steps, so Adam lands near sign(a)/‖a‖₁
// but not on it (for a = [1, 0.1, 0.01], α = 0.01/√(t+1) and 20,000 steps, θ₁ − θ₃ ≈ 1e-6). With
// a constant step the loss need not settle either: as v̂ forgets the early,
// large gradients the steps grow again and the loss jumps up now and then.
// Run it and compare the final θ with SignLimit and SGDLimit (Compare,
// Trace.Range, ThetaFigure) to see where it lands.
type Adam struct {
	// LR is the base step size α > 0.
	LR float64
	// Schedule decays the step size; the zero value is Constant.
	Schedule Schedule
	// Beta1 and Beta2 are the decay rates of the first and second moment
	// estimates, in [0, 1); zero means the default.
	Beta1, Beta2 float64
	// Eps ≥ 0 guards the division; zero means the default 1e-8.
	Eps float64
}

// params returns β1, β2, ε with the defaults applied.
func (m Adam) params() (b1, b2, eps float64) {
	b1, b2, eps = m.Beta1, m.Beta2, m.Eps
	if b1 == 0 {
		b1 = DefaultBeta1
	}
	if b2 == 0 {
		b2 = DefaultBeta2
	}
	if eps == 0 {
		eps = DefaultEps
	}
	return b1, b2, eps
}

// Init implements Method.
func (m Adam) Init(p *Problem) (Stepper, error) {
	if err := checkLR("Adam", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	if !(m.Beta1 >= 0 && m.Beta1 < 1) {
		return nil, fmt.Errorf("lsq: Adam Beta1 = %v must be in [0, 1) (0 means the default %v)", m.Beta1, DefaultBeta1)
	}
	if !(m.Beta2 >= 0 && m.Beta2 < 1) {
		return nil, fmt.Errorf("lsq: Adam Beta2 = %v must be in [0, 1) (0 means the default %v)", m.Beta2, DefaultBeta2)
	}
	if !(m.Eps >= 0) || math.IsInf(m.Eps, 0) {
		return nil, fmt.Errorf("lsq: Adam Eps = %v must be positive and finite (0 means the default %v)", m.Eps, DefaultEps)
	}
	b1, b2, eps := m.params()
	return &adamStepper{p: p, lr: m.LR, sched: m.Schedule, b1: b1, b2: b2, eps: eps, p1: 1, p2: 1,
		g: make([]float64, p.d), m: make([]float64, p.d), v: make([]float64, p.d)}, nil
}

// String implements Method, e.g. "Adam α=0.01"; β1, β2 and ε are shown
// when they differ from the defaults.
func (m Adam) String() string {
	s := "Adam " + lrString(m.LR, m.Schedule)
	b1, b2, eps := m.params()
	if b1 != DefaultBeta1 {
		s += " β1=" + table.Float(b1)
	}
	if b2 != DefaultBeta2 {
		s += " β2=" + table.Float(b2)
	}
	if eps != DefaultEps {
		s += " ε=" + table.Float(eps)
	}
	return s
}

type adamStepper struct {
	p           *Problem
	lr          float64
	sched       Schedule
	b1, b2, eps float64
	p1, p2      float64 // β1ᵏ, β2ᵏ
	g, m, v     []float64
}

func (s *adamStepper) Step(theta []float64, t int) {
	s.p.Grad(s.g, theta)
	s.p1 *= s.b1
	s.p2 *= s.b2
	a := s.sched.Rate(s.lr, t)
	for j, g := range s.g {
		s.m[j] = s.b1*s.m[j] + (1-s.b1)*g
		s.v[j] = s.b2*s.v[j] + (1-s.b2)*g*g
		mhat := s.m[j] / (1 - s.p1)
		vhat := s.v[j] / (1 - s.p2)
		theta[j] -= a * mhat / (math.Sqrt(vhat) + s.eps)
	}
}

// RescaledSGD is SGD on features rescaled to unit second moment. With
// s_j = √(mean_i x_ij²) (Problem.Scales) it runs SGD on x'ᵢⱼ = xᵢⱼ/s_j in
// the parameters θ'ⱼ = s_j·θⱼ and maps back:
//
//	RescaledSGD: θ' ← θ' − α_t·g'ᵢ,  g'ᵢ = 2(x'ᵢᵀθ' − yᵢ)x'ᵢ,  θⱼ = θ'ⱼ/s_j,
//
// which is θ ← θ − α_t·S⁻²·gᵢ with S = diag(s) in the original coordinates.
// Theta0 and the trace are in the original coordinates. From θ₀ = 0 it
// converges (for small enough α) to the interpolant of minimum Σⱼ s_j²θⱼ²;
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
	if err := checkLR("rescaled SGD", m.LR, m.Schedule); err != nil {
		return nil, err
	}
	s := p.Scales()
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
