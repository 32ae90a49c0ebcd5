package comm

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// The worker counts TimeVsN sweeps: every n from SweepMinN to SweepMaxN
// (powers of two only for the algorithms whose cost jumps in between).
const (
	SweepMinN = 2
	SweepMaxN = 1024
)

// The parameter counts TimeVsP sweeps: SweepPerDecade points per decade from
// 10^SweepMinExp to 10^SweepMaxExp elements.
const (
	SweepMinExp    = 0
	SweepMaxExp    = 10
	SweepPerDecade = 4
)

// How each curve is drawn, the same in every figure whichever algorithms
// it shows, and told apart without colour: a line style or a marker per
// algorithm (markers hollow, beneath the lines, so a curve under them
// shows through), and the bound as a thin line above a light shade, the
// region no all-reduce reaches. The colours are figure.Series.Color palette entries.
const (
	colorRed    = 1 // all-to-all, dashed
	colorGreen  = 2 // halving-doubling, squares
	colorBlue   = 3 // ring (solid), sharded PS (triangles: its times are the ring's)
	colorOrange = 4 // parameter server, dash-dot
	colorPurple = 5 // recursive doubling, circles
	colorBrown  = 6 // binomial tree, dotted
	colorPink   = 7 // the lower bound, a floor
)

// Markers (figure.Series.Marker) of the algorithms drawn with markers.
const (
	markCircle   = 1
	markSquare   = 2
	markTriangle = 3
)

// look is how an algorithm's curve is drawn: its style, palette colour and
// marker (0 for none). Against n, a curve of markers only (figure.Points)
// is drawn at powers of two only.
type look struct {
	style         figure.Style
	color, marker int
}

// figureHeight is the display height of the time figures in CSS pixels,
// less than figure.DefaultHeight: three of them fit two printed pages.
const figureHeight = 260

// TimeVsN returns the α-β time of one all-reduce, in seconds, against the
// number of workers n = SweepMinN … SweepMaxN on log-log axes: one series per
// algorithm in algs (all of them when empty) and the lower bound, a thin
// line above a shade; the Note names the curves that coincide. Recursive doubling and halving-doubling are drawn at powers of two only,
// as markers: in between, their fold adds two rounds of whole gradients
// and the curve would be a comb. The sharded parameter server, whose times
// are the ring's, is drawn as markers at powers of two too. P, BytesPerElem, α and β come from c; c.N
// is ignored. A small P shows the latency-bound regime (rounds matter), a
// large P the bandwidth-bound one (elements per port matter).
//
// It returns an error if c with N = SweepMaxN is invalid or an algorithm is
// unknown.
func TimeVsN(c Cluster, algs ...Algorithm) (*figure.Figure, error) {
	c.N = SweepMaxN
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var every, pow2 []int
	for n := SweepMinN; n <= SweepMaxN; n++ {
		every = append(every, n)
		if n&(n-1) == 0 {
			pow2 = append(pow2, n)
		}
	}
	f := figure.New(fmt.Sprintf("Time vs workers: p = %s, b = %d B, %s", elems(c.P), c.ElemBytes(), network(c)),
		"workers n", "time per all-reduce (s)")
	at := func(n int) Cluster { c := c; c.N = n; return c }
	err := sweep(f, "n", algs, every, func(a Algorithm) []int {
		if a.scheme().powersOfTwo() || a.scheme().look().style == figure.Points {
			return pow2
		}
		return every
	}, at)
	return f, err
}

