package lsq

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/dl-course/hw2/hwkit/figure"
)

// Expectations below are computed in the tests from the definitions
// (sums and loops written out here), never by calling the closed forms under
// test.

func norm2sq(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += v * v
	}
	return s
}

func norm1(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += math.Abs(v)
	}
	return s
}

func wantSGD(a []float64) []float64 {
	n := norm2sq(a)
	w := make([]float64, len(a))
	for j := range a {
		w[j] = a[j] / n
	}
	return w
}

func wantSign(a []float64) []float64 {
	n := norm1(a)
	w := make([]float64, len(a))
	for j := range a {
		w[j] = math.Copysign(1/n, a[j])
		if a[j] == 0 {
			w[j] = 0
		}
	}
	return w
}

func wantRescaled(a []float64) []float64 {
	w := make([]float64, len(a))
	for j := range a {
		w[j] = 1 / (float64(len(a)) * a[j])
	}
	return w
}

func assertClose(t *testing.T, what string, got, want []float64, abs, rel float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", what, len(got), len(want))
	}
	for j := range want {
		if !scalar.EqualWithinAbsOrRel(got[j], want[j], abs, rel) {
			t.Errorf("%s: component %d = %.12g, want %.12g (abs %g, rel %g)\n got  %v\n want %v",
				what, j, got[j], want[j], abs, rel, got, want)
			return
		}
	}
}

func mustProblem(t testing.TB, a []float64) *Problem {
	t.Helper()
	p, err := SinglePoint(a)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustRun(t testing.TB, p *Problem, m Method, s Settings) *Trace {
	t.Helper()
	tr, err := Run(p, m, s)
	if err != nil {
		t.Fatalf("Run(%v): %v", m, err)
	}
	return tr
}

// testPoints are the single data points of the tests; the random ones come
// from a seeded generator.
func testPoints() map[string][]float64 {
	pts := map[string][]float64{
		"homework":    {1, 0.1, 0.01},
		"halving":     {2, 0.5, 0.25, 0.125},
		"negative":    {-1.5, 0.3, -0.02, 4},
		"one feature": {0.7},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 3 {
		a := make([]float64, 2+rng.IntN(8))
		for j := range a {
			a[j] = rng.NormFloat64()
		}
		pts["random"+string(rune('A'+k))] = a
	}
	return pts
}

func TestHomeworkValues(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	// Given in the homework to 6 significant digits; checked to that
	// precision (rel 5e-6) against both the closed forms and the runs.
	sgd := []float64{0.990001, 0.0990001, 0.00990001}
	sign := []float64{0.900901, 0.900901, 0.900901}
	resc := []float64{1.0 / 3, 10.0 / 3, 100.0 / 3}
	const rel = 5e-6

	got, err := SGDLimit(a)
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "SGDLimit", got, sgd, 0, rel)
	got, _ = SignLimit(a)
	assertClose(t, "SignLimit", got, sign, 0, rel)
	got, _ = RescaledLimit(a)
	assertClose(t, "RescaledLimit", got, resc, 0, 1e-15)

	p := mustProblem(t, a)
	assertClose(t, "SGD run", mustRun(t, p, SGD{LR: 0.25}, Settings{Iters: 200}).Final(), sgd, 0, rel)
	// α_t = 0.1/(t+1): Σα_t passes 1/‖a‖₁ and the error is at most α_N = 1e-6.
	assertClose(t, "sign descent run", mustRun(t, p, SignDescent{LR: 0.1, Schedule: Inv}, Settings{Iters: 100000}).Final(), sign, 0, rel)
	assertClose(t, "rescaled SGD run", mustRun(t, p, RescaledSGD{LR: 0.1}, Settings{Iters: 500}).Final(), resc, 0, 1e-12)
}

func TestLimitsMatchRuns(t *testing.T) {
	for name, a := range testPoints() {
		t.Run(name, func(t *testing.T) {
			p := mustProblem(t, a)
			n2 := norm2sq(a)
			d := float64(len(a))

			// Closed forms against the definitions, to rounding.
			got, err := SGDLimit(a)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "SGDLimit", got, wantSGD(a), 1e-15, 1e-13)
			got, _ = SignLimit(a)
			assertClose(t, "SignLimit", got, wantSign(a), 1e-15, 1e-13)
			got, _ = RescaledLimit(a)
			assertClose(t, "RescaledLimit", got, wantRescaled(a), 1e-15, 1e-13)

			// SGD with q = 1 − 2α‖a‖² = 0.4: the error shrinks by 0.4 per
			// step, so 200 steps reach rounding level.
			tr := mustRun(t, p, SGD{LR: 0.3 / n2}, Settings{Iters: 200})
			assertClose(t, "SGD", tr.Final(), wantSGD(a), 1e-12, 1e-10)

			// Rescaled features are ±1, so ‖x'‖² = d; the same q = 0.4.
			tr = mustRun(t, p, RescaledSGD{LR: 0.3 / d}, Settings{Iters: 200})
			assertClose(t, "rescaled SGD", tr.Final(), wantRescaled(a), 1e-12, 1e-10)

			// Sign descent with α_t = α/(t+1): θ = c·sign(a) ends within
			// one step α_N of c* = 1/‖a‖₁ in every coordinate.
			const iters = 100000
			lr := 0.5 / norm1(a)
			tr = mustRun(t, p, SignDescent{LR: lr, Schedule: Inv}, Settings{Iters: iters})
			assertClose(t, "sign descent 1/(t+1)", tr.Final(), wantSign(a), 2*lr/iters, 0)
			tr = mustRun(t, p, SimplifiedAdam{LR: lr, Schedule: Inv}, Settings{Iters: iters})
			assertClose(t, "simplified Adam 1/(t+1)", tr.Final(), wantSign(a), 2*lr/iters, 0)
			tr = mustRun(t, p, SignDescent{LR: lr, Schedule: InvSqrt}, Settings{Iters: iters})
			assertClose(t, "sign descent 1/√(t+1)", tr.Final(), wantSign(a), 2*lr/math.Sqrt(iters), 0)
		})
	}
}

