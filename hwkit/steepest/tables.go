package steepest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// dualName returns how the dual norm of g is written for the norms of this
// package, e.g. "‖g‖₁" for ℓ∞, and "‖g‖_*" for others.
func dualName(norm Norm) string {
	switch n := norm.(type) {
	case L2:
		return "‖g‖₂"
	case Linf:
		return "‖g‖₁"
	case L1:
		return "‖g‖∞"
	case Lp:
		return "‖g‖_" + table.Float(n.q)
	case *Mahalanobis:
		return "‖g‖_M⁻¹"
	case Spectral:
		return "‖G‖_nuc"
	}
	return "‖g‖_*"
}

// dirName returns how the steepest direction s* is written for the norms of
// this package, e.g. "sign(g)" for ℓ∞, and "s*" for others, so that tables
// about one norm need not use the symbols of the general rule.
func dirName(norm Norm) string {
	switch norm.(type) {
	case L2:
		return "g/‖g‖₂"
	case Linf:
		return "sign(g)"
	case L1:
		return "sign(gⱼ)·eⱼ"
	case Spectral:
		return "UVᵀ"
	}
	return "s*"
}

// RegimeTable tabulates the unsquared objective gᵀΔ + (1/α)‖Δ‖ along
// Δ = −r·s* (ObjectiveAlong) for each r in rs, one column per gradient in
// gs, headed by its dual norm and Regime. Pick gradients with ‖g‖_* below,
// equal to and above 1/α to see the three regimes: a rising line (the step
// is 0), a flat one (every r ties) and a falling one (unbounded below).
// Titles and notes write ‖g‖_* and s* as the norm's own symbols, e.g. ‖g‖₁
// and sign(g) for ℓ∞. It returns an error for a bad norm, gradient, α or r.
func RegimeTable(norm Norm, alpha float64, rs []float64, gs ...[]float64) (*table.Table, error) {
	cols, outs, err := regimeData(norm, alpha, rs, gs)
	if err != nil {
		return nil, err
	}
	t := table.New(fmt.Sprintf("gᵀΔ + (1/α)‖Δ‖ along Δ = −r·%s, %s norm, α = %s (1/α = %s)",
		dirName(norm), norm.Name(), table.Float(alpha), table.Float(1/alpha)), "r")
	for _, o := range outs {
		t.Header = append(t.Header, regimeLabel(norm, o))
	}
	for i, r := range rs {
		row := []any{r}
		for _, col := range cols {
			row = append(row, col[i])
		}
		t.AddRow(row...)
	}
	d := dualName(norm)
	t.Note = fmt.Sprintf("Along −r·%s the objective is r·(1/α − %s): the minimizer is Δ = 0 when %s < 1/α, "+
		"every r ≥ 0 ties when %s = 1/α, and there is no minimum when %s > 1/α.", dirName(norm), d, d, d, d)
	return t, nil
}

