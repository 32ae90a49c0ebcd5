package lsq

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"

	"github.com/dl-course/hw2/hwkit/figure"
)

func TestProgressFigure(t *testing.T) {
	a := []float64{1, 0.1, 0.01}
	decay, _ := SignProgress(a, 1, Inv, 1000000)
	constant, _ := SignProgress(a, 0.01, Constant, 100000)
	f, err := ProgressFigure(decay, constant)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(); err != nil || !f.LogX || !f.LogY {
		t.Fatalf("figure %v: %v", f, err)
	}
	var names []string
	for _, s := range f.Series {
		names = append(names, s.Name)
		if len(s.X) > 2*envelopeBins {
			t.Errorf("%s: %d points, not an envelope", s.Name, len(s.X))
		}
	}
	if got := strings.Join(names, "; "); got != "α₀/(t+1), even t; α₀/(t+1), odd t; bound α₀/t; constant α, even t; constant α, odd t" {
		t.Errorf("series %s", got)
	}
	// The decaying run stays under its bound α₀/t (from the crossing on).
	for _, s := range f.Series[:2] {
		for k := range s.X {
			if it := s.X[k]; it >= 2 && s.Y[k] > 1/(it-1)+1e-12 {
				t.Errorf("%s: distance %g at t = %g above the bound", s.Name, s.Y[k], it)
			}
		}
	}
	bound := f.Series[2]
	if bound.Style != figure.Band || bound.Y[0] != 1 || bound.X[len(bound.X)-1] != 1e6 {
		t.Errorf("bound series %v … %v", bound.X[0], bound.X[len(bound.X)-1])
	}
	// Told apart in grayscale: the decaying run solid with two markers (the
	// bound a wide light band beneath it, which the even-t points lie on:
	// both stay visible), the constant one
	// dotted and dash-dotted; no two series drawn alike.
	type look struct {
		style  figure.Style
		marker int
	}
	seen := map[look]string{}
	for _, s := range f.Series {
		l := look{s.Style, s.Marker}
		if other, ok := seen[l]; ok {
			t.Errorf("%q and %q are drawn alike", other, s.Name)
		}
		seen[l] = s.Name
	}
	if f.Series[0].Style != figure.LinePoints || f.Series[1].Style != figure.LinePoints ||
		f.Series[0].Marker == f.Series[1].Marker || f.Series[3].Style != figure.Dotted || f.Series[4].Style != figure.DashDot {
		t.Errorf("styles %v", f.Series)
	}
	if n := len(f.Series[0].X); n > markerBins {
		t.Errorf("%d markers on the even-t curve, want at most %d", n, markerBins)
	}
	// SGD: one series per run on a linear x axis, the exact |q|ᵗ·‖θ∞‖∞
	// dashed, stopping at the rounding floor.
	sgd, _ := SGDProgress(a, 0.25, 200)
	g, err := ProgressFigure(sgd)
	if err != nil || g.LogX || len(g.Series) != 2 {
		t.Fatalf("SGD figure %v: %v", g, err)
	}
	b := g.Series[1]
	for k := range b.X {
		want := math.Pow(0.5, b.X[k]) * floats.Norm(sgd.Limit, math.Inf(1))
		if math.Abs(b.Y[k]-want) > 1e-15*want || b.Y[k] < unitRoundoff*0.99 {
			t.Errorf("bound at t = %g: %g, want %g", b.X[k], b.Y[k], want)
		}
	}
	// Errors, not panics.
	if _, err := ProgressFigure(); err == nil {
		t.Error("no runs")
	}
	broken := sgd
	broken.Limit = []float64{1}
	if _, err := ProgressFigure(broken); err == nil {
		t.Error("a limit of another dimension")
	}
	broken = sgd
	broken.Trace = &Trace{Iter: []int{0, 1}, Theta: [][]float64{{0, 0, 0}}}
	if _, err := ProgressFigure(broken); err == nil {
		t.Error("a ragged trace")
	}
	if _, err := ProgressFigure(Progress{}); err == nil {
		t.Error("an empty Progress")
	}
}

