package steepest

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// dualName returns how the dual norm of g is written in plain text for the
// norms of this package, e.g. "‖g‖₁" for ℓ∞ and "max|gᵢ|" for ℓ1 (Unicode
// has no subscript ∞), and "‖g‖*" for others.
func dualName(norm Norm) string {
	switch n := norm.(type) {
	case L2:
		return "‖g‖₂"
	case Linf:
		return "‖g‖₁"
	case L1:
		return "max|gᵢ|"
	case Lp:
		return "(Σ|gᵢ|^" + table.Float(n.q) + ")^(1/" + table.Float(n.q) + ")"
	case *Mahalanobis:
		return "√(gᵀM⁻¹g)"
	case Spectral:
		return "Σσᵢ(G)"
	}
	return "‖g‖*"
}

// DualName returns how the dual norm ‖g‖_* of a norm is written in plain
// text (check lines, tables): "‖g‖₂" for L2, "‖g‖₁" for Linf, "max|gᵢ|"
// for L1, "√(gᵀM⁻¹g)" for Mahalanobis, "Σσᵢ(G)" for Spectral, "‖g‖*" for a
// norm of your own.
func DualName(norm Norm) string { return dualName(norm) }

// plotSub returns the index of a norm as plot text marks a subscript
// (package plot draws "_{…}" small and lowered): "_{2}", "_{∞}", "_{1}", …
func plotSub(norm Norm) string {
	switch n := norm.(type) {
	case L2:
		return "_{2}"
	case Linf:
		return "_{∞}"
	case L1:
		return "_{1}"
	case Lp:
		return "_{" + table.Float(n.p) + "}"
	case *Mahalanobis:
		return "_{M}"
	case Spectral:
		return "_{2→2}"
	}
	return ""
}

// plotDual returns the dual norm of g as plot text, e.g. "‖g‖_{1}" for ℓ∞.
func plotDual(norm Norm) string {
	switch n := norm.(type) {
	case L2:
		return "‖g‖_{2}"
	case Linf:
		return "‖g‖_{1}"
	case L1:
		return "‖g‖_{∞}"
	case Lp:
		return "‖g‖_{" + table.Float(n.q) + "}"
	case *Mahalanobis:
		return "‖g‖_{M⁻¹}"
	case Spectral:
		return "‖G‖_{nuc}"
	}
	return "‖g‖_{*}"
}

// plotName returns the name of a norm as plot text, e.g. "ℓ_{∞}".
func plotName(norm Norm) string {
	switch norm.(type) {
	case L2, Linf, L1, Lp:
		return "ℓ" + plotSub(norm)
	}
	return norm.Name()
}

