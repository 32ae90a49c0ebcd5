package lsq

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
)

func homeworkStudy() Study {
	return Study{A: []float64{1, 0.1, 0.01}, SGDFrac: 0.25, SGDIters: 200, SignLR: 1, SignIters: 1000000,
		ConstLR: 0.01, AdamLR: 0.01, AdamIters: 20000}
}

func TestStudyValidate(t *testing.T) {
	s := homeworkStudy()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := s.String(); got != "a = [1, 0.1, 0.01], d = 3: every part can run" {
		t.Errorf("String = %q", got)
	}
	s.A = []float64{1, 0, 0.01}
	if err := s.Validate(); err != nil || !strings.Contains(s.String(), "a₂ = 0, so part (c) cannot run") {
		t.Errorf("zero entry: %v, %q", err, s.String())
	}
	// Every problem at once, each line an lsq error.
	bad := Study{A: nil, SGDFrac: 1.5, SGDIters: 0, SignLR: math.NaN(), SignIters: 5, ConstLR: -1,
		AdamLR: math.Inf(1), AdamIters: MaxIters + 1}
	err := bad.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	for _, want := range []string{"a is empty", "(sgdFrac)", "(sgdIters)", "signLR = NaN", "constLR = -1", "adamLR = +Inf", "(adamIters)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q:\n%v", want, err)
		}
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "lsq: ") {
			t.Errorf("line %q is not an lsq error", l)
		}
	}
	if err := (Study{A: []float64{1, math.NaN()}, SGDFrac: 1, SGDIters: 1, SignLR: 1, SignIters: 1, ConstLR: 1, AdamLR: 1, AdamIters: 1}).Validate(); err == nil || !strings.Contains(err.Error(), "a[1] = NaN") {
		t.Errorf("NaN entry: %v", err)
	}
}

func TestStudyParts(t *testing.T) {
	s := homeworkStudy()
	lr, err := s.StepSize()
	if err != nil || math.Abs(lr-0.25/norm2sq(s.A)) > 1e-16 {
		t.Errorf("StepSize = %v, %v", lr, err)
	}
	for name, f := range map[string]func() (Progress, error){
		"SGD": s.SGD, "Sign": s.Sign, "SignConstant": s.SignConstant, "Rescaled": s.Rescaled,
	} {
		p, err := f()
		if err != nil || !holds(p) {
			t.Errorf("%s: %v, holds %v", name, err, holds(p))
		}
	}
	if p, err := s.Adam(1e-300); err != nil || p.Spread > p.SpreadTol || p.Iters != 20000 {
		t.Errorf("Adam: %v", err)
	}
	if pr, err := s.Problem(); err != nil || pr.Dim() != 3 {
		t.Errorf("Problem: %v", err)
	}
	s.SGDFrac = 2
	if _, err := s.StepSize(); err == nil {
		t.Error("StepSize with sgdFrac = 2")
	}
}

