package lsq

import (
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/table"
)

// SGDLimit returns a/‖a‖², where SGD (gradient descent) with a convergent
// step size goes from θ₀ = 0 on f(θ) = (1 − aᵀθ)²: every step moves θ along
// a, and the point of span{a} with aᵀθ = 1 is a/‖a‖², the
// minimum-ℓ2-norm interpolant. It returns an error for an empty, all-zero or
// non-finite a.
func SGDLimit(a []float64) ([]float64, error) {
	if err := checkPoint(a); err != nil {
		return nil, err
	}
	n2 := dot(a, a)
	out := make([]float64, len(a))
	for j, v := range a {
		out[j] = v / n2
	}
	return out, nil
}

// SignLimit returns sign(a)/‖a‖₁, where sign descent with a decaying step
// size goes from θ₀ = 0 on f(θ) = (1 − aᵀθ)²: every step moves θ along
// sign(a), and the point c·sign(a) with aᵀθ = 1 has c = 1/‖a‖₁. It is the
// minimum-ℓ∞-norm interpolant (unique when no aⱼ is 0; components with
// aⱼ = 0 are 0). It returns an error for an empty, all-zero or non-finite a.
func SignLimit(a []float64) ([]float64, error) {
	if err := checkPoint(a); err != nil {
		return nil, err
	}
	var n1 float64
	for _, v := range a {
		n1 += math.Abs(v)
	}
	out := make([]float64, len(a))
	for j, v := range a {
		switch {
		case v > 0:
			out[j] = 1 / n1
		case v < 0:
			out[j] = -1 / n1
		}
	}
	return out, nil
}

// RescaledLimit returns θⱼ = 1/(d·aⱼ), where RescaledSGD goes from θ₀ = 0 on
// f(θ) = (1 − aᵀθ)² with d = len(a): the rescaled feature is
// x'ⱼ = aⱼ/|aⱼ| = sign(aⱼ), SGD converges to θ' = sign(a)/d and
// θⱼ = θ'ⱼ/|aⱼ|. It is the interpolant of minimum Σⱼ aⱼ²θⱼ². It returns an
// error for an empty or non-finite a, and one wrapping ErrZeroFeature if
// some aⱼ = 0.
func RescaledLimit(a []float64) ([]float64, error) {
	if err := checkPoint(a); err != nil {
		return nil, err
	}
	d := float64(len(a))
	out := make([]float64, len(a))
	for j, v := range a {
		if v == 0 {
			return nil, fmt.Errorf("%w: a[%d] = 0, so its scale s = |a[%d]| is 0 and 1/(d·a[%d]) is undefined", ErrZeroFeature, j, j, j)
		}
		out[j] = 1 / (d * v)
	}
	return out, nil
}

// SGDMaxLR returns 1/‖a‖², the step-size threshold of SGD (gradient descent)
// on the single-point problem f(θ) = (1 − aᵀθ)²: the residual obeys
// r_{t+1} = (1 − 2α‖a‖²)·r_t, which converges iff 0 < α < 1/‖a‖².
//
// For several rows and cyclic SGD, 0 < α < 1/maxᵢ‖xᵢ‖² is sufficient on a
// consistent problem (each row step is a relaxed projection); for full-batch
// gradient descent on f the threshold is 1/λ_max(XᵀX). Neither is computed
// here. It returns an error for an empty, all-zero or non-finite a.
func SGDMaxLR(a []float64) (float64, error) {
	if err := checkPoint(a); err != nil {
		return 0, err
	}
	return 1 / dot(a, a), nil
}

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

// RegimeTol is the relative tolerance with which SGDRegime recognizes the
// boundary cases 2α‖a‖² = 1 (OneStep) and 2α‖a‖² = 2 (Period2), so that a
// step size computed as 1/(2‖a‖²) in floating point counts as exact.
const RegimeTol = 1e-12

// SGDRegime classifies constant-step SGD with step size lr on the
// single-point problem f(θ) = (1 − aᵀθ)² by η = 2·lr·‖a‖²: Monotone for
// η < 1, OneStep for η = 1, Oscillating for 1 < η < 2, Period2 for η = 2 and
// Diverging for η > 2, the boundaries recognized within RegimeTol. It
// returns an error for an invalid a or an lr that is not positive and finite.
func SGDRegime(a []float64, lr float64) (Regime, error) {
	if err := checkPoint(a); err != nil {
		return 0, err
	}
	if !(lr > 0) || math.IsInf(lr, 0) {
		return 0, fmt.Errorf("lsq: step size LR = %v must be positive and finite", lr)
	}
	eta := 2 * lr * dot(a, a)
	switch {
	case math.Abs(eta-1) <= RegimeTol:
		return OneStep, nil
	case math.Abs(eta-2) <= 2*RegimeTol:
		return Period2, nil
	case eta < 1:
		return Monotone, nil
	case eta < 2:
		return Oscillating, nil
	}
	return Diverging, nil
}

// Regimes returns a table of SGD on the single-point problem for the given
// step sizes: α, α·‖a‖², the factor q = 1 − 2α‖a‖² (exactly 0 or −1 on
// the boundaries SGDRegime recognizes) and the regime. It
// returns an error if a or one of the step sizes is invalid.
func Regimes(a []float64, lrs ...float64) (*table.Table, error) {
	if err := checkPoint(a); err != nil {
		return nil, err
	}
	n2 := dot(a, a)
	t := table.New("SGD on f(θ) = (1 − aᵀθ)²: r[t+1] = q·r[t]", "α", "α‖a‖²", "q = 1 − 2α‖a‖²", "regime")
	for _, lr := range lrs {
		r, err := SGDRegime(a, lr)
		if err != nil {
			return nil, err
		}
		q := 1 - 2*lr*n2
		switch r { // the boundaries are exact; do not print rounding noise
		case OneStep:
			q = 0
		case Period2:
			q = -1
		}
		t.AddRow(lr, lr*n2, q, r.String())
	}
	t.Note = "converges iff 0 < α < 1/‖a‖² = " + table.Float(1/n2)
	return t, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for j := range a {
		s += a[j] * b[j]
	}
	return s
}
