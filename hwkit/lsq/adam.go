package lsq

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

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
// The moments are kept in a unit 2ᵉ near the gradient's magnitude (m/2ᵉ
// and v/2²ᵉ, with ε/2ᵉ in the denominator), rescaled when the gradients
// drift far from it: the same update in exact arithmetic, and g² neither
// underflows nor overflows for data near 1e-170 or 1e200.
//
// On the single-point problem every gradient is a multiple of a, so with
// ε → 0 the step m̂/√v̂ is a multiple of sign(a): the iterates stay on
// span(sign(a)), and if they converge the limit is sign(a)/‖a‖₁
// (AdamProgress). With momentum a step can point against sign(g_t), and ε
// breaks the tie where it is not negligible next to √v̂ⱼ (small |aⱼ|, late
// in a run as the gradients vanish): those coordinates lag (EpsTieBreak).
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
	if p == nil {
		return nil, errNilProblem
	}
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
	xmax := floats.Norm(p.x, math.Inf(1))
	xs := make([]float64, len(p.x))
	if xmax > 0 {
		for k, v := range p.x {
			xs[k] = v / xmax
		}
	}
	return &adamStepper{p: p, lr: m.LR, sched: m.Schedule, b1: b1, b2: b2, eps: eps, p1: 1, p2: 1,
		xs: xs, xmax: xmax, r: make([]float64, p.n), h: make([]float64, p.d),
		m: make([]float64, p.d), v: make([]float64, p.d)}, nil
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

func (Adam) boundedSteps() {}

type adamStepper struct {
	p           *Problem
	lr          float64
	sched       Schedule
	b1, b2, eps float64
	p1, p2      float64   // β1ᵏ, β2ᵏ
	xs          []float64 // X/max|x|
	xmax        float64
	unit        int  // e: the moments are kept as m/2ᵉ and v/2²ᵉ
	started     bool // unit has been set by a non-zero gradient
	r, h        []float64
	m, v        []float64
}

// rescaleBits is how far (in powers of 2) the gradient may drift from the
// unit 2ᵉ before the moments are rescaled: m/2ᵉ stays below 2^60 and
// v/2²ᵉ below 2^120, far from overflow, however the gradients grow or shrink.
const rescaleBits = 60

func (s *adamStepper) Step(theta []float64, t int) {
	s.p1 *= s.b1
	s.p2 *= s.b2
	// g = ∇f(θ) = 2·rmax·xmax·h with |hⱼ| ≤ n: h from the scaled residuals
	// and data, the magnitude as mantissa and exponent, so that no product
	// overflows (data near 1e200) or underflows (near 1e-170).
	rmax, ok := scaledResiduals(s.p, theta, s.r)
	if !ok {
		clear(s.r)
	}
	d := s.p.d
	for j := range d {
		var h float64
		for i, r := range s.r {
			h += r * s.xs[i*d+j]
		}
		s.h[j] = h
	}
	mant, exp := 0.0, 0
	if rmax > 0 && !math.IsInf(rmax, 0) {
		rm, re := math.Frexp(rmax)
		xm, xe := math.Frexp(s.xmax)
		mant, exp = 2*rm*xm, re+xe // g = h·mant·2^exp
	}
	if mant != 0 && (!s.started || exp-s.unit > rescaleBits || s.unit-exp > rescaleBits) {
		if s.started {
			shift := s.unit - exp // new unit 2^exp: m·2^shift, v·2^(2·shift)
			for j := range d {
				s.m[j] = math.Ldexp(s.m[j], shift)
				s.v[j] = math.Ldexp(s.v[j], 2*shift)
			}
		}
		s.unit, s.started = exp, true
	}
	if !s.started {
		return // no gradient yet: m = v = 0, no step
	}
	a := s.sched.Rate(s.lr, t)
	epsU := math.Ldexp(s.eps, -s.unit)
	for j := range d {
		g := math.Ldexp(s.h[j]*mant, exp-s.unit) // g/2ᵉ
		s.m[j] = s.b1*s.m[j] + (1-s.b1)*g
		s.v[j] = s.b2*s.v[j] + (1-s.b2)*g*g
		mhat := s.m[j] / (1 - s.p1)
		vhat := s.v[j] / (1 - s.p2)
		theta[j] -= a * mhat / (math.Sqrt(vhat) + epsU)
	}
}

