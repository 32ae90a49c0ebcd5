package plot

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// This file holds the drawing primitives of the PNG renderer: filled
// polygons through golang.org/x/image/vector (anti-aliased, no hinting, no
// system font), strokes, dashes, markers and text in Liberation Sans. It is
// what gonum/plot's vgimg backend did for the plots, without gonum/plot's
// twelve embedded fonts, TeX tables and image codecs, which cost every
// drawing cell several megabytes of linking.

// point is a position in device pixels, y pointing down.
type point struct{ X, Y float64 }

// canvas is the image being drawn: opaque, in device pixels. It keeps one
// rasterizer for all shapes.
type canvas struct {
	img  *image.RGBA
	r    *vector.Rasterizer
	mask image.Alpha // the coverage of the shape being filled
}

func newCanvas(w, h int) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	return &canvas{img: img, r: vector.NewRasterizer(1, 1)}
}

// rule fills the axis-aligned rectangle [x0, x1] × [y0, y1], rounded to
// whole pixels so that thin rules stay crisp, and at least one pixel wide.
func (c *canvas) rule(x0, y0, x1, y1 float64, col color.Color) {
	r := image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
	if r.Dx() == 0 {
		r.Max.X++
	}
	if r.Dy() == 0 {
		r.Max.Y++
	}
	draw.Draw(c.img, r.Intersect(c.img.Bounds()), image.NewUniform(col), image.Point{}, draw.Over)
}

// shape collects polygons that are filled together in one colour, clipped
// to a rectangle of the canvas. All polygons are added with the same
// orientation, so where they overlap the rasterizer's coverage saturates
// instead of cancelling: the union is filled once. The rasterizer covers
// only the polygons' bounding box: its cost is that area, per shape.
type shape struct {
	clip  image.Rectangle
	polys [][]point
	box   rect // bounding box of the polygons
}

