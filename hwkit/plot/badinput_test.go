package plot

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/internal/badinput"
)

// drawn checks that b is a PNG of f's size (Scale × its display size).
func drawn(b []byte, f *figure.Figure) error {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return badinput.Wrong("not a PNG: %v", err)
	}
	w, h := f.Size()
	if img.Bounds().Dx() != int(w)*Scale || img.Bounds().Dy() != int(h)*Scale {
		return badinput.Wrong("PNG %v, want %v×%v", img.Bounds(), int(w)*Scale, int(h)*Scale)
	}
	return nil
}

// badFigures are figures a student could build, each with the error PNG
// must return ("" for a figure that must draw).
func badFigures() []struct {
	name, err string
	f         *figure.Figure
} {
	type bad = struct {
		name, err string
		f         *figure.Figure
	}
	line := func(x, y []float64) *figure.Figure { return figure.New("t", "x", "y").Add("s", x, y, figure.Line) }
	with := func(f *figure.Figure, set func(f *figure.Figure)) *figure.Figure { set(f); return f }
	fs := []bad{
		{"nil", "no figure", nil},
		{"no series", "no series", figure.New("t", "x", "y")},
		{"nil slices", "no finite point", line(nil, nil)},
		{"mismatched", "2 x values but 3 y values", line([]float64{1, 2}, []float64{1, 2, 3})},
		{"NaN width", "Width NaN", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) { f.Width = math.NaN() })},
		{"width 1e7", "Width 1e+07", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) { f.Width = 1e7 })},
		{"width 1", "Width 1 ", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) { f.Width = 1 })},
		{"height -Inf", "Height -Inf", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) { f.Height = math.Inf(-1) })},
		{"smallest size", "", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) { f.Width, f.Height = figure.MinSize, figure.MinSize })},
		{"largest size", "", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) { f.Width, f.Height = figure.MaxSize, figure.MaxSize })},
		{"reversed range", "Min < Max", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) { f.XRange = figure.Range{Min: 1, Max: -1} })},
		{"whole float64 range", "", with(line([]float64{0, 1}, []float64{0, 1}), func(f *figure.Figure) {
			f.XRange, f.YRange = figure.Range{Min: -math.MaxFloat64, Max: math.MaxFloat64}, figure.Range{Min: -math.MaxFloat64, Max: math.MaxFloat64}
		})},
		{"range below resolution", "", with(line([]float64{1, 2}, []float64{1, 1}), func(f *figure.Figure) {
			f.YRange = figure.Range{Min: 1, Max: math.Nextafter(1, 2)}
		})},
		{"log range from 0", "not positive", with(line([]float64{1, 2}, []float64{1, 2}), func(f *figure.Figure) {
			f.LogY, f.YRange = true, figure.Range{Min: 0, Max: 2}
		})},
		{"log axes, non-positive only", "no finite point", with(line([]float64{-1, 0}, []float64{1, 2}), func(f *figure.Figure) { f.LogX = true })},
		{"log axes, subnormal to max", "", with(line([]float64{5e-324, math.MaxFloat64}, []float64{math.MaxFloat64, 5e-324}), func(f *figure.Figure) {
			f.LogX, f.LogY = true, true
		})},
		{"±1e308 span", "", line([]float64{-1e308, 1e308, -1e308}, []float64{1e308, -1e308, 1e308})},
		{"±MaxFloat64 span", "", line([]float64{-math.MaxFloat64, math.MaxFloat64}, []float64{math.MaxFloat64, -math.MaxFloat64})},
		{"subnormals", "", line([]float64{5e-324, 1e-323, 1.5e-323}, []float64{-5e-324, 0, 5e-324})},
		{"one point", "", line([]float64{3}, []float64{3})},
		{"one point, equal aspect", "", with(line([]float64{3}, []float64{3}), func(f *figure.Figure) { f.EqualAspect = true })},
		{"equal aspect over ±1e308", "", with(line([]float64{-1e308, 1e308}, []float64{0, 1}), func(f *figure.Figure) { f.EqualAspect = true })},
		{"NaN and Inf points among good ones", "", line([]float64{0, math.NaN(), 1, math.Inf(1), 2}, []float64{0, 1, math.Inf(-1), 1, 2})},
		{"odd style and colours", "", func() *figure.Figure {
			f := figure.New("t", "x", "y")
			f.Series = []figure.Series{{Name: "a", X: []float64{0, 1}, Y: []float64{0, 1}, Style: figure.Style(99), Color: -5},
				{Name: "b", X: []float64{0, 1}, Y: []float64{1, 0}, Style: figure.Style(-1), Color: 1 << 40}}
			return f
		}()},
		{"many series", "", func() *figure.Figure {
			f := figure.New("t", "x", "y")
			for i := range figure.MaxSeries {
				f.Add(fmt.Sprint("series ", i), []float64{0, 1}, []float64{float64(i), 0}, figure.LinePoints)
			}
			return f
		}()},
		{"too many series", "101 series", func() *figure.Figure {
			f := figure.New("t", "x", "y")
			for range figure.MaxSeries + 1 {
				f.Add("", []float64{0}, []float64{0}, figure.Points)
			}
			return f
		}()},
		{"long texts and line breaks", "", func() *figure.Figure {
			long := strings.Repeat("θ₁ ‖g‖∞ ", 20_000)
			f := figure.New(long, long, "y\nlabel")
			f.Add(long, []float64{0, 1}, []float64{0, 1}, figure.Dashed).Add("two\nlines", []float64{0, 1}, []float64{1, 0}, figure.Points)
			return f
		}()},
	}
	return fs
}