func TestIndependentRoutesSinglePoint(t *testing.T) {
	for name, a := range testPoints() {
		t.Run(name, func(t *testing.T) {
			p := mustProblem(t, a)
			cf, _ := SGDLimit(a)
			l2, err := MinL2Interpolant(p)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "MinL2Interpolant vs SGDLimit", l2, cf, 1e-13, 1e-12)

			cf, _ = SignLimit(a)
			linf, err := MinLinfInterpolant(p)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "MinLinfInterpolant vs SignLimit", linf, cf, 1e-12, 1e-10)

			cf, _ = RescaledLimit(a)
			wl2, err := MinWeightedL2Interpolant(p, p.SecondMoments())
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "MinWeightedL2Interpolant vs RescaledLimit", wl2, cf, 1e-13, 1e-12)
		})
	}
}

// randomProblem returns an n×d problem with Gaussian entries.
func randomProblem(t testing.TB, rng *rand.Rand, n, d int) *Problem {
	X := make([][]float64, n)
	y := make([]float64, n)
	for i := range X {
		X[i] = make([]float64, d)
		for j := range X[i] {
			X[i][j] = rng.NormFloat64()
		}
		y[i] = rng.NormFloat64()
	}
	p, err := NewProblem(X, y)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIndependentRoutesSeveralRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 5 {
		n, d := 2+trial%3, 6+trial
		p := randomProblem(t, rng, n, d)

		// SGD and rescaled SGD from 0 with a small step converge to the
		// minimum ℓ2 and weighted ℓ2 interpolants.
		maxRow := 0.0
		for i := range p.Rows() {
			x, _ := p.Row(i)
			maxRow = math.Max(maxRow, norm2sq(x))
		}
		l2, err := MinL2Interpolant(p)
		if err != nil {
			t.Fatal(err)
		}
		tr := mustRun(t, p, SGD{LR: 0.3 / maxRow}, Settings{Iters: 20000})
		assertClose(t, "SGD vs MinL2Interpolant", tr.Final(), l2, 1e-8, 1e-8)

		wl2, err := MinWeightedL2Interpolant(p, p.SecondMoments())
		if err != nil {
			t.Fatal(err)
		}
		s := p.Scales()
		maxRow = 0
		for i := range p.Rows() {
			x, _ := p.Row(i)
			for j := range x {
				x[j] /= s[j]
			}
			maxRow = math.Max(maxRow, norm2sq(x))
		}
		tr = mustRun(t, p, RescaledSGD{LR: 0.3 / maxRow}, Settings{Iters: 20000})
		assertClose(t, "rescaled SGD vs MinWeightedL2Interpolant", tr.Final(), wl2, 1e-8, 1e-8)

		// The ℓ∞ solution interpolates and has no larger ℓ∞ norm than other
		// interpolants: the ℓ2 one and the ℓ2 one moved in the null space.
		linf, err := MinLinfInterpolant(p)
		if err != nil {
			t.Fatal(err)
		}
		if f := p.Loss(linf); f > 1e-20 {
			t.Errorf("MinLinfInterpolant does not interpolate: f = %g", f)
		}
		tinf := 0.0
		for _, v := range linf {
			tinf = math.Max(tinf, math.Abs(v))
		}
		for k := range 50 {
			// θ = l2 + (I − P)z with P the projection on the row space.
			z := make([]float64, d)
			for j := range z {
				z[j] = rng.NormFloat64() * float64(k) / 10
			}
			zp, _ := MinL2Interpolant(mustNewProblemFromRowsOf(t, p, z))
			other := make([]float64, d)
			for j := range other {
				other[j] = l2[j] + z[j] - zp[j]
			}
			if f := p.Loss(other); f > 1e-18 {
				t.Fatalf("test construction: other interpolant has f = %g", f)
			}
			oinf := 0.0
			for _, v := range other {
				oinf = math.Max(oinf, math.Abs(v))
			}
			if tinf > oinf*(1+1e-9) {
				t.Errorf("‖MinLinfInterpolant‖∞ = %g > %g of another interpolant", tinf, oinf)
			}
		}
	}
}

