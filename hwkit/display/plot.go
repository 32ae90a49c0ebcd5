package display

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/dl-course/hw2/hwkit/figure"
)

// Scale is the resolution factor of PNG plots: a figure displayed W pixels
// wide is drawn W·Scale pixels wide, so it stays sharp on high-DPI screens
// and in PDF exports.
const Scale = 2

// PNG draws f with gonum/plot and returns the PNG bytes: Scale × f's display
// size in pixels. Points that cannot be drawn (non-finite, or non-positive on
// a log axis) are left out; it returns an error when no point is left or the
// series are malformed.
func PNG(f *figure.Figure) ([]byte, error) {
	p, err := Plot(f)
	if err != nil {
		return nil, err
	}
	w, h := f.Size()
	// A CSS pixel is 1/96 inch; drawing at 96·Scale DPI gives Scale pixels per
	// CSS pixel while fonts keep their point sizes relative to the plot.
	c := vgimg.NewWith(
		vgimg.UseWH(vg.Length(w)*vg.Inch/96, vg.Length(h)*vg.Inch/96),
		vgimg.UseDPI(96*Scale),
	)
	dc := draw.New(c)
	// The legend goes to the right of the plot area, where it hides no data.
	legend := p.Legend
	p.Legend = plot.NewLegend()
	if n := len(f.Series); n > 0 && hasNames(f) {
		r := legend.Rectangle(dc)
		lw := r.Max.X - r.Min.X
		legend.YOffs = -p.Title.TextStyle.FontExtents().Height - vg.Points(4)
		area := draw.Crop(dc, 0, -lw-vg.Points(6), 0, 0)
		if f.EqualAspect && !f.LogX && !f.LogY {
			equalAspect(p, area)
		}
		p.Draw(area)
		legend.Draw(dc)
	} else {
		if f.EqualAspect && !f.LogX && !f.LogY {
			equalAspect(p, dc)
		}
		p.Draw(dc)
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("display: encoding the PNG of %q: %w", f.Title, err)
	}
	return buf.Bytes(), nil
}

func hasNames(f *figure.Figure) bool {
	for _, s := range f.Series {
		if s.Name != "" {
			return true
		}
	}
	return false
}

// Plot converts f to a gonum plot, for callers that want to save it in
// another format. See PNG for which points are drawn.
func Plot(f *figure.Figure) (*plot.Plot, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text = f.XLabel
	p.Y.Label.Text = f.YLabel
	style(p)
	p.Legend.Top = true
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 225}
	grid.Horizontal.Color = color.Gray{Y: 225}
	p.Add(grid)
	if f.LogX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	if f.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}

	xr, yr := newRange(), newRange()
	for i, s := range f.Series {
		var pts plotter.XYs
		for j := range s.X {
			if f.Drawable(s.X[j], s.Y[j]) {
				pts = append(pts, plotter.XY{X: s.X[j], Y: s.Y[j]})
				xr.add(s.X[j])
				yr.add(s.Y[j])
			}
		}
		if len(pts) == 0 {
			continue
		}
		w, _ := f.Size()
		pts = decimate(pts, int(w)*Scale, f.LogX)
		col := plotutil.Color(i)
		if s.Color > 0 {
			col = plotutil.Color(s.Color - 1)
		}
		var thumbs []plot.Thumbnailer
		if s.Style != figure.Points {
			l := &line{XYs: pts, LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1.5)}}
			if s.Style == figure.Dashed {
				l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				l.Width = vg.Points(1.2)
			}
			p.Add(l)
			thumbs = append(thumbs, l)
		}
		if s.Style == figure.Points || s.Style == figure.LinePoints {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("display: series %q: %w", s.Name, err)
			}
			sc.Color = col
			sc.Shape = plotutil.Shape(i)
			sc.Radius = vg.Points(2.5)
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		if s.Name != "" {
			p.Legend.Add(s.Name, thumbs...)
		}
	}
	xr.apply(&p.X, f.LogX)
	yr.apply(&p.Y, f.LogY)
	if f.XRange.Set() {
		p.X.Min, p.X.Max = f.XRange.Min, f.XRange.Max
	}
	if f.YRange.Set() {
		p.Y.Min, p.Y.Max = f.YRange.Min, f.YRange.Max
	}
	return p, nil
}

// equalAspect widens the x or the y extent of p so that one data unit has
// the same length on both axes of the data area of c. New extents change the
// tick labels and so the data area: a few rounds settle it.
func equalAspect(p *plot.Plot, c draw.Canvas) {
	for range 4 {
		equalAspectOnce(p, c)
	}
}

func equalAspectOnce(p *plot.Plot, c draw.Canvas) {
	da := p.DataCanvas(c)
	w, h := float64(da.Max.X-da.Min.X), float64(da.Max.Y-da.Min.Y)
	dx, dy := p.X.Max-p.X.Min, p.Y.Max-p.Y.Min
	if w <= 0 || h <= 0 || dx <= 0 || dy <= 0 {
		return
	}
	if dx/w > dy/h { // x is more compressed: widen y
		mid, half := (p.Y.Min+p.Y.Max)/2, dx/w*h/2
		p.Y.Min, p.Y.Max = mid-half, mid+half
	} else {
		mid, half := (p.X.Min+p.X.Max)/2, dy/h*w/2
		p.X.Min, p.X.Max = mid-half, mid+half
	}
}

// dataRange tracks the extent of the drawn points on one axis.
type dataRange struct{ lo, hi float64 }

