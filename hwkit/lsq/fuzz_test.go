package lsq

import (
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/internal/badinput"
)

// Fuzz targets for the float-slice entry points. Their seed corpus (the
// f.Add calls: the bad-input vectors) runs with every go test; `go test
// -fuzz=FuzzLimits` explores further. Each checks: no panic, and an lsq
// error or finite results that satisfy the defining equation.

// floatsOf decodes up to 12 float64 values from the fuzzer's bytes
// (badinput's codec: every bit pattern is reachable).
func floatsOf(b []byte) []float64 {
	v := badinput.Floats(b)
	return v[:min(len(v), 12)]
}

func addSeeds(f *testing.F) {
	for _, v := range badVecs {
		if len(v) <= 12 {
			f.Add(badinput.Bytes(v...))
		}
	}
	f.Add(badinput.Bytes(-1.5, 0.3, -0.02, 4))
	f.Add(badinput.Bytes(1e308, -1e308, 1e-308))
}

// interpolates reports |aᵀθ − 1| ≤ tol·(Σ|aⱼθⱼ| + 1).
func interpolates(a, theta []float64, tol float64) bool {
	s, scale := -1.0, 1.0
	for j := range a {
		s += a[j] * theta[j]
		scale += math.Abs(a[j] * theta[j])
	}
	return math.Abs(s) <= tol*scale
}

func checkLimit(t *testing.T, name string, a, theta []float64, err error) {
	t.Helper()
	if err != nil {
		if !strings.HasPrefix(err.Error(), "lsq: ") {
			t.Fatalf("%s(%v): error %q", name, a, err)
		}
		return
	}
	if len(theta) != len(a) || !allFinite(theta) {
		t.Fatalf("%s(%v) = %v with no error", name, a, theta)
	}
	// Components may underflow to 0 where the true value is below the
	// smallest float64; the rest must interpolate.
	if !interpolates(a, theta, 1e-12) && !underflowed(theta) {
		t.Fatalf("%s(%v) = %v does not interpolate", name, a, theta)
	}
}

// underflowed reports a vector with subnormal or zero components, where
// the interpolation equation loses its precision.
func underflowed(v []float64) bool {
	for _, x := range v {
		if x != 0 && math.Abs(x) < 0x1p-1000 {
			return true
		}
	}
	return false
}

func FuzzLimits(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		a := floatsOf(b)
		for name, fn := range map[string]func([]float64) ([]float64, error){
			"SGDLimit": SGDLimit, "SignLimit": SignLimit, "RescaledLimit": RescaledLimit,
			"PreconditionedLimit(1.5)": func(a []float64) ([]float64, error) { return PreconditionedLimit(a, 1.5) },
		} {
			theta, err := fn(a)
			checkLimit(t, name, a, theta, err)
		}
		if lr, err := SGDMaxLR(a); err == nil && !(lr > 0 && !math.IsInf(lr, 0)) {
			t.Fatalf("SGDMaxLR(%v) = %v", a, lr)
		}
	})
}

func FuzzAnswers(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		a := floatsOf(b)
		for _, fn := range []func([]float64) (Answer, error){SGDAnswer, SignAnswer, RescaledAnswer} {
			ans, err := fn(a)
			if err != nil {
				continue
			}
			if !allFinite(ans.Value) || !allFinite(ans.Exact) || !finite(ans.Tol) || strings.Contains(ans.Plain, "NaN") {
				t.Fatalf("answer for %v: %+v", a, ans)
			}
			// The exact route agrees with the float one, relatively.
			for j := range a {
				if d := math.Abs(ans.Exact[j] - ans.Value[j]); d > ans.Tol && !underflowed(ans.Value) {
					t.Fatalf("a = %v: exact %v vs float %v", a, ans.Exact[j], ans.Value[j])
				}
			}
		}
	})
}

func FuzzRoutes(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		a := floatsOf(b)
		p, err := SinglePoint(a)
		if err != nil {
			return
		}
		for name, fn := range map[string]func(*Problem) ([]float64, error){
			"MinL2Interpolant": MinL2Interpolant, "MinLinfInterpolant": MinLinfInterpolant,
			"MinWeightedL2Interpolant": func(p *Problem) ([]float64, error) { return MinWeightedL2Interpolant(p, nil) },
		} {
			theta, err := fn(p)
			checkLimit(t, name, a, theta, err)
		}
	})
}

func FuzzProgress(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		a := floatsOf(b)
		frac, lr := 0.3, 0.5
		if len(a) > 2 {
			frac, lr, a = math.Abs(a[0]), math.Abs(a[1]), a[2:]
		}
		for _, fn := range []func() (Progress, error){
			func() (Progress, error) { return SGDProgress(a, frac, 20) },
			func() (Progress, error) { return RescaledProgress(a, frac, 20) },
			func() (Progress, error) { return SignProgress(a, lr, Inv, 200) },
			func() (Progress, error) { return SignProgress(a, lr, Constant, 200) },
		} {
			p, err := fn()
			if err != nil {
				if !strings.HasPrefix(err.Error(), "lsq: ") {
					t.Fatalf("a = %v: %v", a, err)
				}
				continue
			}
			if !holds(p) || !allFinite(p.Final) {
				t.Fatalf("a = %v, frac %v, lr %v: %s misses its prediction", a, frac, lr, p.Name())
			}
		}
	})
}

func FuzzRational(f *testing.F) {
	for _, x := range []float64{0.1, 1.0 / 3, -2.5, 0, 1e-170, math.NaN(), math.Inf(-1), 5e-324, 1e300} {
		f.Add(x, int64(MaxDenominator))
	}
	f.Fuzz(func(t *testing.T, x float64, den int64) {
		r, ok := Rational(x, den)
		if !ok {
			return
		}
		if got, _ := r.Float64(); got != x || r.Denom().Int64() > den || r.Denom().Sign() <= 0 {
			t.Fatalf("Rational(%v, %d) = %v", x, den, r)
		}
	})
}