// mustNewProblemFromRowsOf returns the problem X w = X z, whose minimum-norm
// solution is the projection of z on the row space of X.
func mustNewProblemFromRowsOf(t testing.TB, p *Problem, z []float64) *Problem {
	X := make([][]float64, p.Rows())
	y := make([]float64, p.Rows())
	for i := range X {
		X[i], _ = p.Row(i)
		for j, v := range X[i] {
			y[i] += v * z[j]
		}
	}
	q, err := NewProblem(X, y)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestInterpolantEdgeCases(t *testing.T) {
	// A zero feature gets θⱼ = 0 from every route.
	p := mustProblem(t, []float64{2, 0, -1})
	for name, f := range map[string]func(*Problem) ([]float64, error){
		"L2": MinL2Interpolant, "Linf": MinLinfInterpolant,
		"weighted": func(p *Problem) ([]float64, error) { return MinWeightedL2Interpolant(p, []float64{1, 2, 3}) },
	} {
		th, err := f(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if th[1] != 0 {
			t.Errorf("%s: θ₂ = %g for a zero feature, want 0", name, th[1])
		}
	}
	linf, _ := MinLinfInterpolant(p)
	assertClose(t, "Linf with a zero feature", linf, []float64{1.0 / 3, 0, -1.0 / 3}, 1e-12, 0)

	// Dependent but consistent rows are fine; contradictory ones are not.
	ok, _ := NewProblem([][]float64{{1, 2, 0}, {2, 4, 0}, {0, 1, 1}}, []float64{1, 2, 3})
	contra, _ := NewProblem([][]float64{{1, 2}, {2, 4}}, []float64{1, 3})
	over, _ := NewProblem([][]float64{{1}, {1}}, []float64{1, 2})
	for name, f := range map[string]func(*Problem) ([]float64, error){
		"L2": MinL2Interpolant, "Linf": MinLinfInterpolant,
		"weighted": func(p *Problem) ([]float64, error) { return MinWeightedL2Interpolant(p, p.SecondMoments()) },
	} {
		th, err := f(ok)
		if err != nil {
			t.Errorf("%s on dependent consistent rows: %v", name, err)
		} else if l := ok.Loss(th); l > 1e-20 {
			t.Errorf("%s on dependent consistent rows: f = %g", name, l)
		}
		for what, q := range map[string]*Problem{"contradictory": contra, "overdetermined": over} {
			if _, err := f(q); !errors.Is(err, ErrNoInterpolant) {
				t.Errorf("%s on %s rows: err = %v, want ErrNoInterpolant", name, what, err)
			}
		}
	}
}

func TestRegimes(t *testing.T) {
	for name, a := range testPoints() {
		t.Run(name, func(t *testing.T) {
			p := mustProblem(t, a)
			n2 := norm2sq(a)
			residual := func(th []float64) float64 {
				s := 1.0
				for j := range a {
					s -= a[j] * th[j]
				}
				return s
			}
			cases := []struct {
				lr   float64
				want Regime
			}{
				{0.2 / n2, Monotone},
				{0.5 / n2, OneStep},
				{0.8 / n2, Oscillating},
				{1 / n2, Period2},
				{1.2 / n2, Diverging},
			}
			for _, c := range cases {
				r, err := SGDRegime(a, c.lr)
				if err != nil || r != c.want {
					t.Errorf("SGDRegime(α = %g/‖a‖²) = %v, %v; want %v", c.lr*n2, r, err, c.want)
				}
				tr, err := Run(p, SGD{LR: c.lr}, Settings{Iters: 40})
				switch c.want {
				case Monotone, Oscillating:
					if err != nil {
						t.Fatal(err)
					}
					prev := residual(tr.Theta[0])
					for k := 1; k < 20; k++ {
						r := residual(tr.Theta[k])
						if math.Abs(r) >= math.Abs(prev) {
							t.Errorf("%v: |r| did not shrink at iteration %d", c.want, k)
						}
						if flipped := r*prev < 0; flipped != (c.want == Oscillating) {
							t.Errorf("%v: sign flip = %v at iteration %d", c.want, flipped, k)
						}
						prev = r
					}
				case OneStep:
					if err != nil {
						t.Fatal(err)
					}
					if math.Abs(residual(tr.Theta[1])) > 1e-14 {
						t.Errorf("one step: r₁ = %g", residual(tr.Theta[1]))
					}
					assertClose(t, "one step θ₁", tr.Theta[1], wantSGD(a), 1e-15, 1e-13)
				case Period2:
					if err != nil {
						t.Fatal(err)
					}
					twice := wantSGD(a)
					for j := range twice {
						twice[j] *= 2
					}
					for k := 0; k < 40; k += 2 {
						assertClose(t, "period 2, even", tr.Theta[k], make([]float64, len(a)), 1e-12, 0)
						assertClose(t, "period 2, odd", tr.Theta[k+1], twice, 1e-12, 1e-12)
					}
				case Diverging:
					var de *DivergedError
					if !errors.Is(err, ErrDiverged) || !errors.As(err, &de) {
						t.Fatalf("diverging: err = %v, want ErrDiverged", err)
					}
					if tr == nil || tr.Len() < 2 || tr.Iters() != de.Iter || tr.FinalLoss() != de.Loss {
						t.Fatalf("diverging: partial trace %v does not end at the error %+v", tr, de)
					}
					if de.Bound != 2e6 || de.Loss <= de.Bound {
						t.Errorf("diverging: loss %g, bound %g (want default 1e6·(f(0)+1) = 2e6)", de.Loss, de.Bound)
					}
					// (1.4)^(2t) passes 2e6 after about 22 iterations.
					if de.Iter < 15 || de.Iter > 40 {
						t.Errorf("diverging: stopped at iteration %d", de.Iter)
					}
					if !strings.Contains(err.Error(), "iteration") || !strings.HasPrefix(err.Error(), "lsq: ") {
						t.Errorf("diverging: message %q", err)
					}
				}
			}
		})
	}
}

func TestDivergenceToInf(t *testing.T) {
	p := mustProblem(t, []float64{1})
	tr, err := Run(p, SGD{LR: 1e10}, Settings{Iters: 1000, Bound: math.Inf(1)})
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("err = %v", err)
	}
	if f := tr.FinalLoss(); !math.IsInf(f, 1) && !math.IsNaN(f) {
		t.Errorf("final loss %g, want Inf or NaN", f)
	}
	if err := LossFigure(tr).Validate(); err != nil {
		t.Errorf("the partial trace cannot be plotted: %v", err)
	}
}

func TestSignDescentOscillation(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p := mustProblem(t, a)
	want := wantSign(a)
	const lr = 0.01
	for _, m := range []Method{SignDescent{LR: lr}, SimplifiedAdam{LR: lr}} {
		tr := mustRun(t, p, m, Settings{Iters: 2000})
		lo, hi := tr.Range(1000)
		for j := range a {
			if amp := hi[j] - lo[j]; !scalar.EqualWithinAbs(amp, lr, 1e-9) {
				t.Errorf("%v: θ%d oscillates with amplitude %g, want α = %g", m, j+1, amp, lr)
			}
			if lo[j] > want[j] || hi[j] < want[j] {
				t.Errorf("%v: θ%d oscillates in [%g, %g], not around %g", m, j+1, lo[j], hi[j], want[j])
			}
		}
	}
	// The automatic thinning of a long run keeps the oscillation visible.
	tr := mustRun(t, p, SignDescent{LR: lr}, Settings{Iters: 100000})
	if tr.Len() > AutoRecords+AutoHead+2 {
		t.Errorf("automatic thinning kept %d records", tr.Len())
	}
	lo, hi := tr.Range(50000)
	if amp := hi[0] - lo[0]; !scalar.EqualWithinAbs(amp, lr, 1e-9) {
		t.Errorf("thinned trace: amplitude %g, want %g", amp, lr)
	}
	// Decaying steps converge: the spread at the end shrinks with α_t.
	tr = mustRun(t, p, SignDescent{LR: 0.5, Schedule: Inv}, Settings{Iters: 100000, Every: 1})
	lo, hi = tr.Range(90000)
	if amp := MaxAbsDiff(lo, hi); amp > 2*0.5/90000 {
		t.Errorf("decaying sign descent still moves by %g at the end", amp)
	}
}

func TestSimplifiedAdam(t *testing.T) {
	// One row: exactly sign descent.
	for name, a := range testPoints() {
		p := mustProblem(t, a)
		for _, sched := range []Schedule{Constant, InvSqrt} {
			s := mustRun(t, p, SignDescent{LR: 0.03, Schedule: sched}, Settings{Iters: 300})
			sa := mustRun(t, p, SimplifiedAdam{LR: 0.03, Schedule: sched}, Settings{Iters: 300})
			if !reflect.DeepEqual(s.Theta, sa.Theta) {
				t.Errorf("%s, %v: simplified Adam differs from sign descent on one row", name, sched)
			}
		}
	}
	// Several rows: θ ← θ − α·mean(g)/√mean(g²), each coordinate within α.
	X := [][]float64{{1, 2, 0}, {3, -1, 0}}
	y := []float64{1, 2}
	p, _ := NewProblem(X, y)
	tr := mustRun(t, p, SimplifiedAdam{LR: 0.1}, Settings{Iters: 1, Theta0: []float64{0.5, 0.5, 7}})
	// Row residuals at θ₀: 1.5−1 = 0.5, 1−2 = −1; row gradients 2rᵢxᵢ.
	g := [][]float64{{1, 2, 0}, {-6, 2, 0}}
	want := []float64{0.5, 0.5, 7}
	for j := range 3 {
		mean := (g[0][j] + g[1][j]) / 2
		rms := math.Sqrt((g[0][j]*g[0][j] + g[1][j]*g[1][j]) / 2)
		if rms > 0 {
			want[j] -= 0.1 * mean / rms
		}
	}
	assertClose(t, "simplified Adam, two rows", tr.Final(), want, 1e-15, 1e-14)
	// Coordinate 2: both rows agree, so it moves by exactly α; coordinate 3
	// has zero second moment and does not move.
	if tr.Final()[1] != 0.4 || tr.Final()[2] != 7 {
		t.Errorf("simplified Adam step = %v", tr.Final())
	}
}

func TestAdam(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p := mustProblem(t, a)
	// The first step of Adam moves every coordinate by α·g/(|g| + ε).
	tr := mustRun(t, p, Adam{LR: 0.01}, Settings{Iters: 1})
	for j, v := range tr.Final() {
		g := 2 * a[j] // |∇f(0)| = 2|aⱼ|
		if want := 0.01 * g / (g + 1e-8); !scalar.EqualWithinRel(v, want, 1e-14) {
			t.Errorf("first Adam step θ%d = %.15g, want %.15g", j+1, v, want)
		}
	}
	// Explicit defaults give the same run as zero values.
	tr0 := mustRun(t, p, Adam{LR: 0.01}, Settings{Iters: 100})
	tr1 := mustRun(t, p, Adam{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}, Settings{Iters: 100})
	if !reflect.DeepEqual(tr0, tr1) {
		t.Error("Adam zero values differ from the documented defaults")
	}
	// Where it lands: next to the sign limit, far from the ℓ2 limit, but not
	// on the sign direction exactly (ε makes small coordinates lag).
	tr = mustRun(t, p, Adam{LR: 0.01}, Settings{Iters: 5000})
	fin := tr.Final()
	if d := MaxAbsDiff(fin, wantSign(a)); d > 1e-5 {
		t.Errorf("Adam lands %g from sign(a)/‖a‖₁", d)
	}
	if d := MaxAbsDiff(fin, wantSGD(a)); d < 0.5 {
		t.Errorf("Adam lands only %g from a/‖a‖²", d)
	}
	if lag := fin[0] - fin[2]; !(lag > 1e-8 && lag < 1e-5) {
		t.Errorf("Adam: θ₁ − θ₃ = %g, want a small positive lag", lag)
	}
}

func TestRescaledSGDStep(t *testing.T) {
	// One step from θ₀ in original coordinates: θ ← θ − α·S⁻²·gᵢ.
	X := [][]float64{{1, -2}, {3, 0.5}}
	y := []float64{1, -1}
	p, _ := NewProblem(X, y)
	theta0 := []float64{0.3, -0.2}
	s2 := []float64{(1 + 9) / 2.0, (4 + 0.25) / 2.0}
	r := X[0][0]*theta0[0] + X[0][1]*theta0[1] - y[0]
	want := []float64{theta0[0] - 0.1*2*r*X[0][0]/s2[0], theta0[1] - 0.1*2*r*X[0][1]/s2[1]}
	tr := mustRun(t, p, RescaledSGD{LR: 0.1}, Settings{Iters: 1, Theta0: theta0})
	assertClose(t, "rescaled SGD step", tr.Final(), want, 1e-15, 1e-14)
	if theta0[0] != 0.3 {
		t.Error("Run modified Theta0")
	}
	if _, err := Run(mustProblem(t, []float64{1, 0}), RescaledSGD{LR: 0.1}, Settings{Iters: 1}); !errors.Is(err, ErrZeroFeature) {
		t.Errorf("zero feature: err = %v, want ErrZeroFeature", err)
	}
}

func TestBadInputs(t *testing.T) {
	good := mustProblem(t, []float64{1, 2})
	ok := Settings{Iters: 10}
	nan, inf := math.NaN(), math.Inf(1)
	run := func(m Method, s Settings) error { _, err := Run(good, m, s); return err }
	cases := []struct {
		name string
		call func() error
		is   error
	}{
		{"SinglePoint nil", func() error { _, err := SinglePoint(nil); return err }, nil},
		{"SinglePoint zero", func() error { _, err := SinglePoint([]float64{0, 0}); return err }, nil},
		{"SinglePoint NaN", func() error { _, err := SinglePoint([]float64{1, nan}); return err }, nil},
		{"SinglePoint Inf", func() error { _, err := SinglePoint([]float64{inf}); return err }, nil},
		{"NewProblem empty", func() error { _, err := NewProblem(nil, nil); return err }, nil},
		{"NewProblem empty row", func() error { _, err := NewProblem([][]float64{{}}, []float64{1}); return err }, nil},
		{"NewProblem y length", func() error { _, err := NewProblem([][]float64{{1}}, []float64{1, 2}); return err }, nil},
		{"NewProblem ragged", func() error { _, err := NewProblem([][]float64{{1, 2}, {1}}, []float64{1, 2}); return err }, nil},
		{"NewProblem NaN X", func() error { _, err := NewProblem([][]float64{{nan}}, []float64{1}); return err }, nil},
		{"NewProblem Inf y", func() error { _, err := NewProblem([][]float64{{1}}, []float64{-inf}); return err }, nil},
		{"Run nil problem", func() error { _, err := Run(nil, SGD{LR: 1}, ok); return err }, nil},
		{"Run nil method", func() error { return run(nil, ok) }, nil},
		{"LR negative", func() error { return run(SGD{LR: -1}, ok) }, nil},
		{"LR zero", func() error { return run(SignDescent{}, ok) }, nil},
		{"LR NaN", func() error { return run(SimplifiedAdam{LR: nan}, ok) }, nil},
		{"LR Inf", func() error { return run(RescaledSGD{LR: inf}, ok) }, nil},
		{"Adam LR zero", func() error { return run(Adam{}, ok) }, nil},
		{"schedule unknown", func() error { return run(SGD{LR: 1, Schedule: 7}, ok) }, nil},
		{"schedule negative", func() error { return run(Adam{LR: 1, Schedule: -1}, ok) }, nil},
		{"Beta1 negative", func() error { return run(Adam{LR: 1, Beta1: -0.1}, ok) }, nil},
		{"Beta1 one", func() error { return run(Adam{LR: 1, Beta1: 1}, ok) }, nil},
		{"Beta2 NaN", func() error { return run(Adam{LR: 1, Beta2: nan}, ok) }, nil},
		{"Beta2 above one", func() error { return run(Adam{LR: 1, Beta2: 1.5}, ok) }, nil},
		{"Eps negative", func() error { return run(Adam{LR: 1, Eps: -1e-8}, ok) }, nil},
		{"Eps Inf", func() error { return run(Adam{LR: 1, Eps: inf}, ok) }, nil},
		{"Iters zero", func() error { return run(SGD{LR: 0.1}, Settings{}) }, nil},
		{"Iters negative", func() error { return run(SGD{LR: 0.1}, Settings{Iters: -5}) }, nil},
		{"Iters too many", func() error { return run(SGD{LR: 0.1}, Settings{Iters: MaxIters + 1}) }, nil},
		{"Theta0 length", func() error { return run(SGD{LR: 0.1}, Settings{Iters: 1, Theta0: []float64{1}}) }, nil},
		{"Theta0 NaN", func() error { return run(SGD{LR: 0.1}, Settings{Iters: 1, Theta0: []float64{1, nan}}) }, nil},
		{"Every negative", func() error { return run(SGD{LR: 0.1}, Settings{Iters: 1, Every: -1}) }, nil},
		{"Bound negative", func() error { return run(SGD{LR: 0.1}, Settings{Iters: 1, Bound: -1}) }, nil},
		{"Bound NaN", func() error { return run(SGD{LR: 0.1}, Settings{Iters: 1, Bound: nan}) }, nil},
		{"rescaled zero feature", func() error { _, err := Run(mustProblem(t, []float64{0, 1}), RescaledSGD{LR: 0.1}, ok); return err }, ErrZeroFeature},
		{"SGDLimit empty", func() error { _, err := SGDLimit(nil); return err }, nil},
		{"SGDLimit zero", func() error { _, err := SGDLimit([]float64{0}); return err }, nil},
		{"SignLimit NaN", func() error { _, err := SignLimit([]float64{nan}); return err }, nil},
		{"RescaledLimit zero entry", func() error { _, err := RescaledLimit([]float64{1, 0}); return err }, ErrZeroFeature},
		{"SGDMaxLR zero", func() error { _, err := SGDMaxLR([]float64{0, 0}); return err }, nil},
		{"SGDRegime LR zero", func() error { _, err := SGDRegime([]float64{1}, 0); return err }, nil},
		{"SGDRegime LR NaN", func() error { _, err := SGDRegime([]float64{1}, nan); return err }, nil},
		{"Regimes LR Inf", func() error { _, err := Regimes([]float64{1}, 0.1, inf); return err }, nil},
		{"Regimes empty a", func() error { _, err := Regimes(nil, 0.1); return err }, nil},
		{"MinL2 nil", func() error { _, err := MinL2Interpolant(nil); return err }, nil},
		{"MinLinf nil", func() error { _, err := MinLinfInterpolant(nil); return err }, nil},
		{"weights length", func() error { _, err := MinWeightedL2Interpolant(good, []float64{1}); return err }, nil},
		{"weights zero", func() error { _, err := MinWeightedL2Interpolant(good, []float64{1, 0}); return err }, nil},
		{"weights NaN", func() error { _, err := MinWeightedL2Interpolant(good, []float64{nan, 1}); return err }, nil},
		{"weighted nil", func() error { _, err := MinWeightedL2Interpolant(nil, []float64{1}); return err }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = c.call()
			}()
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "lsq: ") {
				t.Errorf("error %q does not start with \"lsq: \"", err)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %q does not wrap %v", err, c.is)
			}
		})
	}
	// The message names the value and the rule.
	err := run(SGD{LR: -1}, ok)
	if want := "lsq: SGD step size LR = -1 must be positive and finite"; err == nil || err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestDeterminism(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p := randomProblem(t, rng, 4, 6)
	s := Settings{Iters: 500}
	for _, m := range []Method{SGD{LR: 0.02}, SignDescent{LR: 0.01, Schedule: InvSqrt}, SimplifiedAdam{LR: 0.01}, Adam{LR: 0.01}, RescaledSGD{LR: 0.02}} {
		if !reflect.DeepEqual(mustRun(t, p, m, s), mustRun(t, p, m, s)) {
			t.Errorf("%v: two runs differ", m)
		}
	}
	shuffled := func(seed uint64) *Trace {
		return mustRun(t, p, SGD{LR: 0.02, Rand: rand.New(rand.NewPCG(seed, 0))}, s)
	}
	a, b, c := shuffled(7), shuffled(7), shuffled(8)
	if !reflect.DeepEqual(a, b) {
		t.Error("shuffled SGD with equal seeds differs")
	}
	if reflect.DeepEqual(a.Theta, c.Theta) {
		t.Error("shuffled SGD with different seeds gives the same trace")
	}
	cyclic := mustRun(t, p, SGD{LR: 0.02}, s)
	if reflect.DeepEqual(a.Theta, cyclic.Theta) {
		t.Error("shuffled SGD equals cyclic SGD")
	}
	// Shuffling changes the path, not the limit (consistent problem).
	l2, _ := MinL2Interpolant(p)
	long := mustRun(t, p, SGD{LR: 0.02, Rand: rand.New(rand.NewPCG(9, 0))}, Settings{Iters: 200000})
	assertClose(t, "shuffled SGD limit", long.Final(), l2, 1e-8, 1e-8)
}

