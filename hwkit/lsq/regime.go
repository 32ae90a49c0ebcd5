package lsq

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// Regime is how SGD behaves on the single-point problem for a step size α,
// through the factor q = 1 − 2α‖a‖² of r_{t+1} = q·r_t.
type Regime int

const (
	// Monotone: 0 < α < 1/(2‖a‖²), 0 < q < 1, the residual shrinks without
	// changing sign.
	Monotone Regime = iota + 1
	// OneStep: α = 1/(2‖a‖²), q = 0, the first step lands on the limit.
	OneStep
	// Oscillating: 1/(2‖a‖²) < α < 1/‖a‖², −1 < q < 0, the residual
	// changes sign every step and shrinks.
	Oscillating
	// Period2: α = 1/‖a‖², q = −1, θ jumps between θ₀ and another point
	// forever (from 0: between 0 and 2a/‖a‖²).
	Period2
	// Diverging: α > 1/‖a‖², q < −1, the residual grows geometrically.
	Diverging
)

// String returns a short description, e.g. "oscillating, converging".
func (r Regime) String() string {
	switch r {
	case Monotone:
		return "monotone"
	case OneStep:
		return "one step"
	case Oscillating:
		return "oscillating, converging"
	case Period2:
		return "period-2 oscillation"
	case Diverging:
		return "diverging"
	}
	return fmt.Sprintf("Regime(%d)", int(r))
}

// RegimeTol is the tolerance with which the regimes are told apart at their
// boundaries: SGDRegime recognizes 2α‖a‖² = 1 and 2α‖a‖² = 2 within
// RegimeTol (relative), ObservedRegime recognizes q̂ = 0 and q̂ = −1 within
// 1e3·RegimeTol, so that a step size computed as 1/(2‖a‖²) in floating point
// counts as exact.
const RegimeTol = 1e-12

// classify returns the regime of a residual factor q, with tolerance tol at
// the boundaries 0 and −1. A factor at or above 1 is a stall (the step is
// too small to change r in floating point), which is the monotone regime.
func classify(q, tol float64) Regime {
	switch {
	case math.Abs(q) <= tol:
		return OneStep
	case math.Abs(q+1) <= tol:
		return Period2
	case q > 0:
		return Monotone
	case q > -1:
		return Oscillating
	}
	return Diverging
}

// SGDRegime classifies constant-step SGD with step size lr on the
// single-point problem f(θ) = (1 − aᵀθ)² by η = 2·lr·‖a‖²: Monotone for
// η < 1, OneStep for η = 1, Oscillating for 1 < η < 2, Period2 for η = 2 and
// Diverging for η > 2, the boundaries recognized within RegimeTol. η is
// computed as 2·lr/SGDMaxLR(a) with scaling. It returns an error for an
// invalid a, an lr that is not positive and finite, and SGDMaxLR's errors.
func SGDRegime(a []float64, lr float64) (Regime, error) {
	maxLR, err := SGDMaxLR(a)
	if err != nil {
		return 0, err
	}
	if !(lr > 0) || math.IsInf(lr, 0) {
		return 0, fmt.Errorf("lsq: step size LR = %v must be positive and finite", lr)
	}
	return classify(1-2*(lr/maxLR), 2*RegimeTol), nil
}

// ObservedRegime classifies a run of SGD on a single-row problem from the
// trace itself, the simulation route next to SGDRegime's formula: it
// measures the residual ratio q̂ = r_{t+1}/r_t (r_t = y − xᵀθ_t) at the first
// two consecutive recorded iterations with r_t ≠ 0 and classifies q̂ with
// the same boundaries (q̂ within 1e3·RegimeTol of 0 or −1 counts as exact).
// A ratio q̂ ≥ 1 is a stall of a tiny step (r does not change in floating
// point), classified Monotone. It returns the regime and q̂, or an error
// when p or tr is nil, the problem has several rows, the trace's θ has
// another dimension, or the trace has no such pair of iterations.
func ObservedRegime(p *Problem, tr *Trace) (Regime, float64, error) {
	if p == nil || tr == nil {
		return 0, 0, errors.New("lsq: ObservedRegime needs a problem and a trace")
	}
	if p.Rows() != 1 {
		return 0, 0, fmt.Errorf("lsq: ObservedRegime is for one data point; the problem has %d rows", p.Rows())
	}
	if len(tr.Theta) != len(tr.Iter) {
		return 0, 0, fmt.Errorf("lsq: the trace has %d iterations but %d θ", len(tr.Iter), len(tr.Theta))
	}
	for k, th := range tr.Theta {
		if len(th) != p.d {
			return 0, 0, fmt.Errorf("lsq: the trace's θ at iteration %d has dimension %d, the problem %d", tr.Iter[k], len(th), p.d)
		}
	}
	for k := 0; k+1 < len(tr.Iter); k++ {
		if tr.Iter[k+1] != tr.Iter[k]+1 {
			continue
		}
		r0 := -p.residual(0, tr.Theta[k])
		if r0 == 0 || !finite(r0) {
			continue
		}
		q := -p.residual(0, tr.Theta[k+1]) / r0
		if math.IsNaN(q) {
			continue
		}
		return classify(q, 1e3*RegimeTol), q, nil
	}
	return 0, 0, errors.New("lsq: the trace has no two consecutive iterations with a non-zero residual")
}

