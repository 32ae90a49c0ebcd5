package lsq

import (
	"errors"
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/table"
)

// MaxIters is the largest Settings.Iters that Run accepts, so that a typo
// cannot hang a notebook.
const MaxIters = 10_000_000

// Recording defaults used when Settings.Every is zero.
const (
	// AutoRecords is about how many iterations are recorded when
	// Settings.Every is zero.
	AutoRecords = 10_000
	// AutoHead is how many early iterations are always recorded when
	// Settings.Every is zero, so the start of a long run is visible.
	AutoHead = 1000
)

// DefaultBoundFactor sets the default divergence bound
// DefaultBoundFactor·(f(θ₀) + 1).
const DefaultBoundFactor = 1e6

// ErrDiverged is wrapped by the error Run returns when the loss becomes NaN
// or ±Inf or exceeds the divergence bound. Test for it with errors.Is; use
// errors.As with *DivergedError for the details.
var ErrDiverged = errors.New("lsq: run diverged")

// DivergedError reports where a run diverged. It wraps ErrDiverged.
type DivergedError struct {
	// Method names the method, as its String.
	Method string
	// Iter is the iteration after which the loss was first out of bounds.
	Iter int
	// Loss is that loss (possibly NaN or +Inf).
	Loss float64
	// Bound is the divergence bound in force.
	Bound float64
}

// Error implements error, e.g. "lsq: SGD α=2 diverged at iteration 12:
// loss 1.3e+07 exceeds the bound 2e+06".
func (e *DivergedError) Error() string {
	if !finite(e.Loss) {
		return fmt.Sprintf("lsq: %s diverged at iteration %d: loss is %s", e.Method, e.Iter, table.Float(e.Loss))
	}
	return fmt.Sprintf("lsq: %s diverged at iteration %d: loss %s exceeds the bound %s",
		e.Method, e.Iter, table.Float(e.Loss), table.Float(e.Bound))
}

// Unwrap returns ErrDiverged.
func (e *DivergedError) Unwrap() error { return ErrDiverged }

// Settings controls a Run.
type Settings struct {
	// Iters is the number of iterations, 1 ≤ Iters ≤ MaxIters. What one
	// iteration is depends on the method: one row for SGD and RescaledSGD,
	// one full-batch step for the others.
	Iters int
	// Theta0 is the starting point; nil means θ₀ = 0. It is not modified.
	Theta0 []float64
	// Every thins the trace: iteration 0, every Every-th iteration and the
	// last iteration are recorded. Zero means automatic: every iteration if
	// Iters ≤ AutoRecords, otherwise the first AutoHead iterations and then
	// every k-th with k the smallest odd number ≥ Iters/AutoRecords (odd, so
	// that the two phases of a period-2 oscillation both show; an even Every
	// would record only one of them).
	Every int
	// Bound is the divergence bound: Run stops with an error wrapping
	// ErrDiverged once f(θ) > Bound, or f(θ) is NaN or ±Inf. Zero means
	// DefaultBoundFactor·(f(θ₀) + 1), i.e. 1e6·(f(θ₀) + 1); +Inf stops only
	// on NaN or Inf.
	Bound float64
}

// Trace is the record of one run: θ and f(θ) at the recorded iterations.
// Iteration 0 is the starting point; iteration t is θ after t steps. The
// methods treat a nil *Trace as an empty trace, so printing the nil trace of
// a failed Run does not panic.
type Trace struct {
	// Method names the method, as its String; it is the legend entry.
	Method string
	// Iter holds the recorded iteration numbers, increasing from 0.
	Iter []int
	// Theta holds θ at each recorded iteration.
	Theta [][]float64
	// Loss holds f(θ) at each recorded iteration.
	Loss []float64
}