// RegimeFigure plots the unsquared objective gᵀΔ + (1/α)‖Δ‖ along
// Δ = r·Δx_nsd (ObjectiveAlong, from the norm itself) against r for each
// r in rs, one line per gradient in gs, named by how its dual norm
// compares with 1/α under the tie rule, e.g. "‖g‖_{1} < 1/α" (plot text:
// package plot draws _{…} as a subscript), and drawn solid, dashed, dotted in
// turn (RegimeStyles). Pick gradients
// with ‖g‖_* below, equal to and above 1/α (ScaledTo) to see the three
// regimes: a rising line (the step is 0), a flat one (every r ties) and a
// falling one (unbounded below). The y axis leaves a margin above and below
// the lines. It returns an error for a bad norm, gradient, α or r.
func RegimeFigure(norm Norm, alpha float64, rs []float64, gs ...[]float64) (*figure.Figure, error) {
	if len(gs) == 0 {
		return nil, fmt.Errorf("%w: give at least one gradient g", ErrEmpty)
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("%w: give at least one step length r", ErrEmpty)
	}
	f := figure.New(fmt.Sprintf("%s penalty along r·Δx_{nsd}, 1/α = %s", plotName(norm), table.Float(1/alpha)),
		"step length r", "gᵀΔ + (1/α)‖Δ‖"+plotSub(norm))
	f.Width, f.Height = 500, 250
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, g := range gs {
		o, err := NormStep(norm, g, alpha)
		if err != nil {
			return nil, err
		}
		col, err := ObjectiveAlong(norm, g, alpha, rs)
		if err != nil {
			return nil, err
		}
		f.Add(fmt.Sprintf("%s %s 1/α (%v)", plotDual(norm), o.Regime.Relation(), o.Regime), append([]float64(nil), rs...), col,
			RegimeStyles[k%len(RegimeStyles)])
		for _, v := range col {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	pad := 0.08 * (hi - lo)
	if !(pad > 0) {
		pad = math.Max(1, math.Abs(hi))
	}
	f.YRange = figure.Range{Min: lo - pad, Max: hi + pad}
	return f, nil
}

// Case is one optimizer of the table of Recover: the norm of its penalty,
// the gradient, and the step as the optimizer's own update rule computes it.
type Case struct {
	// Optimizer names the optimizer, e.g. "gradient descent".
	Optimizer string
	// Penalty names the penalty (1/α)·…, e.g. "‖Δ‖₂²" (plain text: the
	// squared ℓ∞ norm is "max|Δᵢ|²", the squared spectral norm "‖Δ‖ₒₚ²").
	Penalty string
	// Norm is the norm in the penalty (1/α)‖Δ‖².
	Norm Norm
	// G is the gradient (row-major for a Spectral norm).
	G []float64
	// Step is the optimizer's step from its own rule (GradientStep,
	// SignDescentStep, GaussSouthwell, AdamStep, MuonStep, ShampooStep),
	// which uses no norm.
	Step []float64
	// Accuracy is the relative accuracy of Step beyond rounding: 0 for
	// the rules that are a formula, more for iterative or eigenvalue
	// routes (Muon, Shampoo).
	Accuracy float64
}

// Optimizers returns the standard cases for a gradient g, the parameter α
// (the penalty is (1/α)·‖Δ‖²) and Adam's gradient noise σ: gradient descent
// (squared ℓ2), sign descent scaled by ‖g‖₁ (squared ℓ∞), Gauss–Southwell
// coordinate descent (squared ℓ1), idealized Adam (AdamStep: its expected
// moments for gradients of mean g and noise σ, the diagonal Mahalanobis
// norm of AdamDiagonal(g, σ, AdamEps)) and, for the matrix gradient G, Muon
// and Shampoo (squared spectral norm); the last two are left out if G is
// nil.
// Each update comes from the optimizer's own rule. It returns an error for
// a bad g, α, σ or G.
func Optimizers(g []float64, alpha, sigma float64, G mat.Matrix) ([]Case, error) {
	gd, err := GradientStep(g, alpha)
	if err != nil {
		return nil, err
	}
	sd, err := SignDescentStep(g, alpha)
	if err != nil {
		return nil, err
	}
	gs, err := GaussSouthwell(g, alpha)
	if err != nil {
		return nil, err
	}
	d, err := AdamDiagonal(g, sigma, AdamEps)
	if err != nil {
		return nil, err
	}
	M, err := NewDiagonal(d)
	if err != nil {
		return nil, err
	}
	adam, err := AdamStep(g, alpha, sigma, AdamEps)
	if err != nil {
		return nil, err
	}
	cs := []Case{
		{Optimizer: "gradient descent", Penalty: "‖Δ‖₂²", Norm: L2{}, G: g, Step: gd},
		{Optimizer: "sign descent", Penalty: "max|Δᵢ|²", Norm: Linf{}, G: g, Step: sd},
		{Optimizer: "Gauss–Southwell", Penalty: "‖Δ‖₁²", Norm: L1{}, G: g, Step: gs},
		{Optimizer: "idealized Adam", Penalty: "ΔᵀMΔ", Norm: M, G: g, Step: adam},
	}
	if G == nil {
		return cs, nil
	}
	s, v, err := SpectralOf(G)
	if err != nil {
		return nil, err
	}
	muon, err := MuonStep(G, alpha)
	if err != nil {
		return nil, err
	}
	sh, err := ShampooStep(G, alpha)
	if err != nil {
		return nil, err
	}
	// Newton–Schulz and the eigendecompositions of GGᵀ and GᵀG lose about
	// κ(G)² units of rounding.
	acc := 100 * float64(s.Rows+s.Cols) * eps * math.Pow(conditionOf(s, v), 2)
	return append(cs,
		Case{Optimizer: "Muon", Penalty: "‖Δ‖ₒₚ²", Norm: s, G: v, Step: muon.RawMatrix().Data, Accuracy: acc},
		Case{Optimizer: "one-step Shampoo", Penalty: "‖Δ‖ₒₚ²", Norm: s, G: v, Step: sh.RawMatrix().Data, Accuracy: acc},
	), nil
}

// conditionOf returns σ_max/σ_min over the nonzero singular values of g.
func conditionOf(s Spectral, g []float64) float64 {
	sv, _ := s.values(g)
	if len(sv) == 0 || sv[0] == 0 {
		return 1
	}
	lo := sv[0]
	for _, x := range sv {
		if x > float64(max(s.Rows, s.Cols))*eps*sv[0] {
			lo = x
		}
	}
	return sv[0] / lo
}

// Recovery is one case of Recover, computed.
type Recovery struct {
	Case
	// J is the objective gᵀΔ + (1/α)‖Δ‖² at Δ = Step, from the norm.
	J float64
	// Numeric is the direct numerical minimization, MinimizeSquared, which
	// knows only the norm.
	Numeric Numeric
	// Tol bounds |J − Numeric.F| when Step is a minimizer up to its
	// Accuracy and the tie rule: the certified gap of the numerical
	// minimum, the rounding of J, 2·Accuracy·√n·|J| for the accuracy of an
	// iterative update, and TieSlack for entries the tie rule calls zero
	// or tied.
	Tol float64
	// Closed is the closed form (α/2)·‖g‖_*·Δx_nsd (SquaredStep).
	Closed []float64
	// Diff is the largest entry of |Step − Closed| (matrices as their
	// entries), and DiffTol its tolerance: RoundTol of Closed plus
	// Accuracy·(its largest |entry|).
	Diff, DiffTol float64
}

// Attains reports the independent check: J is the numerical minimum within
// Tol, so Step is a minimizer of the penalized objective.
func (r Recovery) Attains() bool { return math.Abs(r.J-r.Numeric.F) <= r.Tol }

// Consistent reports the consistency check: Step equals the closed form
// within DiffTol.
func (r Recovery) Consistent() bool { return r.Diff <= r.DiffTol }

// OK reports both checks: Attains and Consistent.
func (r Recovery) OK() bool { return r.Attains() && r.Consistent() }

// Detail describes both checks on one line: the independent one (J at the
// update against the numerical minimum) and the consistency check (the
// update against the closed form u, entry by entry), with their
// tolerances.
func (r Recovery) Detail() string {
	return fmt.Sprintf("J − min J = %.2g, tol %.2g; consistency max |stepᵢ − uᵢ| = %.2g, tol %.2g",
		r.J-r.Numeric.F, r.Tol, r.Diff, r.DiffTol)
}

// Recoveries is the result of Recover.
type Recoveries []Recovery

// Recover computes, for each case, J at the optimizer's own update, the
// numerical minimum of J (which knows only the norm), and the closed form
// u = (α/2)·‖g‖_*·Δx_nsd. Equal values mean that the update is a
// minimizer, whether or not the minimizer is unique. It returns an error
// for a bad case or α.
func Recover(alpha float64, cases ...Case) (Recoveries, error) {
	if err := checkAlpha(alpha); err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%w: give at least one case", ErrEmpty)
	}
	var out Recoveries
	for _, c := range cases {
		if err := checkNorm(c.Norm, c.G); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Optimizer, err)
		}
		if len(c.Step) != len(c.G) {
			return nil, fmt.Errorf("%s: %w: the update has %d entries but g has %d", c.Optimizer, ErrShape, len(c.Step), len(c.G))
		}
		j, err := SquaredObjective(c.Norm, c.G, c.Step, alpha)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Optimizer, err)
		}
		num, err := MinimizeSquared(c.Norm, c.G, alpha)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Optimizer, err)
		}
		u, err := SquaredStep(c.Norm, c.G, alpha)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Optimizer, err)
		}
		var absDot float64
		for i := range c.G {
			absDot += math.Abs(c.G[i] * c.Step[i])
		}
		q := c.Norm.Norm(c.Step) / math.Sqrt(alpha)
		// An update accurate to Accuracy can miss the minimum at first order
		// where the norm is not smooth (σ_max of UVᵀ is a multiple
		// eigenvalue): by about 2·Accuracy·√n of |J|.
		tol := num.Gap + 4*float64(len(c.G)+3)*eps*(absDot+q*q) + 2*c.Accuracy*math.Sqrt(float64(len(c.G)))*math.Abs(j) +
			TieSlack(c.Norm, c.G, c.Step)
		diff := floats.Distance(c.Step, u, math.Inf(1))
		size := floats.Norm(u, math.Inf(1))
		out = append(out, Recovery{Case: c, J: j, Numeric: num, Tol: tol, Closed: u,
			Diff: diff, DiffTol: RoundTol(u) + c.Accuracy*size})
	}
	return out, nil
}

