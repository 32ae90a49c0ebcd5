package lsq

import (
	"math"
	"strings"
	"testing"
)

func TestRational(t *testing.T) {
	for x, want := range map[float64]string{
		0.1: "1/10", 0.01: "1/100", -0.25: "-1/4", 1.0 / 3: "1/3", 3: "3", 0: "0",
		10000.0 / 10101: "10000/10101", 0.123456: "1929/15625",
	} {
		r, ok := Rational(x, MaxDenominator)
		if !ok || r.RatString() != want {
			t.Errorf("Rational(%v) = %v, %v; want %s", x, r, ok, want)
		}
		if f, _ := r.Float64(); f != x {
			t.Errorf("Rational(%v) = %v does not round to x", x, r)
		}
	}
	for _, x := range []float64{math.Pi, 1e-170, math.Sqrt2, math.NaN(), math.Inf(1)} {
		if r, ok := Rational(x, MaxDenominator); ok {
			t.Errorf("Rational(%v) = %v, want none within the bound", x, r)
		}
	}
	if _, ok := Rational(0.5, 0); ok {
		t.Error("a denominator bound of 0 gave a fraction")
	}
	// The bound matters: 1/7 needs a denominator of 7.
	if _, ok := Rational(1.0/7, 6); ok {
		t.Error("1/7 with denominators ≤ 6")
	}
}

func TestAnswersHomework(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	cases := []struct {
		f        func([]float64) (Answer, error)
		fraction string
		plain    string
		tex      []string
	}{
		{SGDAnswer, "(10000/10101)·a", "θ∞ (SGD) = a/‖a‖₂² = (10000/10101)·a ≈ [0.990001, 0.0990001, 0.00990001]",
			[]string{`\tfrac{10000}{10101}\,a`, `[0.990001,\ 0.0990001,\ 0.00990001]`, `\begin{aligned}`}},
		{SignAnswer, "(100/111)·𝟙", "θ∞ (simplified Adam) = sign(a)/‖a‖₁ = (100/111)·𝟙 ≈ 0.900901·𝟙",
			[]string{`\tfrac{100}{111}\,\mathbf{1}`, `0.900901\,\mathbf{1}`}},
		{RescaledAnswer, "[1/3, 10/3, 100/3]", "θ∞ (rescaled SGD) = 1/(d·aᵢ) = [1/3, 10/3, 100/3] ≈ [0.333333, 3.33333, 33.3333]",
			[]string{`[\tfrac{1}{3},\ \tfrac{10}{3},\ \tfrac{100}{3}]`}},
	}
	for _, c := range cases {
		ans, err := c.f(a)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Fraction != c.fraction || ans.Plain != c.plain {
			t.Errorf("answer %q / %q, want %q / %q", ans.Fraction, ans.Plain, c.fraction, c.plain)
		}
		for _, s := range c.tex {
			if !strings.Contains(ans.TeX, s) {
				t.Errorf("TeX %q lacks %q", ans.TeX, s)
			}
		}
		for _, r := range ans.TeX {
			if r > 127 {
				t.Errorf("TeX %q has the non-ASCII %q (math must be ASCII)", ans.TeX, r)
				break
			}
		}
		// The exact rational value and the float closed form agree within
		// the stated rounding allowance, which is not zero and not huge.
		for j := range a {
			if d := math.Abs(ans.Exact[j] - ans.Value[j]); d > ans.Tol {
				t.Errorf("%s: exact %v vs float %v differ by %g > tol %g", c.fraction, ans.Exact[j], ans.Value[j], d, ans.Tol)
			}
		}
		if !(ans.Tol > 0 && ans.Tol < 1e-10) {
			t.Errorf("Tol = %g", ans.Tol)
		}
	}
}

func TestAnswersOtherData(t *testing.T) {
	// Signs, zeros, several entries: exact forms by hand.
	sign, _ := SignAnswer([]float64{0.5, -2, 1})
	if sign.Fraction != "(2/7)·[1, -1, 1]" {
		t.Errorf("mixed signs: %q", sign.Fraction)
	}
	neg, _ := SignAnswer([]float64{-0.5, -0.5})
	if neg.Fraction != "(1)·−𝟙" || !strings.Contains(neg.TeX, `-\mathbf{1}`) {
		t.Errorf("all negative: %q", neg.Plain)
	}
	zero, _ := SignAnswer([]float64{1, 0, 0.01})
	if zero.Fraction != "(100/101)·[1, 0, 1]" {
		t.Errorf("zero entry: %q", zero.Fraction)
	}
	sgd, _ := SGDAnswer([]float64{2, 0.5, 0.25, 0.125})
	if sgd.Fraction != "(64/277)·a" {
		t.Errorf("halving: %q", sgd.Fraction)
	}
	resc, _ := RescaledAnswer([]float64{0.5, -2, 1})
	if resc.Fraction != "[2/3, -1/6, 1/3]" {
		t.Errorf("rescaled, negative: %q", resc.Fraction)
	}
	// No small fractions: no exact form, but the exact arithmetic on the
	// doubles still checks the float closed form.
	irr, err := SGDAnswer([]float64{math.Pi, math.E})
	if err != nil || irr.Fraction != "" || strings.Contains(irr.TeX, `\tfrac`) {
		t.Errorf("irrational data: %q, %v", irr.TeX, err)
	}
	assertClose(t, "exact route on doubles", irr.Exact, irr.Value, irr.Tol, 0)
	// Extreme magnitudes: ×10^k in TeX, no fraction of 200 digits.
	tiny, err := SGDAnswer([]float64{1e-170, 1e-171})
	if err != nil || !strings.Contains(tiny.TeX, `\times 10^{169}`) || tiny.Fraction != "" {
		t.Errorf("tiny data: %q, %v", tiny.TeX, err)
	}
	assertRel(t, "exact at 1e-170", tiny.Exact, tiny.Value, 1e-14)
	// Long vectors are elided in the box.
	long := make([]float64, 12)
	for j := range long {
		long[j] = float64(j + 1)
	}
	ans, _ := RescaledAnswer(long)
	if !strings.Contains(ans.TeX, `\ldots`) || strings.Count(ans.Plain, ",") > 12 {
		t.Errorf("long vector: %q", ans.Plain)
	}
	if _, err := RescaledAnswer([]float64{1, 0}); err == nil {
		t.Error("rescaled answer with a zero entry")
	}
	for _, f := range []func([]float64) (Answer, error){SGDAnswer, SignAnswer, RescaledAnswer} {
		if _, err := f(nil); err == nil {
			t.Error("answer for an empty a")
		}
	}
}
