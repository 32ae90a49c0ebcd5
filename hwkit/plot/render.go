package plot

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/dl-course/hw2/hwkit/figure"
)

// Scale is the resolution factor of PNG plots: a figure displayed W CSS
// pixels wide is drawn W·Scale pixels wide, so it stays sharp on high-DPI
// screens and in PDF exports.
const Scale = 2

// pt is one typographic point (1/72 inch) in device pixels: a CSS pixel is
// 1/96 inch and is drawn Scale pixels wide.
const pt = 96.0 / 72 * Scale

// Sizes of the plot's parts, in points.
const (
	titleSize  = 11
	labelSize  = 10
	tickSize   = 8.5
	legendSize = 9
	padding    = 6   // around the figure and between its parts
	axisGap    = 5   // between the data area and the axis lines
	majorLen   = 5   // major tick marks
	minorLen   = 2.5 // minor tick marks
	lineWidth  = 1.5
	dashWidth  = 1.2
	dashOn     = 5
	dashOff    = 3
	dotOn      = 1.2 // Dotted, and the dots of DashDot
	dotOff     = 2.2
	bandWidth  = 7    // Band
	bandTint   = 0.35 // how much of the series' colour a band shows
	floorWidth = 0.9  // the line of a Floor
	floorTint  = 0.15 // how much of the series' colour the shade below a Floor shows
	hollowLine = 0.8  // the outline of a hollow marker
	hollowSize = 3    // the radius of a hollow marker, which is clear inside
	noteSize   = 8.5
	noteLines  = 3 // at most, then the note is cut
	markRadius = 2.5
	haloWidth  = 1.2 // the white rim around the markers of a Points series
	thumbWidth = 18  // the line sample of a legend entry
)

// palette holds the series colours (gonum/plot's soft palette, which the
// plots had before).
var palette = []color.RGBA{
	{241, 90, 96, 255}, {122, 195, 106, 255}, {90, 155, 212, 255}, {250, 167, 91, 255},
	{158, 103, 171, 255}, {206, 112, 88, 255}, {215, 127, 180, 255},
}

var (
	ink     = color.RGBA{0, 0, 0, 255}
	gridInk = color.RGBA{225, 225, 225, 255}
	axisInk = color.RGBA{40, 40, 40, 255}
)

// PNG draws f and returns the PNG bytes: Scale × f's display size in
// pixels. Points that cannot be drawn (non-finite, or non-positive on a log
// axis) are left out; it returns an error when f does not validate (nil, no
// series, no drawable point, bad sizes or ranges: see figure.Validate).
// Its time and memory are bounded by the figure's size and the number of
// points, whatever their values.
func PNG(f *figure.Figure) ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	p, err := newChart(f)
	if err != nil {
		return nil, err
	}
	p.layout()
	if f.EqualAspect && !f.LogX && !f.LogY {
		for range 4 { // new extents change the tick labels, and so the data area
			p.equalAspect()
			p.layout()
		}
	}
	c := newCanvas(p.w, p.h)
	p.drawAxes(c)
	for layer := range 3 { // bands and floors, then hollow markers, then the rest
		for i, s := range f.Series {
			if drawLayer(s) == layer {
				p.drawSeries(c, i)
			}
		}
	}
	p.drawLegend(c)
	p.drawTitles(c)
	p.drawNote(c)
	var buf bytes.Buffer
	if err := encodePNG(&buf, c.img); err != nil {
		return nil, fmt.Errorf("plot: encoding the PNG of %q: %w", f.Title, err)
	}
	return buf.Bytes(), nil
}

// drawLayer is the pass in which series s is drawn: 0 for bands and
// floors (beneath everything), 1 for hollow markers (beneath the lines, so
// a line through them stays whole), 2 for the rest.
func drawLayer(s figure.Series) int {
	switch {
	case s.Style == figure.Band || s.Style == figure.Floor:
		return 0
	case s.Style == figure.Points && s.Hollow:
		return 1
	}
	return 2
}

// chart is a figure being laid out and drawn, in device pixels.
type chart struct {
	f          *figure.Figure
	w, h       int
	x, y       axis
	xt, yt     []tick
	title      *face
	label      *face
	tickFace   *face
	legendFace *face
	noteFace   *face
	note       []string // the note's lines, wrapped to the width
	legend     []legendEntry
	legendW    float64 // width of the legend block, 0 without one
	legendText float64 // width left in it for the names
	data       rect    // the data area
	marks      []int   // marker shape of each series
}

