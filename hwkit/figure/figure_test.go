package figure_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/figure"
)

func ExampleFigure_String() {
	f := figure.New("Loss", "iteration", "f(θ)")
	f.LogY = true
	f.Add("SGD", []float64{0, 1, 2}, []float64{1, 0.25, 0.0625}, figure.Line)
	fmt.Print(f)
	// Output:
	// [plot] Loss
	//   x: iteration; y: f(θ) (log)
	//   SGD: 3 points, (0, 1) … (2, 0.0625)
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    *figure.Figure
		err  string
	}{
		{"no series", figure.New("t", "x", "y"), "no series"},
		{"ragged", figure.New("t", "x", "y").Add("s", []float64{1, 2}, []float64{1}, figure.Line), "2 x values but 1 y values"},
		{"nothing drawable", func() *figure.Figure {
			f := figure.New("t", "x", "y").Add("s", []float64{1, 2}, []float64{0, -1}, figure.Line)
			f.LogY = true
			return f
		}(), "no finite point"},
		{"nan only", figure.New("t", "x", "y").Add("s", []float64{math.NaN()}, []float64{1}, figure.Line), "no finite point"},
	} {
		err := tc.f.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.err)
		}
	}
	ok := figure.New("t", "x", "y").Add("s", []float64{0, 1}, []float64{0, 1}, figure.Points)
	if err := ok.Validate(); err != nil {
		t.Errorf("valid figure: %v", err)
	}
}

func TestDrawableAndSize(t *testing.T) {
	f := &figure.Figure{LogX: true}
	if f.Drawable(0, 1) || !f.Drawable(1, -1) || f.Drawable(1, math.Inf(1)) {
		t.Error("Drawable on a log x axis")
	}
	if w, h := f.Size(); w != figure.DefaultWidth || h != figure.DefaultHeight {
		t.Errorf("default size %v×%v", w, h)
	}
	f.Width, f.Height = 300, 200
	if w, h := f.Size(); w != 300 || h != 200 {
		t.Errorf("size %v×%v", w, h)
	}
	// Size is always drawable: NaN and negative mean the default, the rest
	// is clamped; Validate reports what Size had to change.
	for _, tc := range []struct{ in, want float64 }{
		{math.NaN(), figure.DefaultWidth}, {-5, figure.DefaultWidth}, {math.Inf(-1), figure.DefaultWidth},
		{1, figure.MinSize}, {1e7, figure.MaxSize}, {math.Inf(1), figure.MaxSize},
	} {
		g := &figure.Figure{Width: tc.in}
		if w, _ := g.Size(); w != tc.want {
			t.Errorf("Size with Width %v: %v, want %v", tc.in, w, tc.want)
		}
	}
}

func TestRange(t *testing.T) {
	if (figure.Range{}).IsSet() || (figure.Range{Min: 1, Max: 1}).IsSet() || !(figure.Range{Min: -1, Max: 0}).IsSet() {
		t.Error("IsSet")
	}
}

// A nil figure is an error to draw and prints as "no figure"; Add on it
// starts a new one.
func TestNilFigure(t *testing.T) {
	var f *figure.Figure
	if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("Validate: %v", err)
	}
	if f.String() != "[plot] no figure\n" {
		t.Errorf("String: %q", f.String())
	}
	if w, h := f.Size(); w != figure.DefaultWidth || h != figure.DefaultHeight {
		t.Errorf("Size: %v×%v", w, h)
	}
	if g := f.Add("s", []float64{1}, []float64{2}, figure.Points); g == nil || len(g.Series) != 1 || g.Validate() != nil {
		t.Errorf("Add on nil: %+v", g)
	}
}

// Validate says why a figure cannot be drawn; Size is what would be drawn.
func ExampleFigure_Validate() {
	f := figure.New("Loss", "iteration", "f(θ)")
	fmt.Println(f.Validate())
	f.Add("SGD", []float64{0, 1}, []float64{1, 0}, figure.Line)
	f.LogY = true // 0 cannot be drawn on a log axis: one point left
	fmt.Println(f.Validate())
	f.Width = 1e7
	fmt.Println(f.Validate())
	fmt.Println(f.Size())
	// Output:
	// figure: no series to plot
	// <nil>
	// figure: Width 1e+07 CSS pixels is outside [120, 1600] (0 means the default)
	// 1600 330
}

func ExampleRange_IsSet() {
	fmt.Println(figure.Range{}.IsSet(), figure.Range{Min: -1.3, Max: 1.3}.IsSet())
	// Output: false true
}

func TestStringNote(t *testing.T) {
	f := figure.New("t", "x", "y").Add("s", []float64{1}, []float64{2}, figure.Points)
	if strings.Contains(f.String(), "note") {
		t.Errorf("no note set, but String says %q", f.String())
	}
	f.Note = "a and b\ncoincide"
	if got := f.String(); !strings.HasSuffix(got, "  note: a and b coincide\n") {
		t.Errorf("String = %q, want the note on one last line", got)
	}
}