// Attain compares one step u with the numerical minimum of the squared
// penalty gᵀΔ + (1/α)‖Δ‖²: Recover for a single case, e.g. a closed form.
// Attains reports whether u is a minimizer; Consistent compares u with
// SquaredStep. It returns an error for a bad norm, g, u or α.
func Attain(norm Norm, g, u []float64, alpha float64) (Recovery, error) {
	rs, err := Recover(alpha, Case{Optimizer: "u", Norm: norm, G: g, Step: u})
	if err != nil {
		return Recovery{}, err
	}
	return rs[0], nil
}

// OK reports whether every case passes both checks (Recovery.OK).
func (rs Recoveries) OK() bool {
	for _, r := range rs {
		if !r.OK() {
			return false
		}
	}
	return len(rs) > 0
}

// Summary says how close the cases come to their tolerances (which the
// Table shows): the largest |J − min J| and max |stepᵢ − uᵢ| as fractions
// of their tolerances, and which cases fail, if any.
func (rs Recoveries) Summary() string {
	var worstJ, worstU float64
	var failed []string
	for _, r := range rs {
		worstJ = math.Max(worstJ, ratio(math.Abs(r.J-r.Numeric.F), r.Tol))
		worstU = math.Max(worstU, ratio(r.Diff, r.DiffTol))
		if !r.OK() {
			failed = append(failed, r.Optimizer+" ("+r.Detail()+")")
		}
	}
	s := fmt.Sprintf("every row: |J − min J| ≤ %.2g·tol, max |stepᵢ − uᵢ| ≤ %.2g·tol", worstJ, worstU)
	if len(failed) > 0 {
		s += "; failed: " + joinAnd(failed)
	}
	return s
}

