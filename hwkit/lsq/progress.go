package lsq

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/table"
)

// ConvergedTol is the relative distance ‖θ_T − θ∞‖∞ / ‖θ∞‖∞ below which a
// run counts as converged: it then agrees with its limit in the six
// significant digits that tables and checks print.
const ConvergedTol = 1e-6

// Progress is a run of one part of the homework next to what the theory
// predicts for it after T steps. The prediction holds whether or not the run
// has converged, so checking Final against Want within Tol never fails on a
// correct run that is merely short; Name says whether it converged and, if
// not, how many steps it would need.
type Progress struct {
	// Method names the optimizer, e.g. "SGD" or "simplified Adam", and
	// Schedule its step, e.g. "α₀/(t+1)" ("" when there is one step size).
	Method, Schedule string
	// Iters is the number T of steps run.
	Iters int
	// Final is θ_T, the run's last iterate.
	Final []float64
	// Limit is θ∞, the closed-form limit, and LimitTol the rounding
	// allowance for comparing it with a route that computes it differently
	// (a few d·u·‖θ∞‖∞).
	Limit    []float64
	LimitTol float64
	// Want is what the theory predicts for θ_T: the exact iterate, the
	// limit, or, for constant-step sign descent, the end of the band
	// [kα, (k+1)α]·sign(a) that θ_T has hopped to (see Last2).
	Want []float64
	// Tol is the largest ‖θ_T − Want‖∞ the theory allows (a bound) plus a
	// rounding allowance; Route says which bound.
	Tol float64
	// Route names Want and Tol for a check line, e.g. "(1 − q^200)·θ∞ exactly".
	Route string
	// Converged reports ‖θ_T − θ∞‖∞ ≤ ConvergedTol·‖θ∞‖∞ (bounded by
	// theory where there is a bound, measured for Adam).
	Converged bool
	// Status says how far the run got, e.g. "converged (|q|^200 = 6.2e-61)" or
	// "not converged: Σα_t = 0.08 < c* = 0.9; reaching c* takes about 10^39 steps".
	Status string
	// Last2 is θ_{T−1} followed by θ_T (2d numbers) and Last2Want what the
	// theory predicts for them, within Tol: set by SignProgress for a
	// constant step (else nil), where the walk hops between two points.
	Last2, Last2Want []float64
	// Spread and SpreadTol (AdamProgress only, else 0): the spread
	// maxⱼ θⱼsign(aⱼ) − minⱼ θⱼsign(aⱼ) of θ_T over the aⱼ ≠ 0, which is 0
	// in exact arithmetic when θ_T lies on span(sign(a)), and the rounding
	// allowance for it.
	Spread, SpreadTol float64
	// Trace is the run.
	Trace *Trace

	bound        func(t int) float64 // ‖θ_t − θ∞‖∞ ≤ bound(t) (nil: none), for the figure
	boundFrom    int                 // the first t at which bound applies
	boundName    string              // its legend entry
	alternates   bool                // even and odd iterations lie on two curves
	constantStep bool                // sign descent with a constant step (flat curves)
}

// Name is the check line's name: the method (with its schedule), the steps
// and the status, e.g. "SGD, 200 steps: converged (|q|^200 = 6.2e-61)".
func (p Progress) Name() string {
	m := p.Method
	if p.Schedule != "" {
		m += ", " + p.Schedule
	}
	return fmt.Sprintf("%s, %s steps: %s", m, countText(p.Iters), p.Status)
}

// countText writes a step count, powers of ten from 10⁴ on as 10ⁿ.
func countText(n int) string {
	k := 0
	for m := n; m >= 10 && m%10 == 0; m /= 10 {
		k++
	}
	if k >= 4 && n == int(math.Pow10(k)) {
		return "10" + superscript(k)
	}
	return strconv.Itoa(n)
}

// superscript writes a non-negative integer with Unicode superscript digits.
func superscript(k int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	var b []rune
	for _, c := range strconv.Itoa(k) {
		b = append(b, []rune(digits)[c-'0'])
	}
	return string(b)
}