func (c *canvas) shape(clip image.Rectangle) *shape {
	return &shape{clip: clip.Intersect(c.img.Bounds()), box: rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
}

// polygon adds the closed polygon pts.
func (s *shape) polygon(pts ...point) {
	if len(pts) < 3 {
		return
	}
	area := 0.0
	for i, p := range pts {
		q := pts[(i+1)%len(pts)]
		area += p.X*q.Y - q.X*p.Y
	}
	if !(area != 0) { // degenerate, or NaN
		return
	}
	poly := make([]point, len(pts))
	for i := range pts {
		if area > 0 { // keep one orientation: walk positive-area polygons backwards
			poly[i] = pts[len(pts)-1-i]
		} else {
			poly[i] = pts[i]
		}
		q := poly[i]
		s.box = rect{math.Min(s.box.x0, q.X), math.Min(s.box.y0, q.Y), math.Max(s.box.x1, q.X), math.Max(s.box.y1, q.Y)}
	}
	s.polys = append(s.polys, poly)
}

// fill draws the collected polygons in col.
func (s *shape) fill(c *canvas, col color.Color) {
	if len(s.polys) == 0 {
		return
	}
	r := s.box.image(1).Intersect(s.clip)
	if r.Empty() {
		return
	}
	c.r.Reset(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	for _, poly := range s.polys {
		c.r.MoveTo(float32(poly[0].X-ox), float32(poly[0].Y-oy))
		for _, q := range poly[1:] {
			c.r.LineTo(float32(q.X-ox), float32(q.Y-oy))
		}
		c.r.ClosePath()
	}
	// The coverage goes to an alpha mask first (the rasterizer's fast path)
	// and is then blended only where it is not zero: a curve covers a few
	// percent of its bounding box.
	if cap(c.mask.Pix) < r.Dx()*r.Dy() {
		c.mask.Pix = make([]uint8, r.Dx()*r.Dy())
	}
	c.mask.Pix, c.mask.Stride, c.mask.Rect = c.mask.Pix[:r.Dx()*r.Dy()], r.Dx(), image.Rect(0, 0, r.Dx(), r.Dy())
	c.r.DrawOp = draw.Src // overwrite the previous shape's coverage
	c.r.Draw(&c.mask, c.mask.Rect, image.Opaque, image.Point{})
	cr, cg, cb, _ := col.RGBA()
	for y := range r.Dy() {
		row := c.img.Pix[c.img.PixOffset(r.Min.X, r.Min.Y+y):]
		for x, a := range c.mask.Pix[y*r.Dx() : (y+1)*r.Dx()] {
			if a == 0 {
				continue
			}
			px := row[4*x : 4*x+4 : 4*x+4]
			m := uint32(a) * 0x101 // 16-bit coverage
			px[0] = uint8((uint32(px[0])*0x101*(0xffff-m) + cr*m) / 0xffff >> 8)
			px[1] = uint8((uint32(px[1])*0x101*(0xffff-m) + cg*m) / 0xffff >> 8)
			px[2] = uint8((uint32(px[2])*0x101*(0xffff-m) + cb*m) / 0xffff >> 8)
		}
	}
}

// disc adds a filled circle of radius r around c.
func (s *shape) disc(c point, r float64) {
	n := min(max(int(math.Ceil(r*1.5)), 8), 32)
	pts := make([]point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = point{c.X + r*math.Cos(a), c.Y + r*math.Sin(a)}
	}
	s.polygon(pts...)
}

// stroke adds the polyline pts drawn w pixels wide, with round joins and
// flat ends. Each segment is a quadrilateral and each join the circular
// sector that fills the gap on the outer side of the turn: pieces that
// share edges exactly, so the rasterizer's coverage neither doubles nor
// leaves seams along the outline.
func (s *shape) stroke(pts []point, w float64) {
	var prev point // the previous segment's unit direction
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		if !(l > 0) {
			continue
		}
		dir := point{dx / l, dy / l}
		nx, ny := -dir.Y*w/2, dir.X*w/2
		s.polygon(point{a.X + nx, a.Y + ny}, point{b.X + nx, b.Y + ny}, point{b.X - nx, b.Y - ny}, point{a.X - nx, a.Y - ny})
		if prev != (point{}) {
			s.join(a, prev, dir, w/2)
		}
		prev = dir
	}
}

// join adds the round join at c between a segment in unit direction d1 and
// the next in d2, for a line of half-width r.
func (s *shape) join(c, d1, d2 point, r float64) {
	cross := d1.X*d2.Y - d1.Y*d2.X
	turn := math.Atan2(cross, d1.X*d2.X+d1.Y*d2.Y) // signed, in (−π, π]
	if math.Abs(turn) < 1e-3 {
		return // no visible gap
	}
	sign := -1.0 // the outer side of the turn, along the normal (−d.Y, d.X)
	if cross < 0 {
		sign = 1
	}
	a0 := math.Atan2(sign*d1.X, -sign*d1.Y) // angle of the outer normal of d1
	n := int(math.Ceil(math.Abs(turn)/(math.Pi/12))) + 1
	pts := make([]point, 0, n+2)
	pts = append(pts, c)
	for k := 0; k <= n; k++ {
		a := a0 + turn*float64(k)/float64(n)
		pts = append(pts, point{c.X + r*math.Cos(a), c.Y + r*math.Sin(a)})
	}
	s.polygon(pts...)
}

// dashes cuts the polyline pts into the pieces drawn with a dash pattern:
// pattern[0] pixels drawn, pattern[1] skipped, pattern[2] drawn, … and
// again from the start, beginning with a dash. The pattern runs on across
// the vertices; it needs an even number of lengths, all positive, or
// dashes returns nil.
func dashes(pts []point, pattern ...float64) [][]point {
	if len(pts) == 0 || len(pattern) == 0 || len(pattern)%2 != 0 {
		return nil
	}
	for _, l := range pattern {
		if !(l > 0) || math.IsInf(l, 0) {
			return nil
		}
	}
	var out [][]point
	cur := []point{pts[0]}
	phase := 0
	drawing, left := true, pattern[0] // the current phase and the length left of it
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := math.Hypot(b.X-a.X, b.Y-a.Y)
		if !(l > 0) {
			continue
		}
		pos := 0.0
		for l-pos > left { // the phase ends inside this segment
			pos += left
			p := point{a.X + (b.X-a.X)*pos/l, a.Y + (b.Y-a.Y)*pos/l}
			if drawing {
				out = append(out, append(cur, p))
			}
			cur = []point{p}
			phase = (phase + 1) % len(pattern)
			drawing, left = phase%2 == 0, pattern[phase]
		}
		left -= l - pos
		if drawing {
			cur = append(cur, b)
		}
	}
	if drawing && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// The marker shapes, cycled through by the series that draw markers.
const (
	markCircle = iota
	markSquare
	markTriangle
	markDiamond
	markDown
	nMarks
)

// marker adds marker kind k of radius r centred on c.
func (s *shape) marker(k int, c point, r float64) {
	if k%nMarks == markCircle {
		s.disc(c, r)
		return
	}
	s.polygon(markerOutline(k, c, r)...)
}

// hollowMarker adds the outline of marker kind k of radius r centred on c,
// a line w pixels wide inside that radius: the marker with its inside left
// clear.
func (s *shape) hollowMarker(k int, c point, r, w float64) {
	pts := markerOutline(k, c, r-w/2)
	s.stroke(append(pts, pts[0], pts[1]), w) // once more round: a join at the start too
}

// markerOutline returns the corners of marker kind k of radius r centred
// on c (a circle as a polygon of many).
func markerOutline(k int, c point, r float64) []point {
	switch k % nMarks {
	case markCircle:
		n := min(max(int(math.Ceil(r*1.5)), 8), 32)
		pts := make([]point, n)
		for i := range pts {
			a := 2 * math.Pi * float64(i) / float64(n)
			pts[i] = point{c.X + r*math.Cos(a), c.Y + r*math.Sin(a)}
		}
		return pts
	case markSquare:
		d := r * 0.85
		return []point{{c.X - d, c.Y - d}, {c.X + d, c.Y - d}, {c.X + d, c.Y + d}, {c.X - d, c.Y + d}}
	case markTriangle:
		return []point{{c.X, c.Y - 1.15*r}, {c.X + r, c.Y + 0.6*r}, {c.X - r, c.Y + 0.6*r}}
	case markDiamond:
		return []point{{c.X, c.Y - 1.2*r}, {c.X + r, c.Y}, {c.X, c.Y + 1.2*r}, {c.X - r, c.Y}}
	default:
		return []point{{c.X, c.Y + 1.15*r}, {c.X - r, c.Y - 0.6*r}, {c.X + r, c.Y - 0.6*r}}
	}
}

// sans is Liberation Sans Regular, parsed once per process (the same face
// the plots had under gonum/plot; it has the Greek letters, most
// subscripts and superscripts and the math symbols of the notebooks'
// labels).
var sans struct {
	once sync.Once
	font *opentype.Font
	err  error
}

// face is a font at one size, with its vertical metrics in pixels.
type face struct {
	f               font.Face
	px              float64 // the em size
	ascent, descent float64
	small           *face         // 70 % of the size, for synthesized scripts
	has             map[rune]bool // whether the font has a glyph for a rune
}

// newFace returns Liberation Sans at px pixels (the em size), unhinted, so
// glyphs render the same on every machine.
func newFace(px float64) (*face, error) {
	sans.once.Do(func() { sans.font, sans.err = opentype.Parse(liberationsansregular.TTF) })
	if sans.err != nil {
		return nil, fmt.Errorf("plot: parsing the font: %w", sans.err)
	}
	f, err := opentype.NewFace(sans.font, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("plot: font face: %w", err)
	}
	m := f.Metrics()
	return &face{f: f, px: px, ascent: fromFixed(m.Ascent), descent: fromFixed(m.Descent), has: map[rune]bool{}}, nil
}

func fromFixed(v fixed.Int26_6) float64 { return float64(v) / 64 }

// height is the height of a line of text.
func (f *face) height() float64 { return f.ascent + f.descent }

// scripts maps subscript and superscript characters to the character they
// are a small lowered (−1) or raised (+1) form of. Where the font has no
// glyph for one (ⱼ, ₖ, ⁻, … in Liberation Sans), it is drawn as that
// character at 70 % of the size, lowered or raised, instead of as a box.
var scripts = func() map[rune]script {
	m := map[rune]script{}
	for _, set := range []struct {
		chars, bases string
		dir          int
	}{
		{"₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₔₕₖₗₘₙₚₛₜⱼᵢᵣᵤᵥᵦᵧᵨᵩᵪ", "0123456789+−=()aeoxəhklmnpstjiruvβγρφχ", -1},
		{"⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀ", "0123456789+−=()inT", +1},
	} {
		bases := []rune(set.bases)
		for i, r := range []rune(set.chars) {
			m[r] = script{bases[i], set.dir}
		}
	}
	return m
}()

// script is a character drawn small, lowered (dir −1) or raised (+1).
type script struct {
	base rune
	dir  int
}

// run is a piece of text drawn in one size at one height.
type run struct {
	s   string
	dir int // 0: the line's size and baseline; ±1: a synthesized script
}

// runs splits s into runs: text the font has, and synthesized scripts.
// Besides the Unicode subscript and superscript characters, plot text may
// mark a script the way TeX does, with braces: "Δx_{nsd}", "‖Δ‖_{∞}" and
// "e^{−t}" draw nsd, ∞ and −t small, lowered or raised (Unicode has no
// subscript ∞, d or *). Braces do not nest; an unclosed one runs to the end.
// Liberation Sans draws ‖ (U+2016) as two hairlines that read as "ll" at
// plot sizes, so it is drawn as two vertical bars, "||".
func (f *face) runs(s string) []run {
	var out []run
	var b strings.Builder
	dir := 0
	flush := func() {
		if b.Len() > 0 {
			out = append(out, run{b.String(), dir})
			b.Reset()
		}
	}
	marked := 0 // ±1 inside _{…} or ^{…}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if marked == 0 && (r == '_' || r == '^') && i+1 < len(rs) && rs[i+1] == '{' {
			marked = map[rune]int{'_': -1, '^': 1}[r]
			i++
			continue
		}
		if marked != 0 && r == '}' {
			marked = 0
			continue
		}
		d, base := marked, r
		if sc, ok := scripts[r]; ok && (marked != 0 || !f.hasGlyph(r) || (isDigit(sc.base) && !f.hasDigits(sc.dir))) {
			d, base = sc.dir, sc.base
			if marked != 0 {
				d = marked
			}
		}
		if d != dir {
			flush()
			dir = d
		}
		if base == '‖' {
			b.WriteString("||")
			continue
		}
		b.WriteRune(base)
	}
	flush()
	return out
}

