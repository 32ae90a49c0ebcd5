package lsq

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDistanceFigure(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p, _ := SinglePoint(a)
	lim, _ := SignLimit(a)
	tr, err := Run(p, SignDescent{LR: 0.5, Schedule: Inv}, Settings{Iters: 2000})
	if err != nil {
		t.Fatal(err)
	}
	f := DistanceFigure(lim, tr, nil)
	if err := f.Validate(); err != nil || !f.LogX || !f.LogY || len(f.Series) != 1 {
		t.Fatalf("figure %v: %v", f, err)
	}
	// Once the target is crossed, the distance stays below α₀/t (t ≥ 2, rounding aside).
	s := f.Series[0]
	for k := range s.X {
		if it := s.X[k]; it >= 20 && s.Y[k] > 0.5/it+1e-12 {
			t.Fatalf("distance %v at t = %v above α₀/t = %v", s.Y[k], it, 0.5/it)
		}
	}
	other := DistanceFigure([]float64{1, 2}, tr)
	if len(other.Series) != 0 || !strings.Contains(other.Title, "left out") {
		t.Errorf("wrong dimension: %v", other)
	}
}

func TestScheduleCurve(t *testing.T) {
	x, y := Inv.Curve(0.5, 1000)
	if len(x) < 20 || x[0] != 1 || x[len(x)-1] != 1000 {
		t.Fatalf("curve x %v", x)
	}
	for k := range x {
		if want := 0.5 / x[k]; math.Abs(y[k]-want) > 1e-15 {
			t.Errorf("α at t = %v: %v, want %v", x[k], y[k], want)
		}
		if k > 0 && x[k] <= x[k-1] {
			t.Errorf("x not increasing at %d", k)
		}
	}
	if x, _ := Constant.Curve(1, 0); x != nil {
		t.Error("no curve for 0 iterations")
	}
}

func TestResidualFigure(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p, _ := SinglePoint(a)
	m, _ := SGDMaxLR(a)
	tr, _ := Run(p, SGD{LR: 0.75 * m}, Settings{Iters: 30})
	f, err := ResidualFigure(p, 10, tr)
	if err != nil {
		t.Fatal(err)
	}
	s := f.Series[0]
	if len(s.X) != 11 || s.Y[0] != 1 {
		t.Fatalf("series %v", s)
	}
	for k := 1; k < len(s.Y); k++ { // q = −0.5: the sign flips, |r| halves
		if s.Y[k]*s.Y[k-1] >= 0 || math.Abs(s.Y[k]/s.Y[k-1]+0.5) > 1e-9 {
			t.Errorf("r[%d]/r[%d] = %v, want −0.5", k, k-1, s.Y[k]/s.Y[k-1])
		}
	}
	two, _ := NewProblem([][]float64{{1, 0}, {0, 1}}, []float64{1, 1})
	if _, err := ResidualFigure(two, 10, tr); err == nil {
		t.Error("several rows must be an error")
	}
}

// NormTable marks every minimum of a tie and returns the norms.
func TestNormTableTies(t *testing.T) {
	tb, norms := NormTable("t", []float64{1, 1},
		Named{Name: "A", Theta: []float64{0.5, 0.5}},
		Named{Name: "B", Theta: []float64{0.5, 0.5}},
		Named{Name: "C", Theta: []float64{1, 0}})
	if got := strings.Count(tb.String(), "← min"); got != 6 {
		t.Errorf("%d minima marked, want 6 (A and B tie in every column):\n%s", got, tb)
	}
	if math.Abs(norms[2][1]-1) > 0 || math.Abs(norms[0][0]-math.Sqrt(0.5)) > 1e-15 {
		t.Errorf("norms %v", norms)
	}
}

// The measured regime of each run agrees with the formula, diverging runs
// included, and ObservedRegime refuses what it cannot measure.
func TestRegimeRuns(t *testing.T) {
	a := []float64{2, 0.5, 0.25, 0.125}
	m, _ := SGDMaxLR(a)
	runs, err := RegimeRuns(a, 40, 0.25*m, 0.5*m, 0.75*m, m, 1.25*m)
	if err != nil {
		t.Fatal(err)
	}
	want := []Regime{Monotone, OneStep, Oscillating, Period2, Diverging}
	wantQ := []float64{0.5, 0, -0.5, -1, -1.5}
	for i, r := range runs {
		if r.Observed != want[i] || math.Abs(r.Q-wantQ[i]) > 1e-9 {
			t.Errorf("run %d: %v q̂ = %v, want %v q = %v", i, r.Observed, r.Q, want[i], wantQ[i])
		}
	}
	// 1.5^36 > 2e6: the diverging run passes the bound at step 18 and keeps
	// its error and its trace so far.
	if !errors.Is(runs[4].Err, ErrDiverged) || runs[4].Trace.Iters() != 18 {
		t.Errorf("diverging run: %v after %d steps", runs[4].Err, runs[4].Trace.Iters())
	}
	if _, err := RegimeRuns(a, 10, -1); err == nil {
		t.Error("a negative step size must be an error")
	}
	two, _ := NewProblem([][]float64{{1, 0}, {0, 1}}, []float64{1, 1})
	if _, _, err := ObservedRegime(two, runs[0].Trace); err == nil {
		t.Error("ObservedRegime on two rows must be an error")
	}
	p, _ := SinglePoint(a)
	if _, _, err := ObservedRegime(p, &Trace{Iter: []int{0}, Theta: [][]float64{{0, 0, 0, 0}}, Loss: []float64{1}}); err == nil {
		t.Error("a one-point trace has no ratio to measure")
	}
}
