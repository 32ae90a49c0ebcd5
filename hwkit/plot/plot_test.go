package plot

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/figure"
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
// a readable "✗ error: …" line and status 1; they are run in a child
// process (this test binary, re-run with helperEnv set).
const helperEnv = "HWKIT_PLOT_HELPER"

func TestExitOnBadInput(t *testing.T) {
	for _, tc := range []struct {
		helper   string
		notebook bool
		want     string
	}{
		{"Show(nil)", false, "✗ error: figure: no figure (a nil *figure.Figure)"},
		{"Show(nil)", true, "✗ error: figure: no figure"},
		{"ShowAll(empty)", false, "✗ error: figure: no series to plot"},
		// In a notebook whose pipe cannot be opened.
		{"Show(f)", true, "✗ error: display: opening GoNB's pipe"},
	} {
		t.Run(tc.helper+map[bool]string{true: " in a notebook"}[tc.notebook], func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
			cmd.Env = append(os.Environ(), helperEnv+"="+tc.helper, "GONB_PIPE=", "GONB_PIPE_BACK=")
			if tc.notebook {
				dir := t.TempDir()
				cmd.Env = append(cmd.Env, "GONB_PIPE="+dir+"/missing", "GONB_PIPE_BACK="+dir+"/missing_back")
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v, want status 1\n%s", err, stderr.String())
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], tc.want) {
				t.Errorf("stderr %q, want one line starting with %q", stderr.String(), tc.want)
			}
		})
	}
}

// TestHelperProcess is the child process of TestExitOnBadInput.
func TestHelperProcess(t *testing.T) {
	name := os.Getenv(helperEnv)
	if name == "" {
		t.Skip("runs as a child process of TestExitOnBadInput")
	}
	ok := figure.New("t", "x", "y").Add("s", []float64{0, 1}, []float64{0, 1}, figure.Line)
	map[string]func(){
		"Show(nil)":      func() { Show(nil) },
		"ShowAll(empty)": func() { ShowAll(ok, figure.New("t", "x", "y")) },
		"Show(f)":        func() { Show(ok) },
	}[name]()
	os.Exit(0) // a call that returns is a failure of TestExitOnBadInput
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