// Named returns the final iterate labelled with the method, for DiffTable.
func (p Progress) Named() Named { return Named{Name: p.Method, Theta: p.Final} }

// gdProgress fills the Progress of gradient descent with r_{t+1} = q·r_t
// from θ₀ = 0: θ_T = (1 − q^T)·θ∞ exactly.
func gdProgress(method string, tr *Trace, limit []float64, q float64, iters int) Progress {
	d := len(limit)
	scale := floats.Norm(limit, math.Inf(1))
	qT := math.Pow(q, float64(iters))
	want := make([]float64, d)
	floats.ScaleTo(want, 1-qT, limit)
	absQT := math.Abs(qT)
	p := Progress{Method: method, Iters: iters, Final: tr.Final(), Limit: limit, LimitTol: answerTol(len(limit), limit), Want: want,
		Tol:   rounding(iters*(2*d+8)+16*(d+4), scale),
		Route: "(1 − q^" + strconv.Itoa(iters) + ")·θ∞ exactly", Trace: tr, Converged: absQT <= ConvergedTol,
		bound:     func(t int) float64 { return math.Pow(math.Abs(q), float64(t)) * scale },
		boundName: "|q|ᵗ·‖θ∞‖∞", alternates: q < 0}
	switch aq := math.Abs(q); {
	case p.Converged:
		p.Status = "converged (|q|^" + strconv.Itoa(iters) + " = " + strconv.FormatFloat(absQT, 'g', 2, 64) + ")"
	case aq >= 1:
		p.Status = "not converging: q = " + table.Float(q) + ", so θ jumps between 0 and 2θ∞"
	default:
		need := math.Ceil(math.Log(ConvergedTol) / math.Log(aq))
		p.Status = fmt.Sprintf("not converged (|q|^%d = %s; six digits need %s)", iters, table.Float(absQT), stepsText(math.Log10(need)))
	}
	return p
}

// checkFrac validates the step fraction of SGD and rescaled SGD.
func checkFrac(frac float64) error {
	if !(frac > 0 && frac <= 1) {
		return fmt.Errorf("lsq: the SGD step fraction %v must be in (0, 1]: beyond the stability limit SGD diverges", frac)
	}
	return nil
}

// checkIters validates a number of steps.
func checkIters(iters int) error {
	if iters < 1 || iters > MaxIters {
		return fmt.Errorf("lsq: the number of steps %d must be between 1 and %d", iters, MaxIters)
	}
	return nil
}

// SGDProgress runs part (a): SGD with the constant step α = frac/‖a‖² (frac
// a fraction of the stability limit SGDMaxLR) for iters steps from θ₀ = 0.
// With q = 1 − 2·frac the residual obeys r_{t+1} = q·r_t, so the iterate is
// exactly θ_T = (1 − q^T)·θ∞ with θ∞ = a/‖a‖²: Want is that iterate and Tol a
// rounding allowance. It converges for 0 < frac < 1; at frac = 1 (q = −1) θ
// jumps between 0 and 2θ∞ for ever. It returns an error for an invalid a, a
// frac outside (0, 1], iters outside [1, MaxIters], or a step size that
// does not fit in a float64.
func SGDProgress(a []float64, frac float64, iters int) (Progress, error) {
	return gdRun("SGD", a, frac, iters, SGDLimit, func() (Method, error) {
		lrs, err := stepSizes(a, frac)
		if err != nil {
			return nil, err
		}
		return SGD{LR: lrs[0]}, nil
	})
}

// gdRun validates the step fraction and the steps, computes the limit, runs
// the method and sets the run next to (1 − q^T)·θ∞.
func gdRun(name string, a []float64, frac float64, iters int, limitOf func([]float64) ([]float64, error),
	method func() (Method, error)) (Progress, error) {
	if err := checkFrac(frac); err != nil {
		return Progress{}, err
	}
	if err := checkIters(iters); err != nil {
		return Progress{}, err
	}
	limit, err := limitOf(a)
	if err != nil {
		return Progress{}, err
	}
	m, err := method()
	if err != nil {
		return Progress{}, err
	}
	p, _ := SinglePoint(a)
	tr, err := Run(p, m, Settings{Iters: iters})
	if err != nil {
		return Progress{}, err
	}
	return gdProgress(name, tr, limit, 1-2*frac, iters), nil
}

