package lsq

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/table"
)

// FamilyRow is one member p of the preconditioner family
// P = diag(|a|)^(−p) on the single-point problem: its closed-form limit, a
// run, and the minimizer of Σⱼ |aⱼ|^p·θⱼ² by the Lagrange route.
type FamilyRow struct {
	// Power is p.
	Power float64
	// Limit is PreconditionedLimit(a, p).
	Limit []float64
	// Run is Preconditioned{Frac, Power: p} after the study's steps, and
	// RunWant the exact iterate (1 − q^T)·Limit it must equal, q = 1 − 2·Frac.
	Run, RunWant []float64
	// Lagrange is MinWeightedL2Interpolant with the weights |aⱼ|^p (1 where
	// aⱼ = 0: such a coordinate never moves and its weight only pins it to 0).
	Lagrange []float64
	// Tol is the rounding allowance of the comparisons.
	Tol float64
	// Frac and Iters are the run's step, as a fraction of the stability
	// limit, and its number of steps.
	Frac  float64
	Iters int
}

// Agree reports whether the run equals its exact iterate and the Lagrange
// route equals the closed form, both within Tol, with the distances for a
// check line.
func (r FamilyRow) Agree() (ok bool, detail string) {
	if len(r.Run) != len(r.Limit) || len(r.RunWant) != len(r.Limit) || len(r.Lagrange) != len(r.Limit) || len(r.Limit) == 0 {
		return false, "the row's vectors differ in length or are empty"
	}
	dr := floats.Distance(r.Run, r.RunWant, math.Inf(1))
	dl := floats.Distance(r.Lagrange, r.Limit, math.Inf(1))
	ok = dr <= r.Tol && dl <= r.Tol
	return ok, fmt.Sprintf("run vs (1 − q^T)·θ∞: |Δ| = %s; Lagrange vs closed form: |Δ| = %s; tol %s",
		table.Float(dr), table.Float(dl), table.Float(r.Tol))
}

// Family runs the preconditioner family P = diag(|a|)^(−p) for each power:
// gradient descent θ ← θ − α·P·∇f from θ₀ = 0 with α the fraction frac of
// its stability limit, for iters steps. Every step moves θ along
// P·a ∝ sign(a)·|a|^(1−p), so the limit is PreconditionedLimit(a, p), the
// interpolant of minimum Σⱼ |aⱼ|^p·θⱼ²: p = 0 is SGD, p = 2 rescaled SGD,
// and p = 1 lands on sign(a)/‖a‖₁, the limit of sign descent — which
// therefore minimizes Σⱼ |aⱼ|·θⱼ² as well as ‖θ‖∞: one data point cannot
// tell the two readings apart. It returns an error for an invalid a, frac
// outside (0, 1], iters outside [1, MaxIters], a non-finite power, or a
// power whose weights do not fit in a float64.
func Family(a []float64, frac float64, iters int, powers ...float64) ([]FamilyRow, error) {
	if err := checkFrac(frac); err != nil {
		return nil, err
	}
	if err := checkIters(iters); err != nil {
		return nil, err
	}
	p, err := SinglePoint(a)
	if err != nil {
		return nil, err
	}
	if len(powers) == 0 {
		return nil, errors.New("lsq: Family needs at least one power p")
	}
	q := 1 - 2*frac
	qT := math.Pow(q, float64(iters))
	var rows []FamilyRow
	for _, pow := range powers {
		limit, err := PreconditionedLimit(a, pow)
		if err != nil {
			return nil, err
		}
		tr, err := Run(p, Preconditioned{Frac: frac, Power: pow}, Settings{Iters: iters})
		if err != nil {
			return nil, err
		}
		w, err := p.Weights(pow)
		if err != nil {
			return nil, err
		}
		for j, v := range a {
			if v == 0 {
				w[j] = 1
			}
		}
		lag, err := MinWeightedL2Interpolant(p, w)
		if err != nil {
			return nil, err
		}
		want := make([]float64, len(limit))
		floats.ScaleTo(want, 1-qT, limit)
		d := len(a)
		tol := rounding(iters*(2*d+8)+64*(d+4), floats.Norm(limit, math.Inf(1)))
		rows = append(rows, FamilyRow{Power: pow, Limit: limit, Run: tr.Final(), RunWant: want, Lagrange: lag, Tol: tol,
			Frac: frac, Iters: iters})
	}
	return rows, nil
}

// FamilyTable tabulates the rows of Family: p (the homework's members
// marked (a), ≈ (b) for the same limit as (b), and (c)), the limit in
// closed form and the distances of the run and of the Lagrange route from it.
func FamilyTable(rows []FamilyRow) *table.Table {
	t := table.New("Gradient descent preconditioned by P = diag(|a|)⁻ᵖ, from θ₀ = 0",
		"p", "limit θ∞ (closed form)", "run: ‖θ(T) − θ∞‖∞", "Lagrange: ‖θ − θ∞‖∞")
	t.Align = []table.Align{table.Left, table.Left, table.Right, table.Right}
	for _, r := range rows {
		p := table.Float(r.Power)
		switch r.Power {
		case 0:
			p += " (a)"
		case 1:
			p += " ≈ (b)"
		case 2:
			p += " (c)"
		}
		if len(r.Run) != len(r.Limit) || len(r.Lagrange) != len(r.Limit) {
			t.AddRow(p, plainVec(r.Limit), "length differs", "length differs")
			continue
		}
		t.AddRow(p, plainVec(r.Limit), floats.Distance(r.Run, r.Limit, math.Inf(1)),
			floats.Distance(r.Lagrange, r.Limit, math.Inf(1)))
	}
	t.Note = "θ∞ᵢ = sign(aᵢ)|aᵢ|¹⁻ᵖ / Σₖ|aₖ|²⁻ᵖ; Lagrange: min Σᵢ|aᵢ|ᵖθᵢ²"
	if len(rows) > 0 {
		t.Note += fmt.Sprintf("; run: %d steps at %s of the stability limit", rows[0].Iters, table.Float(rows[0].Frac))
	}
	return t
}

// FamilyAgree reports whether every row Agrees, each within its own Tol,
// with the largest deviations and the largest ratio |Δ|/Tol for a check
// line.
func FamilyAgree(rows []FamilyRow) (ok bool, detail string) {
	if len(rows) == 0 {
		return false, "no rows"
	}
	ok = true
	var dr, dl, ratio float64
	for _, r := range rows {
		good, msg := r.Agree()
		ok = ok && good
		if len(r.Run) != len(r.Limit) || len(r.RunWant) != len(r.Limit) || len(r.Lagrange) != len(r.Limit) {
			return false, msg
		}
		er := floats.Distance(r.Run, r.RunWant, math.Inf(1))
		el := floats.Distance(r.Lagrange, r.Limit, math.Inf(1))
		dr, dl = math.Max(dr, er), math.Max(dl, el)
		ratio = math.Max(ratio, math.Max(er, el)/r.Tol)
	}
	return ok, fmt.Sprintf("largest |Δ|: run vs (1 − q^T)·θ∞ %s, Lagrange vs closed form %s; largest |Δ|/tol %s (tol: rounding allowance per p)",
		table.Float(dr), table.Float(dl), table.Float(ratio))
}