func TestEnvelope(t *testing.T) {
	x := make([]float64, 10000)
	y := make([]float64, 10000)
	for k := range x {
		x[k] = float64(k + 1)
		y[k] = 1 / x[k] * (1 + float64(k%7)) // a zigzag under 7/t
	}
	ex, ey := envelope(x, y, envelopeBins)
	if len(ex) > envelopeBins || len(ex) < envelopeBins/2 {
		t.Errorf("%d envelope points", len(ex))
	}
	for k := range ex {
		i := int(ex[k]) - 1
		if ey[k] != y[i] || (k > 0 && ex[k] <= ex[k-1]) {
			t.Fatalf("envelope point %d: (%g, %g) is not a point of the series in order", k, ex[k], ey[k])
		}
	}
	// The envelope is the top: no point of a bin is above it.
	if ey[len(ey)-1] < y[len(y)-1] {
		t.Error("the envelope lost the top of the last bin")
	}
	sx, sy := envelope(x[:50], y[:50], envelopeBins)
	if len(sx) != 50 || len(sy) != 50 {
		t.Error("short series are kept whole")
	}
}

func TestGeometryFigure(t *testing.T) {
	a := []float64{1, 0.5}
	f, err := GeometryFigure(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(); err != nil || !f.EqualAspect || len(f.Series) != 7 {
		t.Fatalf("figure: %v, %d series", err, len(f.Series))
	}
	// The three level sets and the three trajectories each look different
	// without colour: three dash patterns, three markers.
	if f.Series[1].Style != figure.Dashed || f.Series[3].Style != figure.Dotted || f.Series[5].Style != figure.DashDot ||
		f.Series[0].Marker == f.Series[2].Marker || f.Series[2].Marker == f.Series[4].Marker || f.Series[0].Marker == f.Series[4].Marker {
		t.Errorf("level sets %v, %v, %v; markers %d, %d, %d", f.Series[1].Style, f.Series[3].Style, f.Series[5].Style,
			f.Series[0].Marker, f.Series[2].Marker, f.Series[4].Marker)
	}
	// Each level set touches the line aᵀθ = 1 at its limit and nowhere
	// crosses it: its largest value of aᵀθ is 1 (to the sampling).
	for k, limit := range [][]float64{wantSGD(a), wantSign(a), wantRescaled(a)} {
		set := f.Series[2*k+1]
		top := math.Inf(-1)
		for i := range set.X {
			top = math.Max(top, a[0]*set.X[i]+a[1]*set.Y[i])
		}
		if math.Abs(top-1) > 2e-3 {
			t.Errorf("%s: max aᵀθ = %g, want 1", set.Name, top)
		}
		// The trajectory heads for its limit along one line through 0.
		tr := f.Series[2*k]
		lx, ly := tr.X[len(tr.X)-1], tr.Y[len(tr.Y)-1]
		if math.Abs(lx*limit[1]-ly*limit[0]) > 1e-12 || math.Hypot(lx-limit[0], ly-limit[1]) > 0.1 {
			t.Errorf("%s ends at (%g, %g), limit %v", tr.Name, lx, ly, limit)
		}
	}
	for _, bad := range [][]float64{{1}, {1, 0.5, 2}, {1, 0}, {math.NaN(), 1}, nil} {
		if _, err := GeometryFigure(bad); err == nil {
			t.Errorf("GeometryFigure(%v): no error", bad)
		}
	}
}

func TestTables(t *testing.T) {
	s := DiffTable("d", []float64{1, 2}, Named{Name: "x", Theta: []float64{1.5, 2}}, Named{Name: "y", Theta: []float64{1}}).String()
	for _, want := range []string{"θ₁ − ref", "0.5", "length 1, reference 2", "ref = [1, 2]"} {
		if !strings.Contains(s, want) {
			t.Errorf("DiffTable lacks %q:\n%s", want, s)
		}
	}
	wide := DiffTable("w", make([]float64, 12), Named{Name: "z", Theta: make([]float64, 12)})
	if len(wide.Header) != 2 {
		t.Errorf("wide DiffTable header %v", wide.Header)
	}
	a := []float64{1, 0.1, 0.01}
	tiny, _ := AdamProgress(a, 0.01, 100, 1e-300)
	tb := LimitDiffTable(tiny)
	if len(tb.Rows) != 1 || tb.Rows[0][0] != "Adam (ε = 1e-300), 100 steps" {
		t.Errorf("LimitDiffTable rows %v", tb.Rows)
	}
	if LimitDiffTable().Title == "" {
		t.Error("empty LimitDiffTable")
	}
}