func TestTraceTableAndFigures(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p := mustProblem(t, a)
	tr := mustRun(t, p, SGD{LR: 0.25}, Settings{Iters: 200})
	tb := tr.Table(8)
	var iters []string
	for _, r := range tb.Rows {
		iters = append(iters, r[0])
	}
	if got := strings.Join(iters, " "); got != "0 1 2 6 14 34 83 200" {
		t.Errorf("Table(8) iterations %s", got)
	}
	if len(tb.Header) != 5 || tb.Header[2] != "θ₁" {
		t.Errorf("header %q", tb.Header)
	}
	for _, rows := range []int{-1, 0, 1, 2, 3, 50, 1000} {
		tb := tr.Table(rows)
		n := len(tb.Rows)
		if n < 2 || n > max(rows, 2) || tb.Rows[0][0] != "0" || tb.Rows[n-1][0] != "200" {
			t.Errorf("Table(%d): %d rows from %s to %s", rows, n, tb.Rows[0][0], tb.Rows[n-1][0])
		}
	}
	// Thinned trace: rows map to recorded iterations.
	thin := mustRun(t, p, SGD{LR: 0.25}, Settings{Iters: 1000, Every: 100})
	if thin.Len() != 11 {
		t.Errorf("Every = 100 over 1000 iterations recorded %d", thin.Len())
	}
	if n := len(thin.Table(5).Rows); n < 2 || n > 5 {
		t.Errorf("thin table has %d rows", n)
	}
	// Many parameters print as one vector column.
	wide := mustRun(t, mustProblem(t, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}), SGD{LR: 0.001}, Settings{Iters: 3})
	if h := wide.Table(3).Header; len(h) != 3 || h[2] != "θ" {
		t.Errorf("wide header %q", h)
	}

	sign := mustRun(t, p, SignDescent{LR: 0.1}, Settings{Iters: 50})
	lf := LossFigure(tr, nil, sign)
	if !lf.LogY || len(lf.Series) != 2 || lf.Series[1].Name != "sign descent α=0.1" || lf.Validate() != nil {
		t.Errorf("LossFigure: %v", lf)
	}
	lim := wantSGD(a)
	tf := ThetaFigure(tr, lim)
	if len(tf.Series) != 6 || tf.Series[3].Style != figure.Dashed || tf.Series[3].Y[0] != lim[0] || tf.Validate() != nil {
		t.Errorf("ThetaFigure: %v", tf)
	}
	tf = ThetaFigure(tr, []float64{1})
	if len(tf.Series) != 3 || !strings.Contains(tf.Title, "left out") {
		t.Errorf("ThetaFigure with a wrong limit: %v", tf)
	}
	if len(ThetaFigure(tr, nil).Series) != 3 {
		t.Error("ThetaFigure without limit")
	}

	cmp := Compare("limits", tr.Versus(lim, "a/‖a‖²"), Comparison{Name: "bad", Got: []float64{1}, Want: lim})
	s := cmp.String()
	if !strings.Contains(s, "SGD α=0.25") || !strings.Contains(s, "a/‖a‖²") || !strings.Contains(s, "length 1 ≠ 3") {
		t.Errorf("Compare:\n%s", s)
	}
	var none *Trace // as returned by a failed Run
	if none.Len() != 0 || none.Final() != nil || !math.IsNaN(none.FinalLoss()) || len(none.Table(8).Rows) != 0 ||
		none.String() == "" || len(ThetaFigure(none, lim).Series) != 0 {
		t.Error("nil trace")
	}
	if MaxAbsDiff([]float64{1, 2}, []float64{1.5, 1}) != 1 || !math.IsNaN(MaxAbsDiff([]float64{1}, nil)) {
		t.Error("MaxAbsDiff")
	}
}

