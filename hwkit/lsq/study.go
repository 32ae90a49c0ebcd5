package lsq

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Study holds the parameters of the homework's question 2: the data point
// and the step sizes and lengths of the runs of its parts. Validate checks
// them all at once, so a notebook can say what is wrong before any part
// runs.
type Study struct {
	// A is the data point a of f(θ) = (1 − aᵀθ)².
	A []float64
	// SGDFrac is the SGD step as a fraction of the stability limit 1/‖a‖²,
	// in (0, 1]; SGDIters the number of SGD steps (parts (a) and (c)).
	SGDFrac  float64
	SGDIters int
	// SignLR is α₀ of simplified Adam's step α₀/(t+1); SignIters its steps
	// (part (b)). ConstLR is the constant step of the comparison run.
	SignLR    float64
	SignIters int
	ConstLR   float64
	// AdamLR is α₀ of full Adam's step α₀/√(t+1); AdamIters its steps.
	AdamLR    float64
	AdamIters int
}

// Validate returns nil when every part can run, and otherwise one error
// listing every problem (a joined error; each line starts with "lsq: "): an
// invalid a (empty, NaN or ±Inf entries, all zero), a step fraction outside
// (0, 1], a step size that is not positive and finite, or a number of steps
// outside [1, MaxIters]. A zero entry of a is not an error here: parts (a)
// and (b) handle it; part (c), which divides by |aⱼ|, reports it itself.
func (s Study) Validate() error {
	var errs []error
	if err := CheckPoint(s.A); err != nil {
		errs = append(errs, err)
	}
	if err := checkFrac(s.SGDFrac); err != nil {
		errs = append(errs, fmt.Errorf("%w (sgdFrac)", err))
	}
	for _, lr := range []struct {
		name string
		v    float64
	}{{"signLR", s.SignLR}, {"constLR", s.ConstLR}, {"adamLR", s.AdamLR}} {
		if !(lr.v > 0) || math.IsInf(lr.v, 0) {
			errs = append(errs, fmt.Errorf("lsq: the step size %s = %v must be positive and finite", lr.name, lr.v))
		}
	}
	for _, it := range []struct {
		name string
		v    int
	}{{"sgdIters", s.SGDIters}, {"signIters", s.SignIters}, {"adamIters", s.AdamIters}} {
		if err := checkIters(it.v); err != nil {
			errs = append(errs, fmt.Errorf("%w (%s)", err, it.name))
		}
	}
	return errors.Join(errs...)
}

// String summarizes the data point in one line, noting zero entries, e.g.
// "a = [1, 0.1, 0.01], d = 3: every part can run" or "a = [1, 0, 0.01],
// d = 3: a₂ = 0, so part (c) cannot run (it divides by |aᵢ|)".
func (s Study) String() string {
	var zeros []string
	for j, v := range s.A {
		if v == 0 {
			zeros = append(zeros, "a"+subscript(j+1))
		}
	}
	out := fmt.Sprintf("a = %s, d = %d: ", plainVec(s.A), len(s.A))
	if len(zeros) > 0 {
		return out + strings.Join(zeros, ", ") + " = 0, so part (c) cannot run (it needs every aᵢ ≠ 0)"
	}
	return out + "every part can run"
}

// Problem returns the single-point problem f(θ) = (1 − aᵀθ)².
func (s Study) Problem() (*Problem, error) { return SinglePoint(s.A) }

// StepSize returns SGD's step α = SGDFrac/‖a‖².
func (s Study) StepSize() (float64, error) {
	if err := checkFrac(s.SGDFrac); err != nil {
		return 0, err
	}
	lrs, err := stepSizes(s.A, s.SGDFrac)
	if err != nil {
		return 0, err
	}
	return lrs[0], nil
}

// SGD runs part (a): SGDProgress(A, SGDFrac, SGDIters).
func (s Study) SGD() (Progress, error) { return SGDProgress(s.A, s.SGDFrac, s.SGDIters) }

// Sign runs part (b): SignProgress(A, SignLR, Inv, SignIters).
func (s Study) Sign() (Progress, error) { return SignProgress(s.A, s.SignLR, Inv, s.SignIters) }

// SignConstant runs part (b) with the constant step ConstLR:
// SignProgress(A, ConstLR, Constant, SignIters).
func (s Study) SignConstant() (Progress, error) {
	return SignProgress(s.A, s.ConstLR, Constant, s.SignIters)
}

// Rescaled runs part (c): RescaledProgress(A, SGDFrac, SGDIters).
func (s Study) Rescaled() (Progress, error) { return RescaledProgress(s.A, s.SGDFrac, s.SGDIters) }

// Adam runs full Adam with ε = eps: AdamProgress(A, AdamLR, AdamIters, eps).
func (s Study) Adam(eps float64) (Progress, error) {
	return AdamProgress(s.A, s.AdamLR, s.AdamIters, eps)
}
