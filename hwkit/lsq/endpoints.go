package lsq

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

// EndPoint is where one run ends on a general Problem.
type EndPoint struct {
	// Method names the run's method.
	Method string
	// Theta is the final iterate θ_T.
	Theta []float64
	// L2 and Linf are ‖θ_T‖₂ and ‖θ_T‖∞.
	L2, Linf float64
	// Dist is the distance from θ_T to the set of interpolants
	// (DistanceToInterpolants): how far the run is from solving Xθ = y.
	Dist float64
	// Tol is Dist plus a rounding allowance: no statement about θ_T's
	// limit is sharper than that.
	Tol float64
	// Drift is ‖θ_T − θ_s‖∞ with s = DriftFrom, the last recorded iteration
	// at or before T/10: how far the run still moved over its last 90 % of
	// steps, evidence (not a proof) of how settled θ_T is.
	Drift     float64
	DriftFrom int
}

// EndPoints is a comparison of several runs on one Problem, with the
// minimum-norm interpolants computed by the independent routes.
type EndPoints struct {
	// Runs holds the end of each run, in the order of the methods.
	Runs []EndPoint
	// MinL2 is X⁺y (MinL2Interpolant), MinLinf a minimum-ℓ∞ interpolant
	// (MinLinfInterpolant) and LinfMin its norm.
	MinL2, MinLinf []float64
	LinfMin        float64
}

// RunEndPoints runs each method from θ₀ = 0 on p for iters iterations and
// records where it ends, next to the minimum-ℓ2 and minimum-ℓ∞
// interpolants. On a consistent problem SGD with a stable step stays in the
// row space of X and ends at X⁺y; sign descent ends at an interpolant whose
// ℓ∞ norm depends on its schedule and need not be the minimum (Gunasekar et
// al., 2018). It returns an error for a nil problem, no method, a run's
// error (a diverging run included) and the routes' errors (ErrNoInterpolant
// for an inconsistent problem).
func RunEndPoints(p *Problem, iters int, methods ...Method) (*EndPoints, error) {
	if p == nil {
		return nil, errNilProblem
	}
	if len(methods) == 0 {
		return nil, errors.New("lsq: RunEndPoints needs at least one method")
	}
	l2, err := MinL2Interpolant(p)
	if err != nil {
		return nil, err
	}
	linf, err := MinLinfInterpolant(p)
	if err != nil {
		return nil, err
	}
	e := &EndPoints{MinL2: l2, MinLinf: linf, LinfMin: floats.Norm(linf, math.Inf(1))}
	for _, m := range methods {
		tr, err := Run(p, m, Settings{Iters: iters})
		if err != nil {
			return nil, err
		}
		th := tr.Final()
		dist, err := DistanceToInterpolants(p, th)
		if err != nil {
			return nil, err
		}
		scale := floats.Norm(th, math.Inf(1))
		from := 0 // the last recorded iteration ≤ T/10 (iteration 0 always is)
		for k, it := range tr.Iter {
			if it <= iters/10 {
				from = k
			}
		}
		e.Runs = append(e.Runs, EndPoint{Method: tr.Method, Theta: th, L2: floats.Norm(th, 2),
			Linf: scale, Dist: dist, Tol: dist + rounding(16*(p.n+p.d)*(p.d+4), scale),
			Drift: floats.Distance(th, tr.Theta[from], math.Inf(1)), DriftFrom: tr.Iter[from]})
	}
	return e, nil
}

// AboveLP reports whether no run ends below the minimum ℓ∞ norm, as no
// interpolant can: ‖θ_T‖∞ ≥ LinfMin − Tol for each run, since θ_T is within
// Dist of an interpolant. The detail gives the smallest margin.
func (e *EndPoints) AboveLP() (ok bool, detail string) {
	if e == nil || len(e.Runs) == 0 {
		return false, "no runs"
	}
	ok = true
	worst, at := math.Inf(1), ""
	for _, r := range e.Runs {
		margin := r.Linf - e.LinfMin
		ok = ok && margin >= -r.Tol
		if margin < worst {
			worst, at = margin, r.Method
		}
	}
	return ok, fmt.Sprintf("smallest ‖θ(T)‖∞ − min ‖θ‖∞ = %s (%s); LP minimum %s",
		table.Float(worst), at, table.Float(e.LinfMin))
}

// Apart reports whether runs i and j end at different interpolants:
// ‖θᵢ − θⱼ‖∞ exceeds what their distances to the interpolants allow
// (Tolᵢ + Tolⱼ), and is more than ten times what the two runs still moved
// over their last 90 % of steps (Driftᵢ + Driftⱼ), so that the gap is not a
// snapshot of two runs still on their way. It returns false with a reason
// for indices out of range.
func (e *EndPoints) Apart(i, j int) (ok bool, detail string) {
	if e == nil || i < 0 || j < 0 || i >= len(e.Runs) || j >= len(e.Runs) {
		return false, "no such runs"
	}
	ri, rj := e.Runs[i], e.Runs[j]
	if len(ri.Theta) != len(rj.Theta) {
		return false, "the two end points differ in dimension"
	}
	gap := floats.Distance(ri.Theta, rj.Theta, math.Inf(1))
	ok = gap > ri.Tol+rj.Tol && gap > 10*(ri.Drift+rj.Drift)
	return ok, fmt.Sprintf("gap %s > 10× the drifts since step %s (%s, %s) and the distances to the interpolants (%s, %s)",
		table.Float(gap), countText(ri.DriftFrom), table.Float(ri.Drift), table.Float(rj.Drift),
		table.Float(ri.Dist), table.Float(rj.Dist))
}

// Table tabulates the end points and the minimum-ℓ∞ interpolant: θ, ‖θ‖∞
// and the distance to the interpolants.
func (e *EndPoints) Table(title string) *table.Table {
	t := table.New(title, "run / route", "θ", "‖θ‖∞", "distance*")
	t.Align = []table.Align{table.Left, table.Left, table.Right, table.Right}
	if e == nil {
		t.Note = "no runs"
		return t
	}
	for _, r := range e.Runs {
		t.AddRow(r.Method, plainVec(r.Theta), r.Linf, r.Dist)
	}
	t.AddRow("min ‖θ‖∞ (LP)", plainVec(e.MinLinf), e.LinfMin, 0.0)
	t.Note = "* from θ to the interpolants {θ : Xθ = y}; the LP row is for comparison: no schedule is said to end at it"
	return t
}
