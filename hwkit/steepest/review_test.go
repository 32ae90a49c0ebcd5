package steepest_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// TestRecoverNonUnique: where the minimizer of gᵀΔ + (1/α)‖Δ‖² is not unique
// (ℓ1 with tied largest |gⱼ|, ℓ∞ with a zero gᵢ) or ill-conditioned (ℓ∞
// with a tiny gᵢ), the numerical argmin may differ from the closed form, but
// both attain the minimum value: Recover's RelGap stays at rounding level,
// and the numerical argmin lies in the set of minimizers, ‖Δ‖ = (α/2)‖g‖_*
// and gᵀΔ = −(α/2)‖g‖_*².
func TestRecoverNonUnique(t *testing.T) {
	const alpha = 0.8
	for _, c := range []struct {
		name     string
		norm     steepest.Norm
		g        []float64
		sameArgs bool // whether the numerical argmin is expected to equal U
	}{
		{"ℓ1 tie", steepest.L1{}, []float64{1, -1, 0.5, -0.5}, false},
		{"ℓ∞ zero entry", steepest.Linf{}, []float64{0.8, -0.5, 0, -0.05}, true},
		{"ℓ∞ tiny entry", steepest.Linf{}, []float64{0.8, -0.5, 1e-9, -0.05}, false},
		{"ℓ2 tiny entry", steepest.L2{}, []float64{0.8, -0.5, 1e-9, -0.05}, true},
	} {
		rs, err := steepest.Recover(alpha, steepest.Case{Norm: c.norm, G: c.g, Optimizer: c.name})
		if err != nil {
			t.Fatal(err)
		}
		r := rs[0]
		if gap := r.RelGap(); !(gap < 1e-11) {
			t.Errorf("%s: J(u) = %v, numerical min %v, rel gap %v", c.name, r.JU, r.Numeric.F, gap)
		}
		d := c.norm.Dual(c.g)
		x := r.Numeric.X
		if relErr(c.norm.Norm(x), alpha/2*d) > 1e-9 || relErr(dot(c.g, x), -alpha/2*d*d) > 1e-11 {
			t.Errorf("%s: numerical argmin %v is not in the set of minimizers", c.name, x)
		}
		if same := steepest.RelDiff(x, r.U) < 1e-9; same != c.sameArgs {
			t.Errorf("%s: numerical argmin %v vs closed form %v: equal = %v, want %v", c.name, x, r.U, same, c.sameArgs)
		}
	}
	// The ℓ1 tie: the interior-point method lands near the centre of the
	// face, splitting the step between the two tied coordinates.
	rs, _ := steepest.Recover(alpha, steepest.Case{Norm: steepest.L1{}, G: []float64{1, -1, 0.5, -0.5}})
	if x := rs[0].Numeric.X; math.Abs(x[0]+0.2) > 1e-6 || math.Abs(x[1]-0.2) > 1e-6 {
		t.Errorf("ℓ1 tie: numerical argmin %v, want about [−0.2, 0.2, 0, 0]", x)
	}
}

// TestRecoveryTableFits: the table compares values, one error measure, fits
// about 100 characters for the notebook's defaults, and has no note about
// row-major matrices.
func TestRecoveryTableFits(t *testing.T) {
	g := []float64{0.8, -0.5, 0.25, -0.05}
	d := []float64{0.854, 0.583, 0.391, 0.304}
	G := mat.NewDense(3, 2, []float64{-1.2, 0.3, 0.7, -0.4, 1.9, 0.1})
	cases, err := steepest.Cases(g, d, G)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := steepest.RecoveryTable(0.8, cases...)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Header) != 5 || len(tab.Rows) != 5 {
		t.Fatalf("shape %d × %d:\n%v", len(tab.Rows), len(tab.Header), tab)
	}
	for _, line := range strings.Split(tab.String(), "\n") {
		if n := len([]rune(line)); n > 100 && !strings.HasPrefix(line, tab.Title) && !strings.Contains(line, "rel. diff =") {
			t.Errorf("line of %d characters: %q", n, line)
		}
	}
	if strings.Contains(tab.Note, "row-major") {
		t.Errorf("note %q", tab.Note)
	}
	rs, err := steepest.Recover(0.8, cases...)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if !(r.RelGap() < 1e-9) {
			t.Errorf("%s: rel gap %v", r.Optimizer, r.RelGap())
		}
	}
	if _, err := steepest.Recover(0, cases...); !errorsIs(err, steepest.ErrStepSize) {
		t.Errorf("α = 0: %v", err)
	}
}

