package lsq

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// Expectations in the tests are computed from the definitions (sums and
// loops written out here), never by calling the closed forms under test.

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
		switch {
		case a[j] > 0:
			w[j] = 1 / n
		case a[j] < 0:
			w[j] = -1 / n
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

func scaledBy(c float64, v []float64) []float64 {
	out := make([]float64, len(v))
	for j, x := range v {
		out[j] = c * x
	}
	return out
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

// assertRel requires |gotⱼ/wantⱼ − 1| ≤ rel for every component (gotⱼ = 0
// where wantⱼ = 0): a relative comparison that works at any magnitude,
// subnormal included (gonum's EqualWithinRel treats subnormal differences
// as absolute).
func assertRel(t *testing.T, what string, got, want []float64, rel float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", what, len(got), len(want))
	}
	for j := range want {
		ok := got[j] == want[j] || want[j] != 0 && math.Abs(got[j]/want[j]-1) <= rel
		if !ok || math.IsNaN(got[j]) || math.IsInf(got[j], 0) {
			t.Errorf("%s: component %d = %.12g, want %.12g (rel %g)\n got  %v\n want %v",
				what, j, got[j], want[j], rel, got, want)
			return
		}
	}
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }
