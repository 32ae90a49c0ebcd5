package plot

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dl-course/hw2/hwkit/figure"
)

var regen = flag.Bool("regen", false, "rewrite the golden images of TestGolden from the current renderer")

// Golden images, in the way of gonum/plot's cmpimg: each figure is drawn
// and compared with a committed PNG in testdata/golden; `go test
// ./hwkit/plot -run TestGolden -regen` rewrites them after a deliberate
// change (look at them before committing). The comparison tolerates what
// can differ between machines in rendering the same pixels (anti-aliasing
// rounding on another CPU): the font is embedded and unhinted and the
// rasterizer is Go code, so no system font or library is involved, and a
// pixel counts as different only when a channel differs by more than
// goldenDelta; up to goldenPixels such pixels pass. A moved line or a
// changed tick label differs in hundreds of pixels.
const (
	goldenDelta  = 24
	goldenPixels = 25
)

func TestGolden(t *testing.T) {
	for name, f := range goldenFigures() {
		t.Run(name, func(t *testing.T) {
			got, err := PNG(f)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name+".png")
			if *regen {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -regen to create it)", err)
			}
			n, diff, err := comparePNG(got, want)
			if err != nil {
				t.Fatal(err)
			}
			if n > goldenPixels {
				dir := filepath.Join(os.TempDir(), "hwkit-golden")
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, name+".png"), got, 0o644)
				var b bytes.Buffer
				png.Encode(&b, diff)
				os.WriteFile(filepath.Join(dir, name+".diff.png"), b.Bytes(), 0o644)
				t.Errorf("%d pixels differ from %s (at most %d may): got and diff written to %s",
					n, path, goldenPixels, dir)
			}
		})
	}
}