// EpsTieBreak checks what ε > 0 does to full Adam on the data point a, for
// a run p of AdamProgress(a, …, eps). Every gradient is a multiple of a, so
// step i is α_t·μ_t·sign(aᵢ)/(√ν_t + ε/|aᵢ|) with scalars μ_t, ν_t shared by
// all coordinates: ε shortens the steps the more, the smaller |aᵢ| is, and
// θᵢ·sign(aᵢ) ends lower the smaller |aᵢ| is. It reports whether
//
//   - when the nonzero |aᵢ| differ: the spread of θᵢ·sign(aᵢ) exceeds the
//     rounding allowance p.SpreadTol (θ_T has left span(sign a)) and
//     θᵢ·sign(aᵢ) follows |aᵢ|: for every pair with |aᵢ| < |aⱼ|,
//     θᵢ·sign(aᵢ) ≤ θⱼ·sign(aⱼ) + p.SpreadTol;
//   - when they are all equal: the spread is within p.SpreadTol (there is no
//     tie to break).
//
// A run that moved less than its rounding allowance (ε ≫ √v̂ᵢ for every i,
// e.g. |aᵢ| near 1e-170) cannot show either and is reported as such, not
// failed. detail gives the numbers and both orders.
func EpsTieBreak(a []float64, p Progress) (ok bool, detail string) {
	if len(a) != len(p.Final) {
		return false, fmt.Sprintf("the run has %d coordinates, a has %d", len(p.Final), len(a))
	}
	var idx []int // the nonzero entries
	smallest, largest, moved := math.Inf(1), 0.0, 0.0
	for j, v := range a {
		if v == 0 {
			continue
		}
		idx = append(idx, j)
		smallest, largest = math.Min(smallest, math.Abs(v)), math.Max(largest, math.Abs(v))
		moved = math.Max(moved, math.Abs(p.Final[j]))
	}
	spread := "spread " + table.Float(p.Spread) + ", tol " + table.Float(p.SpreadTol)
	switch {
	case len(idx) == 0:
		return false, "a has no nonzero entry"
	case smallest == largest:
		return p.Spread <= p.SpreadTol, "all |aᵢ| equal, no tie to break: " + spread
	case moved <= p.SpreadTol:
		return true, "the run moved less than its rounding allowance (max |θᵢ| = " + table.Float(moved) + "): ε ≫ √v̂ᵢ for every i"
	}
	along := func(j int) float64 { return p.Final[j] * sign(a[j]) }
	ok = p.Spread > p.SpreadTol
	bad := ""
	for _, i := range idx {
		for _, j := range idx {
			if math.Abs(a[i]) < math.Abs(a[j]) && along(i) > along(j)+p.SpreadTol && bad == "" {
				ok, bad = false, fmt.Sprintf("; out of order: i = %d above j = %d", i+1, j+1)
			}
		}
	}
	byTheta, byA := slices.Clone(idx), slices.Clone(idx)
	slices.SortStableFunc(byTheta, func(i, j int) int { return cmp.Compare(along(i), along(j)) })
	slices.SortStableFunc(byA, func(i, j int) int { return cmp.Compare(math.Abs(a[i]), math.Abs(a[j])) })
	return ok, fmt.Sprintf("%s; ascending θᵢ·sign(aᵢ): i = %s; ascending |aᵢ|: i = %s%s",
		spread, indexList(byTheta), indexList(byA), bad)
}

// indexList writes the 0-based indices idx 1-based, e.g. "3, 2, 1".
func indexList(idx []int) string {
	s := make([]string, len(idx))
	for k, i := range idx {
		s[k] = fmt.Sprint(i + 1)
	}
	return strings.Join(s, ", ")
}
