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

// MaxWork bounds the work of one Run, Iters·n·d multiply-adds (about a
// second or two), so that many steps on a large problem cannot hang a
// notebook either.
const MaxWork = 2_000_000_000

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

// ErrDiverged is wrapped by the error Run returns when a run blows up. Test
// for it with errors.Is; use errors.As with *DivergedError for the details.
var ErrDiverged = errors.New("lsq: run diverged")

// ErrOverflow is wrapped by the error Run returns when the loss of a method
// with bounded steps (SignDescent, SimplifiedAdam, Adam) no longer fits in a
// float64 although θ does: the steps are many orders of magnitude too large
// for the scale of the data (e.g. α₀ = 1 on data near 1e200, whose target
// is near 1e-200).
var ErrOverflow = errors.New("lsq: the loss overflows float64")

// DivergedError reports where a run diverged. It wraps ErrDiverged.
type DivergedError struct {
	// Method names the method, as its String.
	Method string
	// Iter is the iteration after which the run was first out of bounds.
	Iter int
	// Loss is that loss (possibly NaN or +Inf).
	Loss float64
	// Bound is the divergence bound in force.
	Bound float64
}

// Error implements error, e.g. "lsq: SGD α=2 diverged at iteration 12:
// loss 1.3e+07 exceeds the bound 2e+06".
func (e *DivergedError) Error() string {
	if !finite(e.Loss) || !finite(e.Bound) {
		return fmt.Sprintf("lsq: %s diverged at iteration %d: θ or the loss is no longer finite (loss %s)",
			e.Method, e.Iter, table.Float(e.Loss))
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
	// Every thins the trace: iteration 0, every Every-th iteration, the
	// iterations of the 1-2-5 series (1, 2, 5, 10, 20, 50, …) and the last
	// two iterations are recorded. Zero means automatic: every iteration if
	// Iters ≤ AutoRecords, otherwise the first AutoHead iterations and then
	// every k-th with k the smallest odd number ≥ Iters/AutoRecords (odd, so
	// that the two phases of a period-2 oscillation both show; an even Every
	// would record only one of them).
	Every int
	// Bound is the divergence bound: Run stops with an error wrapping
	// ErrDiverged once f(θ) > Bound, or θ or f(θ) is NaN or ±Inf. Zero means
	// DefaultBoundFactor·(f(θ₀) + 1), i.e. 1e6·(f(θ₀) + 1), for SGD,
	// RescaledSGD and Preconditioned, and +Inf for the methods whose steps
	// are bounded by α_t (SignDescent, SimplifiedAdam, Adam), which cannot
	// run away: a large loss of theirs is an overshoot, not a divergence.
	// Their loss overflowing float64 stops them with an error wrapping
	// ErrOverflow.
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

// validate checks the settings against the problem and returns θ₀.
func (s Settings) validate(p *Problem) ([]float64, error) {
	if s.Iters < 1 || s.Iters > MaxIters {
		return nil, fmt.Errorf("lsq: Settings.Iters = %d must be between 1 and %d", s.Iters, MaxIters)
	}
	if float64(s.Iters)*float64(p.n)*float64(p.d) > MaxWork {
		return nil, fmt.Errorf("lsq: Settings.Iters = %d on %d×%d data is more than MaxWork = %g multiply-adds", s.Iters, p.n, p.d, float64(MaxWork))
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
	return theta, nil
}

// recording returns the thinning of the trace: every every-th iteration
// after the first head ones.
func (s Settings) recording() (every, head int) {
	if s.Every > 0 {
		return s.Every, 0
	}
	if s.Iters <= AutoRecords {
		return 1, 0
	}
	every = (s.Iters + AutoRecords - 1) / AutoRecords
	if every%2 == 0 {
		every++ // odd, so a period-2 oscillation does not alias away
	}
	return every, AutoHead
}

// bound returns the divergence bound for method m from f(θ₀).
func (s Settings) bound(m Method, f0 float64) float64 {
	switch {
	case s.Bound > 0:
		return s.Bound
	case isBounded(m):
		return math.Inf(1)
	}
	return DefaultBoundFactor * (f0 + 1)
}

func isBounded(m Method) bool {
	_, ok := m.(boundedSteps)
	return ok
}

// Run applies the method m to the problem p for s.Iters iterations and
// returns the trace.
//
// It returns a nil trace and an error if p or m is nil, the method's
// parameters are invalid, or the settings are (Iters out of range or more
// than MaxWork in all, Theta0 of the wrong length or not finite, Every or
// Bound negative or NaN). If the
// run leaves the divergence bound (see Settings.Bound), Run stops and
// returns the trace so far, ending with the offending iteration, together
// with a *DivergedError wrapping ErrDiverged, so the divergence can still be
// plotted; an overflowing loss of a bounded method returns the trace before
// it with an error wrapping ErrOverflow.
//
// Run evaluates f after every iteration, O(n·d) work, to watch for
// divergence. It uses no global state: two runs with the same arguments (and,
// for a shuffling SGD, equally seeded generators) give identical traces.
func Run(p *Problem, m Method, s Settings) (*Trace, error) {
	if p == nil {
		return nil, errNilProblem
	}
	if m == nil {
		return nil, errors.New("lsq: the method is nil; pass e.g. lsq.SGD{LR: 0.1}")
	}
	theta, err := s.validate(p)
	if err != nil {
		return nil, err
	}
	stepper, err := m.Init(p)
	if err != nil {
		return nil, err
	}
	every, head := s.recording()
	f0 := p.loss(theta)
	bound := s.bound(m, f0)
	name, bounded := m.String(), isBounded(m)
	tr := &Trace{Method: name}
	tr.record(0, theta, f0)
	for t := 0; t < s.Iters; t++ {
		stepper.Step(theta, t)
		k := t + 1
		f := p.loss(theta)
		switch {
		case !allFinite(theta) || math.IsNaN(f) || f > bound || math.IsInf(f, 1) && !bounded:
			tr.record(k, theta, f)
			return tr, &DivergedError{Method: name, Iter: k, Loss: f, Bound: bound}
		case math.IsInf(f, 1):
			return tr, fmt.Errorf("%w at iteration %d of %s: θ is finite but its residual is too large to square (the step is far too large for the data's scale)",
				ErrOverflow, k, name)
		}
		if k <= head || k%every == 0 || k >= s.Iters-1 || roundIter(k) {
			tr.record(k, theta, f)
		}
	}
	return tr, nil
}

// roundIter reports whether k is on the 1-2-5 series 1, 2, 5, 10, 20, 50, ….
func roundIter(k int) bool {
	for k >= 10 && k%10 == 0 {
		k /= 10
	}
	return k == 1 || k == 2 || k == 5
}

func (tr *Trace) record(k int, theta []float64, f float64) {
	tr.Iter = append(tr.Iter, k)
	tr.Theta = append(tr.Theta, append([]float64(nil), theta...))
	tr.Loss = append(tr.Loss, f)
}
