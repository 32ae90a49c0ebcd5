package lsq

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

func TestRoutesSinglePoint(t *testing.T) {
	for name, a := range testPoints() {
		t.Run(name, func(t *testing.T) {
			p := mustProblem(t, a)
			l2, err := MinL2Interpolant(p)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "MinL2Interpolant", l2, wantSGD(a), 1e-13, 1e-12)
			linf, err := MinLinfInterpolant(p)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "MinLinfInterpolant", linf, wantSign(a), 1e-12, 1e-10)
			wl2, err := MinWeightedL2Interpolant(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "MinWeightedL2Interpolant", wl2, wantRescaled(a), 1e-13, 1e-12)
			// Weights |a|: the same point as the ℓ∞ minimum (one data point
			// cannot tell the two norms apart).
			w1, _ := p.Weights(1)
			wl1, err := MinWeightedL2Interpolant(p, w1)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "weights |a|", wl1, wantSign(a), 1e-13, 1e-12)
		})
	}
}

// The routes normalize the data: 1e-170 and 1e200 are solved like 1.
func TestRoutesExtreme(t *testing.T) {
	a := []float64{1, -0.1, 0.01}
	for _, c := range []float64{1e-170, 1e-300, 1e200, 1e300} {
		p := mustProblem(t, scaledBy(c, a))
		l2, err := MinL2Interpolant(p)
		if err != nil {
			t.Fatal(err)
		}
		assertRel(t, "MinL2 at "+fmtG(c), l2, scaledBy(1/c, wantSGD(a)), 1e-12)
		linf, err := MinLinfInterpolant(p)
		if err != nil {
			t.Fatal(err)
		}
		assertRel(t, "MinLinf at "+fmtG(c), linf, scaledBy(1/c, wantSign(a)), 1e-10)
		wl2, err := MinWeightedL2Interpolant(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		assertRel(t, "MinWeightedL2 at "+fmtG(c), wl2, scaledBy(1/c, wantRescaled(a)), 1e-12)
	}
	// Subnormal data: 1/a overflows; an error, not Inf.
	p := mustProblem(t, []float64{5e-324, 1e-323})
	for name, f := range map[string]func(*Problem) ([]float64, error){"L2": MinL2Interpolant, "Linf": MinLinfInterpolant} {
		if got, err := f(p); err == nil {
			t.Errorf("%s on subnormal data = %v, no error", name, got)
		}
	}
}

func TestRoutesSeveralRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 4 {
		n, d := 2+trial%3, 6+trial
		p := randomProblem(t, rng, n, d)
		l2, err := MinL2Interpolant(p)
		if err != nil {
			t.Fatal(err)
		}
		// SGD from 0 with a small step stays in the row space and ends at X⁺y.
		var maxRow float64
		for i := range n {
			x, _, _ := p.Row(i)
			maxRow = math.Max(maxRow, norm2sq(x))
		}
		tr := mustRun(t, p, SGD{LR: 0.3 / maxRow}, Settings{Iters: 20000})
		assertClose(t, "SGD vs MinL2Interpolant", tr.Final(), l2, 1e-8, 1e-8)
		// For an approximate θ, DistanceToInterpolants is ‖θ − X⁺y‖ when θ
		// is in the row space.
		mid := mustRun(t, p, SGD{LR: 0.3 / maxRow}, Settings{Iters: 40}).Final()
		dist, err := DistanceToInterpolants(p, mid)
		if err != nil {
			t.Fatal(err)
		}
		if want := floats.Distance(mid, l2, 2); math.Abs(dist-want) > 1e-9*math.Max(1, want) {
			t.Errorf("DistanceToInterpolants = %g, ‖θ − X⁺y‖ = %g", dist, want)
		}
		// The ℓ∞ solution interpolates and beats other interpolants.
		linf, err := MinLinfInterpolant(p)
		if err != nil {
			t.Fatal(err)
		}
		if f, _ := p.Loss(linf); f > 1e-20 {
			t.Errorf("MinLinfInterpolant does not interpolate: f = %g", f)
		}
		if d, _ := DistanceToInterpolants(p, linf); d > 1e-9 {
			t.Errorf("distance of the LP solution to the interpolants: %g", d)
		}
		tinf := floats.Norm(linf, math.Inf(1))
		for k := range 30 {
			z := make([]float64, d)
			for j := range z {
				z[j] = rng.NormFloat64() * float64(k) / 10
			}
			other := nullShift(t, p, l2, z)
			if tinf > floats.Norm(other, math.Inf(1))*(1+1e-9) {
				t.Errorf("‖MinLinfInterpolant‖∞ = %g beaten by another interpolant", tinf)
			}
		}
		// The weighted route against its first-order condition, checked by
		// projection: W·θ lies in the row space of X.
		w := make([]float64, d)
		for j := range w {
			w[j] = 0.5 + rng.Float64()
		}
		wl2, err := MinWeightedL2Interpolant(p, w)
		if err != nil {
			t.Fatal(err)
		}
		wt := make([]float64, d)
		floats.MulTo(wt, w, wl2)
		if res := offRowSpace(t, p, wt); res > 1e-9*floats.Norm(wt, 2) {
			t.Errorf("W·θ is %g off the row space", res)
		}
	}
}

