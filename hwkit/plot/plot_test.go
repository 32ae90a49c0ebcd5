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

// Outside a notebook, Show prints the figure's plain-text description.
func ExampleShow() {
	f := figure.New("Loss", "iteration", "f(θ)")
	f.Add("SGD", []float64{0, 1}, []float64{1, 0.5}, figure.Line)
	Show(f)
	// Output:
	// [plot] Loss
	//   x: iteration; y: f(θ)
	//   SGD: 2 points, (0, 1) … (1, 0.5)
}

func TestBundle(t *testing.T) {
	f := figure.New("Loss", "iteration", "f(θ)")
	f.LogY = true
	x := make([]float64, 50)
	y := make([]float64, 50)
	for i := range x {
		x[i], y[i] = float64(i), math.Pow(0.5, float64(i))
	}
	f.Add("halving", x, y, figure.LinePoints)
	f.Add("ref", []float64{0, 49}, []float64{1e-3, 1e-3}, figure.Dashed)
	b, err := Bundle(f)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b.Data["image/png"].([]byte)))
	if err != nil {
		t.Fatal(err)
	}
	w, h := f.Size()
	if got := img.Bounds().Dx(); got != int(w)*Scale {
		t.Errorf("PNG width %d px, want %d (Scale × display width)", got, int(w)*Scale)
	}
	if got := img.Bounds().Dy(); got != int(h)*Scale {
		t.Errorf("PNG height %d px, want %d", got, int(h)*Scale)
	}
	meta := b.Metadata["image/png"].(map[string]any)
	if meta["width"] != int(w) || meta["height"] != int(h) {
		t.Errorf("metadata %v, want width %v, height %v", meta, int(w), int(h))
	}
	if s, _ := b.Data["text/plain"].(string); !strings.Contains(s, "halving: 50 points") {
		t.Errorf("text/plain: %q", s)
	}
}

// Show and ShowAll end the program on a figure that cannot be drawn with
// a readable "✗ error: …" line and status 1 (each run in a child process).
func TestExitOnBadInput(t *testing.T) {
	ok := figure.New("t", "x", "y").Add("s", []float64{0, 1}, []float64{0, 1}, figure.Line)
	badinput.RunExits(t, []badinput.Exit{
		{Name: "Show(nil)", Call: func() { Show(nil) }, Want: "✗ error: figure: no figure (a nil *figure.Figure)"},
		{Name: "Show(nil)", Notebook: true, Call: func() { Show(nil) }, Want: "✗ error: figure: no figure"},
		{Name: "ShowAll(ok, empty)", Call: func() { ShowAll(ok, figure.New("t", "x", "y")) }, Want: "✗ error: figure: no series to plot"},
		// In a notebook whose pipe cannot be opened.
		{Name: "Show(ok)", Notebook: true, Call: func() { Show(ok) }, Want: "✗ error: display: opening GoNB's pipe"},
	})
}

func ExamplePNG() {
	f := figure.New("Loss", "iteration", "f(θ)").Add("SGD", []float64{0, 1, 2}, []float64{1, 0.5, 0.25}, figure.Line)
	b, err := PNG(f)
	if err != nil {
		panic(err)
	}
	img, _ := png.Decode(bytes.NewReader(b))
	fmt.Println(img.Bounds().Dx(), "×", img.Bounds().Dy(), "pixels")
	_, err = PNG(figure.New("empty", "x", "y"))
	fmt.Println(err)
	// Output:
	// 1200 × 660 pixels
	// figure: no series to plot
}