// RegimeRun is one constant-step SGD run of a step-size study.
type RegimeRun struct {
	// LR is the step size α, and Eta = α‖a‖² the same as a fraction of the
	// stability limit 1/‖a‖².
	LR, Eta float64
	// Formula is the regime SGDRegime predicts for LR.
	Formula Regime
	// Observed is the regime measured from the run by ObservedRegime, and Q
	// the measured residual ratio q̂.
	Observed Regime
	Q        float64
	// Residual holds the signed residual r_t = 1 − aᵀθ_t for t = 0, 1, …
	// (up to the divergence, for a diverging run).
	Residual []float64
	// Trace holds the run.
	Trace *Trace
	// Err is the run's error: a *DivergedError for a diverging run, else nil.
	Err error
}

// RegimeRuns runs constant-step SGD from θ₀ = 0 on the single-point problem
// for iters iterations at each step size fᵢ/‖a‖², fᵢ a fraction of the
// stability limit SGDMaxLR (so 0.5 is the one-step size and 1 the period-2
// one), and measures each run's regime. A diverging run is not an error
// here: its trace and *DivergedError are kept in the RegimeRun. It returns
// an error for an invalid a, a fraction outside (0, 2], a step size that
// does not fit in a float64, or iters outside [1, 10⁴] (the whole trace is
// kept).
func RegimeRuns(a []float64, iters int, fracs ...float64) ([]RegimeRun, error) {
	p, err := SinglePoint(a)
	if err != nil {
		return nil, err
	}
	if iters < 1 || iters > AutoRecords {
		return nil, fmt.Errorf("lsq: RegimeRuns needs 1 to %d iterations, got %d", AutoRecords, iters)
	}
	for _, f := range fracs {
		if !(f > 0 && f <= 2) {
			return nil, fmt.Errorf("lsq: RegimeRuns needs step fractions in (0, 2], got %v (beyond 2 the residual leaves float64 within a few steps)", f)
		}
	}
	lrs, err := stepSizes(a, fracs...)
	if err != nil {
		return nil, err
	}
	runs := make([]RegimeRun, 0, len(lrs))
	for k, lr := range lrs {
		want, err := SGDRegime(a, lr)
		if err != nil {
			return nil, err
		}
		tr, err := Run(p, SGD{LR: lr}, Settings{Iters: iters, Every: 1})
		if err != nil && !errors.Is(err, ErrDiverged) {
			return nil, err
		}
		reg, q, oerr := ObservedRegime(p, tr)
		if oerr != nil {
			return nil, fmt.Errorf("lsq: step size %v: %w", lr, oerr)
		}
		res := make([]float64, len(tr.Theta))
		for k, th := range tr.Theta {
			res[k] = -p.residual(0, th)
		}
		runs = append(runs, RegimeRun{LR: lr, Eta: fracs[k], Formula: want, Observed: reg, Q: q,
			Residual: res, Trace: tr, Err: err})
	}
	return runs, nil
}

// RegimesAgree reports whether every run's measured regime is the one the
// formula predicts, with the measured ratios for a check line.
func RegimesAgree(runs []RegimeRun) (ok bool, detail string) {
	if len(runs) == 0 {
		return false, "no runs"
	}
	ok = true
	var parts []string
	for _, r := range runs {
		ok = ok && r.Observed == r.Formula
		parts = append(parts, fmt.Sprintf("q̂ = %s: %s", table.Float(r.Q), r.Observed))
	}
	return ok, strings.Join(parts, "; ")
}

// RegimeFigure plots the signed residual r_t = 1 − aᵀθ_t of each run on a
// linear axis, scaled by r₀ = 1: unlike the loss r², it shows the sign
// changes that tell monotone from oscillating convergence and the jumps of
// a period-2 run. Points beyond ±4 (a diverging run) are cut off so that the
// converging runs stay visible. It returns an error when there is no run or
// nothing to draw.
func RegimeFigure(runs []RegimeRun) (*figure.Figure, error) {
	if len(runs) == 0 {
		return nil, errors.New("lsq: RegimeFigure needs at least one run")
	}
	f := figure.New("Residual r = 1 − aᵀθ of SGD, by step size", "iteration t", "r")
	f.YRange, f.Height = figure.Range{Min: -4, Max: 4}, 260
	for _, r := range runs {
		xs := make([]float64, len(r.Residual))
		for t := range xs {
			xs[t] = float64(t)
		}
		ys := append([]float64(nil), r.Residual...)
		for t, v := range ys {
			if math.Abs(v) > 4 {
				ys, xs = ys[:t+1], xs[:t+1] // keep one point beyond the edge, then stop
				break
			}
		}
		f.Add("α‖a‖² = "+table.Float(r.Eta), xs, ys, figure.LinePoints)
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("lsq: RegimeFigure: %w", err)
	}
	return f, nil
}