// RegimeFigure plots the data of RegimeTable: the unsquared objective
// against r, one line per gradient in gs, named by how its dual norm
// compares with 1/α, e.g. "‖g‖₁ < 1/α" (the values and the regimes are in
// the table). The y axis leaves a margin above and below the lines.
func RegimeFigure(norm Norm, alpha float64, rs []float64, gs ...[]float64) (*figure.Figure, error) {
	cols, outs, err := regimeData(norm, alpha, rs, gs)
	if err != nil {
		return nil, err
	}
	f := figure.New(fmt.Sprintf("Unsquared %s penalty along Δ = −r·%s, 1/α = %s", norm.Name(), dirName(norm), table.Float(1/alpha)),
		"step length r", "gᵀΔ + (1/α)‖Δ‖")
	f.Width, f.Height = 520, 310
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, col := range cols {
		o := outs[k]
		f.Add(fmt.Sprintf("%s %s 1/α", dualName(norm), o.Regime.relation()), append([]float64(nil), rs...), col, figure.Line)
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

func regimeData(norm Norm, alpha float64, rs []float64, gs [][]float64) ([][]float64, []Outcome, error) {
	if len(gs) == 0 {
		return nil, nil, fmt.Errorf("%w: give at least one gradient g", ErrEmpty)
	}
	if len(rs) == 0 {
		return nil, nil, fmt.Errorf("%w: give at least one step length r", ErrEmpty)
	}
	var cols [][]float64
	var outs []Outcome
	for _, g := range gs {
		o, err := NormStep(norm, g, alpha)
		if err != nil {
			return nil, nil, err
		}
		col, err := ObjectiveAlong(norm, g, alpha, rs)
		if err != nil {
			return nil, nil, err
		}
		cols, outs = append(cols, col), append(outs, o)
	}
	return cols, outs, nil
}

func regimeLabel(norm Norm, o Outcome) string {
	return fmt.Sprintf("%s = %s %s 1/α (%v)", dualName(norm), table.Float(o.DualNorm), o.Regime.relation(), o.Regime)
}

// Table prints the probe: per radius R, the ball and sphere minima, with the
// slope and the regime read off it below.
func (p Probe) Table() *table.Table {
	t := table.New("Numerical probe of min gᵀΔ + (1/α)‖Δ‖", "R", "min over ‖Δ‖ ≤ R", "min over ‖Δ‖ = R", "sphere min / R")
	for i, R := range p.Radii {
		t.AddRow(R, p.Ball[i], p.Sphere[i], p.Sphere[i]/R)
	}
	d := p.dual
	if d == "" {
		d = "‖g‖_*"
	}
	t.Note = fmt.Sprintf("Slope ≈ 1/α − %s = %s → %v (%s; values within about 1e-12·R of exact).",
		d, table.Float(p.Slope), p.Regime, p.Method)
	return t
}

// Case is one row of RecoveryTable: a norm, the gradient it is applied to
// and what the squared-norm step is called.
type Case struct {
	// Norm is the norm in the penalty (1/α)‖Δ‖².
	Norm Norm
	// G is the gradient (row-major for a Spectral norm).
	G []float64
	// Penalty, Update and Optimizer are labels, e.g. "‖Δ‖₂²", "−(α/2)·g"
	// and "gradient descent (SGD)"; RecoveryTable prints Optimizer and
	// Penalty.
	Penalty, Update, Optimizer string
}

// Cases returns the standard rows of RecoveryTable for a gradient g: squared
// ℓ2 (SGD), ℓ∞ (sign descent), ℓ1 (greedy coordinate descent), the diagonal
// Mahalanobis norm of d (Adam-like preconditioning, dᵢ = √v̂ᵢ + ε; the row is
// left out if d is nil) and the spectral norm of a matrix gradient G
// (orthogonalized update as in Shampoo and Muon; left out if G is nil).
func Cases(g, d []float64, G mat.Matrix) ([]Case, error) {
	if err := checkVec("g", g); err != nil {
		return nil, err
	}
	cs := []Case{
		{Norm: L2{}, G: g, Penalty: "‖Δ‖₂²", Update: "−(α/2)·g", Optimizer: "gradient descent (SGD)"},
		{Norm: Linf{}, G: g, Penalty: "‖Δ‖∞²", Update: "−(α/2)·‖g‖₁·sign(g)", Optimizer: "sign descent, scaled by ‖g‖₁"},
		{Norm: L1{}, G: g, Penalty: "‖Δ‖₁²", Update: "−(α/2)·gⱼ·eⱼ, j = argmax |gⱼ|", Optimizer: "greedy coordinate descent"},
	}
	if d != nil {
		if len(d) != len(g) {
			return nil, fmt.Errorf("%w: d has %d entries but g has %d", ErrShape, len(d), len(g))
		}
		m, err := NewDiagonal(d)
		if err != nil {
			return nil, err
		}
		cs = append(cs, Case{Norm: m, G: g, Penalty: "ΔᵀMΔ, M = diag(d)", Update: "−(α/2)·g/d", Optimizer: "Adam-like preconditioning"})
	}
	if G != nil {
		s, v, err := SpectralOf(G)
		if err != nil {
			return nil, err
		}
		cs = append(cs, Case{Norm: s, G: v, Penalty: "‖Δ‖₂→₂² (spectral)", Update: "−(α/2)·‖G‖_nuc·UVᵀ", Optimizer: "orthogonalized (Shampoo, Muon)"})
	}
	return cs, nil
}

// Recovery is one case of RecoveryTable, computed.
type Recovery struct {
	Case
	// U is the closed-form step SquaredStep, −(α/2)·‖g‖_*·s*.
	U []float64
	// JU is the objective gᵀΔ + (1/α)‖Δ‖² at Δ = U, evaluated from the norm.
	JU float64
	// Numeric is the direct numerical minimization, MinimizeSquared.
	Numeric Numeric
}

// RelGap returns |JU − Numeric.F| / |Numeric.F| (the absolute difference if
// the minimum is 0): how far the closed form is from attaining the
// numerical minimum. U is a minimizer exactly when the gap is 0, whether or
// not the minimizer is unique.
func (r Recovery) RelGap() float64 {
	d := math.Abs(r.JU - r.Numeric.F)
	if m := math.Abs(r.Numeric.F); m > 0 {
		return d / m
	}
	return d
}

// Recover computes, for each case, the closed-form step U, the objective at
// U and the numerical minimum. It returns an error for a bad case or α.
func Recover(alpha float64, cases ...Case) ([]Recovery, error) {
	if err := checkAlpha(alpha); err != nil {
		return nil, err
	}
	var out []Recovery
	for _, c := range cases {
		u, err := SquaredStep(c.Norm, c.G, alpha)
		if err != nil {
			return nil, err
		}
		ju, err := SquaredObjective(c.Norm, c.G, u, alpha)
		if err != nil {
			return nil, err
		}
		num, err := MinimizeSquared(c.Norm, c.G, alpha)
		if err != nil {
			return nil, err
		}
		out = append(out, Recovery{Case: c, U: u, JU: ju, Numeric: num})
	}
	return out, nil
}

// RecoveryTable builds the table "optimizer → penalty → is the closed form
// a minimizer?": for each case (see Recover) the objective
// J(Δ) = gᵀΔ + (1/α)‖Δ‖² at the closed-form step u = −(α/2)‖g‖_*·s*, the
// numerical minimum of J from MinimizeSquared, and their relative
// difference (Recovery.RelGap). Comparing values rather than vectors keeps
// the table meaningful when the minimizer is not unique or is
// ill-conditioned. It returns an error for a bad case or α.
func RecoveryTable(alpha float64, cases ...Case) (*table.Table, error) {
	rs, err := Recover(alpha, cases...)
	if err != nil {
		return nil, err
	}
	return RecoveriesTable(alpha, rs), nil
}

// RecoveriesTable is RecoveryTable for cases already computed by Recover.
func RecoveriesTable(alpha float64, rs []Recovery) *table.Table {
	t := table.New(fmt.Sprintf("Closed-form step u against the numerical minimum of J(Δ) = gᵀΔ + (1/α)‖Δ‖² (α = %s)", table.Float(alpha)),
		"optimizer", "penalty (1/α)·…", "J(u)", "numerical min J", "rel. diff")
	t.Align = []table.Align{table.Left, table.Left, table.Right, table.Right, table.Right}
	methods := map[string]bool{}
	var order []string
	for _, r := range rs {
		if !methods[r.Numeric.Method] {
			methods[r.Numeric.Method] = true
			order = append(order, r.Numeric.Method)
		}
		t.AddRow(r.Optimizer, r.Penalty, r.JU, r.Numeric.F, r.RelGap())
	}
	t.Note = fmt.Sprintf("u = −(α/2)‖g‖_*·s*; the numerical minimum is by MinimizeSquared (%s), which never uses ‖g‖_* or s*; "+
		"rel. diff = |J(u) − min J| / |min J|. Equal values mean u is a minimizer, unique or not.", joinAnd(order))
	return t
}

// RelDiff returns ‖got − want‖∞ / ‖want‖∞, the largest difference relative
// to the largest entry of want (‖got‖∞ if want = 0). It returns NaN if the
// lengths differ.
func RelDiff(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.NaN()
	}
	var d float64
	for i := range got {
		d = math.Max(d, math.Abs(got[i]-want[i]))
	}
	if w := maxAbs(want); w > 0 {
		return d / w
	}
	return d
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return "no method"
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}

// CompareTable compares norms on one gradient g and step size α: the dual
// norm and the regime of the unsquared penalty (threshold 1/α), the
// direction −s*, and the squared-penalty step. With no norms it compares ℓ∞
// with ℓ1, the common misreading of ‖·‖∞: ℓ∞ moves every coordinate by the
// same amount (sign descent, threshold ‖g‖₁ = 1/α), ℓ1 moves only the
// largest |gⱼ| (coordinate descent, threshold ‖g‖∞ = 1/α). It returns an
// error for a bad norm, g or α.
func CompareTable(g []float64, alpha float64, norms ...Norm) (*table.Table, error) {
	if len(norms) == 0 {
		norms = []Norm{Linf{}, L1{}}
	}
	t := table.New(fmt.Sprintf("Same g = %s, α = %s (1/α = %s), different norms", table.Vec(g), table.Float(alpha), table.Float(1/alpha)),
		"norm", "dual ‖g‖_*", "unsquared: regime", "direction −s*", "squared: u = −(α/2)‖g‖_*·s*")
	for _, n := range norms {
		o, err := NormStep(n, g, alpha)
		if err != nil {
			return nil, err
		}
		u, err := SquaredStep(n, g, alpha)
		if err != nil {
			return nil, err
		}
		regime := fmt.Sprintf("%v (%s %s 1/α)", o.Regime, dualName(n), o.Regime.relation())
		t.AddRow(n.Name(), dualName(n)+" = "+table.Float(o.DualNorm), regime, o.Direction, u)
	}
	t.Note = "The unsquared penalty gives 0, a tie or no minimum as ‖g‖_* is below, at or above 1/α; the squared one always gives a finite step."
	return t, nil
}

// BallAxis is the half-width of the axes of UnitBallFigure: both run over
// [−BallAxis, BallAxis], a margin around the square [−1, 1]² that the unit
// sphere of ℓ∞ spans.
const BallAxis = 1.3

// gArrow is the length at which UnitBallFigure draws the direction of g.
const gArrow = 1.2

// UnitBallFigure draws, for a 2-D gradient g, for each norm (ℓ2, ℓ∞ and ℓ1
// if none are given):
//
//   - the unit sphere {‖s‖ = 1} as a closed curve, named "‖s‖ = 1, ℓ2";
//   - the steepest direction s*: a filled marker (named "s*, ℓ2") and the
//     segment from the origin to it;
//   - the supporting line {s : gᵀs = ‖g‖_*}, dashed and named e.g.
//     "gᵀs = ‖g‖₂", clipped to the axes: it touches the ball exactly at s*;
//
// each in the norm's colour, and the direction of g as an arrow of length
// 1.2 (named "g (direction)") in a colour of its own, so that it shows past
// the ℓ2 sphere, where it covers s* of ℓ2. s* is the point of the ball
// furthest along g: where a line orthogonal to g last touches the ball.
//
// The series come in this order: spheres, the arrow's shaft and head,
// markers, segments, supporting lines; with the three default norms the
// markers get the palette's filled circle, square and triangle, which stay
// visible on the corners of the ℓ1 and ℓ∞ spheres. Both axes run over
// [−BallAxis, BallAxis] at equal scale (figure.EqualAspect), so the balls
// keep their shapes. It returns an error unless g has two finite entries,
// not both zero, or for a norm that does not accept 2-D vectors.
func UnitBallFigure(g []float64, norms ...Norm) (*figure.Figure, error) {
	if err := checkVec("g", g); err != nil {
		return nil, err
	}
	if len(g) != 2 {
		return nil, fmt.Errorf("%w: the unit-ball picture needs a 2-D g, got %d entries", ErrShape, len(g))
	}
	if g[0] == 0 && g[1] == 0 {
		return nil, fmt.Errorf("%w: g = [0, 0] has no steepest direction to draw", ErrEmpty)
	}
	if len(norms) == 0 {
		norms = []Norm{L2{}, Linf{}, L1{}}
	}
	for _, n := range norms {
		if n == nil {
			return nil, fmt.Errorf("%w: the norm is nil", ErrNoNorm)
		}
		if err := n.Check(2); err != nil {
			return nil, err
		}
	}
	f := figure.New("Unit balls and steepest directions, g = "+table.Vec(g), "s₁", "s₂")
	f.Width, f.Height = 500, 420 // a square plot area beside the legend
	f.XRange, f.YRange = figure.Range{Min: -BallAxis, Max: BallAxis}, figure.Range{Min: -BallAxis, Max: BallAxis}
	f.EqualAspect = true
	add := func(name string, x, y []float64, style figure.Style, color int) {
		f.Add(name, x, y, style)
		f.Series[len(f.Series)-1].Color = color
	}
	const steps = 720 // every ½°, so the corners of ℓ1 and ℓ∞ are hit exactly
	for k, n := range norms {
		x, y := make([]float64, steps+1), make([]float64, steps+1)
		for j := 0; j <= steps; j++ {
			th := 2 * math.Pi * float64(j%steps) / steps
			c, s := math.Cos(th), math.Sin(th)
			if j%(steps/4) == 0 { // exact axes
				c, s = math.Round(c), math.Round(s)
			}
			r := n.Norm([]float64{c, s})
			x[j], y[j] = c/r, s/r
		}
		add("‖s‖ = 1, "+n.Name(), x, y, figure.Line, k+1)
	}
	// The arrow of g: shaft and head (two barbs at ±25° from the shaft).
	ng := math.Hypot(g[0], g[1])
	ux, uy := g[0]/ng, g[1]/ng
	tx, ty := gArrow*ux, gArrow*uy
	const barb, ang = 0.11, 25 * math.Pi / 180
	bx := func(sign float64) float64 { return tx - barb*(ux*math.Cos(ang)-sign*uy*math.Sin(ang)) }
	by := func(sign float64) float64 { return ty - barb*(uy*math.Cos(ang)+sign*ux*math.Sin(ang)) }
	gColor := len(norms) + 2
	add("g (direction)", []float64{0, tx}, []float64{0, ty}, figure.Line, gColor)
	add("", []float64{bx(1), tx, bx(-1)}, []float64{by(1), ty, by(-1)}, figure.Line, gColor)
	stars := make([][]float64, len(norms))
	for k, n := range norms {
		stars[k] = n.Steepest(g)
		add("s*, "+n.Name(), []float64{stars[k][0]}, []float64{stars[k][1]}, figure.Points, k+1)
	}
	for k, s := range stars {
		add("", []float64{0, s[0]}, []float64{0, s[1]}, figure.Line, k+1)
	}
	for k, n := range norms {
		if x, y, ok := chordInBox(g, n.Dual(g), BallAxis); ok {
			add("gᵀs = "+dualName(n), x, y, figure.Dashed, k+1)
		}
	}
	return f, nil
}

// chordInBox returns the part of the line {s : gᵀs = c} inside the box
// [−h, h]², as the two end points, and false if the line misses the box or
// only touches it at a corner.
func chordInBox(g []float64, c, h float64) (x, y []float64, ok bool) {
	// Parametrize s = p + t·d with p = c·g/‖g‖² and d = (−g₂, g₁), and clip
	// t to each coordinate's bounds.
	n2 := g[0]*g[0] + g[1]*g[1]
	p := []float64{c * g[0] / n2, c * g[1] / n2}
	d := []float64{-g[1], g[0]}
	lo, hi := math.Inf(-1), math.Inf(1)
	for i := range 2 {
		if d[i] == 0 {
			if math.Abs(p[i]) > h {
				return nil, nil, false
			}
			continue
		}
		a, b := (-h-p[i])/d[i], (h-p[i])/d[i]
		lo, hi = math.Max(lo, math.Min(a, b)), math.Min(hi, math.Max(a, b))
	}
	if !(hi-lo > 1e-9*(math.Abs(lo)+math.Abs(hi)+1)) {
		return nil, nil, false
	}
	clamp := func(v float64) float64 { return math.Max(-h, math.Min(h, v)) } // rounding
	return []float64{clamp(p[0] + lo*d[0]), clamp(p[0] + hi*d[0])},
		[]float64{clamp(p[1] + lo*d[1]), clamp(p[1] + hi*d[1])}, true
}
