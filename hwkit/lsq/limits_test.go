package lsq

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestHomeworkValues(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	// The homework's answers, to 6 significant digits, and exactly where
	// they are rational: 10000/10101·a, (100/111)·𝟙, [1/3, 10/3, 100/3].
	got, err := SGDLimit(a)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "SGDLimit", got, []float64{0.990001, 0.0990001, 0.00990001}, 0, 5e-6)
	assertClose(t, "SGDLimit exact", got, []float64{10000.0 / 10101, 1000.0 / 10101, 100.0 / 10101}, 0, 1e-15)
	got, _ = SignLimit(a)
	assertClose(t, "SignLimit", got, []float64{100.0 / 111, 100.0 / 111, 100.0 / 111}, 0, 1e-15)
	got, _ = RescaledLimit(a)
	assertClose(t, "RescaledLimit", got, []float64{1.0 / 3, 10.0 / 3, 100.0 / 3}, 0, 1e-15)
	if lr, _ := SGDMaxLR(a); !scalar.EqualWithinRel(lr, 10000.0/10101, 1e-15) {
		t.Errorf("SGDMaxLR = %v", lr)
	}
}

func TestLimitsMatchDefinitions(t *testing.T) {
	for name, a := range testPoints() {
		t.Run(name, func(t *testing.T) {
			got, err := SGDLimit(a)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "SGDLimit", got, wantSGD(a), 1e-15, 1e-13)
			got, _ = SignLimit(a)
			assertClose(t, "SignLimit", got, wantSign(a), 1e-15, 1e-13)
			got, _ = RescaledLimit(a)
			assertClose(t, "RescaledLimit", got, wantRescaled(a), 1e-15, 1e-13)
			// The family contains all three.
			for p, want := range map[float64][]float64{0: wantSGD(a), 1: wantSign(a), 2: wantRescaled(a)} {
				got, err := PreconditionedLimit(a, p)
				if err != nil {
					t.Fatal(err)
				}
				assertClose(t, "PreconditionedLimit p = "+fmtG(p), got, want, 1e-15, 1e-13)
			}
			// Every member interpolates: aᵀθ = 1.
			for _, p := range []float64{-1, 0.5, 1.5, 3} {
				got, _ := PreconditionedLimit(a, p)
				var s float64
				for j := range a {
					s += a[j] * got[j]
				}
				if math.Abs(s-1) > 1e-13 {
					t.Errorf("p = %g: aᵀθ = %.16g", p, s)
				}
			}
		})
	}
}

// At extreme magnitudes the closed forms follow the scaling laws
// θ∞(c·a) = θ∞(a)/c, or report that the result does not fit.
func TestLimitsExtreme(t *testing.T) {
	a := []float64{1, -0.1, 0.01}
	for _, c := range []float64{1e-170, 1e-200, 1e-300, 1e150, 1e200, 1e300} {
		ca := scaledBy(c, a)
		for name, f := range map[string]func([]float64) ([]float64, error){
			"SGDLimit": SGDLimit, "SignLimit": SignLimit, "RescaledLimit": RescaledLimit,
			"p = 1.5": func(a []float64) ([]float64, error) { return PreconditionedLimit(a, 1.5) },
		} {
			base, _ := f(a)
			got, err := f(ca)
			want := scaledBy(1/c, base)
			if err != nil {
				if allFinite(want) && want[0] != 0 && math.Abs(want[0]) < 1e300 {
					t.Errorf("%s(%g·a): error %v, though the result %v fits", name, c, err, want)
				}
				continue
			}
			assertRel(t, name+" at "+fmtG(c), got, want, 1e-14)
		}
	}
	// Subnormal data: 1/‖a‖ overflows; an error, never Inf.
	for name, f := range map[string]func([]float64) ([]float64, error){
		"SGDLimit": SGDLimit, "SignLimit": SignLimit, "RescaledLimit": RescaledLimit,
	} {
		if got, err := f([]float64{5e-324, 1e-323}); err == nil {
			t.Errorf("%s(subnormal) = %v with no error", name, got)
		}
	}
	// Mixed magnitudes in one a: components underflow to 0 only where the
	// true value is below the smallest float64.
	got, err := SGDLimit([]float64{1e200, 1e-200})
	if err != nil || got[0] != 1e-200 || got[1] != 0 {
		t.Errorf("SGDLimit([1e200, 1e-200]) = %v, %v", got, err)
	}
	if _, err := SGDMaxLR([]float64{1e-170}); err == nil {
		t.Error("SGDMaxLR(1e-170): 1e340 does not fit")
	}
	if _, err := SGDMaxLR([]float64{1e200}); err == nil {
		t.Error("SGDMaxLR(1e200): 1e-400 underflows")
	}
	if lr, err := SGDMaxLR([]float64{1e150, 1e150}); err != nil || !scalar.EqualWithinRel(lr*1e300, 0.5, 1e-14) {
		t.Errorf("SGDMaxLR(1e150·[1, 1]) = %v, %v", lr, err)
	}
	if c, err := SignTarget([]float64{1e-170, 1e-170}); err != nil || !scalar.EqualWithinRel(c*1e-170, 0.5, 1e-14) {
		t.Errorf("SignTarget = %v, %v", c, err)
	}
}

func TestLimitsZeroEntries(t *testing.T) {
	a := []float64{2, 0, -1}
	got, err := SGDLimit(a)
	if err != nil || got[1] != 0 {
		t.Errorf("SGDLimit = %v, %v", got, err)
	}
	got, err = SignLimit(a)
	assertClose(t, "SignLimit with a zero", got, []float64{1.0 / 3, 0, -1.0 / 3}, 0, 1e-15)
	if err != nil || got[1] != 0 || math.Signbit(got[1]) {
		t.Errorf("sign(0) must be +0: %v", got)
	}
	if _, err := RescaledLimit(a); !errors.Is(err, ErrZeroFeature) {
		t.Errorf("RescaledLimit with a zero: %v", err)
	}
	got, err = PreconditionedLimit(a, 2) // a zero feature stays at 0
	if err != nil || got[1] != 0 {
		t.Errorf("PreconditionedLimit(p = 2) with a zero: %v, %v", got, err)
	}
	if lrs, err := stepSizes(a, 0.5, 1); err != nil || !scalar.EqualWithinRel(lrs[1], 0.2, 1e-15) || lrs[0] != lrs[1]/2 {
		t.Errorf("stepSizes = %v, %v", lrs, err)
	}
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := stepSizes(a, bad); err == nil {
			t.Errorf("stepSizes(%v): no error", bad)
		}
	}
}
