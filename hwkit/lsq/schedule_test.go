package lsq

import (
	"math"
	"strings"
	"testing"
	"time"
)

// The closed forms of Sum against plain summation (Kahan–Babuška, so the
// reference is accurate to a few ulps even for 10⁶ terms).
func TestScheduleSum(t *testing.T) {
	for _, s := range []Schedule{Constant, InvSqrt, Inv} {
		for _, n := range []int{0, 1, 2, 7, 999, 1000, 1001, 5000, 123457, 1000000} {
			var sum, c float64
			for k := 1; k <= n; k++ {
				var term float64
				switch s {
				case Constant:
					term = 0.3
				case InvSqrt:
					term = 0.3 / math.Sqrt(float64(k))
				case Inv:
					term = 0.3 / float64(k)
				}
				y := term - c
				t2 := sum + y
				c = (t2 - sum) - y
				sum = t2
			}
			got, err := s.Sum(0.3, n)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-sum) > 1e-14*math.Max(1, sum) {
				t.Errorf("%v.Sum(0.3, %d) = %.17g, want %.17g", s, n, got, sum)
			}
		}
	}
}

// Sum takes constant time: MaxInt steps are answered at once, finite.
func TestScheduleSumHuge(t *testing.T) {
	start := time.Now()
	for _, s := range []Schedule{InvSqrt, Inv} {
		got, err := s.Sum(1, math.MaxInt)
		if err != nil || !(got > 0) || math.IsInf(got, 0) {
			t.Errorf("%v.Sum(1, MaxInt) = %v, %v", s, got, err)
		}
	}
	if got, _ := Inv.Sum(1, math.MaxInt); math.Abs(got-(math.Log(float64(math.MaxInt))+eulerGamma)) > 1e-12 {
		t.Errorf("H_MaxInt = %v", got)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Sum(1, MaxInt) took %v", d)
	}
	if _, err := Constant.Sum(1e300, math.MaxInt); err == nil {
		t.Error("an overflowing sum gave no error")
	}
	for _, bad := range []struct {
		s     Schedule
		lr    float64
		iters int
	}{{Inv, -1, 5}, {Inv, math.NaN(), 5}, {Inv, math.Inf(1), 5}, {Schedule(7), 1, 5}, {Inv, 1, -1}} {
		if _, err := bad.s.Sum(bad.lr, bad.iters); err == nil {
			t.Errorf("Sum(%v, %v, %d): no error", bad.s, bad.lr, bad.iters)
		}
	}
}

// reachLog10 inverts Sum: after 10^k steps the sum passes dist, one step
// earlier it does not (checked where the count is small enough to sum).
func TestScheduleReach(t *testing.T) {
	for _, s := range []Schedule{Constant, InvSqrt, Inv} {
		for _, dist := range []float64{0.05, 0.9, 3, 9, 40} {
			k := s.reachLog10(0.1, dist)
			if k > 7 {
				continue
			}
			n := int(math.Round(math.Pow(10, k)))
			at, _ := s.Sum(0.1, n)
			before, _ := s.Sum(0.1, n-1)
			// The asymptotic inversion is exact up to one step of rounding.
			if at < dist*(1-1e-9) || (n > 1 && before > dist*(1+1e-9) && n < directSums) {
				t.Errorf("%v: reach(%g) = %d steps, but Σ = %g there and %g one step before", s, dist, n, at, before)
			}
		}
	}
	// e^(c/α) steps for the harmonic schedule: printed, not overflowed.
	if got := stepsText(Inv.reachLog10(1e-170, 1)); !strings.HasPrefix(got, "about 10^(") {
		t.Errorf("steps text %q", got)
	}
	for log10, want := range map[float64]string{0: "1 step", math.Log10(47): "47 steps", 8.5: "about 3.2e+08 steps", 391.2: "about 10^391 steps"} {
		if got := stepsText(log10); got != want {
			t.Errorf("stepsText(%g) = %q, want %q", log10, got, want)
		}
	}
}

func TestScheduleRate(t *testing.T) {
	if Constant.Rate(0.5, 9) != 0.5 || Inv.Rate(0.5, 9) != 0.05 || InvSqrt.Rate(0.5, 3) != 0.25 {
		t.Error("Rate")
	}
	if !math.IsNaN(Schedule(5).Rate(1, 1)) || !math.IsNaN(Inv.Rate(1, -1)) {
		t.Error("Rate of an unknown schedule or a negative t is not NaN")
	}
}
