package lsq

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestRunSettings(t *testing.T) {
	p := mustProblem(t, []float64{1, 2})
	nan, inf := math.NaN(), math.Inf(1)
	for name, s := range map[string]Settings{
		"Iters zero":     {},
		"Iters negative": {Iters: -5},
		"Iters too many": {Iters: MaxIters + 1},
		"Theta0 length":  {Iters: 1, Theta0: []float64{1}},
		"Theta0 NaN":     {Iters: 1, Theta0: []float64{1, nan}},
		"Theta0 Inf":     {Iters: 1, Theta0: []float64{inf, 1}},
		"Every negative": {Iters: 1, Every: -1},
		"Bound negative": {Iters: 1, Bound: -1},
		"Bound NaN":      {Iters: 1, Bound: nan},
	} {
		if _, err := Run(p, SGD{LR: 0.1}, s); err == nil || !strings.HasPrefix(err.Error(), "lsq: Settings.") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := Run(nil, SGD{LR: 1}, Settings{Iters: 1}); err == nil {
		t.Error("nil problem")
	}
	if _, err := Run(p, nil, Settings{Iters: 1}); err == nil {
		t.Error("nil method")
	}
	err := errOf(Run(p, SGD{LR: -1}, Settings{Iters: 1}))
	if want := "lsq: SGD step size LR = -1 must be positive and finite"; err == nil || err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

// The trace always records the 1-2-5 series, so its tables show round
// iteration numbers even when it is thinned.
func TestRunRecording(t *testing.T) {
	p := mustProblem(t, []float64{1, 0.1, 0.01})
	tr := mustRun(t, p, SignDescent{LR: 1, Schedule: Inv}, Settings{Iters: 1000000})
	if tr.Len() > AutoRecords+AutoHead+60 {
		t.Errorf("automatic thinning kept %d records", tr.Len())
	}
	rec := map[int]bool{}
	for _, k := range tr.Iter {
		rec[k] = true
	}
	for _, k := range []int{1, 2, 5, 10, 2000, 5000, 100000, 200000, 500000, 1000000} {
		if !rec[k] {
			t.Errorf("iteration %d not recorded", k)
		}
	}
	for _, c := range []struct {
		tr   *Trace
		rows int
		last string
	}{{tr, 9, "1000000"}, {mustRun(t, p, SGD{LR: 0.25}, Settings{Iters: 200}), 8, "200"},
		{mustRun(t, p, SGD{LR: 0.25}, Settings{Iters: 37}), 6, "37"}} {
		rows := c.tr.Table(c.rows).Rows
		if len(rows) > c.rows || len(rows) < 3 || rows[0][0] != "0" || rows[len(rows)-1][0] != c.last {
			t.Errorf("Table(%d) has rows %v", c.rows, rows)
		}
		for _, r := range rows[1 : len(rows)-1] {
			var k int
			for _, ch := range r[0] {
				k = 10*k + int(ch-'0')
			}
			if !roundIter(k) {
				t.Errorf("Table(%d) shows iteration %s, not a round number", c.rows, r[0])
			}
		}
	}
	for _, k := range []int{1, 2, 5, 10, 20, 50, 100, 200, 5000000} {
		if !roundIter(k) {
			t.Errorf("%d is on the 1-2-5 series", k)
		}
	}
	for _, k := range []int{0, 3, 9, 11, 25, 150, 9999, 99990} {
		if roundIter(k) {
			t.Errorf("%d is not on the 1-2-5 series", k)
		}
	}
	wide := mustRun(t, mustProblem(t, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}), SGD{LR: 0.001}, Settings{Iters: 3})
	if h := wide.Table(3).Header; len(h) != 3 || h[2] != "θ" {
		t.Errorf("wide header %q", h)
	}
	var none *Trace // as returned by a failed Run
	if none.Len() != 0 || none.Final() != nil || !math.IsNaN(none.FinalLoss()) || len(none.Table(8).Rows) != 0 ||
		none.String() == "" || none.Iters() != 0 {
		t.Error("nil trace")
	}
	if lo, hi := tr.Range(2000000); lo != nil || hi != nil {
		t.Error("Range beyond the run")
	}
}

func TestDivergence(t *testing.T) {
	p := mustProblem(t, []float64{1, 0.1, 0.01})
	tr, err := Run(p, SGD{LR: 1.2 / norm2sq([]float64{1, 0.1, 0.01})}, Settings{Iters: 200})
	var de *DivergedError
	if !errors.Is(err, ErrDiverged) || !errors.As(err, &de) {
		t.Fatalf("err = %v, want ErrDiverged", err)
	}
	if tr == nil || tr.Iters() != de.Iter || tr.FinalLoss() != de.Loss || de.Bound != 2e6 || de.Loss <= de.Bound {
		t.Fatalf("partial trace %v, error %+v", tr, de)
	}
	// q = −1.4: |r|² passes 2e6 after about 22 steps.
	if de.Iter < 15 || de.Iter > 40 || !strings.HasPrefix(err.Error(), "lsq: SGD") {
		t.Errorf("diverged at %d: %v", de.Iter, err)
	}
	inf, err := Run(mustProblem(t, []float64{1}), SGD{LR: 1e10}, Settings{Iters: 1000, Bound: math.Inf(1)})
	if !errors.Is(err, ErrDiverged) || inf.Len() < 2 {
		t.Fatalf("to Inf: %v", err)
	}
}

// Sign-type steps are bounded by α_t: on data of mixed magnitudes the
// first steps overshoot the loss by far, but the run is not "diverged".
func TestBoundedStepsDoNotDiverge(t *testing.T) {
	for _, a := range [][]float64{{1e4, 1, 1e-4}, {1e150, 1e149}, {1e-170, 1e-171}} {
		p := mustProblem(t, a)
		for _, m := range []Method{SignDescent{LR: 1, Schedule: Inv}, SimplifiedAdam{LR: 1, Schedule: Inv}, Adam{LR: 0.01, Schedule: InvSqrt}} {
			tr, err := Run(p, m, Settings{Iters: 10000})
			if err != nil {
				t.Errorf("%v on %v: %v", m, a, err)
				continue
			}
			if !allFinite(tr.Final()) {
				t.Errorf("%v on %v: θ = %v", m, a, tr.Final())
			}
		}
	}
	// On 1e200·… the first step overshoots so far that the loss overflows:
	// ErrOverflow, with the trace before it.
	tr, err := Run(mustProblem(t, []float64{1e200, 1e199}), SignDescent{LR: 1, Schedule: Inv}, Settings{Iters: 100})
	if !errors.Is(err, ErrOverflow) || tr.Len() != 1 || !strings.Contains(err.Error(), "too large for the data's scale") {
		t.Errorf("1e200: %v, %d iterations", err, tr.Len())
	}
	// On 1e4·…, the decaying sign descent does converge (within α₀/T).
	tr = mustRun(t, mustProblem(t, []float64{1e4, 1, 1e-4}), SimplifiedAdam{LR: 1, Schedule: Inv}, Settings{Iters: 100000})
	assertClose(t, "mixed magnitudes", tr.Final(), wantSign([]float64{1e4, 1, 1e-4}), 1e-5, 0)
}
