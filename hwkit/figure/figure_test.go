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
}
