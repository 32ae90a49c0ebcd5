package figure_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/internal/badinput"
)

// Every exported function and method with bad and extreme input: an error
// or a finite, correct result, never a panic or a hang.
func TestBadInput(t *testing.T) {
	var cases []badinput.Case
	add := func(name, err string, call func() error) {
		cases = append(cases, badinput.Case{Name: name, Err: err, Call: call})
	}
	fig := func(x, y []float64) *figure.Figure { return figure.New("t", "x", "y").Add("s", x, y, figure.Line) }
	// Validate.
	var nilFig *figure.Figure
	add("Validate/nil", "no figure", nilFig.Validate)
	add("Validate/empty", "no series", figure.New("", "", "").Validate)
	add("Validate/nil slices", "no finite point", fig(nil, nil).Validate)
	add("Validate/mismatched", "2 x values but 1 y values", fig([]float64{1, 2}, []float64{1}).Validate)
	for _, v := range badinput.Specials {
		name := fmt.Sprint("Validate/point ", v)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			add(name, "no finite point", fig([]float64{v}, []float64{v}).Validate)
		} else {
			add(name, "", fig([]float64{v}, []float64{v}).Validate)
		}
		log := fig([]float64{1, 2}, []float64{v, v})
		log.LogY = true
		if v > 0 && !math.IsInf(v, 0) {
			add(name+" on a log axis", "", log.Validate)
		} else {
			add(name+" on a log axis", "no finite point", log.Validate)
		}
		sized := fig([]float64{1}, []float64{1})
		sized.Width = v
		switch {
		case v == 0:
			add(fmt.Sprint("Validate/Width ", v), "", sized.Validate)
		default: // every special is NaN, infinite, tiny or huge
			add(fmt.Sprint("Validate/Width ", v), "Width", sized.Validate)
		}
		ranged := fig([]float64{1}, []float64{1})
		ranged.XRange = figure.Range{Min: v, Max: math.Inf(1)}
		add(fmt.Sprint("Validate/XRange from ", v, " to +Inf"), "XRange", ranged.Validate)
	}
	tooMany := figure.New("", "", "")
	for range figure.MaxSeries + 1 {
		tooMany.Add("", []float64{1}, []float64{1}, figure.Points)
	}
	add("Validate/too many series", "101 series", tooMany.Validate)
	wide := fig([]float64{1}, []float64{1})
	wide.XRange = figure.Range{Min: -math.MaxFloat64, Max: math.MaxFloat64}
	add("Validate/the whole float64 range", "", wide.Validate)
	logRange := fig([]float64{1}, []float64{1})
	logRange.LogX, logRange.XRange = true, figure.Range{Min: 0, Max: 1}
	add("Validate/log range from 0", "not positive", logRange.Validate)
	reversed := fig([]float64{1}, []float64{1})
	reversed.YRange = figure.Range{Min: 2, Max: 1}
	add("Validate/reversed range", "Min < Max", reversed.Validate)

	// String, Size, Drawable, Add, IsSet: results checked.
	big := make([]float64, 1_000_000)
	for _, tc := range []struct {
		name string
		f    *figure.Figure
		want string
	}{
		{"nil", nil, "[plot] no figure\n"},
		{"ragged", fig([]float64{1, 2}, []float64{1}), "  s: 1 points\n"},
		{"NaN and Inf", fig([]float64{math.NaN(), 1}, []float64{math.Inf(1), math.Inf(-1)}), "(NaN, +Inf) … (1, -Inf)"},
		{"subnormal", fig([]float64{5e-324}, []float64{-5e-324}), "(4.94066e-324, -4.94066e-324)"},
		{"a million points", fig(big, big), "s: 1000000 points, (0, 0) … (0, 0)"},
		{"newline in the title", figure.New("a\nb", "x", "y"), "[plot] a\nb\n"},
	} {
		add("String/"+tc.name, "", func() error {
			if got := tc.f.String(); !strings.Contains(got, tc.want) {
				return badinput.Wrong("%q does not contain %q", got, tc.want)
			}
			return nil
		})
	}
	for _, v := range badinput.Specials {
		add(fmt.Sprint("Size/", v), "", func() error {
			w, h := (&figure.Figure{Width: v, Height: v}).Size()
			if !(w >= figure.MinSize && w <= figure.MaxSize && h >= figure.MinSize && h <= figure.MaxSize) {
				return badinput.Wrong("size %v×%v outside [%d, %d]", w, h, figure.MinSize, figure.MaxSize)
			}
			return nil
		})
		add(fmt.Sprint("Drawable/", v), "", func() error {
			lin, log := &figure.Figure{}, &figure.Figure{LogX: true, LogY: true}
			finite := !math.IsNaN(v) && !math.IsInf(v, 0)
			if lin.Drawable(v, v) != finite || log.Drawable(v, v) != (finite && v > 0) {
				return badinput.Wrong("Drawable(%v, %v): %v, on log axes %v", v, v, lin.Drawable(v, v), log.Drawable(v, v))
			}
			return nil
		})
		add(fmt.Sprint("IsSet/", v), "", func() error {
			if (figure.Range{Min: v, Max: v}).IsSet() || (figure.Range{Min: v, Max: math.NaN()}).IsSet() {
				return badinput.Wrong("an empty or NaN range counts as set")
			}
			return nil
		})
	}
	add("Add/nil figure", "", func() error {
		if g := nilFig.Add("s", nil, nil, figure.Style(99)); g == nil || len(g.Series) != 1 {
			return badinput.Wrong("Add on nil gave %+v", g)
		}
		return nil
	})
	badinput.Run(t, cases)
	fs, n := badinput.Size(cases)
	t.Logf("bad-input table: %d functions, %d calls", fs, n)
}

// FuzzFigure builds a figure from arbitrary floats: Validate, String, Size
// and Drawable never panic, Size is always within bounds, and Validate
// accepts the figure exactly when it has a drawable point and valid sizes.
func FuzzFigure(f *testing.F) {
	f.Add(badinput.Bytes(0, 1, 1, 2), false, false, 0.0, 0.0)
	f.Add(badinput.Bytes(math.NaN(), math.Inf(1), -1e308, 1e308), true, true, math.NaN(), 1e7)
	f.Add(badinput.Bytes(5e-324, -5e-324, 0, math.Copysign(0, -1)), true, false, 120.0, 1600.0)
	f.Fuzz(func(t *testing.T, data []byte, logX, logY bool, w, h float64) {
		xs := badinput.Floats(data)
		half := len(xs) / 2
		g := figure.New("t", "x", "y").Add("s", xs[:half], xs[half:2*half], figure.Line)
		g.LogX, g.LogY, g.Width, g.Height = logX, logY, w, h
		if gw, gh := g.Size(); !(gw >= figure.MinSize && gw <= figure.MaxSize && gh >= figure.MinSize && gh <= figure.MaxSize) {
			t.Fatalf("Size %v×%v", gw, gh)
		}
		drawable := false
		for i := range half {
			drawable = drawable || g.Drawable(xs[i], xs[half+i])
		}
		okSize := func(v float64) bool { return v == 0 || v >= figure.MinSize && v <= figure.MaxSize }
		if err := g.Validate(); (err == nil) != (drawable && okSize(w) && okSize(h)) {
			t.Fatalf("Validate: %v with drawable %v, size %v×%v", err, drawable, w, h)
		}
		if !strings.HasPrefix(g.String(), "[plot] t\n") {
			t.Fatalf("String %q", g.String())
		}
	})
}