// project returns the projection of v on the row space of X: the
// minimum-norm solution of Xz = Xv.
func project(t *testing.T, p *Problem, v []float64) []float64 {
	X := make([][]float64, p.Rows())
	y := make([]float64, p.Rows())
	for i := range X {
		X[i], _, _ = p.Row(i)
		y[i] = floats.Dot(X[i], v)
	}
	q, _ := NewProblem(X, y)
	proj, err := MinL2Interpolant(q)
	if err != nil {
		t.Fatal(err)
	}
	return proj
}

// nullShift returns l2 + (I − P)z, P the projection on the row space of X:
// another interpolant.
func nullShift(t *testing.T, p *Problem, l2, z []float64) []float64 {
	zp := project(t, p, z)
	out := make([]float64, len(z))
	for j := range out {
		out[j] = l2[j] + z[j] - zp[j]
	}
	return out
}

// offRowSpace returns the distance from v to the row space of X.
func offRowSpace(t *testing.T, p *Problem, v []float64) float64 {
	return floats.Distance(v, project(t, p, v), 2)
}

func TestRoutesEdgeCases(t *testing.T) {
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
	// nil weights with a zero feature: weight 0 is not allowed.
	if _, err := MinWeightedL2Interpolant(p, nil); err == nil {
		t.Error("nil weights with a zero feature")
	}
	ok, _ := NewProblem([][]float64{{1, 2, 0}, {2, 4, 0}, {0, 1, 1}}, []float64{1, 2, 3})
	contra, _ := NewProblem([][]float64{{1, 2}, {2, 4}}, []float64{1, 3})
	over, _ := NewProblem([][]float64{{1}, {1}}, []float64{1, 2})
	zeroX, _ := NewProblem([][]float64{{0, 0}}, []float64{1})
	for name, f := range map[string]func(*Problem) ([]float64, error){
		"L2": MinL2Interpolant, "Linf": MinLinfInterpolant,
		"weighted": func(p *Problem) ([]float64, error) { return MinWeightedL2Interpolant(p, []float64{1, 1, 1}[:p.Dim()]) },
	} {
		th, err := f(ok)
		if err != nil {
			t.Errorf("%s on dependent consistent rows: %v", name, err)
		} else if l, _ := ok.Loss(th); l > 1e-20 {
			t.Errorf("%s on dependent consistent rows: f = %g", name, l)
		}
		for what, q := range map[string]*Problem{"contradictory": contra, "overdetermined": over, "zero X": zeroX} {
			if _, err := f(q); !errors.Is(err, ErrNoInterpolant) {
				t.Errorf("%s on %s rows: err = %v, want ErrNoInterpolant", name, what, err)
			}
		}
	}
	if _, err := DistanceToInterpolants(contra, []float64{0, 0}); !errors.Is(err, ErrNoInterpolant) {
		t.Errorf("distance on contradictory rows: %v", err)
	}
}
