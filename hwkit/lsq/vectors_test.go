package lsq

import (
	"math"
	"strings"
	"testing"
)

func TestScheduleSum(t *testing.T) {
	if got, want := Inv.Sum(1, 4), 1+1/2.0+1/3.0+1/4.0; math.Abs(got-want) > 1e-15 {
		t.Errorf("Inv.Sum = %v, want %v", got, want)
	}
	if got := Constant.Sum(0.5, 10); got != 5 {
		t.Errorf("Constant.Sum = %v", got)
	}
}

func TestNorm1MaxAbs(t *testing.T) {
	v := []float64{1, -0.1, 0.01}
	if Norm1(v) != 1.11 || MaxAbs(v) != 1 || MaxAbs(nil) != 0 {
		t.Errorf("Norm1 %v MaxAbs %v", Norm1(v), MaxAbs(v))
	}
}

func TestDiffTable(t *testing.T) {
	s := DiffTable("d", []float64{1, 2}, Named{Name: "x", Theta: []float64{1.5, 2}}, Named{Name: "y", Theta: []float64{1}}).String()
	for _, want := range []string{"θ₁ − ref", "0.5", "length 1, reference 2"} {
		if !strings.Contains(s, want) {
			t.Errorf("table lacks %q:\n%s", want, s)
		}
	}
}

// The weighted interpolant satisfies the Lagrange condition; a perturbed
// point does not, by about the size of the perturbation off the line.
func TestWeightedKKT(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p, _ := SinglePoint(a)
	w := p.SecondMoments()
	star, _ := RescaledLimit(a)
	if r, err := WeightedKKT(p, w, star); err != nil || r > 1e-12 {
		t.Errorf("at the minimizer: %v, %v", r, err)
	}
	off := []float64{star[0] + 1e-3, star[1], star[2]}
	if r, _ := WeightedKKT(p, w, off); r < 1e-4 || r > 1e-3 {
		t.Errorf("perturbed by 1e-3 in one coordinate: residual %v", r)
	}
	if _, err := WeightedKKT(p, []float64{1, 0, 1}, star); err == nil {
		t.Error("zero weight must be an error")
	}
	if _, err := WeightedKKT(p, w, []float64{1}); err == nil {
		t.Error("wrong length must be an error")
	}
	// Several rows: SGD's min-ℓ2 interpolant (w = 1) is stationary.
	q, _ := NewProblem([][]float64{{1, 2, 0}, {0, 1, 1}}, []float64{1, 2})
	mn, _ := MinL2Interpolant(q)
	if r, _ := WeightedKKT(q, []float64{1, 1, 1}, mn); r > 1e-12 {
		t.Errorf("min-ℓ2 interpolant of two rows: residual %v", r)
	}
}
