package lsq

import (
	"fmt"
	"math"
	"strconv"

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

// Constants of the closed-form partial sums.
const (
	eulerGamma = 0.57721566490153286060651209008240243 // γ = lim (H_n − ln n)
	zetaHalf   = -1.4603545088095868128894991525152981 // ζ(1/2) = lim (Σ_{k≤n} 1/√k − 2√n)
	// directSums is the number of terms up to which Sum adds the steps one
	// by one; beyond it the Euler–Maclaurin expansions are exact to double
	// precision (their first omitted terms are below 1e-19).
	directSums = 1000
)

// valid reports whether s is one of the three schedules.
func (s Schedule) valid() bool { return s >= Constant && s <= Inv }

// Rate returns the step size α_t at iteration t for the base step size lr:
// lr, lr/√(t+1) or lr/(t+1). It is plain arithmetic: an unknown schedule or
// t < 0 gives NaN, and a non-finite lr propagates.
func (s Schedule) Rate(lr float64, t int) float64 {
	if t < 0 {
		return math.NaN()
	}
	switch s {
	case Constant:
		return lr
	case InvSqrt:
		return lr / math.Sqrt(float64(t)+1)
	case Inv:
		return lr / (float64(t) + 1)
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

// Sum returns Σ_{t<iters} Rate(lr, t), the total length of the first iters
// steps: how far sign descent, which moves every coordinate by α_t, can
// travel. It takes O(1) time for any iters (closed forms: lr·n; the
// harmonic number H_n = ln n + γ + 1/(2n) − …; Σ 1/√k = 2√n + ζ(1/2) +
// 1/(2√n) − …). It returns an error for an lr that is not positive and
// finite, an unknown schedule or a negative iters.
func (s Schedule) Sum(lr float64, iters int) (float64, error) {
	if err := checkLR("the schedule's", lr, s); err != nil {
		return 0, err
	}
	if iters < 0 {
		return 0, fmt.Errorf("lsq: Schedule.Sum needs iters ≥ 0, got %d", iters)
	}
	sum := lr * s.factorSum(iters)
	if !finite(sum) {
		return 0, fmt.Errorf("lsq: Σαₜ = %s·%s over %d steps overflows float64", table.Float(lr), s, iters)
	}
	return sum, nil
}

// factorSum returns Σ_{t<n} factor(t) for a valid schedule.
func (s Schedule) factorSum(n int) float64 {
	if s == Constant {
		return float64(n)
	}
	if n <= directSums {
		var sum float64
		for t := range n {
			sum += s.Rate(1, t)
		}
		return sum
	}
	x := float64(n)
	if s == Inv {
		x2 := x * x
		return math.Log(x) + eulerGamma + 1/(2*x) - 1/(12*x2) + 1/(120*x2*x2)
	}
	r := math.Sqrt(x)
	return 2*r + zetaHalf + 1/(2*r) - 1/(24*x*r) + 1/(384*x*x*x*r)
}

// reachLog10 returns log₁₀ of the number T of steps after which the steps
// of the schedule add up to dist > 0 (Σ_{t<T} α_t ≥ dist), so that counts
// beyond float64's range can still be printed. lr must be valid.
func (s Schedule) reachLog10(lr, dist float64) float64 {
	units := dist / lr // Σ factor(t) must reach this
	switch {
	case s == Constant:
		return math.Log10(math.Max(1, math.Ceil(units)))
	case units > s.factorSum(directSums) && s == InvSqrt:
		return 2 * math.Log10((units-zetaHalf)/2) // 2√T + ζ(1/2) ≈ units
	case units > s.factorSum(directSums):
		return (units - eulerGamma) / math.Ln10 // ln T + γ ≈ units
	}
	var sum float64
	for t := range directSums {
		sum += s.Rate(1, t)
		if sum >= units {
			return math.Log10(float64(t + 1))
		}
	}
	return math.Log10(directSums)
}

// stepsText prints a step count given as log₁₀: "1 step", "47 steps",
// "about 3.2e+08 steps", "about 10^391 steps" or "about 10^(3.9e+169) steps".
func stepsText(log10 float64) string {
	switch n := math.Round(math.Pow(10, log10)); {
	case n == 1:
		return "1 step"
	case log10 < 6:
		return strconv.FormatFloat(n, 'f', 0, 64) + " steps"
	case log10 < 300:
		return "about " + strconv.FormatFloat(math.Pow(10, log10), 'g', 2, 64) + " steps"
	}
	if math.IsInf(log10, 0) || math.IsNaN(log10) || log10 > 1e300 {
		return "more steps than a float64 can count"
	}
	if log10 < 1e6 {
		return "about 10^" + strconv.FormatFloat(math.Floor(log10), 'f', 0, 64) + " steps"
	}
	return "about 10^(" + strconv.FormatFloat(log10, 'g', 2, 64) + ") steps"
}

// checkLR validates a base step size and a schedule.
func checkLR(name string, lr float64, s Schedule) error {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("lsq: %s step size LR = %v must be positive and finite", name, lr)
	}
	if lr < minNormal {
		return fmt.Errorf("lsq: %s step size LR = %v is subnormal: too few bits of precision to step with", name, lr)
	}
	if !s.valid() {
		return fmt.Errorf("lsq: %s step-size schedule %v is unknown (use Constant, InvSqrt or Inv)", name, s)
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

// stepText writes the step of the schedule, e.g. "α₀/(t+1)".
func (s Schedule) stepText() string {
	switch s {
	case Constant:
		return "constant α"
	case InvSqrt:
		return "α₀/√(t+1)"
	}
	return "α₀/(t+1)"
}

// boundCurveText writes the bound α_{t−1} as a function of t, for a legend.
func (s Schedule) boundCurveText() string {
	switch s {
	case Constant:
		return "α"
	case InvSqrt:
		return "α₀/√t"
	}
	return "α₀/t"
}

// boundText writes α_{T−1} for the schedule, e.g. "α₀/T".
func (s Schedule) boundText() string {
	switch s {
	case Constant:
		return "α"
	case InvSqrt:
		return "α₀/√T"
	}
	return "α₀/T"
}