// rect is a rectangle in device pixels.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) image(grow float64) image.Rectangle {
	return image.Rect(int(math.Floor(r.x0-grow)), int(math.Floor(r.y0-grow)),
		int(math.Ceil(r.x1+grow)), int(math.Ceil(r.y1+grow)))
}

// legendEntry is one named series in the legend.
type legendEntry struct {
	series int
	name   string
}

func newChart(f *figure.Figure) (*chart, error) {
	w, h := f.Size()
	p := &chart{f: f, w: int(w) * Scale, h: int(h) * Scale}
	var err error
	for _, ff := range []struct {
		dst  **face
		size float64
	}{{&p.title, titleSize}, {&p.label, labelSize}, {&p.tickFace, tickSize}, {&p.legendFace, legendSize}, {&p.noteFace, noteSize}} {
		if *ff.dst, err = newFace(ff.size * pt); err != nil {
			return nil, err
		}
	}
	p.x.log, p.y.log = f.LogX, f.LogY
	p.x.extent(p.dataExtent(true))
	p.y.extent(p.dataExtent(false))
	if f.XRange.IsSet() {
		p.x.extent(p.x.space(f.XRange.Min), p.x.space(f.XRange.Max))
	}
	if f.YRange.IsSet() {
		p.y.extent(p.y.space(f.YRange.Min), p.y.space(f.YRange.Max))
	}
	nmarks := 0
	for i, s := range f.Series {
		switch {
		case s.Marker > 0:
			p.marks = append(p.marks, s.Marker-1)
		default:
			p.marks = append(p.marks, nmarks)
			if s.Style == figure.Points || s.Style == figure.LinePoints {
				nmarks++
			}
		}
		if s.Name != "" {
			p.legend = append(p.legend, legendEntry{series: i, name: strings.Join(strings.Fields(s.Name), " ")})
		}
	}
	return p, nil
}

// dataExtent is the extent of the drawable points on the x (or y) axis, in
// axis space.
func (p *chart) dataExtent(x bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	ax := &p.y
	if x {
		ax = &p.x
	}
	for _, s := range p.f.Series {
		for i := range s.X {
			if !p.f.Drawable(s.X[i], s.Y[i]) {
				continue
			}
			v := s.Y[i]
			if x {
				v = s.X[i]
			}
			u := ax.space(v)
			lo, hi = math.Min(lo, u), math.Max(hi, u)
		}
	}
	return lo, hi
}

// layout places the legend, the axes and the data area, and chooses the
// ticks for the current extents.
func (p *chart) layout() {
	W, H := float64(p.w), float64(p.h)
	pad := padding * pt
	top := pad
	if p.f.Title != "" {
		top += p.title.height() + pad/2
	}
	right := W - pad
	p.legendW = 0
	if len(p.legend) > 0 {
		widest := 0.0
		for _, e := range p.legend {
			widest = math.Max(widest, p.legendFace.width(e.name))
		}
		p.legendText = math.Min(widest, 0.35*W)
		p.legendW = p.legendText + (thumbWidth+4)*pt
		right -= p.legendW + pad
	}
	bottom := H - pad - majorLen*pt - axisGap*pt - p.tickFace.height() - 2*pt
	if p.f.XLabel != "" {
		bottom -= p.label.height() + 2*pt
	}
	p.note = p.noteFace.wrap(p.f.Note, W-2*pad, noteLines)
	bottom -= p.noteHeight()
	left := pad + majorLen*pt + axisGap*pt + 3*pt
	if p.f.YLabel != "" {
		left += p.label.height() + 4*pt
	}
	// The y tick labels' width depends on the ticks, which depend on the
	// height of the data area, known by now.
	p.y.a, p.y.b = bottom, top
	p.yt = p.ticksFor(&p.y, bottom-top, 32*pt, p.tickFace.height()*2)
	widest := 0.0
	for _, t := range p.yt {
		widest = math.Max(widest, p.tickFace.width(t.label))
	}
	left += widest
	if right-left < 20*pt { // a tiny figure with long labels: keep a data area
		left = math.Max(pad, right-20*pt)
	}
	p.x.a, p.x.b = left, right
	p.data = rect{left, top, right, bottom}
	p.xt = p.ticksFor(&p.x, right-left, 45*pt, 0)
}

