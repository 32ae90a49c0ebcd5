package lsq

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestProblemBasics(t *testing.T) {
	X := [][]float64{{1, 2}, {3, 4}, {0, -1}}
	y := []float64{1, 0, 2}
	p, err := NewProblem(X, y)
	if err != nil {
		t.Fatal(err)
	}
	X[0][0] = 99 // NewProblem copied X
	theta := []float64{0.5, -1}
	// Residuals: 0.5−2−1 = −2.5, 1.5−4−0 = −2.5, 1−2 = −1.
	if f, err := p.Loss(theta); err != nil || f != 6.25+6.25+1 {
		t.Errorf("Loss = %g, %v", f, err)
	}
	g, err := p.Grad(nil, theta)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "Grad", g, []float64{2 * (-2.5*1 - 2.5*3), 2 * (-2.5*2 - 2.5*4 + -1*-1)}, 1e-15, 0)
	if p.Dim() != 2 || p.Rows() != 3 {
		t.Error("Dim/Rows")
	}
	x, yi, err := p.Row(0)
	if err != nil || x[0] != 1 || x[1] != 2 || yi != 1 {
		t.Errorf("Row(0) = %v, %v, %v", x, yi, err)
	}
	x[0] = 7 // Row returns a copy
	if x2, _, _ := p.Row(0); x2[0] != 1 {
		t.Error("Row does not copy")
	}
	s, err := p.Scales()
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "Scales", s, []float64{math.Sqrt(10.0 / 3), math.Sqrt(7)}, 0, 1e-15)
	w, err := p.Weights(2)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "Weights(2)", w, []float64{(10.0 / 3) / 7, 1}, 0, 1e-14)
	if got := p.String(); got != "f(θ) = ‖Xθ − y‖², 3 rows × 2 features" {
		t.Errorf("String = %q", got)
	}
	if got := mustProblem(t, []float64{1, 0.5}).String(); got != "f(θ) = (1 − aᵀθ)², a = [1, 0.5]" {
		t.Errorf("single-point String = %q", got)
	}
}

// Errors, not panics, for everything a cell can pass.
func TestProblemErrors(t *testing.T) {
	p := mustProblem(t, []float64{1, 2})
	var nilP *Problem
	for name, err := range map[string]error{
		"Row(5)":        second(p.Row(5)),
		"Row(-1)":       second(p.Row(-1)),
		"nil Row":       second(nilP.Row(0)),
		"Loss length":   errOf(p.Loss([]float64{1})),
		"nil Loss":      errOf(nilP.Loss(nil)),
		"Grad length":   errOf(p.Grad(nil, []float64{1, 2, 3})),
		"Grad dst":      errOf(p.Grad(make([]float64, 5), []float64{1, 2})),
		"nil Grad":      errOf(nilP.Grad(nil, nil)),
		"nil Scales":    errOf(nilP.Scales()),
		"nil Weights":   errOf(nilP.Weights(2)),
		"Weights NaN":   errOf(p.Weights(math.NaN())),
		"Loss overflow": errOf(mustProblem(t, []float64{1e300}).Loss([]float64{1e300})),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "lsq: ") {
			t.Errorf("%s: err = %v, want an lsq error", name, err)
		}
	}
	if nilP.Dim() != 0 || nilP.Rows() != 0 || nilP.String() != "lsq: nil problem" {
		t.Error("nil problem's Dim, Rows or String")
	}
	if _, err := mustProblem(t, []float64{1, 0}).Weights(-1); !errors.Is(err, ErrZeroFeature) {
		t.Errorf("Weights(−1) with a zero feature: %v", err)
	}
	if _, err := NewProblem([][]float64{make([]float64, MaxEntries/2+1), make([]float64, MaxEntries/2+1)}, []float64{1, 1}); err == nil {
		t.Error("a problem beyond MaxEntries was accepted")
	}
}

func second[T, U any](_ T, _ U, err error) error { return err }
func errOf[T any](_ T, err error) error          { return err }

// Scales and Weights work on scaled norms: no square underflows for data
// near 1e-170 or overflows near 1e200.
func TestScalesExtreme(t *testing.T) {
	for _, c := range []float64{1e-170, 1e-300, 1e200, 1e300, 5e-324} {
		p, err := NewProblem([][]float64{{3 * c, -4 * c}, {0, c}}, []float64{1, 1})
		if err != nil {
			t.Fatal(err)
		}
		s, err := p.Scales()
		if err != nil {
			t.Fatal(err)
		}
		// s₁ = √(9c²/2), s₂ = √(17c²/2), computed here in units of c.
		want := []float64{3 * c / math.Sqrt2, math.Sqrt(17.0/2) * c}
		if c == 5e-324 { // subnormal: only a few bits of precision
			if s[0] == 0 || s[1] == 0 {
				t.Errorf("c = %g: scales underflow to %v", c, s)
			}
			continue
		}
		assertRel(t, "Scales at "+fmtG(c), s, want, 1e-14)
		w, err := p.Weights(2)
		if err != nil {
			t.Fatal(err)
		}
		assertRel(t, "Weights(2) at "+fmtG(c), w, []float64{9.0 / 17, 1}, 1e-14)
	}
	// Scales spanning more than float64's range: the weight is an error.
	p, _ := NewProblem([][]float64{{1e200, 1e-200}}, []float64{1})
	if _, err := p.Weights(2); err == nil {
		t.Error("a weight of 1e-800 did not report an underflow")
	}
}