// hasDigits reports whether the font has all ten subscript (dir −1) or
// superscript (+1) digits. Where it lacks some (Liberation Sans has ¹²³
// from Latin-1 but no ⁰ or ⁴…⁹), every digit of that direction is
// synthesized, so that "10¹⁰" draws both digits alike, not ¹ in the
// font's small low style next to a synthesized large high 0.
func (f *face) hasDigits(dir int) bool {
	digits := "₀₁₂₃₄₅₆₇₈₉"
	if dir > 0 {
		digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	}
	for _, r := range digits {
		if !f.hasGlyph(r) {
			return false
		}
	}
	return true
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func (f *face) hasGlyph(r rune) bool {
	has, ok := f.has[r]
	if !ok {
		var buf sfnt.Buffer
		i, err := sans.font.GlyphIndex(&buf, r)
		has = err == nil && i != 0
		f.has[r] = has
	}
	return has
}

// faceFor is the face of a run: f, or its small face for a script.
func (f *face) faceFor(r run) *face {
	if r.dir == 0 {
		return f
	}
	if f.small == nil {
		small, err := newFace(f.px * 0.7)
		if err != nil {
			return f
		}
		f.small = small
	}
	return f.small
}

// width is the advance width of s.
func (f *face) width(s string) float64 {
	w := 0.0
	for _, r := range f.runs(s) {
		w += fromFixed(font.MeasureString(f.faceFor(r).f, r.s))
	}
	return w
}

// wrap breaks s into lines at most max pixels wide, at spaces, and
// returns at most lines of them, the last cut with "…" (fit) if s does
// not fit; nil for an empty s. A word wider than max is cut too.
func (f *face) wrap(s string, max float64, lines int) []string {
	var out []string
	words := strings.Fields(s)
	for len(words) > 0 && len(out) < lines {
		if len(out) == lines-1 {
			out = append(out, f.fit(strings.Join(words, " "), max))
			break
		}
		k := 1
		for k < len(words) && f.width(strings.Join(words[:k+1], " ")) <= max {
			k++
		}
		out = append(out, f.fit(strings.Join(words[:k], " "), max))
		words = words[k:]
	}
	return out
}

// fit returns s, or its longest prefix followed by "…" that is at most
// max pixels wide. Line breaks become spaces.
func (f *face) fit(s string, max float64) string {
	s = strings.Join(strings.Fields(s), " ")
	if f.width(s) <= max {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // the longest fitting prefix is in [lo, hi)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if f.width(string(r[:mid])+"…") <= max {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return ""
	}
	return strings.TrimRight(string(r[:lo]), " ") + "…"
}

// text draws s with its box anchored at (x, y): ax is 0 for the left edge,
// 0.5 for the centre, 1 for the right edge; ay is 0 for the top of the
// line, 0.5 for its middle and 1 for its bottom.
func (c *canvas) text(f *face, s string, x, y, ax, ay float64, col color.Color) {
	if s == "" {
		return
	}
	x -= ax * f.width(s)
	y += f.ascent - ay*f.height()
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col),
		Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64))}}
	for _, r := range f.runs(s) {
		shift := map[int]float64{-1: 0.2, 0: 0, 1: -0.38}[r.dir] * f.px // lowered or raised
		d.Face = f.faceFor(r).f
		d.Dot.Y = fixed.Int26_6(math.Round((y + shift) * 64))
		d.DrawString(r.s)
	}
}

// textUp draws s rotated a quarter turn counter-clockwise (read from the
// bottom up), its box anchored at (x, y) as for text, ax along the text and
// ay across it (0: the side towards the left of the canvas).
func (c *canvas) textUp(f *face, s string, x, y, ax, ay float64, col color.Color) {
	if s == "" {
		return
	}
	w, h := int(math.Ceil(f.width(s)))+2, int(math.Ceil(f.height()))+2
	flat := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), r: c.r}
	flat.text(f, s, 1, 1, 0, 0, col)
	up := image.NewRGBA(image.Rect(0, 0, h, w))
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			up.SetRGBA(j, w-1-i, flat.img.RGBAAt(i, j))
		}
	}
	x0 := int(math.Round(x - ay*float64(h)))
	y0 := int(math.Round(y - (1-ax)*float64(w)))
	draw.Draw(c.img, image.Rect(x0, y0, x0+h, y0+w), up, image.Point{}, draw.Over)
}