// ticksFor chooses ticks for ax over length pixels: about one labelled
// interval per spacing pixels, fewer if the labels do not fit, each at
// least minGap pixels from the next (or, with minGap = 0, as far apart as
// the labels are wide).
func (p *chart) ticksFor(ax *axis, length, spacing, minGap float64) []tick {
	for target := min(max(int(length/spacing), 2), 10); ; target-- {
		ts := ax.ticks(target)
		if p.thin(ax, ts, minGap) == 0 || target <= 2 {
			return ts
		}
	}
}

// thin removes the labels of ts that would come closer than gap pixels to
// the previous label (or, for gap = 0, overlap it with less than 6 points
// between them), and returns how many it removed.
func (p *chart) thin(ax *axis, ts []tick, gap float64) int {
	removed := 0
	last, lastW := math.NaN(), 0.0
	for i, t := range ts {
		if t.label == "" {
			continue
		}
		pos, w := ax.dev(t.u), p.tickFace.width(t.label)
		need := gap
		if gap == 0 {
			need = (w+lastW)/2 + 6*pt
		}
		if !math.IsNaN(last) && math.Abs(pos-last) < need {
			ts[i].label = ""
			removed++
			continue
		}
		last, lastW = pos, w
	}
	return removed
}

// equalAspect widens the x or the y extent so that one data unit is as
// long on both axes of the data area.
func (p *chart) equalAspect() {
	w, h := p.data.x1-p.data.x0, p.data.y1-p.data.y0
	dx, dy := p.x.hi/2-p.x.lo/2, p.y.hi/2-p.y.lo/2 // half extents
	if !(w > 0 && h > 0 && dx > 0 && dy > 0) {
		return
	}
	widen := func(ax *axis, half float64) {
		mid := ax.lo/2 + ax.hi/2
		ax.lo, ax.hi = math.Max(mid-half, -math.MaxFloat64), math.Min(mid+half, math.MaxFloat64)
	}
	if dx/w > dy/h { // x is more compressed: widen y
		widen(&p.y, dx/w*h)
	} else {
		widen(&p.x, dy/h*w)
	}
}

// drawAxes draws the grid, the axis lines, the ticks and their labels
// (the rules crisp, on whole pixels).
func (p *chart) drawAxes(c *canvas) {
	d := p.data
	thin := 1.0 * Scale // one CSS pixel
	xAxis := d.y1 + axisGap*pt
	yAxis := d.x0 - axisGap*pt
	eachTick(&p.x, p.xt, d.x0, d.x1, func(x, _ float64, label string) {
		if label != "" {
			c.rule(x-thin/2, d.y0, x+thin/2, d.y1, gridInk)
		}
	})
	eachTick(&p.y, p.yt, d.y0, d.y1, func(y, _ float64, label string) {
		if label != "" {
			c.rule(d.x0, y-thin/2, d.x1, y+thin/2, gridInk)
		}
	})
	c.rule(d.x0-thin/2, xAxis-thin/2, d.x1+thin/2, xAxis+thin/2, axisInk)
	c.rule(yAxis-thin/2, d.y0-thin/2, yAxis+thin/2, d.y1+thin/2, axisInk)
	eachTick(&p.x, p.xt, d.x0, d.x1, func(x, l float64, label string) {
		c.rule(x-thin/2, xAxis, x+thin/2, xAxis+l, axisInk)
		c.text(p.tickFace, label, x, xAxis+l+2*pt, 0.5, 0, ink)
	})
	eachTick(&p.y, p.yt, d.y0, d.y1, func(y, l float64, label string) {
		c.rule(yAxis-l, y-thin/2, yAxis, y+thin/2, axisInk)
		c.text(p.tickFace, label, yAxis-l-2*pt, y, 1, 0.5, ink)
	})
}

// eachTick calls mark for each tick of ts within [lo, hi] (device pixels,
// half a pixel of slack) with its position, the length of its mark (major
// for labelled ticks) and its label.
func eachTick(ax *axis, ts []tick, lo, hi float64, mark func(pos, length float64, label string)) {
	for _, t := range ts {
		pos := ax.dev(t.u)
		if pos < lo-0.5 || pos > hi+0.5 {
			continue
		}
		l := minorLen * pt
		if t.label != "" {
			l = majorLen * pt
		}
		mark(pos, l, t.label)
	}
}