// TestNormSymbols: the ℓ∞ tables and plot of the unsquared penalty, shown
// before the notebook defines ‖g‖_* and s*, write ‖g‖₁ and sign(g) instead.
func TestNormSymbols(t *testing.T) {
	rs := []float64{0, 1, 2}
	gs := [][]float64{{0.5, -0.25}, {1, -1}, {2, -1}}
	rt, err := steepest.RegimeTable(steepest.Linf{}, 0.5, rs, gs...)
	if err != nil {
		t.Fatal(err)
	}
	rf, err := steepest.RegimeFigure(steepest.Linf{}, 0.5, rs, gs...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := steepest.ProbeNorm(steepest.Linf{}, gs[2], 0.5, nil)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{rt.Title, rt.Note, strings.Join(rt.Header, " "), rf.Title, p.Table().Note}
	for _, s := range rf.Series {
		texts = append(texts, s.Name)
	}
	for _, s := range texts {
		if strings.Contains(s, "s*") || strings.Contains(s, "‖g‖_*") {
			t.Errorf("%q uses the general symbols", s)
		}
	}
	if !strings.Contains(rt.Title, "sign(g)") || !strings.Contains(rt.Note, "‖g‖₁") || !strings.Contains(p.Table().Note, "1/α − ‖g‖₁") {
		t.Errorf("ℓ∞ symbols missing: %q / %q / %q", rt.Title, rt.Note, p.Table().Note)
	}
	if want := []string{"‖g‖₁ < 1/α", "‖g‖₁ = 1/α", "‖g‖₁ > 1/α"}; len(rf.Series) != 3 ||
		rf.Series[0].Name != want[0] || rf.Series[1].Name != want[1] || rf.Series[2].Name != want[2] {
		t.Errorf("legend %q, want %q", []string{rf.Series[0].Name, rf.Series[1].Name, rf.Series[2].Name}, want)
	}
	// The lines keep clear of the frame: the y range has a margin.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range rf.Series {
		for _, y := range s.Y {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	if !(rf.YRange.Min < lo && rf.YRange.Max > hi) {
		t.Errorf("y range %v does not leave a margin around [%v, %v]", rf.YRange, lo, hi)
	}
	// Other norms keep the general symbols; a Probe not made by ProbeNorm too.
	lp, _ := steepest.NewLp(3)
	if rt, _ := steepest.RegimeTable(lp, 0.5, rs, gs...); !strings.Contains(rt.Title, "s*") || !strings.Contains(rt.Note, "‖g‖_1.5") {
		t.Errorf("ℓ3: %q / %q", rt.Title, rt.Note)
	}
	if note := (steepest.Probe{}).Table().Note; !strings.Contains(note, "‖g‖_*") {
		t.Errorf("zero Probe: %q", note)
	}
}

// TestRegimeFigureFlat: a single flat line (a tie) still gets a y range.
func TestRegimeFigureFlat(t *testing.T) {
	f, err := steepest.RegimeFigure(steepest.Linf{}, 1, []float64{0, 1}, []float64{0.5, -0.5})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(); err != nil || !f.YRange.Set() || f.YRange.Min >= 0 || f.YRange.Max <= 0 {
		t.Errorf("flat line: %v, y range %v", err, f.YRange)
	}
}