// comparePNG decodes two PNGs and counts the pixels in which a channel
// differs by more than goldenDelta; diff marks them in red.
func comparePNG(a, b []byte) (int, *image.RGBA, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, nil, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, nil, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 0, nil, fmt.Errorf("size %v, want %v", ia.Bounds(), ib.Bounds())
	}
	diff := image.NewRGBA(ia.Bounds())
	n := 0
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			r1, g1, b1, _ := ia.At(x, y).RGBA()
			r2, g2, b2, _ := ib.At(x, y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) >> 8
			c := color.RGBA{230, 230, 230, 255}
			if d > goldenDelta {
				n++
				c = color.RGBA{255, 0, 0, 255}
			}
			diff.SetRGBA(x, y, c)
		}
	}
	return n, diff, nil
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// goldenFigures are small figures covering the renderer's parts: log and
// linear axes, negative values, dashes, markers, legends, equal aspect,
// fixed ranges, a degenerate range and extreme values.
func goldenFigures() map[string]*figure.Figure {
	small := func(f *figure.Figure) *figure.Figure {
		f.Width, f.Height = 360, 220
		return f
	}
	n := 120
	x, fast, slow, zig := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		x[i] = float64(i + 1)
		fast[i] = math.Pow(0.8, float64(i))
		slow[i] = 1 / float64(i+1)
		zig[i] = math.Pow(0.9, float64(i)) * (1.5 + math.Cos(float64(i)))
	}
	loglog := small(figure.New("Loss f(θ)", "iteration", "f(θ)"))
	loglog.LogX, loglog.LogY = true, true
	loglog.Add("fast 0.8ᵗ", x, fast, figure.Line)
	loglog.Add("1/(t+1)", x, slow, figure.Dashed)
	loglog.Add("zigzag", x, zig, figure.Line)

	var cx, cy []float64
	for i := 0; i <= 64; i++ {
		a := 2 * math.Pi * float64(i) / 64
		cx, cy = append(cx, math.Cos(a)), append(cy, math.Sin(a))
	}
	ball := small(figure.New("Unit balls, g = [2, 1]", "s₁", "s₂"))
	ball.EqualAspect = true
	ball.XRange, ball.YRange = figure.Range{Min: -1.3, Max: 1.3}, figure.Range{Min: -1.3, Max: 1.3}
	ball.Add("‖s‖₂ = 1", cx, cy, figure.Line)
	ball.Add("‖s‖∞ = 1", []float64{1, -1, -1, 1, 1}, []float64{1, 1, -1, -1, 1}, figure.Line)
	ball.Add("s*", []float64{0.894, 1, 1}, []float64{0.447, 1, 0}, figure.Points)
	ball.Add("gᵀs = ‖g‖₂", []float64{0.3, 1.5}, []float64{1.65, -0.75}, figure.Dashed)

	signed := small(figure.New("Residual r = 1 − aᵀθ", "iteration", "rⱼ, rₖ ≥ 10⁻⁹"))
	var ix, r1, r2 []float64
	for i := 0; i < 12; i++ {
		ix = append(ix, float64(i))
		r1 = append(r1, math.Pow(-0.6, float64(i)))
		r2 = append(r2, 0.8*math.Pow(0.5, float64(i))-0.1)
	}
	signed.Add("SGD", ix, r1, figure.LinePoints)
	signed.Add("sign descent", ix, r2, figure.LinePoints)
	signed.YRange = figure.Range{Min: -0.75, Max: 1.1}

	flat := small(figure.New("", "n", "t"))
	flat.LogY = true
	flat.Add("", []float64{1, 2, 3}, []float64{2, 2, 2}, figure.Points)

	huge := small(figure.New("±1e308", "x", "y"))
	huge.Add("span", []float64{-1.7e308, 0, 1.7e308}, []float64{1.7e308, -1.7e308, 5e-324}, figure.LinePoints)

	// Every line style and chosen markers, told apart without colour.
	styles := small(figure.New("Styles", "x", "y"))
	for k, st := range []figure.Style{figure.Line, figure.Dashed, figure.Dotted, figure.DashDot, figure.Band} {
		y := float64(5 - k)
		name := []string{"line", "dashed", "dotted", "dash-dot", "band"}[k]
		styles.Add(name, []float64{0, 4, 8}, []float64{y, y + 0.4, y}, st)
	}
	styles.Add("band's line", []float64{0, 4, 8}, []float64{1, 1.4, 1}, figure.Line)
	styles.Add("square", []float64{1, 3, 5, 7}, []float64{0.3, 0.3, 0.3, 0.3}, figure.Points)
	styles.Series[len(styles.Series)-1].Marker = 2
	styles.Add("diamond", []float64{1, 3, 5, 7}, []float64{-0.4, -0.2, -0.4, -0.2}, figure.LinePoints)
	styles.Series[len(styles.Series)-1].Marker = 4

	return map[string]*figure.Figure{"loglog": loglog, "ball": ball, "signed": signed, "flat": flat, "huge": huge, "styles": styles}
}

func TestLinearTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		target int
		want   string
	}{
		{0, 1, 5, "0 0.2 0.4 0.6 0.8 1"},
		{-0.75, 1.1, 4, "-0.5 0 0.5 1"},
		{0.005, 0.99, 5, "0.2 0.4 0.6 0.8"},
		{1, 1000, 4, "200 400 600 800 1000"},
		{0, 2e6, 4, "0 5e5 1e6 1.5e6 2e6"},
		{0, 2e5, 4, "0 50000 100000 150000 200000"},
		{-1.7e308, 1.7e308, 4, "-1e308 0 1e308"},
		{-1.7e308, 1.7e308, 8, "-1.5e308 -1e308 -5e307 0 5e307 1e308 1.5e308"},
		{1e-9, 3e-9, 4, "1e-9 1.5e-9 2e-9 2.5e-9 3e-9"},
		// Too narrow for its magnitude to be split: the ends, in full.
		{1, math.Nextafter(1, 2), 5, "1 1.0000000000000002"},
	} {
		var labels []string
		for _, tk := range linearTicks(tc.lo, tc.hi, tc.target) {
			if tk.label != "" {
				labels = append(labels, tk.label)
			}
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("linearTicks(%v, %v, %d) labels %q, want %q", tc.lo, tc.hi, tc.target, got, tc.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	labels := func(ts []tick) string {
		var l []string
		for _, tk := range ts {
			if tk.label != "" {
				l = append(l, tk.label)
			}
		}
		return strings.Join(l, " ")
	}
	if got := labels(logTicks(-33, 0, 6)); got != "10⁻³⁰ 10⁻²⁴ 10⁻¹⁸ 10⁻¹² 10⁻⁶ 10⁰" {
		t.Errorf("33 decades: %q", got)
	}
	// Within 10^±3 in decimal; beyond, every decade as a power.
	if got := labels(logTicks(-3, 3, 7)); got != "0.001 0.01 0.1 1 10 100 1000" {
		t.Errorf("10^±3: %q", got)
	}
	if got := labels(logTicks(-1, 4, 6)); got != "10⁻¹ 10⁰ 10¹ 10² 10³ 10⁴" {
		t.Errorf("0.1 … 10⁴: %q", got)
	}
	few := logTicks(math.Log10(0.5), math.Log10(20), 6)
	if got := labels(few); got != "1 10" || len(few) < 15 {
		t.Errorf("few decades: labels %q, %d ticks", got, len(few))
	}
	// Within one decade the 2s and 5s are labelled.
	if got := labels(logTicks(math.Log10(1.5), math.Log10(8), 6)); got != "2 5" {
		t.Errorf("one decade: %q", got)
	}
	// Less than that: no log ticks; the axis falls back to linear ones.
	if logTicks(math.Log10(2.1), math.Log10(2.9), 6) != nil {
		t.Error("a narrow log range has no log ticks")
	}
	ax := axis{log: true, lo: math.Log10(2.1), hi: math.Log10(2.9)}
	if got := labels(ax.ticks(4)); got != "2.2 2.4 2.6 2.8" {
		t.Errorf("narrow log axis: %q", got)
	}
	// The whole float64 range.
	if ts := logTicks(math.Log10(5e-324), math.Log10(math.MaxFloat64), 6); len(ts) > maxTicks || labels(ts) == "" {
		t.Errorf("full range: %d ticks, labels %q", len(ts), labels(ts))
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		v      float64
		digits int
		expo   bool
		want   string
	}{
		{0, 3, false, "0"}, {math.Copysign(0, -1), 3, true, "0"}, {0.25, 2, false, "0.25"},
		{-1.5, 2, false, "-1.5"}, {1e6, 1, true, "1e6"}, {2.5e-7, 2, true, "2.5e-7"},
		{123456, 6, false, "123456"}, {0.0001, 1, false, "0.0001"}, {0.30000000000000004, 1, false, "0.3"},
		{1.0000000000000002, 17, false, "1.0000000000000002"}, {-1.5e308, 2, true, "-1.5e308"},
	} {
		if got := number(tc.v, tc.digits, tc.expo); got != tc.want {
			t.Errorf("number(%v, %d, %v) = %q, want %q", tc.v, tc.digits, tc.expo, got, tc.want)
		}
	}
}

// decimate keeps each column's extremes and the series' ends, in order.
func TestDecimate(t *testing.T) {
	var pts []point
	for i := range 100_000 {
		y := 1.0
		if i%2 == 1 {
			y = -1
		}
		if i == 54_321 {
			y = 5 // a spike must survive
		}
		pts = append(pts, point{float64(i), y})
	}
	out := decimate(pts, 100)
	if len(out) > 400 || len(out) < 200 {
		t.Errorf("decimated to %d points, want 200…400", len(out))
	}
	if out[0] != pts[0] || out[len(out)-1] != pts[len(pts)-1] {
		t.Error("ends not kept")
	}
	spike := false
	for i, p := range out {
		if i > 0 && p.X <= out[i-1].X {
			t.Fatalf("order broken at %d", i)
		}
		spike = spike || p.Y == 5
	}
	if !spike {
		t.Error("the spike was dropped")
	}
	if got := decimate(pts[:10], 100); len(got) != 10 {
		t.Errorf("short series changed: %d points", len(got))
	}
	// x spanning the whole float64 range does not overflow into one column.
	wide := []point{{-math.MaxFloat64, 0}, {0, 1}, {math.MaxFloat64, 0}}
	for range 10 {
		wide = append(wide, wide[:3]...)
	}
	if got := decimate(wide, 2); len(got) < 4 {
		t.Errorf("wide series decimated to %d points", len(got))
	}
}

func TestDashes(t *testing.T) {
	pieces := dashes([]point{{0, 0}, {10, 0}, {10, 10}}, 4, 2)
	// 20 pixels of 4 on, 2 off: dashes at 0–4, 6–10, 12–16, 18–20.
	var lengths []string
	for _, p := range pieces {
		l := 0.0
		for i := 1; i < len(p); i++ {
			l += math.Hypot(p[i].X-p[i-1].X, p[i].Y-p[i-1].Y)
		}
		lengths = append(lengths, fmt.Sprintf("%.3g", l))
	}
	if got := strings.Join(lengths, " "); got != "4 4 4 2" {
		t.Errorf("dash lengths %q, want \"4 4 4 2\"", got)
	}
	if len(pieces[1]) != 3 || pieces[1][1] != (point{10, 0}) {
		t.Errorf("the dash across the corner keeps the corner: %v", pieces[1])
	}
	if dashes(nil, 4, 2) != nil || dashes([]point{{0, 0}, {1, 1}}, 0, 2) != nil ||
		dashes([]point{{0, 0}, {1, 1}}) != nil || dashes([]point{{0, 0}, {1, 1}}, 4, 2, 1) != nil {
		t.Error("no pattern, no dashes")
	}
	// A dash-dot pattern: 5 on, 2 off, 1 on, 2 off, then again.
	var starts []string
	for _, p := range dashes([]point{{0, 0}, {25, 0}}, 5, 2, 1, 2) {
		starts = append(starts, fmt.Sprintf("%g–%g", p[0].X, p[len(p)-1].X))
	}
	if got := strings.Join(starts, " "); got != "0–5 7–8 10–15 17–18 20–25" {
		t.Errorf("dash-dot pieces %q", got)
	}
}

// A band is drawn beneath the other series whatever their order, in a
// light tint of its colour; a line on it keeps its own colour.
func TestBandBeneath(t *testing.T) {
	f := figure.New("", "", "")
	f.Add("line", []float64{0, 1}, []float64{0.5, 0.5}, figure.Line)
	f.Add("band", []float64{0, 1}, []float64{0.5, 0.5}, figure.Band)
	f.Series[1].Color = 2
	f.YRange = figure.Range{Min: 0, Max: 1}
	p, img := chartAndImage(t, f)
	x, y := int((p.data.x0+p.data.x1)/2), int(math.Round((p.data.y0+p.data.y1)/2))
	if c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA); c != palette[0] {
		t.Errorf("centre pixel %v, want the line's colour %v", c, palette[0])
	}
	tint := p.lineColour(1)
	if tint == palette[1] || tint.G < palette[1].G || tint.R < palette[1].R {
		t.Errorf("band colour %v is not a light tint of %v", tint, palette[1])
	}
	edge := color.RGBAModel.Convert(img.At(x, y+int(math.Floor(bandWidth*pt/2))-3)).(color.RGBA)
	if edge != tint {
		t.Errorf("pixel inside the band's edge %v, want the tint %v", edge, tint)
	}
}

// Series.Marker fixes a series' marker shape whatever its position; 0
// takes the next shape among the figure's series with markers.
func TestMarkerChosen(t *testing.T) {
	f := figure.New("", "", "")
	f.Add("a", []float64{0, 1}, []float64{0, 1}, figure.Points)
	f.Add("b", []float64{0, 1}, []float64{1, 0}, figure.LinePoints)
	f.Add("c", []float64{0, 1}, []float64{1, 1}, figure.Points)
	f.Series[1].Marker = 4
	p, err := newChart(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(p.marks); got != fmt.Sprint([]int{markCircle, markDiamond, markSquare}) {
		t.Errorf("marker shapes %s", got)
	}
}

func TestClipSegment(t *testing.T) {
	max := math.MaxFloat64
	for _, tc := range []struct {
		a, b   point
		ok     bool
		ca, cb point
	}{
		{point{0.5, 0.5}, point{0.6, 0.7}, true, point{0.5, 0.5}, point{0.6, 0.7}},
		{point{-1, 0.5}, point{2, 0.5}, true, point{0, 0.5}, point{1, 0.5}},
		{point{-1, -1}, point{-2, 3}, false, point{}, point{}},
		// Endpoints at the ends of the float64 range: no overflow.
		{point{-max, 0.5}, point{max, 0.5}, true, point{0, 0.5}, point{1, 0.5}},
		{point{0.5, 0.5}, point{max, max}, true, point{0.5, 0.5}, point{1, 1}},
	} {
		a, b, ok := clipSegment(tc.a, tc.b, 0, 1, 0, 1)
		if ok != tc.ok || ok && (!near(a, tc.ca) || !near(b, tc.cb)) {
			t.Errorf("clip %v–%v: %v %v %v, want %v %v %v", tc.a, tc.b, a, b, ok, tc.ca, tc.cb, tc.ok)
		}
	}
}

func near(p, q point) bool { return math.Abs(p.X-q.X) < 1e-12 && math.Abs(p.Y-q.Y) < 1e-12 }

// EqualAspect makes one data unit equally long on both axes.
func TestEqualAspect(t *testing.T) {
	f := figure.New("ball", "x", "y")
	f.Add("s", []float64{-1, 1, 1, -1, -1}, []float64{-0.5, -0.5, 0.5, 0.5, -0.5}, figure.Line)
	f.EqualAspect = true
	f.XRange = figure.Range{Min: -1, Max: 1}
	p, err := newChart(f)
	if err != nil {
		t.Fatal(err)
	}
	p.layout()
	for range 4 {
		p.equalAspect()
		p.layout()
	}
	ux := (p.data.x1 - p.data.x0) / (p.x.hi - p.x.lo)
	uy := (p.data.y1 - p.data.y0) / (p.y.hi - p.y.lo)
	if math.Abs(ux-uy) > 1e-3*ux {
		t.Errorf("pixels per unit: x %v, y %v", ux, uy)
	}
	if p.y.lo > -0.5 || p.y.hi < 0.5 {
		t.Errorf("the data no longer fits: y in [%v, %v]", p.y.lo, p.y.hi)
	}
}

// A plot draws its series where the axes say: a horizontal line at y = 0.5
// on [0, 1] lands half-way up the data area, in its colour.
func TestSeriesLandsOnItsCoordinates(t *testing.T) {
	f := figure.New("", "", "").Add("", []float64{0, 1}, []float64{0.5, 0.5}, figure.Line)
	f.YRange = figure.Range{Min: 0, Max: 1}
	p, img := chartAndImage(t, f)
	x := int((p.data.x0 + p.data.x1) / 2)
	y := int(math.Round((p.data.y0 + p.data.y1) / 2))
	if c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA); c != palette[0] {
		t.Errorf("pixel (%d, %d) is %v, want the first palette colour %v", x, y, c, palette[0])
	}
	if c := color.RGBAModel.Convert(img.At(x, y-12)).(color.RGBA); c == palette[0] {
		t.Errorf("the line is more than 12 pixels thick at (%d, %d)", x, y)
	}
}

// Drawing time does not depend on the values: the float64 range, a zigzag
// of a million points and a thousand series of huge values all draw in
// well under a few seconds.
func TestPNGTimeIsBounded(t *testing.T) {
	zig := figure.New("zigzag", "x", "y")
	x, y := make([]float64, 1_000_000), make([]float64, 1_000_000)
	for i := range x {
		x[i], y[i] = float64(i), float64(i%2)*1e308-5e307
	}
	zig.Add("z", x, y, figure.LinePoints)
	many := figure.New("many", "x", "y")
	for i := range figure.MaxSeries {
		many.Add(fmt.Sprint("s", i), []float64{-1e308, 1e308}, []float64{float64(i), -1e308}, figure.Dashed)
	}
	for _, f := range []*figure.Figure{zig, many} {
		start := time.Now()
		if _, err := PNG(f); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s took %v", f.Title, d)
		}
	}
}