// colour is the colour of series i.
func (p *chart) colour(i int) color.RGBA {
	if k := p.f.Series[i].Color; k > 0 {
		return palette[(k-1)%len(palette)]
	}
	return palette[i%len(palette)]
}

// drawSeries draws series i: its line (clipped to the data area) and its
// markers. Styles the renderer does not know draw a solid line.
func (p *chart) drawSeries(c *canvas, i int) {
	s := p.f.Series[i]
	var pts []point // in axis space
	for j := range s.X {
		if p.f.Drawable(s.X[j], s.Y[j]) {
			pts = append(pts, point{p.x.space(s.X[j]), p.y.space(s.Y[j])})
		}
	}
	if len(pts) == 0 {
		return
	}
	if s.Style != figure.Points {
		p.drawLine(c, i, pts)
	}
	if s.Style == figure.Points || s.Style == figure.LinePoints {
		p.drawMarkers(c, i, pts)
	}
}

// lineStyle returns the width of a line of style st, in pixels, and its
// dash pattern (lengths drawn and skipped, in turn, in pixels; nil for a
// solid line).
func lineStyle(st figure.Style) (w float64, pattern []float64) {
	switch st {
	case figure.Dashed:
		return dashWidth * pt, []float64{dashOn * pt, dashOff * pt}
	case figure.Dotted:
		return lineWidth * pt, []float64{dotOn * pt, dotOff * pt}
	case figure.DashDot:
		return dashWidth * pt, []float64{dashOn * pt, dotOff * pt, dotOn * pt, dotOff * pt}
	case figure.Band:
		return bandWidth * pt, nil
	case figure.Floor:
		return floorWidth * pt, nil
	}
	return lineWidth * pt, nil
}

// drawLine strokes series i's points pts (in axis space) in its style.
func (p *chart) drawLine(c *canvas, i int, pts []point) {
	w, pattern := lineStyle(p.f.Series[i].Style)
	sh := c.shape(p.data.image(w))
	lines := p.clipLines(decimate(pts, int(p.data.x1-p.data.x0)))
	if p.f.Series[i].Style == figure.Floor {
		shade := c.shape(p.data.image(0))
		for _, line := range lines {
			a, b := line[0], line[len(line)-1]
			bottom := p.data.y1 + axisGap*pt
			shade.polygon(append(append([]point{}, line...), point{b.X, bottom}, point{a.X, bottom})...)
		}
		shade.fill(c, tint(p.colour(i), floorTint))
	}
	for _, line := range lines {
		strokeStyled(sh, line, w, pattern)
	}
	sh.fill(c, p.lineColour(i))
}

// tint mixes the share k of col with white.
func tint(col color.RGBA, k float64) color.RGBA {
	t := func(v uint8) uint8 { return uint8(math.Round(255 - k*(255-float64(v)))) }
	return color.RGBA{t(col.R), t(col.G), t(col.B), 255}
}

// strokeStyled strokes the polyline pts w pixels wide, solid or with the
// dash pattern.
func strokeStyled(sh *shape, pts []point, w float64, pattern []float64) {
	if pattern == nil {
		sh.stroke(pts, w)
		return
	}
	for _, piece := range dashes(pts, pattern...) {
		sh.stroke(piece, w)
	}
}

// lineColour is the colour of series i's line: its colour, or for a band
// a light tint of it (bandTint of the colour, the rest white).
func (p *chart) lineColour(i int) color.RGBA {
	c := p.colour(i)
	if p.f.Series[i].Style != figure.Band {
		return c
	}
	return tint(c, bandTint)
}

// drawMarkers marks series i's points pts (in axis space) that lie in the
// extents, at most one marker per pixel: the same picture, bounded work.
// The markers of a Points series (markers only) get a white halo, so that
// they stand out where they sit on lines drawn before them, even lines of
// their own colour.
func (p *chart) drawMarkers(c *canvas, i int, pts []point) {
	r := markRadius * pt
	xlo, xhi := p.x.margin(0.01)
	ylo, yhi := p.y.margin(0.01)
	hollow := p.f.Series[i].Style == figure.Points && p.f.Series[i].Hollow
	halo := p.f.Series[i].Style == figure.Points && !hollow
	sh, under := c.shape(p.data.image(r+haloWidth*pt)), c.shape(p.data.image(r+haloWidth*pt))
	seen := map[image.Point]bool{}
	for _, q := range pts {
		if q.X < xlo || q.X > xhi || q.Y < ylo || q.Y > yhi {
			continue
		}
		d := point{p.x.dev(q.X), p.y.dev(q.Y)}
		if px := (image.Point{int(d.X), int(d.Y)}); !seen[px] {
			seen[px] = true
			if hollow {
				sh.hollowMarker(p.marks[i], d, hollowSize*pt, hollowLine*pt)
				continue
			}
			sh.marker(p.marks[i], d, r)
			if halo {
				under.marker(p.marks[i], d, r+haloWidth*pt)
			}
		}
	}
	under.fill(c, color.RGBA{255, 255, 255, 255})
	sh.fill(c, p.colour(i))
}