// ratio returns d/tol for a difference d ≥ 0, and 0 for d = 0 even when
// tol = 0 (g = 0 gives exact zeros and zero tolerances, not 0/0 = NaN).
func ratio(d, tol float64) float64 {
	if d == 0 {
		return 0
	}
	return d / tol
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}

// Table builds the table "optimizer → penalty → does its step minimize the
// penalized objective?": per case J at the step, |J − min J| against its
// tolerance, with min J the numerical minimum (the independent check), the
// largest |stepᵢ − uᵢ| against its tolerance (the consistency check with
// the closed form u) and ✓ or ✗ for both (Recovery.OK).
func (rs Recoveries) Table() *table.Table {
	t := table.New("Each optimizer's own step against the numerical minimum of J",
		"optimizer", "penalty", "J(step)", "|J − min J| ≤ tol", "max |stepᵢ − uᵢ| ≤ tol", "")
	t.Align = []table.Align{table.Left, table.Left, table.Right, table.Right, table.Right, table.Center}
	for _, r := range rs {
		t.AddRow(r.Optimizer, r.Penalty, r.J,
			fmt.Sprintf("%.2g ≤ %.2g", math.Abs(r.J-r.Numeric.F), r.Tol),
			fmt.Sprintf("%.2g ≤ %.2g", r.Diff, r.DiffTol), r.OK())
	}
	t.Note = "J(Δ) = gᵀΔ + (1/α)·penalty(Δ); min J is its numerical minimum (interior point), which knows only the penalty's unit ball. " +
		"u is the closed-form step of the squared penalty: comparing with it is a consistency check. " +
		"Idealized Adam: M = diag(√v̂ + ε)."
	for _, r := range rs {
		if sp, ok := r.Norm.(Spectral); ok {
			t.Note += fmt.Sprintf(" Muon's and Shampoo's steps are matrices, compared entry by entry. G = %s; its nuclear norm (sum of singular values) is %s.",
				matrixText(sp, r.G), table.Float(sp.Dual(r.G)))
			break
		}
	}
	return t
}