// Run applies the method m to the problem p for s.Iters iterations and
// returns the trace.
//
// It returns a nil trace and an error if p or m is nil, the method's
// parameters are invalid, or the settings are (Iters out of range, Theta0 of
// the wrong length or not finite, Every or Bound negative or NaN). If the
// loss becomes NaN or ±Inf or exceeds the divergence bound, Run stops and
// returns the trace so far, ending with the offending iteration, together
// with a *DivergedError wrapping ErrDiverged, so the divergence can still be
// plotted.
//
// Run evaluates f after every iteration, O(n·d) work, to watch for
// divergence. It uses no global state: two runs with the same arguments (and, for a
// shuffling SGD, equally seeded generators) give identical traces.
func Run(p *Problem, m Method, s Settings) (*Trace, error) {
	if p == nil {
		return nil, errors.New("lsq: the problem is nil; build it with NewProblem or SinglePoint")
	}
	if m == nil {
		return nil, errors.New("lsq: the method is nil; pass e.g. lsq.SGD{LR: 0.1}")
	}
	if s.Iters < 1 || s.Iters > MaxIters {
		return nil, fmt.Errorf("lsq: Settings.Iters = %d must be between 1 and %d", s.Iters, MaxIters)
	}
	theta := make([]float64, p.d)
	if s.Theta0 != nil {
		if len(s.Theta0) != p.d {
			return nil, fmt.Errorf("lsq: Settings.Theta0 has length %d, the problem has %d parameters", len(s.Theta0), p.d)
		}
		for j, v := range s.Theta0 {
			if !finite(v) {
				return nil, fmt.Errorf("lsq: Settings.Theta0[%d] = %v is not finite", j, v)
			}
		}
		copy(theta, s.Theta0)
	}
	if s.Every < 0 {
		return nil, fmt.Errorf("lsq: Settings.Every = %d must not be negative (0 means automatic)", s.Every)
	}
	if !(s.Bound >= 0) {
		return nil, fmt.Errorf("lsq: Settings.Bound = %v must be positive (0 means the default)", s.Bound)
	}
	stepper, err := m.Init(p)
	if err != nil {
		return nil, err
	}

	every, head := s.Every, 0
	if every == 0 {
		every = 1
		if s.Iters > AutoRecords {
			every = (s.Iters + AutoRecords - 1) / AutoRecords
			if every%2 == 0 {
				every++ // odd, so a period-2 oscillation does not alias away
			}
			head = AutoHead
		}
	}
	f0 := p.Loss(theta)
	bound := s.Bound
	if bound == 0 {
		bound = DefaultBoundFactor * (f0 + 1)
	}

	name := m.String()
	tr := &Trace{Method: name}
	tr.record(0, theta, f0)
	for t := 0; t < s.Iters; t++ {
		stepper.Step(theta, t)
		k := t + 1
		f := p.Loss(theta)
		if !finite(f) || f > bound {
			tr.record(k, theta, f)
			return tr, &DivergedError{Method: name, Iter: k, Loss: f, Bound: bound}
		}
		if k <= head || k%every == 0 || k == s.Iters {
			tr.record(k, theta, f)
		}
	}
	return tr, nil
}

func (tr *Trace) record(k int, theta []float64, f float64) {
	tr.Iter = append(tr.Iter, k)
	tr.Theta = append(tr.Theta, append([]float64(nil), theta...))
	tr.Loss = append(tr.Loss, f)
}

// orEmpty returns tr, or an empty trace if tr is nil.
func (tr *Trace) orEmpty() *Trace {
	if tr == nil {
		return &Trace{}
	}
	return tr
}

// Len returns the number of recorded iterations.
func (tr *Trace) Len() int {
	tr = tr.orEmpty()
	return len(tr.Iter)
}

// Iters returns the last recorded iteration number.
func (tr *Trace) Iters() int {
	tr = tr.orEmpty()
	if len(tr.Iter) == 0 {
		return 0
	}
	return tr.Iter[len(tr.Iter)-1]
}

// Final returns a copy of the last recorded θ, or nil for an empty trace.
func (tr *Trace) Final() []float64 {
	tr = tr.orEmpty()
	if len(tr.Theta) == 0 {
		return nil
	}
	return append([]float64(nil), tr.Theta[len(tr.Theta)-1]...)
}

// FinalLoss returns the last recorded loss, or NaN for an empty trace.
func (tr *Trace) FinalLoss() float64 {
	tr = tr.orEmpty()
	if len(tr.Loss) == 0 {
		return math.NaN()
	}
	return tr.Loss[len(tr.Loss)-1]
}

// Range returns, per coordinate, the smallest and largest θⱼ recorded at
// iterations ≥ from. On a converged run hi − lo is tiny; on constant-step
// sign descent it stays at the step size, the peak-to-peak amplitude of the
// oscillation. Both are nil if no recorded iteration is ≥ from.
func (tr *Trace) Range(from int) (lo, hi []float64) {
	tr = tr.orEmpty()
	for k, it := range tr.Iter {
		if it < from {
			continue
		}
		th := tr.Theta[k]
		if lo == nil {
			lo = append([]float64(nil), th...)
			hi = append([]float64(nil), th...)
			continue
		}
		for j, v := range th {
			lo[j] = math.Min(lo[j], v)
			hi[j] = math.Max(hi[j], v)
		}
	}
	return lo, hi
}

// String summarizes the trace on one line, e.g.
// "SGD α=0.5: 200 iterations, loss 0, θ = [0.990001, 0.0990001, 0.00990001]".
func (tr *Trace) String() string {
	tr = tr.orEmpty()
	return fmt.Sprintf("%s: %d iterations, loss %s, θ = %s",
		tr.Method, tr.Iters(), table.Float(tr.FinalLoss()), table.Vec(tr.Final()))
}
