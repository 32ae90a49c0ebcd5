package display

import (
	"bytes"
	"encoding/gob"
	"image/png"
	"math"
	"os/exec"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// Outside a notebook, displays print their plain-text form.
func ExampleTable() {
	t := table.New("Costs", "algorithm", "messages")
	t.AddRow("ring", 24)
	Table(t)
	// Output:
	// Costs
	// algorithm  messages
	// ---------  --------
	// ring             24
}

func ExampleFigure() {
	f := figure.New("Loss", "iteration", "f(θ)")
	f.Add("SGD", []float64{0, 1}, []float64{1, 0.5}, figure.Line)
	Figure(f)
	// Output:
	// [plot] Loss
	//   x: iteration; y: f(θ)
	//   SGD: 2 points, (0, 1) … (1, 0.5)
}

func TestTableBundle(t *testing.T) {
	b := TableBundle(table.New("T", "a").AddRow(1.5))
	for _, mime := range []string{"text/html", "text/markdown", "text/plain"} {
		if s, _ := b.Data[mime].(string); !strings.Contains(s, "1.5") {
			t.Errorf("%s missing the cell: %q", mime, s)
		}
	}
}

func TestFigureBundle(t *testing.T) {
	f := figure.New("Loss", "iteration", "f(θ)")
	f.LogY = true
	x := make([]float64, 50)
	y := make([]float64, 50)
	for i := range x {
		x[i], y[i] = float64(i), math.Pow(0.5, float64(i))
	}
	f.Add("halving", x, y, figure.LinePoints)
	f.Add("ref", []float64{0, 49}, []float64{1e-3, 1e-3}, figure.Dashed)
	b, err := FigureBundle(f)
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
	if meta["width"] != int(w) {
		t.Errorf("metadata width %v, want %v", meta["width"], int(w))
	}
	if s, _ := b.Data["text/plain"].(string); !strings.Contains(s, "halving: 50 points") {
		t.Errorf("text/plain: %q", s)
	}
}

func TestPNGErrors(t *testing.T) {
	if _, err := PNG(figure.New("empty", "x", "y")); err == nil {
		t.Error("an empty figure must be an error")
	}
	// A constant series on a log axis has a degenerate range; it must draw.
	f := figure.New("flat", "x", "y")
	f.LogY = true
	f.Add("c", []float64{1, 2, 3}, []float64{2, 2, 2}, figure.Line)
	if _, err := PNG(f); err != nil {
		t.Error(err)
	}
}

// decimate keeps each column's extremes and the series' ends, in order.
func TestDecimate(t *testing.T) {
	var pts plotter.XYs
	for i := range 100_000 {
		y := 1.0
		if i%2 == 1 {
			y = -1
		}
		if i == 54_321 {
			y = 5 // a spike must survive
		}
		pts = append(pts, plotter.XY{X: float64(i), Y: y})
	}
	out := decimate(pts, 100, false)
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
	short := pts[:10]
	if got := decimate(short, 100, false); len(got) != 10 {
		t.Errorf("short series changed: %d points", len(got))
	}
}

func TestLogTicks(t *testing.T) {
	var labels []string
	for _, tk := range (logTicks{}).Ticks(1e-33, 1) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got := strings.Join(labels, " "); got != "1e-30 1e-24 1e-18 1e-12 1e-6 1" {
		t.Errorf("labels %q", got)
	}
	ticks := (logTicks{}).Ticks(0.5, 20)
	var l []string
	for _, tk := range ticks {
		if tk.Label != "" {
			l = append(l, tk.Label)
		}
	}
	if strings.Join(l, " ") != "0.1 1 10 100" || len(ticks) < 20 {
		t.Errorf("few decades: labels %v, %d ticks", l, len(ticks))
	}
	if (logTicks{}).Ticks(0, 1) != nil {
		t.Error("a non-positive range has no log ticks")
	}
}

// The messages this package writes decode as GoNB's own protocol types, and
// GoNB's sync acknowledgement decodes as ours: the display protocol is
// checked against the pinned gonb module (in a separate process, see
// testdata/wirecheck), not against a copy of it.
func TestWireCompatibleWithGoNB(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a helper program")
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for _, d := range []*displayData{
		{Data: map[string]any{"text/plain": "hi", "image/png": []byte{1, 2, 3}},
			Metadata: map[string]any{"image/png": map[string]any{"width": 600, "height": 330}}},
		{Data: map[string]any{mimeCommValue: commValue{Address: syncAddress, Value: 7}}},
	} {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", "./testdata/wirecheck", "decode")
	cmd.Stdin = &buf
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("GoNB's side failed to decode: %v\n%s", err, out)
	}
	want := "image/png: 3 bytes\ntext/plain: string hi\nmetadata width 600 height 330\n" +
		"gonb/comm_value: CommValue{#gonbui/sync 7}\n"
	if string(out) != want {
		t.Errorf("GoNB decoded\n%s\nwant\n%s", out, want)
	}

	ackBytes, err := exec.Command("go", "run", "./testdata/wirecheck", "ack", "7").Output()
	if err != nil {
		t.Fatal(err)
	}
	var ack commValue
	if err := gob.NewDecoder(bytes.NewReader(ackBytes)).Decode(&ack); err != nil {
		t.Fatal(err)
	}
	if ack.Address != syncAckAddress || ack.Value != 7 {
		t.Errorf("ack decoded as %+v", ack)
	}
}

// EqualAspect makes one data unit equally long on both axes.
func TestEqualAspect(t *testing.T) {
	f := figure.New("ball", "x", "y")
	f.Add("s", []float64{-1, 1, 1, -1, -1}, []float64{-0.5, -0.5, 0.5, 0.5, -0.5}, figure.Line)
	f.EqualAspect = true
	f.XRange = figure.Range{Min: -1, Max: 1}
	p, err := Plot(f)
	if err != nil {
		t.Fatal(err)
	}
	c := vgimg.New(vg.Points(400), vg.Points(250))
	dc := draw.New(c)
	equalAspect(p, dc)
	da := p.DataCanvas(dc)
	ux := float64(da.Max.X-da.Min.X) / (p.X.Max - p.X.Min)
	uy := float64(da.Max.Y-da.Min.Y) / (p.Y.Max - p.Y.Min)
	if math.Abs(ux-uy) > 1e-3*ux {
		t.Errorf("points per unit: x %v, y %v", ux, uy)
	}
	if _, err := PNG(f); err != nil {
		t.Fatal(err)
	}
	bad := figure.New("bad", "x", "y").Add("s", []float64{1}, []float64{1}, figure.Points)
	bad.YRange = figure.Range{Min: 2, Max: 1}
	if _, err := PNG(bad); err == nil {
		t.Error("a reversed YRange must be an error")
	}
}

func TestAnswerBundle(t *testing.T) {
	b := AnswerBundle(`\theta = \frac{a}{\|a\|^2}`, "θ = a/‖a‖²")
	if got := b.Data["text/markdown"]; got != `$$\boxed{\theta = \frac{a}{\|a\|^2}}$$` {
		t.Errorf("text/markdown %q", got)
	}
	if got := b.Data["text/plain"]; got != "θ = a/‖a‖²" {
		t.Errorf("text/plain %q", got)
	}
}

func ExampleAnswer() {
	// Outside a notebook the plain-text statement is printed.
	Answer(`\theta_\infty = [0.9901,\ 0.0990]`, "θ∞ = [0.9901, 0.0990]")
	// Output: θ∞ = [0.9901, 0.0990]
}