// matrixText writes the row-major matrix x of shape s as [row; row; …],
// each entry to 5 significant digits, so that a reader can recompute the
// nuclear norm and the Muon and Shampoo J from the printed entries (within
// about 7e-5 of their size; at the notebook's G, to every digit shown).
func matrixText(s Spectral, x []float64) string {
	rows := make([]string, s.Rows)
	for i := range rows {
		e := make([]string, s.Cols)
		for j := range e {
			e[j] = strconv.FormatFloat(x[i*s.Cols+j], 'g', 5, 64)
		}
		rows[i] = strings.Join(e, ", ")
	}
	return "[" + strings.Join(rows, "; ") + "]"
}

// sumMaxNames returns how CompareTable writes a norm and its dual norm:
// for ℓ∞ and ℓ1 as max and sum, "max|vᵢ|" and "Σ|gᵢ|", "Σ|vᵢ|" and
// "max|gᵢ|", which need no subscript ∞ (Unicode has none); other norms
// by Name and DualName.
func sumMaxNames(n Norm) (name, dual string) {
	switch n.(type) {
	case Linf:
		return "max|vᵢ|", "Σ|gᵢ|"
	case L1:
		return "Σ|vᵢ|", "max|gᵢ|"
	}
	return n.Name(), dualName(n)
}

// CompareTable compares norms on one gradient g and parameter α: the dual
// norm, the regime of the unsquared penalty (threshold 1/α), Δx_nsd (the
// "direction"), the squared-penalty step and the coordinates it
// moves (Moved, by the tie rule). With no norms it compares ℓ∞ with ℓ1, the
// common misreading of ‖·‖∞: ℓ∞ moves every coordinate with gᵢ ≠ 0 by the
// same amount (sign descent, threshold ‖g‖₁ = 1/α), ℓ1 moves only the
// largest |gⱼ| (coordinate descent, threshold max|gⱼ| = 1/α). It returns an
// error for a bad norm, g or α.
func CompareTable(g []float64, alpha float64, norms ...Norm) (*table.Table, error) {
	if len(norms) == 0 {
		norms = []Norm{Linf{}, L1{}}
	}
	t := table.New(fmt.Sprintf("The same g and α = %s (1/α = %s), two norms", table.Float(alpha), table.Float(1/alpha)),
		"norm ‖v‖", "dual norm", "unsquared penalty", "direction", "squared penalty: u", "moves")
	for _, n := range norms {
		o, err := NormStep(n, g, alpha)
		if err != nil {
			return nil, err
		}
		u, err := SquaredStep(n, g, alpha)
		if err != nil {
			return nil, err
		}
		k, err := Moved(n, g)
		if err != nil {
			return nil, err
		}
		name, dual := sumMaxNames(n)
		t.AddRow(name, dual+" = "+table.Float(o.DualNorm), o.Regime.String(), o.Direction, u, fmt.Sprintf("%d of %d", k, len(g)))
	}
	t.Note = "The direction is the norm's steepest-descent direction. The unsquared penalty gives u = 0, a ray or cone of minimizers or no minimum " +
		"as the dual norm is below, at or above 1/α; the squared one always gives the finite step u = (α/2)·(dual norm)·direction."
	return t, nil
}
