package lsq

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

// The closed forms in this file work on b = a/‖a‖∞, whose entries lie in
// [−1, 1] with one of them ±1, so ‖b‖₂² and ‖b‖₁ lie in [1, d] and nothing
// overflows or underflows before the final division by ‖a‖∞. A result that
// does not fit in a float64 is reported as an error, never as an Inf.

// minNormal is the smallest normal float64; below it a number has lost
// precision (subnormal), too much for a step size.
const minNormal = 0x1p-1022

// scaled returns b = a/‖a‖∞ and m = ‖a‖∞ for a valid a.
func scaled(a []float64) (b []float64, m float64, err error) {
	if err := CheckPoint(a); err != nil {
		return nil, 0, err
	}
	m = floats.Norm(a, math.Inf(1))
	b = make([]float64, len(a))
	for j, v := range a {
		b[j] = v / m // division, not a product with 1/m: exact ±1 at the largest entry
	}
	return b, m, nil
}

// fits returns an error if v has a non-finite entry or is all zero while
// its true value is not (what overflow and underflow leave behind).
func fits(what string, v []float64) error {
	zero := true
	for j, x := range v {
		if !finite(x) {
			return fmt.Errorf("lsq: %s[%d] overflows float64", what, j)
		}
		zero = zero && x == 0
	}
	if zero {
		return fmt.Errorf("lsq: %s underflows to zero in float64", what)
	}
	return nil
}

// SGDLimit returns a/‖a‖², where SGD (gradient descent) with a convergent
// step size goes from θ₀ = 0 on f(θ) = (1 − aᵀθ)²: every step moves θ along
// a, and the point of span{a} with aᵀθ = 1 is a/‖a‖², the
// minimum-ℓ2-norm interpolant. It returns an error for an empty, all-zero or
// non-finite a, and when the result does not fit in a float64 (‖a‖ below
// about 1e-308).
func SGDLimit(a []float64) ([]float64, error) {
	b, m, err := scaled(a)
	if err != nil {
		return nil, err
	}
	n2 := floats.Dot(b, b) // in [1, d]
	out := make([]float64, len(a))
	for j, v := range b {
		out[j] = v / n2 / m
	}
	return out, fits("a/‖a‖²", out)
}

// SignLimit returns sign(a)/‖a‖₁, where sign descent with a decaying step
// size goes from θ₀ = 0 on f(θ) = (1 − aᵀθ)²: every step moves θ along
// sign(a), and the point c·sign(a) with aᵀθ = 1 has c = 1/‖a‖₁. It is the
// minimum-ℓ∞-norm interpolant (unique when no aⱼ is 0; components with
// aⱼ = 0 are 0, since sign(0) = 0 and such a coordinate never moves). It
// returns an error for an empty, all-zero or non-finite a, and when 1/‖a‖₁
// does not fit in a float64.
func SignLimit(a []float64) ([]float64, error) {
	c, err := SignTarget(a)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(a))
	for j, v := range a {
		out[j] = sign(v) * c
	}
	return out, nil
}

// SignTarget returns c* = 1/‖a‖₁, the coefficient of SignLimit: sign
// descent's iterates are c_t·sign(a) and walk towards c*. It returns an
// error for an invalid a and when 1/‖a‖₁ does not fit in a float64.
func SignTarget(a []float64) (float64, error) {
	b, m, err := scaled(a)
	if err != nil {
		return 0, err
	}
	c := 1 / floats.Norm(b, 1) / m
	if math.IsInf(c, 0) {
		return 0, fmt.Errorf("lsq: 1/‖a‖₁ overflows float64 (‖a‖∞ = %s)", table.Float(m))
	}
	return c, nil
}

// RescaledLimit returns θⱼ = 1/(d·aⱼ), where RescaledSGD goes from θ₀ = 0 on
// f(θ) = (1 − aᵀθ)² with d = len(a): the rescaled feature is
// x'ⱼ = aⱼ/|aⱼ| = sign(aⱼ), SGD converges to θ' = sign(a)/d and
// θⱼ = θ'ⱼ/|aⱼ|. It is the interpolant of minimum Σⱼ aⱼ²θⱼ². It returns an
// error for an empty or non-finite a, one wrapping ErrZeroFeature if some
// aⱼ = 0, and one when 1/(d·aⱼ) does not fit in a float64.
func RescaledLimit(a []float64) ([]float64, error) {
	if err := CheckPoint(a); err != nil {
		return nil, err
	}
	d := float64(len(a))
	out := make([]float64, len(a))
	for j, v := range a {
		if v == 0 {
			return nil, fmt.Errorf("%w: a[%d] = 0, so its scale |a[%d]| is 0 and 1/(d·a[%d]) is undefined", ErrZeroFeature, j, j, j)
		}
		out[j] = 1 / v / d
	}
	return out, fits("1/(d·a)", out)
}

