package lsq

import (
	"math"
	"strings"
	"testing"
)

func TestRegimes(t *testing.T) {
	for name, a := range testPoints() {
		t.Run(name, func(t *testing.T) {
			n2 := norm2sq(a)
			fracs := []float64{0.2, 0.5, 0.8, 1, 1.2}
			want := []Regime{Monotone, OneStep, Oscillating, Period2, Diverging}
			for k, f := range fracs {
				r, err := SGDRegime(a, f/n2)
				if err != nil || r != want[k] {
					t.Errorf("SGDRegime(α‖a‖² = %g) = %v, %v; want %v", f, r, err, want[k])
				}
			}
			runs, err := RegimeRuns(a, 12, fracs...)
			if err != nil {
				t.Fatal(err)
			}
			for k, r := range runs {
				if r.Observed != want[k] || r.Formula != want[k] {
					t.Errorf("α‖a‖² = %g: observed %v, formula %v, want %v", fracs[k], r.Observed, r.Formula, want[k])
				}
				// q̂ = 1 − 2α‖a‖², measured from the residuals.
				if q := 1 - 2*fracs[k]; math.Abs(r.Q-q) > 1e-12 {
					t.Errorf("α‖a‖² = %g: q̂ = %g, want %g", fracs[k], r.Q, q)
				}
				if len(r.Residual) != r.Trace.Len() || r.Residual[0] != 1 {
					t.Errorf("residuals %v", r.Residual)
				}
			}
			if res := runs[4].Residual; math.Abs(res[len(res)-1]) < 50 {
				t.Errorf("the diverging run's residual ends at %g", res[len(res)-1])
			}
			if ok, detail := RegimesAgree(runs); !ok || !strings.Contains(detail, "period-2") {
				t.Errorf("RegimesAgree = %v, %q", ok, detail)
			}
			f, err := RegimeFigure(runs)
			if err != nil || len(f.Series) != 5 || f.Validate() != nil {
				t.Errorf("RegimeFigure: %v, %v", f, err)
			}
		})
	}
}

// A step too small to change the residual in floating point is a stall,
// which is monotone, not "diverging".
func TestRegimeStall(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	runs, err := RegimeRuns(a, 60, 1e-300)
	if err != nil {
		t.Fatal(err)
	}
	if runs[0].Observed != Monotone || runs[0].Formula != Monotone || runs[0].Q != 1 {
		t.Errorf("α = 1e-300·limit: observed %v (q̂ = %v), formula %v", runs[0].Observed, runs[0].Q, runs[0].Formula)
	}
}

func TestRegimeErrors(t *testing.T) {
	a := []float64{1, 2}
	p := mustProblem(t, a)
	tr := mustRun(t, p, SGD{LR: 0.01}, Settings{Iters: 5})
	other := mustRun(t, mustProblem(t, []float64{1, 2, 3}), SGD{LR: 0.01}, Settings{Iters: 5})
	two, _ := NewProblem([][]float64{{1, 2}, {3, 4}}, []float64{1, 1})
	for name, err := range map[string]error{
		"other dimension": third(ObservedRegime(p, other)),
		"nil trace":       third(ObservedRegime(p, nil)),
		"nil problem":     third(ObservedRegime(nil, tr)),
		"two rows":        third(ObservedRegime(two, tr)),
		"ragged trace":    third(ObservedRegime(p, &Trace{Iter: []int{0, 1}, Theta: [][]float64{{0, 0}}})),
		"no pair":         third(ObservedRegime(p, &Trace{Iter: []int{0}, Theta: [][]float64{{0, 0}}})),
		"iters":           errOf(RegimeRuns(a, 0, 0.5)),
		"too many iters":  errOf(RegimeRuns(a, AutoRecords+1, 0.5)),
		"frac NaN":        errOf(RegimeRuns(a, 5, math.NaN())),
		"frac zero":       errOf(RegimeRuns(a, 5, 0)),
		"empty a":         errOf(RegimeRuns(nil, 5, 0.5)),
		"tiny a":          errOf(RegimeRuns([]float64{1e-170}, 5, 0.5)),
		"SGDRegime lr":    errOf(SGDRegime(a, math.Inf(1))),
		"no runs":         errOf(RegimeFigure(nil)),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "lsq: ") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if ok, _ := RegimesAgree(nil); ok {
		t.Error("RegimesAgree(nil)")
	}
}

func third[T, U any](_ T, _ U, err error) error { return err }
