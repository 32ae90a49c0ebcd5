package steepest_test

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/steepest"
	"github.com/dl-course/hw2/hwkit/table"
)

// TestRecoveriesTable: the notebook's table of optimizers has one row per
// case, fits about 100 characters, and every row passes both checks.
func TestRecoveriesTable(t *testing.T) {
	g := []float64{0.8, -0.5, 0.25, -0.05}
	G, err := steepest.Gaussian(3, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := steepest.Optimizers(g, 0.8, 0.3, G)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := steepest.Recover(0.8, cases...)
	if err != nil {
		t.Fatal(err)
	}
	tab := rs.Table()
	if len(tab.Header) != 6 || len(tab.Rows) != 6 || !rs.OK() || !strings.HasPrefix(rs.Summary(), "every row: |J − min J| ≤ ") {
		t.Fatalf("shape %d × %d:\n%v", len(tab.Rows), len(tab.Header), tab)
	}
	for _, line := range strings.Split(tab.String(), "\n") {
		if n := len([]rune(line)); n > 100 && !strings.HasPrefix(line, tab.Title) && !strings.Contains(line, tab.Note[:20]) {
			t.Errorf("line of %d characters: %q", n, line)
		}
	}
	for _, r := range rs {
		if !r.Attains() || !r.Consistent() {
			t.Errorf("%s: %s", r.Optimizer, r.Detail())
		}
	}
	t.Logf("\n%v", tab)
	if cs, err := steepest.Optimizers(g, 0.8, 0.3, nil); err != nil || len(cs) != 4 {
		t.Errorf("without G: %d cases, %v", len(cs), err)
	}
	if _, err := steepest.Recover(0, cases...); !errorsIs(err, steepest.ErrStepSize) {
		t.Errorf("α = 0: %v", err)
	}
	if _, err := steepest.Recover(0.8); !errorsIs(err, steepest.ErrEmpty) {
		t.Errorf("no cases: %v", err)
	}
}

// TestCompareTable: ℓ∞ against ℓ1 on one g, with the moved coordinates by
// the tie rule.
func TestCompareTable(t *testing.T) {
	ct, err := steepest.CompareTable([]float64{1, -1, 0.5, 0}, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	if len(ct.Rows) != 2 || ct.Rows[0][0] != "max|vᵢ|" || ct.Rows[1][0] != "Σ|vᵢ|" || ct.Rows[0][1] != "Σ|gᵢ| = 2.5" ||
		ct.Rows[1][1] != "max|gᵢ| = 1" ||
		ct.Rows[0][5] != "3 of 4" || ct.Rows[1][5] != "2 of 4" {
		t.Errorf("compare table:\n%v", ct)
	}
	if !strings.Contains(ct.Rows[0][2], "unbounded") || !strings.Contains(ct.Rows[1][2], "zero") {
		t.Errorf("regimes: %q, %q", ct.Rows[0][2], ct.Rows[1][2])
	}
	t.Logf("\n%v", ct)
}

// TestAttainAndThreeRegimes: the closed form attains the numerical minimum,
// a wrong step does not; the three rescaled gradients fall in the three
// regimes, for the probe too.
func TestAttainAndThreeRegimes(t *testing.T) {
	g := []float64{0.8, -0.5, 0, -0.05}
	u, err := steepest.SquaredStep(steepest.Linf{}, g, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	r, err := steepest.Attain(steepest.Linf{}, g, u, 0.8)
	if err != nil || !r.Attains() || !r.Consistent() {
		t.Errorf("closed form: %v, %s", err, r.Detail())
	}
	wrong := []float64{-0.4, 0.4, 0, 0.4} // −(α/2)·sign(g): Adam's limit, not this minimizer
	rw, err := steepest.Attain(steepest.Linf{}, g, wrong, 0.8)
	if err != nil || rw.Attains() {
		t.Errorf("a wrong step attains the minimum: %v, %s", err, rw.Detail())
	}
	if both := (steepest.Recoveries{r, rw}); both.OK() || !strings.Contains(both.Summary(), "failed: u (J − min J") {
		t.Errorf("a failing case: OK %v, %q", both.OK(), both.Summary())
	}
	if (steepest.Recoveries{}).OK() {
		t.Error("no cases: OK")
	}
	if _, err := steepest.Attain(steepest.Linf{}, g, u[:2], 0.8); !errorsIs(err, steepest.ErrShape) {
		t.Errorf("short u: %v", err)
	}
	gs, err := steepest.ThreeRegimes(steepest.Linf{}, g, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []steepest.Regime{steepest.Zero, steepest.Tie, steepest.Unbounded} {
		o, _ := steepest.NormStep(steepest.Linf{}, gs[k], 0.8)
		p, _ := steepest.ProbeNorm(steepest.Linf{}, gs[k], 0.8)
		if o.Regime != want || !p.Admits(want) {
			t.Errorf("gradient %d: %v, probe %v; want %v", k, o.Regime, p, want)
		}
	}
}

// TestTableNoteReproducible: the G printed in the table's note is precise
// enough that a reader who takes the printed entries, computes their
// singular values and J = −(α/4)‖G‖²_nuc gets the printed ‖G‖_nuc and the
// printed J of the Muon and Shampoo rows (at the notebook's G, seed 1, to
// every digit shown; at other seeds within the 5-digit rounding of G).
// (3 or 4 digits, and at seed 1 even 6, change a printed digit.)
func TestTableNoteReproducible(t *testing.T) {
	g, α := []float64{0.8, -0.5, 0.25, -0.05}, 0.8
	noteRE := regexp.MustCompile(`G = \[([^\]]*)\]; its nuclear norm \(sum of singular values\) is ([^.]+\.[0-9]+)`)
	for seed := uint64(1); seed <= 20; seed++ {
		G, err := steepest.Gaussian(3, 2, seed)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := steepest.Optimizers(g, α, 0.3, G)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := steepest.Recover(α, cases...)
		if err != nil {
			t.Fatal(err)
		}
		tab := rs.Table()
		m := noteRE.FindStringSubmatch(tab.Note)
		if m == nil {
			t.Fatalf("seed %d: no G in the note %q", seed, tab.Note)
		}
		var entries []float64
		for _, row := range strings.Split(m[1], "; ") {
			for _, e := range strings.Split(row, ", ") {
				x, err := strconv.ParseFloat(e, 64)
				if err != nil {
					t.Fatalf("seed %d: entry %q: %v", seed, e, err)
				}
				entries = append(entries, x)
			}
		}
		if len(entries) != 6 {
			t.Fatalf("seed %d: %d entries in %q", seed, len(entries), m[1])
		}
		var svd mat.SVD
		if !svd.Factorize(mat.NewDense(3, 2, entries), mat.SVDNone) {
			t.Fatal("SVD failed")
		}
		nuc := floats.Sum(svd.Values(nil))
		printed, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		// Rounding each entry to 5 significant digits moves it by at most
		// 5e-5 of itself, so ‖G‖_nuc by at most √2·5e-5·‖G‖_F ≤ 7.1e-5·‖G‖_nuc,
		// plus the 6-digit rounding of the printed value.
		if math.Abs(nuc-printed) > 7.6e-5*printed {
			t.Errorf("seed %d: ‖G‖_nuc from the printed G = %v, printed %v", seed, nuc, printed)
		}
		if seed != 1 {
			continue
		}
		if got := table.Float(nuc); got != m[2] {
			t.Errorf("‖G‖_nuc from the printed G = %s, the note prints %s", got, m[2])
		}
		j := table.Float(-α / 4 * nuc * nuc)
		for _, row := range tab.Rows[4:] {
			if row[2] != j {
				t.Errorf("%s: J printed %s, from the printed G %s", row[0], row[2], j)
			}
		}
	}
}

// TestSummaryZeroGradient: for g = 0 every step and tolerance is 0, and
// the summary says 0·tol, not NaN (0/0).
func TestSummaryZeroGradient(t *testing.T) {
	cases, err := steepest.Optimizers([]float64{0, 0, 0}, 0.8, 0.3, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := steepest.Recover(0.8, cases...)
	if err != nil {
		t.Fatal(err)
	}
	s := rs.Summary()
	if !rs.OK() || strings.Contains(s, "NaN") || s != "every row: |J − min J| ≤ 0·tol, max |stepᵢ − uᵢ| ≤ 0·tol" {
		t.Errorf("OK %v, summary %q", rs.OK(), s)
	}
	if _, err := steepest.ThreeRegimes(steepest.Linf{}, []float64{0, 0}, 0.8); !errorsIs(err, steepest.ErrZeroGradient) ||
		strings.Contains(err.Error(), "empty") {
		t.Errorf("ThreeRegimes(g = 0): %v", err)
	}
}