// RescaledProgress runs part (c): RescaledSGD with the step frac/d in the
// rescaled coordinates (the rescaled data point sign(a) has ‖·‖² = d, so frac
// is again a fraction of the stability limit and q = 1 − 2·frac as in (a)),
// from θ₀ = 0. The iterate is exactly θ_T = (1 − q^T)·θ∞ with
// θ∞ = RescaledLimit(a). It returns an error wrapping ErrZeroFeature for a
// zero entry of a, and SGDProgress's other errors.
func RescaledProgress(a []float64, frac float64, iters int) (Progress, error) {
	return gdRun("rescaled SGD", a, frac, iters, RescaledLimit, func() (Method, error) {
		return RescaledSGD{LR: frac / float64(len(a))}, nil
	})
}

// SignProgress runs part (b): SimplifiedAdam (sign descent on one data
// point) with base step lr and the schedule s for iters steps from θ₀ = 0.
// The iterates are c_t·sign(a) and c_t walks towards c* = 1/‖a‖₁ (SignTarget):
//
//   - while the steps have not added up to c* (Schedule.Sum < c*), the walk
//     has only gone forward: θ_T = Σα_t·sign(a) exactly;
//   - once they have, every later step satisfies |c_T − c*| ≤ α_{T−1}
//     (induction, using α_{t−1} ≤ 2α_t, which all three schedules satisfy);
//     for a constant step, k = ⌊c*/α⌋ and c*/α not a whole number, the
//     walk hops between kα and (k+1)α for ever, so θ_{T−1} and θ_T are
//     those two points in some order (Last2 and Last2Want; a run that
//     settled would fail); when c*/α is a whole number it lands on c*
//     (up to rounding) and the Status says so instead of "hopping".
//
// Want and Tol are these predictions (plus a rounding allowance). It returns
// an error for an invalid a, lr or schedule, iters outside [1, MaxIters], or
// a c* or a bound that does not fit in a float64 (a step near MaxFloat64).
func SignProgress(a []float64, lr float64, s Schedule, iters int) (Progress, error) {
	walked, err := s.Sum(lr, iters)
	if err != nil {
		return Progress{}, err
	}
	tr, limit, c, err := signRun(a, iters, SimplifiedAdam{LR: lr, Schedule: s})
	if err != nil {
		return Progress{}, err
	}
	d := len(a)
	// Steps that decay into the subnormal range round in absolute terms.
	floor := 4 * float64(iters) * math.SmallestNonzeroFloat64
	round := rounding(4*(iters+d)+16*(d+4), walked) + floor
	if walked >= c {
		round = rounding(4*(iters+d)+16*(d+4), math.Max(c, lr)) + floor // c_t stays near c*
	}
	pr := Progress{Method: "simplified Adam", Schedule: s.stepText(), Iters: iters, Final: tr.Final(), Limit: limit, LimitTol: answerTol(len(limit), limit),
		Trace: tr, alternates: true, constantStep: s == Constant}
	if walked < c {
		pr.Want = make([]float64, d)
		for j, v := range a {
			pr.Want[j] = sign(v) * walked
		}
		pr.Tol = round
		pr.Route = "Σαₜ·sign(a): the walk so far"
		pr.Status = fmt.Sprintf("not converged: Σαₜ = %s < 1/‖a‖₁ = %s; reaching it takes %s",
			table.Float(walked), table.Float(c), stepsText(s.reachLog10(lr, c)))
		if s == Constant { // θ_{T−1} = (T−1)α·sign(a)
			pr.Last2Want = append(scaledSign(a, walked-lr), pr.Want...)
			pr.Last2 = pr.last2()
		}
		return pr, nil
	}
	last := s.Rate(lr, iters-1)
	from := int(math.Ceil(math.Pow(10, s.reachLog10(lr, c)))) // the crossing step
	if s != Constant {                                        // a constant step's two phases are flat lines; no curve needed
		pr.bound = func(t int) float64 { return s.Rate(lr, t-1) }
		pr.boundFrom, pr.boundName = from, s.boundCurveText()
	}
	pr.Want, pr.Tol = limit, last+round
	pr.Route = "θ∞ within " + s.boundText()
	pr.Converged = s != Constant && last <= ConvergedTol*c
	switch {
	case s == Constant:
		pr.constantHops(a, c, lr, round)
	case pr.Converged:
		pr.Status = "converged (within " + s.boundText() + " = " + table.Float(last) + ")"
	default:
		pr.Status = "converging (within " + s.boundText() + " = " + table.Float(last) + ")"
	}
	if !finite(pr.Tol) { // e.g. α₀ near MaxFloat64: the bound α_T + rounding is not a float64
		return Progress{}, fmt.Errorf("lsq: simplified Adam's bound on ‖θ(T) − θ∞‖∞ overflows float64 (α₀ = %s): the step is far too large for the data's scale", table.Float(lr))
	}
	return pr, nil
}