func newRange() dataRange { return dataRange{lo: math.Inf(1), hi: math.Inf(-1)} }

func (r *dataRange) add(v float64) {
	r.lo = math.Min(r.lo, v)
	r.hi = math.Max(r.hi, v)
}

// apply widens a degenerate range (all points equal) so that the axis, and a
// log axis in particular, has a non-zero extent to draw.
func (r dataRange) apply(a *plot.Axis, log bool) {
	if r.lo != r.hi {
		return
	}
	if log {
		a.Min, a.Max = r.lo/2, r.lo*2
	} else {
		d := math.Max(math.Abs(r.lo)/2, 1)
		a.Min, a.Max = r.lo-d, r.lo+d
	}
}

// decimate thins a long series to at most about 4 points per pixel column
// (the first, lowest, highest and last point of each column, in their
// original order), which draws the same picture: a zigzag of 10⁴ points
// otherwise costs the rasterizer tens of seconds. Columns are even in x, or
// in log x on a log axis. Series with few points are returned unchanged.
func decimate(pts plotter.XYs, columns int, logX bool) plotter.XYs {
	if columns < 1 || len(pts) <= 4*columns {
		return pts
	}
	xOf := func(x float64) float64 {
		if logX {
			return math.Log(x)
		}
		return x
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo, hi = math.Min(lo, xOf(p.X)), math.Max(hi, xOf(p.X))
	}
	if !(hi > lo) {
		return pts
	}
	col := func(x float64) int {
		c := int(float64(columns) * (xOf(x) - lo) / (hi - lo))
		return min(max(c, 0), columns-1)
	}
	out := make(plotter.XYs, 0, 4*columns)
	for start := 0; start < len(pts); {
		c := col(pts[start].X)
		end := start + 1
		for end < len(pts) && col(pts[end].X) == c {
			end++
		}
		// Keep first, min, max and last of pts[start:end], in index order.
		iMin, iMax := start, start
		for k := start; k < end; k++ {
			if pts[k].Y < pts[iMin].Y {
				iMin = k
			}
			if pts[k].Y > pts[iMax].Y {
				iMax = k
			}
		}
		keep := []int{start, iMin, iMax, end - 1}
		sort.Ints(keep)
		for k, idx := range keep {
			if k == 0 || idx != keep[k-1] {
				out = append(out, pts[idx])
			}
		}
		start = end
	}
	return out
}

// line draws a polyline like plotter.Line, but strokes it in pieces that
// are monotone in y, split where the curve turns. Stroking a zigzag as one
// path is quadratic in the rasterizer (measured: 500 alternating points took
// 8 s, 4000 took 150 s); monotone pieces do not overlap themselves and
// stroke in linear time, and a smooth curve keeps its joins.
type line struct {
	plotter.XYs
	draw.LineStyle
}

// Plot implements plot.Plotter.
func (l *line) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	ps := make([]vg.Point, len(l.XYs))
	for i, p := range l.XYs {
		ps[i] = vg.Point{X: trX(p.X), Y: trY(p.Y)}
	}
	stroke := func(piece []vg.Point) {
		for _, clipped := range c.ClipLinesXY(piece) {
			c.StrokeLines(l.LineStyle, clipped)
		}
	}
	start := 0
	for i := 1; i+1 < len(ps); i++ {
		if (ps[i].Y-ps[i-1].Y)*(ps[i+1].Y-ps[i].Y) < 0 {
			stroke(ps[start : i+1])
			start = i
		}
	}
	stroke(ps[start:])
}

// DataRange implements plot.DataRanger.
func (l *line) DataRange() (xmin, xmax, ymin, ymax float64) {
	return plotter.XYRange(l.XYs)
}

// Thumbnail implements plot.Thumbnailer (the legend entry).
func (l *line) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

// style sets a sans-serif face and sizes that suit a plot about 5 inches wide.
func style(p *plot.Plot) {
	sans := func(size float64) font.Font {
		return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
	}
	p.Title.TextStyle.Font = sans(11)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(10)
		a.Tick.Label.Font = sans(8.5)
	}
	p.Legend.TextStyle.Font = sans(9)
	p.Legend.ThumbnailWidth = vg.Points(18)
	p.Legend.Padding = vg.Points(2.5) // room between rows for sub- and superscripts
}

// logTicks marks the powers of ten of a log axis, labelling at most about
// six of them ("0.01", "1", "1e-8"): the exponents that are multiples of a
// step, so that 1 is labelled when in range; with unlabelled minor ticks at
// 2…9 times each power when the axis spans few decades.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) {
		return nil
	}
	e0 := int(math.Floor(math.Log10(lo)))
	e1 := int(math.Ceil(math.Log10(hi)))
	step := max(1, (e1-e0+5)/6)
	var ticks []plot.Tick
	for e := e0; e <= e1; e++ {
		v := math.Pow10(e)
		t := plot.Tick{Value: v}
		if ((e%step)+step)%step == 0 { // multiples of step, so 1 = 10⁰ is labelled
			t.Label = decade(e)
		}
		ticks = append(ticks, t)
		if e1-e0 <= 4 && e < e1 {
			for k := 2; k < 10; k++ {
				ticks = append(ticks, plot.Tick{Value: float64(k) * v})
			}
		}
	}
	return ticks
}

// decade formats 10^e: in decimal for |e| ≤ 3, else as 1e±N.
func decade(e int) string {
	if e >= -3 && e <= 3 {
		return strconv.FormatFloat(math.Pow10(e), 'f', -1, 64)
	}
	return "1e" + strconv.Itoa(e)
}