// Every exported function with bad and extreme input: an error or a
// finite, correct result, never a panic or a hang. (Show and ShowAll end
// the program on bad input; TestExitOnBadInput runs them.)
func TestBadInput(t *testing.T) {
	var cases []badinput.Case
	for _, bf := range badFigures() {
		cases = append(cases,
			badinput.Case{Name: "PNG/" + bf.name, Err: bf.err, Call: func() error {
				b, err := PNG(bf.f)
				if err != nil {
					return err
				}
				return drawn(b, bf.f)
			}},
			badinput.Case{Name: "Bundle/" + bf.name, Err: bf.err, Call: func() error {
				b, err := Bundle(bf.f)
				if err != nil {
					return err
				}
				if s, _ := b.Data["text/plain"].(string); !strings.HasPrefix(s, "[plot]") {
					return badinput.Wrong("text/plain %.40q", s)
				}
				return drawn(b.Data["image/png"].([]byte), bf.f)
			}})
	}
	badinput.Run(t, cases)
	fs, n := badinput.Size(cases)
	t.Logf("bad-input table: %d functions, %d calls", fs, n)
}

// FuzzPNG draws figures of arbitrary points on arbitrary axes: PNG fails
// exactly when the figure does not validate, and otherwise returns an
// image of the figure's size.
func FuzzPNG(f *testing.F) {
	f.Add(badinput.Bytes(0, 1, 2, 0, 1, 4), false, false, false, uint8(0))
	f.Add(badinput.Bytes(-1e308, 1e308, 1e308, -1e308), false, false, true, uint8(3))
	f.Add(badinput.Bytes(5e-324, math.MaxFloat64, math.NaN(), math.Inf(1)), true, true, false, uint8(1))
	f.Add(badinput.Bytes(1, 1, 1, 1, 1, 1), true, false, true, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, logX, logY, equal bool, style uint8) {
		xs := badinput.Floats(data)
		if len(xs) > 4000 {
			xs = xs[:4000]
		}
		half := len(xs) / 2
		g := figure.New("fuzz", "x", "y")
		g.LogX, g.LogY, g.EqualAspect = logX, logY, equal
		g.Width, g.Height = 240, 160 // small images: more inputs per second
		g.Add("s", xs[:half], xs[half:2*half], figure.Style(style%5))
		b, err := PNG(g)
		if verr := g.Validate(); (err != nil) != (verr != nil) {
			t.Fatalf("PNG error %v, Validate %v", err, verr)
		}
		if err == nil {
			if err := drawn(b, g); err != nil {
				t.Fatal(err)
			}
		}
	})
}