// TimeVsP returns the α-β time of one all-reduce, in seconds, against the
// number of parameters p = 10^SweepMinExp … 10^SweepMaxExp elements
// (SweepPerDecade points per decade, up to the largest P that c's N allows)
// on log-log axes: one series per algorithm in algs (all of them when empty)
// and the lower bound, a thin line above a shade; the Note names the
// curves that coincide. N, BytesPerElem, α and β come from c; c.P is
// ignored. The curves bend where the bandwidth term overtakes the latency
// term.
//
// It returns an error if c with P = 1 is invalid, N < 2 (one worker sends
// nothing, so every time is 0) or an algorithm is unknown.
func TimeVsP(c Cluster, algs ...Algorithm) (*figure.Figure, error) {
	c.P = 1
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.N < 2 {
		return nil, fmt.Errorf("comm: N = %d: time vs p needs at least 2 workers", c.N)
	}
	var ps []int
	for k := SweepMinExp * SweepPerDecade; k <= SweepMaxExp*SweepPerDecade; k++ {
		p := int(math.Round(math.Pow(10, float64(k)/SweepPerDecade)))
		at := c
		at.P = p
		if at.Validate() != nil {
			break
		}
		if len(ps) == 0 || p > ps[len(ps)-1] {
			ps = append(ps, p)
		}
	}
	f := figure.New(fmt.Sprintf("Time vs parameters: n = %d, b = %d B, %s", c.N, c.ElemBytes(), network(c)),
		"parameters p (elements)", "time per all-reduce (s)")
	at := func(p int) Cluster { c := c; c.P = p; return c }
	err := sweep(f, "p", algs, ps, func(Algorithm) []int { return ps }, at)
	return f, err
}

// network prints c's latency and port bandwidth for a figure title, e.g.
// "α = 5 µs, 100 Gb/s".
func network(c Cluster) string {
	return fmt.Sprintf("α = %s µs, %s Gb/s", table.Float(c.Alpha*1e6), huge(c.gbps()))
}

// sweep adds to f one series per algorithm (all when algs is empty), at the
// clusters at(x) for the xs that series(a) gives, drawn in the algorithm's
// look, and the lower bound at every x of bound; then fixes the y range to
// whole decades and notes, for the variable x, the curves that coincide.
func sweep(f *figure.Figure, x string, algs []Algorithm, bound []int, series func(Algorithm) []int, at func(int) Cluster) error {
	f.LogX, f.LogY = true, true
	if len(algs) == 0 {
		algs = Algorithms()
	}
	for _, a := range algs {
		if err := a.check(); err != nil {
			return err
		}
		xs, lk := series(a), a.scheme().look()
		y := make([]float64, len(xs))
		for i, v := range xs {
			k, err := a.Costs(at(v))
			if err != nil {
				return err
			}
			y[i] = k.Time
		}
		f.Add(a.scheme().label(), floats(xs), y, lk.style)
		s := &f.Series[len(f.Series)-1]
		s.Color, s.Marker, s.Hollow = lk.color, lk.marker, lk.style == figure.Points
	}
	y := make([]float64, len(bound))
	for i, v := range bound {
		b, err := LowerBound(at(v))
		if err != nil {
			return err
		}
		y[i] = b.Time
	}
	f.Add("lower bound", floats(bound), y, figure.Floor)
	f.Series[len(f.Series)-1].Color = colorPink
	f.YRange = decades(f)
	f.Height = figureHeight
	if f.Note = coincident(f, x); f.Note != "" {
		f.Height += noteHeight
	}
	return nil
}

// Two curves within coincideTol of each other, relatively, lie within a
// line's width on the figures' log axes: one hides the other, so the
// figure's Note names them. noteHeight is the room added for the note.
const (
	coincideTol = 0.05
	noteHeight  = 26
)

// coincident returns a note naming every pair of f's series that lie
// within coincideTol of each other at some x both have, and where, e.g.
// "Within 5 % of each other: ring and halv.-doubling for n ≤ 256."; ""
// when no two do. x names the variable.
func coincident(f *figure.Figure, x string) string {
	var pairs []string
	drawn := map[float64]bool{} // every x some series is drawn at
	for _, s := range f.Series {
		for _, v := range s.X {
			drawn[v] = true
		}
	}
	for i := range f.Series {
		for j := i + 1; j < len(f.Series); j++ {
			a, b := f.Series[i], f.Series[j]
			at := map[float64]float64{}
			for k, v := range b.X {
				at[v] = b.Y[k]
			}
			var xs []float64
			var close []bool
			for k, v := range a.X {
				if yb, ok := at[v]; ok {
					ya := a.Y[k]
					xs = append(xs, v)
					close = append(close, ya > 0 && yb > 0 && math.Abs(ya-yb) <= coincideTol*max(ya, yb))
				}
			}
			if where := span(x, xs, close, len(xs) < len(drawn)); where != "" {
				pairs = append(pairs, a.Name+" and "+b.Name+" "+where)
			}
		}
	}
	if len(pairs) == 0 {
		return ""
	}
	return fmt.Sprintf("Within %s %% of each other: %s.", table.Float(coincideTol*100), strings.Join(pairs, "; "))
}