func TestFamily(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	rows, err := Family(a, 0.25, 200, 0, 0.5, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if ok, detail := r.Agree(); !ok {
			t.Errorf("p = %g: %s", r.Power, detail)
		}
	}
	assertClose(t, "p = 1 is the sign limit", rows[2].Limit, wantSign(a), 1e-15, 1e-14)
	if ok, detail := FamilyAgree(rows); !ok || !strings.Contains(detail, "largest |Δ|/tol") {
		t.Errorf("FamilyAgree: %v %q", ok, detail)
	}
	tb := FamilyTable(rows)
	if len(tb.Rows) != 4 || tb.Rows[0][0] != "0 (a)" || tb.Rows[2][0] != "1 ≈ (b)" || tb.Rows[3][0] != "2 (c)" {
		t.Errorf("FamilyTable rows %v", tb.Rows)
	}
	// A zero entry: every member keeps it at 0, and the Lagrange route agrees.
	rows, err = Family([]float64{1, 0, 0.01}, 0.25, 200, 0, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if ok, detail := FamilyAgree(rows); !ok {
		t.Errorf("zero entry: %s", detail)
	}
	// A wrong run would show: break one and Agree says so.
	rows[0].Run = scaledBy(1.001, rows[0].Run)
	if ok, _ := rows[0].Agree(); ok {
		t.Error("a run 0.1 % off still agrees")
	}
	for _, bad := range []func() error{
		func() error { return errOf(Family(a, 0, 200, 1)) },
		func() error { return errOf(Family(a, 0.25, 0, 1)) },
		func() error { return errOf(Family(a, 0.25, 200)) },
		func() error { return errOf(Family(a, 0.25, 200, math.NaN())) },
		func() error { return errOf(Family(nil, 0.25, 200, 1)) },
		func() error { return errOf(Family([]float64{1, 1e-300}, 0.25, 10, 2)) },
	} {
		if err := bad(); err == nil {
			t.Error("Family: no error")
		}
	}
	if ok, _ := FamilyAgree(nil); ok {
		t.Error("FamilyAgree(nil)")
	}
}

// Two data points: the schedule dependence of sign descent that the
// notebook shows (Gunasekar et al., 2018).
func TestEndPoints(t *testing.T) {
	p, _ := NewProblem([][]float64{{3, 1, 0.2}, {1, 1, 1}}, []float64{1, 2})
	e, err := RunEndPoints(p, 100000, SGD{LR: 0.05}, SignDescent{LR: 0.5, Schedule: Inv}, SignDescent{LR: 0.05, Schedule: InvSqrt})
	if err != nil {
		t.Fatal(err)
	}
	// The LP minimum, certified by duality: min ‖θ‖∞ s.t. Xθ = y equals
	// max yᵀμ s.t. ‖Xᵀμ‖₁ ≤ 1. μ = (−1/4.8, 3/4.8) gives Xᵀμ = (0, 2, 2.8)/4.8,
	// of ℓ1 norm 1, and yᵀμ = 5/4.8 = 25/24: the primal vertex
	// (−1/12, 25/24, 25/24) interpolates with that norm, so both are optimal.
	mu := []float64{-1 / 4.8, 3 / 4.8}
	xtmu := []float64{3*mu[0] + mu[1], mu[0] + mu[1], 0.2*mu[0] + mu[1]}
	if n1 := floats.Norm(xtmu, 1); math.Abs(n1-1) > 1e-15 || math.Abs(mu[0]+2*mu[1]-25.0/24) > 1e-15 {
		t.Fatalf("dual certificate: ‖Xᵀμ‖₁ = %g, yᵀμ = %g", n1, mu[0]+2*mu[1])
	}
	assertClose(t, "LP vertex", e.MinLinf, []float64{-1.0 / 12, 25.0 / 24, 25.0 / 24}, 1e-12, 0)
	if math.Abs(e.LinfMin-25.0/24) > 1e-12 {
		t.Errorf("LP minimum %g, dual value 25/24", e.LinfMin)
	}
	if floats.Distance(e.Runs[0].Theta, e.MinL2, math.Inf(1)) > e.Runs[0].Tol {
		t.Errorf("SGD ends %g from X⁺y", floats.Distance(e.Runs[0].Theta, e.MinL2, math.Inf(1)))
	}
	if e.Runs[1].Linf < 1.3 || e.Runs[2].Linf > 1.05 {
		t.Errorf("‖θ‖∞ of the two schedules: %g, %g", e.Runs[1].Linf, e.Runs[2].Linf)
	}
	if ok, d := e.AboveLP(); !ok {
		t.Error(d)
	}
	if ok, d := e.Apart(1, 2); !ok {
		t.Error(d)
	}
	if ok, _ := e.Apart(0, 7); ok {
		t.Error("Apart out of range")
	}
	// The drift is measured over steps 10⁴ → 10⁵ and is small next to the gap.
	if r := e.Runs[2]; r.DriftFrom != 10000 || !(r.Drift > 0 && r.Drift < 2e-3) {
		t.Errorf("drift of %s: %g since step %d", r.Method, r.Drift, r.DriftFrom)
	}
	// Two runs still on their way: a gap of 0.5 with drifts of 0.1 is no end.
	moving := &EndPoints{Runs: []EndPoint{{Theta: []float64{0}, Drift: 0.1}, {Theta: []float64{0.5}, Drift: 0}}}
	if ok, d := moving.Apart(0, 1); ok {
		t.Errorf("moving runs are apart: %s", d)
	}
	if tb := e.Table("t"); len(tb.Rows) != 4 {
		t.Errorf("table rows %v", tb.Rows)
	}
	var none *EndPoints
	if ok, _ := none.AboveLP(); ok || none.Table("t").Note != "no runs" {
		t.Error("nil EndPoints")
	}
	contra, _ := NewProblem([][]float64{{1, 2}, {2, 4}}, []float64{1, 3})
	for _, err := range []error{errOf(RunEndPoints(nil, 10, SGD{LR: 1})), errOf(RunEndPoints(p, 10)),
		errOf(RunEndPoints(contra, 10, SGD{LR: 0.01})), errOf(RunEndPoints(p, 0, SGD{LR: 0.01}))} {
		if err == nil {
			t.Error("RunEndPoints: no error")
		}
	}
}
