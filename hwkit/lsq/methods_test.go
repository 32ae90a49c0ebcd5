package lsq

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
)

func TestRunsReachLimits(t *testing.T) {
	for name, a := range testPoints() {
		t.Run(name, func(t *testing.T) {
			p := mustProblem(t, a)
			n2, d := norm2sq(a), float64(len(a))
			// q = 1 − 2α‖a‖² = 0.4: 200 steps reach rounding level.
			assertClose(t, "SGD", mustRun(t, p, SGD{LR: 0.3 / n2}, Settings{Iters: 200}).Final(), wantSGD(a), 1e-12, 1e-10)
			assertClose(t, "rescaled SGD", mustRun(t, p, RescaledSGD{LR: 0.3 / d}, Settings{Iters: 200}).Final(), wantRescaled(a), 1e-12, 1e-10)
			for pow, want := range map[float64][]float64{0: wantSGD(a), 1: wantSign(a), 2: wantRescaled(a)} {
				tr := mustRun(t, p, Preconditioned{Frac: 0.3, Power: pow}, Settings{Iters: 200})
				assertClose(t, "preconditioned p = "+fmtG(pow), tr.Final(), want, 1e-12, 1e-10)
			}
			const iters = 100000
			lr := 0.5 / norm1(a)
			for _, m := range []Method{SignDescent{LR: lr, Schedule: Inv}, SimplifiedAdam{LR: lr, Schedule: Inv}} {
				assertClose(t, m.String(), mustRun(t, p, m, Settings{Iters: iters}).Final(), wantSign(a), lr/iters*(1+1e-9), 0)
			}
		})
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
	p, _ := NewProblem([][]float64{{1, 2, 0}, {3, -1, 0}}, []float64{1, 2})
	tr := mustRun(t, p, SimplifiedAdam{LR: 0.1}, Settings{Iters: 1, Theta0: []float64{0.5, 0.5, 7}})
	g := [][]float64{{1, 2, 0}, {-6, 2, 0}} // 2rᵢxᵢ with r = 0.5, −1
	want := []float64{0.5, 0.5, 7}
	for j := range 3 {
		mean := (g[0][j] + g[1][j]) / 2
		if rms := math.Sqrt((g[0][j]*g[0][j] + g[1][j]*g[1][j]) / 2); rms > 0 {
			want[j] -= 0.1 * mean / rms
		}
	}
	assertClose(t, "simplified Adam, two rows", tr.Final(), want, 1e-15, 1e-14)
	if tr.Final()[1] != 0.4 || tr.Final()[2] != 7 {
		t.Errorf("simplified Adam step = %v", tr.Final())
	}
}

func TestSignDescentBand(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p := mustProblem(t, a)
	c := 1 / norm1(a)
	const lr = 0.01
	k := math.Floor(c / lr)
	for _, m := range []Method{SignDescent{LR: lr}, SimplifiedAdam{LR: lr}} {
		tr := mustRun(t, p, m, Settings{Iters: 2000})
		lo, hi := tr.Range(1000)
		// It hops between kα and (k+1)α: the band holds c* but is centred at
		// (k+½)α.
		if !scalar.EqualWithinAbs(lo[0], k*lr, 1e-12) || !scalar.EqualWithinAbs(hi[0], (k+1)*lr, 1e-12) {
			t.Errorf("%v: band [%g, %g], want [%g, %g]", m, lo[0], hi[0], k*lr, (k+1)*lr)
		}
	}
	// The thinning of a long run keeps both phases of the hop.
	tr := mustRun(t, p, SignDescent{LR: lr}, Settings{Iters: 100000})
	lo, hi := tr.Range(50000)
	if amp := hi[0] - lo[0]; !scalar.EqualWithinAbs(amp, lr, 1e-9) {
		t.Errorf("thinned trace: amplitude %g, want %g", amp, lr)
	}
}

func TestAdam(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	p := mustProblem(t, a)
	// The first step moves every coordinate by α·g/(|g| + ε).
	tr := mustRun(t, p, Adam{LR: 0.01}, Settings{Iters: 1})
	for j, v := range tr.Final() {
		g := 2 * a[j]
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
	// Several steps against a plain implementation of the update.
	m, v := make([]float64, 3), make([]float64, 3)
	th := make([]float64, 3)
	for k := 1; k <= 50; k++ {
		r := 1 - floats.Dot(a, th)
		for j := range th {
			g := -2 * r * a[j]
			m[j] = 0.9*m[j] + 0.1*g
			v[j] = 0.999*v[j] + 0.001*g*g
			mh, vh := m[j]/(1-math.Pow(0.9, float64(k))), v[j]/(1-math.Pow(0.999, float64(k)))
			th[j] -= 0.01 / math.Sqrt(float64(k)) * mh / (math.Sqrt(vh) + 1e-8)
		}
	}
	got := mustRun(t, p, Adam{LR: 0.01, Schedule: InvSqrt}, Settings{Iters: 50}).Final()
	assertClose(t, "Adam vs the plain update", got, th, 1e-14, 1e-12)
}

// Adam keeps its moments in a unit near the gradient: with ε → 0 the run
// on c·a is the run on a divided by c, for c from 1e-170 to 1e200.
func TestAdamScaleInvariant(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	const eps = 1e-100 // as good as 0 here, and ε·c stays a float64 for every c below
	base := mustRun(t, mustProblem(t, a), Adam{LR: 0.01, Schedule: InvSqrt, Eps: eps}, Settings{Iters: 3000})
	for _, c := range []float64{1e-170, 1e-100, 1e100, 1e200} {
		pc := mustProblem(t, scaledBy(c, a))
		// The same path in units of 1/c: θ and α scale by 1/c, g and ε by c.
		tr := mustRun(t, pc, Adam{LR: 0.01 / c, Schedule: InvSqrt, Eps: eps * c}, Settings{Iters: 3000})
		assertRel(t, "Adam at "+fmtG(c), tr.Final(), scaledBy(1/c, base.Final()), 1e-9)
	}
	// The default step on data near 1e200 overshoots the target ≈ 1e-200
	// so far that the loss leaves float64: an error saying so, not NaN.
	if _, err := Run(mustProblem(t, scaledBy(1e200, a)), Adam{LR: 0.01, Schedule: InvSqrt}, Settings{Iters: 2000}); !errors.Is(err, ErrOverflow) {
		t.Errorf("Adam on 1e200·a: %v, want ErrOverflow", err)
	}
	// On 1e150·a the loss fits: the run goes on, finite, though the step is
	// far too large to converge.
	tr, err := Run(mustProblem(t, scaledBy(1e150, a)), Adam{LR: 0.01, Schedule: InvSqrt}, Settings{Iters: 2000})
	if err != nil || !allFinite(tr.Final()) {
		t.Errorf("Adam on 1e150·a: %v", err)
	}
}

func TestRescaledSGDStep(t *testing.T) {
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

// Preconditioned GD on several rows: one step against the formula, and the
// limit against the weighted interpolant of the Lagrange route.
func TestPreconditionedSeveralRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	p := randomProblem(t, rng, 3, 6)
	for _, pow := range []float64{0, 1, 2} {
		w, err := p.Weights(pow)
		if err != nil {
			t.Fatal(err)
		}
		want, err := MinWeightedL2Interpolant(p, w)
		if err != nil {
			t.Fatal(err)
		}
		tr := mustRun(t, p, Preconditioned{Frac: 0.5, Power: pow}, Settings{Iters: 100000})
		assertClose(t, "preconditioned p = "+fmtG(pow), tr.Final(), want, 1e-9, 1e-9)
	}
	// Frac = 1 is the edge of stability: the residual along the stiffest
	// direction flips sign for ever but does not grow.
	tr := mustRun(t, p, Preconditioned{Frac: 1, Power: 1}, Settings{Iters: 2000})
	if f := tr.FinalLoss(); !(f <= tr.Loss[0]*(1+1e-9)) {
		t.Errorf("Frac = 1: loss grew from %g to %g", tr.Loss[0], f)
	}
	for _, bad := range []Preconditioned{{Frac: 0}, {Frac: 1.5}, {Frac: math.NaN()}, {Frac: 0.5, Power: math.Inf(1)}} {
		if _, err := Run(p, bad, Settings{Iters: 1}); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	// Scales spanning 1e-300 to 1: (s/max s)^(−2) overflows; an error.
	wide, _ := NewProblem([][]float64{{1, 1e-300}}, []float64{1})
	if _, err := Run(wide, Preconditioned{Frac: 0.5, Power: 2}, Settings{Iters: 1}); err == nil {
		t.Error("an overflowing preconditioner gave no error")
	}
}

func TestDeterminism(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p := randomProblem(t, rng, 4, 6)
	s := Settings{Iters: 500}
	for _, m := range []Method{SGD{LR: 0.02}, SignDescent{LR: 0.01, Schedule: InvSqrt}, SimplifiedAdam{LR: 0.01},
		Adam{LR: 0.01}, RescaledSGD{LR: 0.02}, Preconditioned{Frac: 0.3, Power: 1}} {
		if !reflect.DeepEqual(mustRun(t, p, m, s), mustRun(t, p, m, s)) {
			t.Errorf("%v: two runs differ", m)
		}
	}
	shuffled := func(seed uint64) *Trace {
		return mustRun(t, p, SGD{LR: 0.02, Rand: rand.New(rand.NewPCG(seed, 0))}, s)
	}
	a, b, c := shuffled(7), shuffled(7), shuffled(8)
	if !reflect.DeepEqual(a, b) || reflect.DeepEqual(a.Theta, c.Theta) {
		t.Error("shuffled SGD: equal seeds must agree, different ones differ")
	}
	l2, _ := MinL2Interpolant(p)
	long := mustRun(t, p, SGD{LR: 0.02, Rand: rand.New(rand.NewPCG(9, 0))}, Settings{Iters: 200000})
	assertClose(t, "shuffled SGD limit", long.Final(), l2, 1e-8, 1e-8)
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
		Preconditioned{Frac: 0.25, Power: 1}:   "preconditioned GD p=1 (0.25 of the limit)",
	} {
		if got := m.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
	if got := (SGD{LR: 1, Rand: rand.New(rand.NewPCG(1, 1))}).String(); got != "SGD α=1 shuffled" {
		t.Errorf("shuffled name %q", got)
	}
	if Regime(0).String() != "Regime(0)" || Schedule(9).String() != "Schedule(9)" {
		t.Error("unknown enum names")
	}
}
