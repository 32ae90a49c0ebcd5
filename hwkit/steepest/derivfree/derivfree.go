// Package derivfree registers a derivative-free minimizer with package
// steepest: gonum's Nelder–Mead, restarted from the best point with a fresh
// simplex until a run improves the value by less than 1e-15 relative. With
// it steepest.MinimizeSquared (and what calls it: Attain, Recover) takes
// every norm, ℓp and a Norm of your own included, not only those with an
// interior-point form. Import it for its side effect:
//
//	import _ "github.com/dl-course/hw2/hwkit/steepest/derivfree"
//
// It is a package of its own so that the programs that never need it (the
// notebook's cells among them) do not link gonum/optimize and the
// statistics packages it imports.
package derivfree

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"

	"github.com/dl-course/hw2/hwkit/steepest"
)

func init() { steepest.RegisterDerivativeFree(Minimize) }

// Minimize minimizes f from x0 with restarted Nelder–Mead (initial simplex
// size 0.5, at most 50 runs of 200 000 evaluations each). It is
// deterministic. The result has no certificate: Gap is +Inf. It returns an
// error wrapping steepest.ErrNoConvergence if the runs ran out while the
// value was still improving.
func Minimize(f func([]float64) float64, x0 []float64) (steepest.Numeric, error) {
	return nelderMead(f, x0, settings{size: 0.5, relTol: 1e-15, maxRuns: 50, maxEvals: 200000})
}

// settings controls nelderMead.
type settings struct {
	size     float64 // initial simplex size
	relTol   float64 // restart until the value improves by less than relTol·|F|
	maxRuns  int
	maxEvals int // per run
}

// nelderMead minimizes f from x0 with gonum's Nelder–Mead, restarting from
// the best point with a fresh simplex until a run no longer improves the
// value. It is deterministic. It returns an error if the runs ran out while
// the value was still improving.
func nelderMead(f func([]float64) float64, x0 []float64, s settings) (steepest.Numeric, error) {
	n := len(x0)
	x := append([]float64(nil), x0...)
	res := steepest.Numeric{X: x, F: f(x), Iterations: 1, Method: "Nelder–Mead", Gap: math.Inf(1)}
	size := s.size
	for runs := 0; runs < s.maxRuns; runs++ {
		p := optimize.Problem{Func: f}
		opts := &optimize.Settings{
			Converger:       &optimize.FunctionConverge{Relative: 1e-15, Absolute: 1e-300, Iterations: 10 * (n + 1)},
			FuncEvaluations: s.maxEvals,
		}
		// An early stop, such as the evaluation limit, still reports the best
		// point found, which is all that is needed here.
		r, _ := optimize.Minimize(p, res.X, opts, &optimize.NelderMead{SimplexSize: size})
		if r == nil {
			break
		}
		res.Iterations += r.FuncEvaluations
		improved := res.F - r.F
		step := floats.Distance(r.X, res.X, math.Inf(1))
		if r.F < res.F {
			res.X, res.F = append([]float64(nil), r.X...), r.F
		}
		if !(improved > s.relTol*math.Abs(res.F)) && runs > 0 {
			return res, nil
		}
		size = math.Min(math.Max(10*step, 1e-6*(1+floats.Norm(res.X, math.Inf(1)))), s.size)
	}
	return res, fmt.Errorf("%w: Nelder–Mead was still improving after %d restarts", steepest.ErrNoConvergence, s.maxRuns)
}
