package steepest_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/steepest"
	// ℓp instances need the derivative-free minimizer (see
	// steepest.RegisterDerivativeFree); TestNoMethodWithoutRegistration
	// checks the error without it.
	_ "github.com/dl-course/hw2/hwkit/steepest/derivfree"
)

// kinds lists the norm families the tests draw from.
func kinds() []string { return []string{"ℓ2", "ℓ∞", "ℓ1", "ℓp", "Mahalanobis", "spectral"} }

// instance is one random problem: a norm, a gradient of matching length and
// a step size.
type instance struct {
	norm  steepest.Norm
	g     []float64
	alpha float64
}

func (in instance) String() string {
	return fmt.Sprintf("%s, g = %v, α = %v", in.norm.Name(), in.g, in.alpha)
}

// randInstance draws a problem of the given kind: dimension 2–6 (matrices
// 1×1 to 3×3), g with standard normal entries, α = e^N(0,1), p uniform in
// (1.2, 5.2), and M = AAᵀ + I/2 for a standard normal A.
func randInstance(t testing.TB, rng *rand.Rand, kind string) instance {
	t.Helper()
	n := 2 + rng.IntN(5)
	var norm steepest.Norm
	switch kind {
	case "ℓ2":
		norm = steepest.L2{}
	case "ℓ∞":
		norm = steepest.Linf{}
	case "ℓ1":
		norm = steepest.L1{}
	case "ℓp":
		lp, err := steepest.NewLp(1.2 + 4*rng.Float64())
		if err != nil {
			t.Fatal(err)
		}
		norm = lp
	case "Mahalanobis":
		norm = randSPD(t, rng, n)
	case "spectral":
		r, c := 1+rng.IntN(3), 1+rng.IntN(3)
		norm, n = steepest.Spectral{Rows: r, Cols: c}, r*c
	default:
		t.Fatalf("unknown kind %q", kind)
	}
	g := make([]float64, n)
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	return instance{norm: norm, g: g, alpha: math.Exp(rng.NormFloat64())}
}

func randSPD(t testing.TB, rng *rand.Rand, n int) *steepest.Mahalanobis {
	t.Helper()
	A := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			A.Set(i, j, rng.NormFloat64())
		}
	}
	var M mat.SymDense
	M.SymOuterK(1, A)
	for i := 0; i < n; i++ {
		M.SetSym(i, i, M.At(i, i)+0.5)
	}
	m, err := steepest.NewMahalanobis(&M)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// maxDiff is ‖a − b‖∞.
func maxDiff(a, b []float64) float64 { return floats.Distance(a, b, math.Inf(1)) }

// relMaxDiff is ‖a − b‖∞/‖b‖∞ (‖a‖∞ if b = 0).
func relMaxDiff(a, b []float64) float64 {
	if w := floats.Norm(b, math.Inf(1)); w > 0 {
		return maxDiff(a, b) / w
	}
	return floats.Norm(a, math.Inf(1))
}

// bothRoutes returns the closed-form squared-penalty step of an instance and
// the numerical minimizer of the same objective.
func bothRoutes(t testing.TB, in instance) ([]float64, steepest.Numeric) {
	t.Helper()
	u, err := steepest.SquaredStep(in.norm, in.g, in.alpha)
	if err != nil {
		t.Fatal(err)
	}
	num, err := steepest.MinimizeSquared(in.norm, in.g, in.alpha)
	if err != nil {
		t.Fatal(err)
	}
	return u, num
}