func TestNames(t *testing.T) {
	for m, want := range map[Method]string{
		SGD{LR: 0.5}:                           "SGD α=0.5",
		SGD{LR: 0.5, Schedule: InvSqrt}:        "SGD α=0.5/√(t+1)",
		SignDescent{LR: 0.1, Schedule: Inv}:    "sign descent α=0.1/(t+1)",
		SimplifiedAdam{LR: 0.1}:                "simplified Adam α=0.1",
		Adam{LR: 0.01}:                         "Adam α=0.01",
		Adam{LR: 0.01, Beta1: 0.5, Eps: 1e-12}: "Adam α=0.01 β1=0.5 ε=1e-12",
		RescaledSGD{LR: 0.2}:                   "rescaled SGD α=0.2",
	} {
		if got := m.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
	if got := (SGD{LR: 1, Rand: rand.New(rand.NewPCG(1, 1))}).String(); got != "SGD α=1 shuffled" {
		t.Errorf("shuffled name %q", got)
	}
	for r := Monotone; r <= Diverging; r++ {
		if strings.HasPrefix(r.String(), "Regime(") {
			t.Errorf("regime %d has no name", r)
		}
	}
	if Regime(0).String() != "Regime(0)" || Schedule(9).String() != "Schedule(9)" {
		t.Error("unknown enum names")
	}
	p := mustProblem(t, []float64{1, 0.5})
	if got := p.String(); got != "f(θ) = (1 − aᵀθ)², a = [1, 0.5]" {
		t.Errorf("Problem.String() = %q", got)
	}
}

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
	if f := p.Loss(theta); f != 6.25+6.25+1 {
		t.Errorf("Loss = %g", f)
	}
	g := p.Grad(nil, theta)
	want := []float64{2 * (-2.5*1 - 2.5*3), 2 * (-2.5*2 - 2.5*4 + -1*-1)}
	assertClose(t, "Grad", g, want, 1e-15, 0)
	if p.Dim() != 2 || p.Rows() != 3 {
		t.Error("Dim/Rows")
	}
	assertClose(t, "SecondMoments", p.SecondMoments(), []float64{10.0 / 3, 21.0 / 3}, 0, 1e-15)
	assertClose(t, "Scales", p.Scales(), []float64{math.Sqrt(10.0 / 3), math.Sqrt(7)}, 0, 1e-15)
	defer func() {
		if recover() == nil {
			t.Error("Loss with a wrong-length θ did not panic")
		}
	}()
	p.Loss([]float64{1})
}

func TestSGDMaxLR(t *testing.T) {
	a := []float64{2, 0.5, 0.25, 0.125}
	got, err := SGDMaxLR(a)
	if err != nil || !scalar.EqualWithinRel(got, 1/(4+0.25+0.0625+0.015625), 1e-15) {
		t.Errorf("SGDMaxLR = %g, %v", got, err)
	}
	tb, err := Regimes(a, 0.5*got, got)
	if err != nil || len(tb.Rows) != 2 || tb.Rows[0][3] != "one step" || tb.Rows[1][3] != "period-2 oscillation" {
		t.Errorf("Regimes: %v %v", tb, err)
	}
}

func BenchmarkRunSGD(b *testing.B) {
	p := mustProblem(b, []float64{1, 0.1, 0.01})
	for b.Loop() {
		if _, err := Run(p, SGD{LR: 0.25}, Settings{Iters: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRunAdam(b *testing.B) {
	p := randomProblem(b, rand.New(rand.NewPCG(1, 1)), 10, 20)
	for b.Loop() {
		if _, err := Run(p, Adam{LR: 0.01}, Settings{Iters: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMinLinfInterpolant(b *testing.B) {
	p := randomProblem(b, rand.New(rand.NewPCG(1, 1)), 5, 20)
	for b.Loop() {
		if _, err := MinLinfInterpolant(p); err != nil {
			b.Fatal(err)
		}
	}
}