// span says where close holds among the increasing positive xs of the
// variable x, over its longest run of consecutive xs: "at every n", "for
// n ≤ 256", "for p ≥ 1.8·10⁶" or "for 8 ≤ n ≤ 64"; "" when that run spans
// less than a factor minSpan in x (curves that cross, or meet at an end,
// hide nothing). sparse says that the figure has xs besides these (a pair
// drawn at powers of two only): the claim then names the xs it covers,
// "at every power of two n", "for powers of two n ≤ 256", or, for other
// xs, "at every n drawn for both".
func span(x string, xs []float64, close []bool, sparse bool) string {
	const minSpan = 4
	first, last := -1, -1 // the longest run, by the ratio of its ends
	for k := 0; k < len(close); k++ {
		if !close[k] {
			continue
		}
		e := k
		for e+1 < len(close) && close[e+1] {
			e++
		}
		if first < 0 || xs[e]/xs[k] > xs[last]/xs[first] {
			first, last = k, e
		}
		k = e
	}
	if first < 0 || !(xs[last]/xs[first] >= minSpan) {
		return ""
	}
	v := func(k int) string { return short(xs[k]) }
	every, some, tail := "at every "+x, x, ""
	switch {
	case sparse && powersOfTwo(xs):
		every, some = "at every power of two "+x, "powers of two "+x
	case sparse:
		every, tail = every+" drawn for both", " drawn for both"
	}
	switch {
	case first == 0 && last == len(xs)-1:
		return every
	case first == 0:
		return fmt.Sprintf("for %s ≤ %s%s", some, v(last), tail)
	case last == len(xs)-1:
		return fmt.Sprintf("for %s ≥ %s%s", some, v(first), tail)
	}
	if some != x {
		return fmt.Sprintf("for powers of two %s ≤ %s ≤ %s", v(first), x, v(last))
	}
	return fmt.Sprintf("for %s ≤ %s ≤ %s%s", v(first), x, v(last), tail)
}

// powersOfTwo reports whether every x is a power of two (1, 2, 4, …).
func powersOfTwo(xs []float64) bool {
	for _, v := range xs {
		if f, e := math.Frexp(v); f != 0.5 || e < 1 {
			return false
		}
	}
	return true
}

// short prints a positive count: exactly below 10⁴ (256, 1778), else with
// two significant digits (3.2·10⁶).
func short(v float64) string {
	if v < 10_000 {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	e := int(math.Floor(math.Log10(v)))
	m := strconv.FormatFloat(v/math.Pow10(e), 'g', 2, 64)
	if m == "10" {
		m, e = "1", e+1
	}
	pow := "10" + superscript.Replace(strconv.Itoa(e))
	if m == "1" {
		return pow
	}
	return m + "·" + pow
}

// decades returns the range of whole decades that holds every positive y
// of f, at least one decade wide, so that the log axis labels at least two
// ticks; the zero Range (fit the data) if there is no positive y.
func decades(f *figure.Figure) figure.Range {
	lo, hi := math.Inf(1), 0.0
	for _, s := range f.Series {
		for _, y := range s.Y {
			if y > 0 && !math.IsInf(y, 0) {
				lo, hi = min(lo, y), max(hi, y)
			}
		}
	}
	if hi == 0 {
		return figure.Range{}
	}
	e0, e1 := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if e1 <= e0 {
		e1 = e0 + 1
	}
	r := figure.Range{Min: math.Pow(10, e0), Max: math.Pow(10, e1)}
	if r.Min == 0 || math.IsInf(r.Max, 0) {
		return figure.Range{}
	}
	return r
}

// huge prints x with table.Float, or "> 1e308" when it overflowed to +Inf
// (a bandwidth 8/β of a subnormal β).
func huge(x float64) string {
	if math.IsInf(x, 1) {
		return "> 1e308"
	}
	return table.Float(x)
}

func floats(xs []int) []float64 {
	out := make([]float64, len(xs))
	for i, v := range xs {
		out[i] = float64(v)
	}
	return out
}
