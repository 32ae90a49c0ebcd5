package derivfree

import (
	"errors"
	"math"
	"testing"

	"github.com/dl-course/hw2/hwkit/steepest"
)

func TestMinimizeQuadratic(t *testing.T) {
	f := func(x []float64) float64 { return (x[0]-1)*(x[0]-1) + 10*(x[1]+2)*(x[1]+2) }
	r, err := Minimize(f, []float64{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.X[0]-1) > 1e-6 || math.Abs(r.X[1]+2) > 1e-6 || r.F > 1e-12 {
		t.Errorf("minimizer %v, value %g; want (1, −2), 0", r.X, r.F)
	}
	if r.Method != "Nelder–Mead" || !math.IsInf(r.Gap, 1) {
		t.Errorf("method %q, gap %g: want Nelder–Mead, no certificate", r.Method, r.Gap)
	}
}

// A minimum far from the start, with a few evaluations per run: every
// run still improves when the runs run out.
func TestNoConvergence(t *testing.T) {
	_, err := nelderMead(func(x []float64) float64 { return (x[0]-100)*(x[0]-100) + x[1]*x[1] }, []float64{0, 0},
		settings{size: 0.5, relTol: 1e-15, maxRuns: 3, maxEvals: 8})
	if !errors.Is(err, steepest.ErrNoConvergence) {
		t.Errorf("error %v, want ErrNoConvergence", err)
	}
}

// With the package imported, MinimizeSquared takes ℓp: the minimum it finds
// matches the closed form of SquaredStep.
func TestRegistered(t *testing.T) {
	lp, err := steepest.NewLp(3)
	if err != nil {
		t.Fatal(err)
	}
	g, alpha := []float64{0.8, -0.5, 0.25}, 0.8
	num, err := steepest.MinimizeSquared(lp, g, alpha)
	if err != nil {
		t.Fatal(err)
	}
	u, err := steepest.SquaredStep(lp, g, alpha)
	if err != nil {
		t.Fatal(err)
	}
	j, err := steepest.SquaredObjective(lp, g, u, alpha)
	if err != nil {
		t.Fatal(err)
	}
	// Nelder–Mead stops at a relative improvement of 1e-15 per restart;
	// its value is within 1e-9 of the closed form's on this smooth problem.
	if num.Method != "Nelder–Mead" || math.Abs(num.F-j) > 1e-9*math.Abs(j) {
		t.Errorf("ℓ3: %s found J = %.15g, the closed form gives %.15g", num.Method, num.F, j)
	}
}