// constantHops sets the prediction for constant-step sign descent once the
// steps have added up to c* = 1/‖a‖₁. With k = ⌊c*/α⌋ and c*/α not a whole
// number, the walk reaches (k+1)α at step k+1 and then hops between kα and
// (k+1)α, so θ_{T−1} and θ_T are those two points in some order: Last2Want
// puts them in the order of the run's θ_T, and a run that settled anywhere
// fails the check. When c*/α is a whole number the walk lands on c* (in
// floating point, rounding may leave it hopping by α around c*): θ_{T−1} and
// θ_T are within α of θ∞.
func (pr *Progress) constantHops(a []float64, c, lr, round float64) {
	pr.Last2 = pr.last2()
	k := math.Floor(c / lr)
	if f := c/lr - k; !(f > 1e-9 && f < 1-1e-9) {
		pr.Last2Want = append(append([]float64(nil), pr.Limit...), pr.Limit...)
		pr.Status = "at c* = 1/‖a‖₁ within α (c*/α = " + table.Float(math.Round(c/lr)) + " is a whole number: the walk lands on c*, up to rounding)"
		return
	}
	lo, hi := scaledSign(a, k*lr), scaledSign(a, (k+1)*lr)
	if floats.Distance(pr.Final, lo, math.Inf(1)) < floats.Distance(pr.Final, hi, math.Inf(1)) {
		lo, hi = hi, lo // θ_T is kα: θ_{T−1} is (k+1)α
	}
	pr.Want, pr.Last2Want, pr.Tol = hi, append(lo, hi...), round
	pr.Route = "the last two iterates = kα·sign(a), (k+1)α·sign(a) in some order, k = " + table.Float(k)
	pr.Status = "hopping (a constant step never converges)"
}

// LastTwoCheck checks θ(T−1) and θ(T) (Last2) against Last2Want within tol
// and Route, in one check line that prints them as the pair of d-vectors
// "(θ(T−1), θ(T)) = ([…], […])", not as one 2d-vector. A failing check
// keeps check.Vec's report (component k of the concatenation).
func (p Progress) LastTwoCheck(tol check.Tol) check.Result {
	r := check.Vec(p.Name()+": (θ(T−1), θ(T))", p.Last2, p.Last2Want, tol, p.Route)
	if d := len(p.Last2) / 2; r.OK && d > 0 {
		r.Got = "(" + table.Vec(p.Last2[:d]) + ", " + table.Vec(p.Last2[d:]) + ")"
	}
	return r
}

// last2 returns θ_{T−1} followed by θ_T from the trace (Run records both),
// or nil if θ_{T−1} is not recorded.
func (pr *Progress) last2() []float64 {
	tr := pr.Trace.orEmpty()
	n := len(tr.Iter)
	if n < 2 || tr.Iter[n-2] != tr.Iter[n-1]-1 {
		return nil
	}
	return append(append([]float64(nil), tr.Theta[n-2]...), tr.Theta[n-1]...)
}