// PreconditionedLimit returns the limit of Preconditioned{Power: pow} from
// θ₀ = 0 on f(θ) = (1 − aᵀθ)²: with P = diag(|a|)^(−p) every step moves θ
// along P·a, θⱼ ∝ sign(aⱼ)|aⱼ|^(1−p), and aᵀθ = 1 fixes
//
//	θⱼ = sign(aⱼ)·|aⱼ|^(1−p) / Σₖ |aₖ|^(2−p)   (θⱼ = 0 where aⱼ = 0),
//
// the interpolant of minimum Σⱼ |aⱼ|^p·θⱼ². p = 0 gives SGDLimit, p = 1
// SignLimit and p = 2 RescaledLimit (for a without zeros). It returns an
// error for an invalid a, a non-finite pow, and a result that does not fit
// in a float64.
func PreconditionedLimit(a []float64, pow float64) ([]float64, error) {
	b, m, err := scaled(a)
	if err != nil {
		return nil, err
	}
	if !finite(pow) {
		return nil, fmt.Errorf("lsq: preconditioner power %v must be finite", pow)
	}
	var den float64 // Σ |bₖ|^(2−p) ≥ 1 (the entry with |bₖ| = 1)
	dir := make([]float64, len(b))
	for j, v := range b {
		if v == 0 {
			continue
		}
		dir[j] = sign(v) * math.Pow(math.Abs(v), 1-pow)
		den += math.Pow(math.Abs(v), 2-pow)
	}
	if math.IsInf(den, 0) || !allFinite(dir) {
		return nil, fmt.Errorf("lsq: |a|^(1−p) with p = %v does not fit in a float64: the entries of a span too wide a range", pow)
	}
	out := make([]float64, len(b))
	for j, v := range dir {
		out[j] = v / den / m // θ = b^(1−p)·m^(1−p)/(m^(2−p)·den)
	}
	return out, fits("the preconditioned limit", out)
}

// SGDMaxLR returns 1/‖a‖², the step-size threshold of SGD (gradient descent)
// on the single-point problem f(θ) = (1 − aᵀθ)²: the residual obeys
// r_{t+1} = (1 − 2α‖a‖²)·r_t, which converges iff 0 < α < 1/‖a‖².
//
// For several rows and cyclic SGD, 0 < α < 1/maxᵢ‖xᵢ‖² is sufficient on a
// consistent problem (each row step is a relaxed projection); for full-batch
// gradient descent on f the threshold is 1/λ_max(XᵀX). Neither is computed
// here. It returns an error for an empty, all-zero or non-finite a, and
// when 1/‖a‖² overflows or underflows float64 (‖a‖ beyond about 1e±154).
func SGDMaxLR(a []float64) (float64, error) {
	b, m, err := scaled(a)
	if err != nil {
		return 0, err
	}
	lr := 1 / m / m / floats.Dot(b, b)
	switch {
	case math.IsInf(lr, 0):
		return 0, fmt.Errorf("lsq: SGD's step size 1/‖a‖² overflows float64 (‖a‖∞ = %s): no SGD step can be represented", table.Float(m))
	case lr < minNormal: // 0 or subnormal: too few bits left to step with
		return 0, fmt.Errorf("lsq: SGD's step size 1/‖a‖² underflows float64 (‖a‖∞ = %s): no SGD step can be represented", table.Float(m))
	}
	return lr, nil
}

// stepSizes returns the SGD step sizes fᵢ/‖a‖² for fractions fᵢ of the
// threshold SGDMaxLR. It returns an error for an invalid a, a fraction that
// is not positive and finite, or a step size that does not fit in a float64.
func stepSizes(a []float64, fracs ...float64) ([]float64, error) {
	lr, err := SGDMaxLR(a)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(fracs))
	for i, f := range fracs {
		if !(f > 0) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("lsq: step fraction %v must be positive and finite", f)
		}
		out[i] = f * lr
		if math.IsInf(out[i], 0) || out[i] < minNormal {
			return nil, fmt.Errorf("lsq: the step size %v·(1/‖a‖²) does not fit in a float64", f)
		}
	}
	return out, nil
}