// clipLines clips the polyline pts (in axis space) to the extents widened
// by 2 %, and returns the visible pieces in device pixels. Clipping happens
// in axis space, where every point is finite, so that no coordinate
// overflows on its way to the device.
func (p *chart) clipLines(pts []point) [][]point {
	xlo, xhi := p.x.margin(0.02)
	ylo, yhi := p.y.margin(0.02)
	dev := func(q point) point { return point{p.x.dev(q.X), p.y.dev(q.Y)} }
	var out [][]point
	open := false // the last piece ends at pts[i-1], unclipped
	for i := 1; i < len(pts); i++ {
		a, b, ok := clipSegment(pts[i-1], pts[i], xlo, xhi, ylo, yhi)
		if !ok {
			open = false
			continue
		}
		if !open || a != pts[i-1] {
			out = append(out, []point{dev(a)})
		}
		out[len(out)-1] = append(out[len(out)-1], dev(b))
		open = b == pts[i]
	}
	return out
}

// clipSegment clips the segment a–b to the box [xlo, xhi] × [ylo, yhi]
// (Cohen–Sutherland: an endpoint outside moves onto the boundary it
// crosses, that coordinate exactly, the other by proportion). It computes
// with halves so that no difference overflows, even for endpoints at the
// ends of the float64 range.
func clipSegment(a, b point, xlo, xhi, ylo, yhi float64) (point, point, bool) {
	const left, right, below, above = 1, 2, 4, 8
	code := func(p point) int {
		c := 0
		if p.X < xlo {
			c |= left
		} else if p.X > xhi {
			c |= right
		}
		if p.Y < ylo {
			c |= below
		} else if p.Y > yhi {
			c |= above
		}
		return c
	}
	// at returns the other coordinate where the segment from (u0, v0) to
	// (u1, v1) reaches v.
	at := func(u0, u1, v0, v1, v float64) float64 {
		t := (v/2 - v0/2) / (v1/2 - v0/2)
		return u0 + 2*t*(u1/2-u0/2)
	}
	ca, cb := code(a), code(b)
	for range 8 { // each round puts one endpoint on a boundary
		switch {
		case ca|cb == 0:
			return a, b, true
		case ca&cb != 0:
			return a, b, false
		}
		out := ca
		if out == 0 {
			out = cb
		}
		var p point
		switch {
		case out&above != 0:
			p = point{at(a.X, b.X, a.Y, b.Y, yhi), yhi}
		case out&below != 0:
			p = point{at(a.X, b.X, a.Y, b.Y, ylo), ylo}
		case out&right != 0:
			p = point{xhi, at(a.Y, b.Y, a.X, b.X, xhi)}
		default:
			p = point{xlo, at(a.Y, b.Y, a.X, b.X, xlo)}
		}
		if out == ca {
			a, ca = p, code(p)
		} else {
			b, cb = p, code(p)
		}
	}
	return a, b, false
}