// BenchmarkPNG draws a typical notebook figure: two series of 200 points on
// a log axis with a legend.
func BenchmarkPNG(b *testing.B) {
	f := figure.New("Loss f(θ)", "iteration", "f(θ)")
	f.LogY = true
	x, y1, y2 := make([]float64, 200), make([]float64, 200), make([]float64, 200)
	for i := range x {
		x[i], y1[i], y2[i] = float64(i), math.Pow(0.9, float64(i)), math.Pow(0.95, float64(i))
	}
	f.Add("SGD", x, y1, figure.Line).Add("Adam", x, y2, figure.Dashed)
	for b.Loop() {
		if _, err := PNG(f); err != nil {
			b.Fatal(err)
		}
	}
}

// Subscripts and superscripts the font lacks are drawn as small lowered or
// raised letters, not as boxes; digits of one direction all alike.
func TestScriptsWithoutGlyphs(t *testing.T) {
	f, err := newFace(20)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(f.runs("max |θⱼ − θ∞ⱼ| ≤ 10⁻⁹, θ₁"))
	want := "[{max |θ 0} {j -1} { − θ∞ 0} {j -1} {| ≤ 10 0} {−9 1} {, θ₁ 0}]" // ₁ is in the font
	if got != want {
		t.Errorf("runs %s, want %s", got, want)
	}
	// The font has ¹²³ but not ⁰ or ⁴…⁹: all superscript digits are drawn
	// alike, synthesized, so "10¹⁰" does not mix two styles; the letter ᵀ
	// and the subscript digits, all in the font, keep the font's glyphs.
	if got, want := fmt.Sprint(f.runs("10¹⁰, 10²³, aᵀ, x₁₀")), "[{10 0} {10 1} {, 10 0} {23 1} {, aᵀ, x₁₀ 0}]"; got != want {
		t.Errorf("runs %s, want %s", got, want)
	}
	if w, wj := f.width("θⱼ"), f.width("θj"); !(w < wj && w > f.width("θ")) {
		t.Errorf("θⱼ is %v pixels wide: θ %v, θj %v", w, f.width("θ"), wj)
	}
}

