package lsq

import (
	"errors"
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/table"
)

// ObservedRegime classifies a run of SGD on a single-row problem from the
// trace itself, the simulation route next to SGDRegime's formula: it measures
// the residual ratio q̂ = r_{t+1}/r_t (r_t = y − xᵀθ_t) at the first two
// consecutive recorded iterations with r_t ≠ 0 and classifies q̂ with the
// same boundaries (q̂ within 1e-9 of 0 or −1 counts as exact, to absorb the
// rounding of a step size computed as 1/(2‖a‖²) or 1/‖a‖²). It returns the
// regime and q̂, or an error when the problem has several rows or the trace
// has no such pair of iterations.
func ObservedRegime(p *Problem, tr *Trace) (Regime, float64, error) {
	if p == nil || tr == nil {
		return 0, 0, errors.New("lsq: ObservedRegime needs a problem and a trace")
	}
	if p.Rows() != 1 {
		return 0, 0, fmt.Errorf("lsq: ObservedRegime is for one data point; the problem has %d rows", p.Rows())
	}
	x, y := p.Row(0)
	resid := func(theta []float64) float64 { return y - dot(x, theta) }
	for k := 0; k+1 < len(tr.Iter); k++ {
		if tr.Iter[k+1] != tr.Iter[k]+1 {
			continue
		}
		r0 := resid(tr.Theta[k])
		if r0 == 0 || math.IsNaN(r0) || math.IsInf(r0, 0) {
			continue
		}
		q := resid(tr.Theta[k+1]) / r0
		const tol = 1e-9
		switch {
		case math.IsNaN(q):
			continue
		case math.Abs(q) <= tol:
			return OneStep, q, nil
		case math.Abs(q+1) <= tol:
			return Period2, q, nil
		case q > 0 && q < 1:
			return Monotone, q, nil
		case q > -1 && q < 0:
			return Oscillating, q, nil
		default:
			return Diverging, q, nil
		}
	}
	return 0, 0, errors.New("lsq: the trace has no two consecutive iterations with a non-zero residual")
}

// Named is a parameter vector with a label, e.g. a method's limit.
type Named struct {
	Name  string
	Theta []float64
}

// Norms returns ‖θ‖₂, ‖θ‖∞ and the weighted norm ‖θ‖_w = √(Σⱼ wⱼθⱼ²).
// It returns NaN norms for an empty θ, and a NaN weighted norm when w does
// not match θ in length.
func Norms(theta, w []float64) (l2, linf, weighted float64) {
	if len(theta) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	var s, sw float64
	for j, v := range theta {
		s += v * v
		linf = math.Max(linf, math.Abs(v))
		if j < len(w) {
			sw += w[j] * v * v
		}
	}
	weighted = math.Sqrt(sw)
	if len(w) != len(theta) {
		weighted = math.NaN()
	}
	return math.Sqrt(s), linf, weighted
}

// NormTable tabulates, for each vector, its ℓ2 norm, ℓ∞ norm and weighted
// norm √(Σⱼ wⱼθⱼ²), marking with "← min" the smallest entry of each column
// (all entries within 1e-9 of it on a tie), and returns the norms, row by
// row. The implicit-bias picture: each method's limit is smallest in its own
// norm.
func NormTable(title string, w []float64, rows ...Named) (*table.Table, [][3]float64) {
	t := table.New(title, "limit of", "θ", "‖θ‖₂", "‖θ‖∞", "√(Σ wⱼθⱼ²)")
	norms := make([][3]float64, len(rows))
	var best [3]float64
	for c := range best {
		best[c] = math.Inf(1)
	}
	for i, r := range rows {
		l2, linf, wn := Norms(r.Theta, w)
		norms[i] = [3]float64{l2, linf, wn}
		for c := range 3 {
			best[c] = math.Min(best[c], norms[i][c])
		}
	}
	for i, r := range rows {
		cells := []any{r.Name, table.Vec(r.Theta)}
		for c := range 3 {
			s := table.Float(norms[i][c])
			if norms[i][c] <= best[c]*(1+1e-9) {
				s += " ← min"
			}
			cells = append(cells, s)
		}
		t.AddRow(cells...)
	}
	t.Note = "w = " + table.Vec(w)
	return t, norms
}

// RegimeRun is one constant-step SGD run of a step-size study.
type RegimeRun struct {
	// LR is the step size α.
	LR float64
	// Observed is the regime measured from the run by ObservedRegime, and Q
	// the measured residual ratio q̂.
	Observed Regime
	Q        float64
	// Trace holds the run (up to the divergence, for a diverging run).
	Trace *Trace
	// Err is the run's error: a *DivergedError for a diverging run, else nil.
	Err error
}

// RegimeRuns runs constant-step SGD from θ₀ = 0 on the single-point problem
// for iters iterations at each step size and measures each run's regime.
// A diverging run is not an error here: its trace and *DivergedError are
// kept in the RegimeRun. It returns an error for invalid a, step sizes or
// iteration counts.
func RegimeRuns(a []float64, iters int, lrs ...float64) ([]RegimeRun, error) {
	p, err := SinglePoint(a)
	if err != nil {
		return nil, err
	}
	runs := make([]RegimeRun, 0, len(lrs))
	for _, lr := range lrs {
		tr, err := Run(p, SGD{LR: lr}, Settings{Iters: iters, Every: 1})
		if err != nil && !errors.Is(err, ErrDiverged) {
			return nil, err
		}
		reg, q, oerr := ObservedRegime(p, tr)
		if oerr != nil {
			return nil, fmt.Errorf("lsq: step size %v: %w", lr, oerr)
		}
		runs = append(runs, RegimeRun{LR: lr, Observed: reg, Q: q, Trace: tr, Err: err})
	}
	return runs, nil
}