// scaledSign returns c·sign(a).
func scaledSign(a []float64, c float64) []float64 {
	v := make([]float64, len(a))
	for j, x := range a {
		v[j] = sign(x) * c
	}
	return v
}

// AdamProgress runs full Adam with ε = eps (0 means the default 1e-8) and
// the step α₀/√(t+1), α₀ = lr, for iters steps from θ₀ = 0. The theory
// proves no rate; it proves that with ε → 0 every step is a multiple of
// sign(a), so θ_T stays on span(sign(a)), which meets aᵀθ = 1 only at
// sign(a)/‖a‖₁: if the run converges, it converges there. Spread measures
// the claim (0 in exact arithmetic; for ε > 0 the coordinates with small
// |aⱼ| lag and it is not); check it against SpreadTol. Want and Tol are not
// set (there is no rate to predict θ_T with); Converged and Status say how
// far the run got. It returns an error for an invalid a, lr or eps, iters
// outside [1, MaxIters], or a c* that does not fit in a float64.
func AdamProgress(a []float64, lr float64, iters int, eps float64) (Progress, error) {
	m := Adam{LR: lr, Schedule: InvSqrt, Eps: eps}
	tr, limit, c, err := signRun(a, iters, m)
	if err != nil {
		return Progress{}, err
	}
	_, _, e := m.params()
	final := tr.Final()
	lo, hi := math.Inf(1), math.Inf(-1)
	var r float64 = 1
	for j, v := range a {
		r -= v * final[j]
		if v != 0 {
			lo, hi = math.Min(lo, final[j]*sign(v)), math.Max(hi, final[j]*sign(v))
		}
	}
	// Rounding in θ: u·|θ| per addition, T of them; in the steps: a few u
	// of each step's length (|m̂/√v̂| is at most about 10 per α_t).
	walked, _ := InvSqrt.Sum(lr, iters)
	spreadTol := rounding(64*iters, math.Max(math.Abs(hi), math.Abs(lo))) + rounding(640, walked)
	pr := Progress{Method: "Adam (ε = " + table.Float(e) + ")", Iters: iters, Final: final, Limit: limit,
		LimitTol: answerTol(len(limit), limit), Trace: tr, Spread: hi - lo, alternates: true, SpreadTol: spreadTol}
	dist := floats.Distance(final, limit, math.Inf(1))
	pr.Converged = dist <= ConvergedTol*c
	switch {
	case pr.Converged:
		pr.Status = "converged (|1 − aᵀθ(T)| = " + table.Float(math.Abs(r)) + ")"
	case math.Abs(r) <= ConvergedTol && pr.Spread > pr.SpreadTol:
		pr.Status = "interpolating (|1 − aᵀθ(T)| = " + table.Float(math.Abs(r)) + ") off span(sign a)"
	case walked < c:
		pr.Status = fmt.Sprintf("not converged: Σαₜ = %s < 1/‖a‖₁ = %s, and Adam moves each coordinate by about αₜ; reaching it takes %s",
			table.Float(walked), table.Float(c), stepsText(InvSqrt.reachLog10(lr, c)))
	default:
		pr.Status = "not converged (|1 − aᵀθ(T)| = " + table.Float(math.Abs(r)) + ")"
	}
	return pr, nil
}

// signRun validates the steps and runs a method whose limit is the sign
// limit, returning the trace, sign(a)/‖a‖₁ and c* = 1/‖a‖₁.
func signRun(a []float64, iters int, m Method) (tr *Trace, limit []float64, c float64, err error) {
	if err := checkIters(iters); err != nil {
		return nil, nil, 0, err
	}
	if limit, err = SignLimit(a); err != nil {
		return nil, nil, 0, err
	}
	c, _ = SignTarget(a)
	p, _ := SinglePoint(a)
	tr, err = Run(p, m, Settings{Iters: iters})
	return tr, limit, c, err
}