// Plot text marks scripts Unicode lacks with TeX's braces, _{…} and ^{…},
// and draws ‖ as two bars (the font's ‖ reads as "ll").
func TestMarkedScripts(t *testing.T) {
	f, err := newFace(20)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, want string }{
		{"Δx_{nsd}, ‖g‖_{∞}", "[{Δx 0} {nsd -1} {, ||g|| 0} {∞ -1}]"},
		{"e^{−t}/2", "[{e 0} {−t 1} {/2 0}]"},
		{"ℓ_{₁} a_b x^2 {c}", "[{ℓ 0} {1 -1} { a_b x^2 {c} 0}]"}, // a Unicode script inside braces: its base
		{"Δx_{ns", "[{Δx 0} {ns -1}]"},                           // unclosed: to the end
	} {
		if got := fmt.Sprint(f.runs(c.in)); got != c.want {
			t.Errorf("runs(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	if w, plain := f.width("Δx_{nsd}"), f.width("Δxnsd"); !(w < plain && w > f.width("Δx")) {
		t.Errorf("Δx_{nsd} is %v pixels wide: Δx %v, Δxnsd %v", w, f.width("Δx"), plain)
	}
}

// A Points marker sitting on a line of its own colour has a white rim
// between it and the line; a LinePoints marker on its own line has none.
func TestPointsHalo(t *testing.T) {
	for _, c := range []struct {
		style figure.Style
		white bool
	}{{figure.Points, true}, {figure.LinePoints, false}} {
		f := figure.New("", "x", "y")
		f.XRange, f.YRange = figure.Range{Min: 0, Max: 1}, figure.Range{Min: 0, Max: 1}
		f.Add("", []float64{0, 1}, []float64{0.5, 0.5}, figure.Line)
		f.Series[0].Color = 1
		f.Add("", []float64{0.5}, []float64{0.5}, c.style)
		f.Series[1].Color = 1
		p, img := chartAndImage(t, f)
		// Just outside the marker, on the line: inside the halo.
		x := int(math.Round(p.x.dev(p.x.space(0.5)) + (markRadius+haloWidth/2)*pt))
		y := int(math.Round(p.y.dev(p.y.space(0.5))))
		r, g, bl, _ := img.At(x, y).RGBA()
		if white := r>>8 > 245 && g>>8 > 245 && bl>>8 > 245; white != c.white {
			t.Errorf("style %v: pixel (%d, %d) next to the marker is %d,%d,%d; want white %v", c.style, x, y, r>>8, g>>8, bl>>8, c.white)
		}
	}
}

// Figures can be drawn from several goroutines at once (the font is
// shared, each drawing has its own faces and canvas).
func TestPNGConcurrently(t *testing.T) {
	want, err := PNG(goldenFigures()["signed"])
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := PNG(goldenFigures()["signed"])
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("a concurrent drawing differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// FuzzTicks chooses ticks for arbitrary extents: at least two labels, all
// within the extent, in order, distinct, and at most maxTicks ticks.
func FuzzTicks(f *testing.F) {
	f.Add(0.0, 1.0, 5, false)
	f.Add(-1.7e308, 1.7e308, 3, false)
	f.Add(1.0, math.Nextafter(1, 2), 8, false)
	f.Add(-323.3, 308.2, 6, true)
	f.Add(0.3, 0.31, 2, true)
	f.Fuzz(func(t *testing.T, lo, hi float64, target int, log bool) {
		if !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			return // extents come from finite values, lo ≤ hi
		}
		if log && (lo < -323.3 || hi > 308.25) {
			return // log extents are logarithms of finite positive values
		}
		ax := axis{log: log}
		ax.extent(lo, hi) // as for data extents and fixed ranges
		lo, hi = ax.lo, ax.hi
		ts := ax.ticks(target % 20)
		if len(ts) > maxTicks {
			t.Fatalf("%d ticks", len(ts))
		}
		var labels []string
		last := math.Inf(-1)
		for _, tk := range ts {
			if tk.u < lo-1e-9*math.Abs(lo)-1e-300 || tk.u > hi+1e-9*math.Abs(hi)+1e-300 {
				t.Fatalf("tick %v outside [%v, %v]", tk.u, lo, hi)
			}
			if tk.label == "" {
				continue
			}
			if tk.u <= last {
				t.Fatalf("labels out of order at %v", tk.u)
			}
			last = tk.u
			labels = append(labels, tk.label)
		}
		if len(labels) < 2 {
			t.Fatalf("labels %q for [%v, %v]", labels, lo, hi)
		}
		for i := 1; i < len(labels); i++ {
			if labels[i] == labels[i-1] {
				t.Fatalf("repeated label %q in %q", labels[i], labels)
			}
		}
	})
}

// pixel returns the colour of img at (x, y).
func pixel(img image.Image, x, y float64) color.RGBA {
	return color.RGBAModel.Convert(img.At(int(x), int(math.Round(y)))).(color.RGBA)
}

// A floor is a thin line in its colour with a light shade below it down to
// the axis, none above, beneath the other series whatever their order.
func TestFloorShadesBelow(t *testing.T) {
	f := figure.New("", "", "")
	f.Add("line", []float64{0, 1}, []float64{0.7, 0.7}, figure.Line)
	f.Add("bound", []float64{0, 1}, []float64{0.5, 0.5}, figure.Floor)
	f.Series[1].Color = 2
	f.YRange = figure.Range{Min: 0, Max: 1}
	p, img := chartAndImage(t, f)
	x := (p.data.x0 + p.data.x1) / 2 // on no grid line: the x ticks are at 0, 0.2, …
	x += 0.05 * (p.data.x1 - p.data.x0)
	yAt := func(v float64) float64 { return p.y.dev(p.y.space(v)) }
	white := color.RGBA{255, 255, 255, 255}
	if c := pixel(img, x, yAt(0.5)); c != palette[1] {
		t.Errorf("on the floor's line %v, want its colour %v", c, palette[1])
	}
	if c := pixel(img, x, yAt(0.5)+floorWidth*pt); c == palette[1] {
		t.Errorf("one line width below the floor's line %v: the line is not thin", c)
	}
	shade := tint(palette[1], floorTint)
	for _, v := range []float64{0.45, 0.3, 0.1} {
		if c := pixel(img, x, yAt(v)); c != shade {
			t.Errorf("below the floor at y = %v: %v, want the light shade %v", v, c, shade)
		}
	}
	if shade.G < palette[1].G || shade == white {
		t.Errorf("shade %v is not a light tint of %v", shade, palette[1])
	}
	if c := pixel(img, x, yAt(0.63)); c != white {
		t.Errorf("above the floor %v, want white", c)
	}
	if c := pixel(img, x, yAt(0.7)); c != palette[0] {
		t.Errorf("the line above the floor %v, want its colour %v", c, palette[0])
	}
}

// A hollow marker leaves its inside clear and lies beneath the lines of
// the other series, even of series added after it: a line through it stays
// whole and a line under it shows through.
func TestHollowMarkersShowTheLine(t *testing.T) {
	f := figure.New("", "", "")
	f.Add("marks", []float64{0.53}, []float64{0.5}, figure.Points)         // off the grid
	f.Series[0].Hollow, f.Series[0].Color, f.Series[0].Marker = true, 2, 2 // a green square
	f.Add("line", []float64{0, 1}, []float64{0.5, 0.5}, figure.Line)
	f.Series[1].Color = 3
	f.XRange, f.YRange = figure.Range{Min: 0, Max: 1}, figure.Range{Min: 0, Max: 1}
	f.Series[0].Name, f.Series[1].Name = "", ""
	p, img := chartAndImage(t, f)
	cx, cy := p.x.dev(p.x.space(0.53)), p.y.dev(p.y.space(0.5))
	w := hollowLine * pt
	d := 0.85 * (hollowSize*pt - w/2) // the outline's half side
	if c := pixel(img, cx, cy); c != palette[2] {
		t.Errorf("marker centre %v, want the line's colour %v (the line on top)", c, palette[2])
	}
	inside := (lineWidth*pt/2 + d - w/2) / 2 // between the line's edge and the outline's
	if c := pixel(img, cx, cy-inside); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("inside the hollow square, off the line: %v, want white", c)
	}
	if c := pixel(img, cx+d/2, cy-d); c != palette[1] {
		t.Errorf("on the square's outline %v, want its colour %v", c, palette[1])
	}
}

// A note is drawn below the plot (here a plot without x label), in
// wrapped lines, and takes its room from the data area.
func TestNoteBelowPlot(t *testing.T) {
	mk := func(note string) (*chart, image.Image) {
		f := figure.New("t", "", "y").Add("s", []float64{0, 1}, []float64{0, 1}, figure.Line)
		f.Width, f.Height, f.Note = 300, 200, note
		return chartAndImage(t, f)
	}
	long := strings.Repeat("ring and halving-doubling coincide ", 6)
	p0, img0 := mk("")
	p1, img1 := mk(long)
	if len(p1.note) < 2 || len(p1.note) > noteLines {
		t.Errorf("a note of %d characters in %d lines on a 300 px figure", len(long), len(p1.note))
	}
	for _, l := range p1.note {
		if w := p1.noteFace.width(l); w > float64(p1.w) {
			t.Errorf("note line %q is %v px wide, more than the figure", l, w)
		}
	}
	if !(p1.data.y1 < p0.data.y1-float64(len(p1.note))*p1.noteFace.height()+1) {
		t.Errorf("data area ends at %v with a note, %v without: the note took no room", p1.data.y1, p0.data.y1)
	}
	dark := func(img image.Image, y0, y1 float64) int {
		n := 0
		for y := int(y0); y < int(y1); y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 128 {
					n++
				}
			}
		}
		return n
	}
	h := float64(img1.Bounds().Dy())
	band := h - padding*pt - float64(len(p1.note))*p1.noteFace.height()
	if n1, n0 := dark(img1, band, h), dark(img0, band, h); n1 < n0+500 {
		t.Errorf("dark pixels below the tick labels: %d with the note, %d without", n1, n0)
	}
}

// chartAndImage lays f out as PNG does and draws it: the layout tells a
// test where the data area and the axes are, the image what was drawn.
func chartAndImage(t *testing.T, f *figure.Figure) (*chart, image.Image) {
	t.Helper()
	p, err := newChart(f)
	if err != nil {
		t.Fatal(err)
	}
	p.layout()
	b, err := PNG(f)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return p, img
}