// drawLegend draws the legend right of the data area: per named series a
// line sample and/or a marker, and the name. Entries that do not fit in
// the height are summed up in a last line.
func (p *chart) drawLegend(c *canvas) {
	if len(p.legend) == 0 {
		return
	}
	f := p.legendFace
	row := f.height() + 2.5*pt
	x0 := float64(p.w) - padding*pt - p.legendW
	y := p.data.y0
	fits := max(int((float64(p.h)-padding*pt-y)/row), 1)
	entries := p.legend
	if len(entries) > fits {
		entries = entries[:fits-1]
	}
	for _, e := range entries {
		s := p.f.Series[e.series]
		mid := y + row/2
		sh := c.shape(image.Rect(0, 0, p.w, p.h))
		x1 := x0 + thumbWidth*pt
		if s.Style != figure.Points {
			w, pattern := lineStyle(s.Style)
			strokeStyled(sh, []point{{x0, mid}, {x1, mid}}, w, pattern)
			sh.fill(c, p.lineColour(e.series))
			sh = c.shape(image.Rect(0, 0, p.w, p.h))
		}
		switch {
		case s.Style == figure.Points && s.Hollow:
			sh.hollowMarker(p.marks[e.series], point{(x0 + x1) / 2, mid}, hollowSize*pt, hollowLine*pt)
		case s.Style == figure.Points || s.Style == figure.LinePoints:
			sh.marker(p.marks[e.series], point{(x0 + x1) / 2, mid}, markRadius*pt)
		}
		sh.fill(c, p.colour(e.series))
		name := f.fit(e.name, p.legendText)
		c.text(f, name, x1+4*pt, mid, 0, 0.5, ink)
		y += row
	}
	if n := len(p.legend) - len(entries); n > 0 {
		c.text(f, fmt.Sprintf("… %d more", n), x0, y+row/2, 0, 0.5, ink)
	}
}

// drawTitles draws the title above the data area and the axis labels.
func (p *chart) drawTitles(c *canvas) {
	d := p.data
	pad := padding * pt
	if p.f.Title != "" {
		avail := float64(p.w) - 2*pad
		t := p.title.fit(p.f.Title, avail)
		// Centred over the data area when it fits there, else in the figure.
		x := (d.x0 + d.x1) / 2
		half := p.title.width(t) / 2
		x = math.Min(math.Max(x, pad+half), float64(p.w)-pad-half)
		c.text(p.title, t, x, pad, 0.5, 0, ink)
	}
	if p.f.XLabel != "" {
		t := p.label.fit(p.f.XLabel, float64(p.w)-2*pad)
		c.text(p.label, t, (d.x0+d.x1)/2, float64(p.h)-pad-p.noteHeight(), 0.5, 1, ink)
	}
	if p.f.YLabel != "" {
		t := p.label.fit(p.f.YLabel, float64(p.h)-2*pad)
		c.textUp(p.label, t, pad, (d.y0+d.y1)/2, 0.5, 0, ink)
	}
}

// noteHeight is the height the note takes below the x label, with the
// gap above it; 0 without a note.
func (p *chart) noteHeight() float64 {
	if len(p.note) == 0 {
		return 0
	}
	return float64(len(p.note))*p.noteFace.height() + padding*pt/2
}

// drawNote draws the figure's note below the x label, left-aligned, one
// wrapped line after another.
func (p *chart) drawNote(c *canvas) {
	pad := padding * pt
	y := float64(p.h) - pad - float64(len(p.note))*p.noteFace.height()
	for _, line := range p.note {
		c.text(p.noteFace, line, pad, y, 0, 0, ink)
		y += p.noteFace.height()
	}
}

// decimate thins a long polyline (in axis space) to at most about 4 points
// per pixel column (the first, lowest, highest and last point of each run
// of consecutive points in one column, in their original order), which
// draws the same picture: a zigzag of 10⁴ points otherwise costs the
// rasterizer far more for nothing. Columns split the x extent of pts
// evenly; polylines of few points are returned unchanged.
func decimate(pts []point, columns int) []point {
	if columns < 1 || len(pts) <= 4*columns {
		return pts
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, q := range pts {
		lo, hi = math.Min(lo, q.X), math.Max(hi, q.X)
	}
	if !(hi > lo) {
		return pts
	}
	col := func(x float64) int {
		c := math.Floor(float64(columns) * (x/2 - lo/2) / (hi/2 - lo/2))
		return int(math.Min(math.Max(c, 0), float64(columns-1)))
	}
	out := make([]point, 0, 4*columns)
	for start := 0; start < len(pts); {
		c := col(pts[start].X)
		end := start + 1
		for end < len(pts) && col(pts[end].X) == c {
			end++
		}
		iMin, iMax := start, start
		for k := start; k < end; k++ {
			if pts[k].Y < pts[iMin].Y {
				iMin = k
			}
			if pts[k].Y > pts[iMax].Y {
				iMax = k
			}
		}
		keep := [4]int{start, min(iMin, iMax), max(iMin, iMax), end - 1}
		for k, idx := range keep {
			if k == 0 || idx != keep[k-1] {
				out = append(out, pts[idx])
			}
		}
		start = end
	}
	return out
}
