package steepest

import (
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// BallAxis is the half-width of the axes of UnitBallFigure: both run over
// [−BallAxis, BallAxis], a margin around the square [−1, 1]² that the unit
// sphere of ℓ∞ spans.
const BallAxis = 1.35

// gArrow is the length at which UnitBallFigure draws the direction of g.
const gArrow = 1.25

// SupportStyles are the dash patterns of UnitBallFigure's supporting lines,
// one per norm in turn, and RegimeStyles those of RegimeFigure's lines, one
// per gradient in turn: every curve differs from the others in grayscale.
var (
	SupportStyles = []figure.Style{figure.Dashed, figure.Dotted, figure.DashDot}
	RegimeStyles  = []figure.Style{figure.Line, figure.Dashed, figure.Dotted}
)

// PictureNorms returns the norms UnitBallFigure draws by default: ℓ2, ℓ∞
// and ℓ1.
func PictureNorms() []Norm { return []Norm{L2{}, Linf{}, L1{}} }

// UnitBallFigure draws, for a 2-D gradient g, for each norm (ℓ2, ℓ∞ and ℓ1
// if none are given):
//
//   - the unit sphere {‖v‖ = 1} as a closed curve, named e.g. "‖v‖_{2} = 1";
//   - the supporting line {v : gᵀv = −‖g‖_*}, named e.g. "gᵀv = −‖g‖_{2}",
//     clipped to the axes, in a dash pattern of its own (SupportStyles:
//     dashed, dotted, dash-dotted), so that the lines stay apart in
//     grayscale: it touches the ball at Δx_nsd (along a whole side when
//     Δx_nsd is not unique);
//   - the segment from the origin to Δx_nsd = argmin_{‖v‖≤1} gᵀv as a light
//     band (figure.Band, beneath every line, so that it is not read as an
//     edge of a ball), and a marker at Δx_nsd (named e.g. "Δx_{nsd},
//     ℓ_{2}"), drawn last, on top of every line, with the white halo
//     package plot gives markers;
//
// each in the norm's colour, and the direction of g as an arrow of length
// 1.25 (named "g (direction)") in a colour of its own. g points away from
// every Δx_nsd (gᵀΔx_nsd < 0), so the arrow never covers a segment.
// Δx_nsd is the point of the ball furthest against g: where a line
// orthogonal to g last touches the ball. Names are plot text: package plot
// draws _{…} as a subscript.
//
// The series come in this order: spheres, supporting lines, segments, the
// arrow's shaft and head, markers. Both axes run over [−BallAxis,
// BallAxis] at equal scale (figure.EqualAspect), so the balls keep their
// shapes. It returns an error unless g has two finite entries, not both
// zero, or for a norm that does not accept 2-D vectors.
func UnitBallFigure(g []float64, norms ...Norm) (*figure.Figure, error) {
	if err := checkVec("g", g); err != nil {
		return nil, err
	}
	if len(g) != 2 {
		return nil, fmt.Errorf("%w: the unit-ball picture needs a 2-D g, got %d entries", ErrShape, len(g))
	}
	if g[0] == 0 && g[1] == 0 {
		return nil, fmt.Errorf("%w: g = [0, 0] has no steepest direction to draw", ErrZeroGradient)
	}
	if len(norms) == 0 {
		norms = PictureNorms()
	}
	for _, n := range norms {
		if n == nil {
			return nil, fmt.Errorf("%w: the norm is nil", ErrNoNorm)
		}
		if err := n.Check(2); err != nil {
			return nil, err
		}
	}
	h := scaled(g)
	f := figure.New("Unit balls and Δx_{nsd}, g = "+table.Vec(g), "v₁", "v₂")
	f.Width, f.Height = 440, 350 // a square plot area beside the legend
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
			c, s := unitAt(j%steps, steps)
			r := n.Norm([]float64{c, s})
			x[j], y[j] = c/r, s/r
		}
		add("‖v‖"+plotSub(n)+" = 1", x, y, figure.Line, k+1)
	}
	for k, n := range norms {
		if x, y, ok := chordInBox(h, -n.Dual(h), BallAxis); ok {
			add("gᵀv = −"+plotDual(n), x, y, SupportStyles[k%len(SupportStyles)], k+1)
		}
	}
	dirs := make([][]float64, len(norms))
	for k, n := range norms {
		dirs[k] = n.Direction(h)
		add("", []float64{0, dirs[k][0]}, []float64{0, dirs[k][1]}, figure.Band, k+1)
	}
	// The arrow of g: shaft and head (two barbs at ±25° from the shaft).
	ng := math.Hypot(h[0], h[1])
	ux, uy := h[0]/ng, h[1]/ng
	tx, ty := gArrow*ux, gArrow*uy
	const barb, ang = 0.11, 25 * math.Pi / 180
	bx := func(sign float64) float64 { return tx - barb*(ux*math.Cos(ang)-sign*uy*math.Sin(ang)) }
	by := func(sign float64) float64 { return ty - barb*(uy*math.Cos(ang)+sign*ux*math.Sin(ang)) }
	gColor := len(norms) + 2
	add("g (direction)", []float64{0, tx}, []float64{0, ty}, figure.Line, gColor)
	add("", []float64{bx(1), tx, bx(-1)}, []float64{by(1), ty, by(-1)}, figure.Line, gColor)
	for k, n := range norms {
		add("Δx_{nsd}, "+plotName(n), []float64{dirs[k][0]}, []float64{dirs[k][1]}, figure.Points, k+1)
	}
	return f, nil
}

// chordInBox returns the part of the line {v : gᵀv = c} inside the box
// [−b, b]², as the two end points, and false if the line misses the box or
// only touches it at a corner.
func chordInBox(g []float64, c, b float64) (x, y []float64, ok bool) {
	// Parametrize v = p + t·d with p = c·g/‖g‖² and d = (−g₂, g₁), and clip
	// t to each coordinate's bounds.
	n2 := g[0]*g[0] + g[1]*g[1]
	p := []float64{c * g[0] / n2, c * g[1] / n2}
	d := []float64{-g[1], g[0]}
	lo, hi := math.Inf(-1), math.Inf(1)
	for i := range 2 {
		if d[i] == 0 {
			if math.Abs(p[i]) > b {
				return nil, nil, false
			}
			continue
		}
		a, e := (-b-p[i])/d[i], (b-p[i])/d[i]
		lo, hi = math.Max(lo, math.Min(a, e)), math.Min(hi, math.Max(a, e))
	}
	if !(hi-lo > 1e-9*(math.Abs(lo)+math.Abs(hi)+1)) {
		return nil, nil, false
	}
	clamp := func(v float64) float64 { return math.Max(-b, math.Min(b, v)) } // rounding
	return []float64{clamp(p[0] + lo*d[0]), clamp(p[0] + hi*d[0])},
		[]float64{clamp(p[1] + lo*d[1]), clamp(p[1] + hi*d[1])}, true
}
