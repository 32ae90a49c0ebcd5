package steepest_test

import (
	"math"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/steepest"
)

// TestUnitBallFigure checks the picture's geometry: everything inside the
// axes [−BallAxis, BallAxis]² (equal scale), the spheres closed and spanning
// [−1, 1]², the arrow of g along g, each marker Δx_nsd on its sphere with
// gᵀΔx_nsd = −‖g‖_*, drawn last (on top of every line), the segment from
// the origin to it, and each supporting line on {gᵀv = −‖g‖_*}, crossing
// the whole box.
func TestUnitBallFigure(t *testing.T) {
	norms := []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}}
	const h = steepest.BallAxis
	for _, g := range [][]float64{{2, 1}, {-0.3, 1}, {1, 0}, {0, -2}, {0.5, -0.5}, {-1e-3, 7}, {1e-300, 2e-300}} {
		f, err := steepest.UnitBallFigure(g)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Validate(); err != nil {
			t.Fatal(err)
		}
		if !f.EqualAspect || f.XRange.Min != -h || f.XRange.Max != h || f.YRange != f.XRange {
			t.Errorf("g = %v: axes %v × %v, equal aspect %v", g, f.XRange, f.YRange, f.EqualAspect)
		}
		if len(f.Series) != 3+3+3+2+3 {
			t.Fatalf("g = %v: %d series, want 14", g, len(f.Series))
		}
		for _, s := range f.Series {
			for i := range s.X {
				if math.Abs(s.X[i]) > h || math.Abs(s.Y[i]) > h {
					t.Errorf("g = %v: %q has (%v, %v) outside the axes", g, s.Name, s.X[i], s.Y[i])
				}
			}
		}
		for k, n := range norms {
			sphere, line, seg, marker := f.Series[k], f.Series[3+k], f.Series[6+k], f.Series[11+k]
			last := len(sphere.X) - 1
			if sphere.X[0] != sphere.X[last] || sphere.Y[0] != sphere.Y[last] || sphere.Color != k+1 ||
				!strings.HasPrefix(sphere.Name, "‖v‖_{") {
				t.Errorf("%s: sphere not closed or wrong colour", n.Name())
			}
			v := []float64{marker.X[0], marker.Y[0]}
			if marker.Style != figure.Points || !strings.HasPrefix(marker.Name, "Δx_{nsd}, ℓ_{") || marker.Color != k+1 ||
				relErr(n.Norm(v), 1) > 1e-12 || relErr(dot(g, v), -n.Dual(g)) > 1e-12 {
				t.Errorf("g = %v: marker %q at %v", g, marker.Name, v)
			}
			if seg.Name != "" || seg.X[0] != 0 || seg.Y[0] != 0 || seg.X[1] != v[0] || seg.Y[1] != v[1] {
				t.Errorf("g = %v: segment of %s is %v, %v", g, n.Name(), seg.X, seg.Y)
			}
			if seg.Style != figure.Band {
				t.Errorf("g = %v: segment of %s drawn as %v, want a band (not to be read as an edge)", g, n.Name(), seg.Style)
			}
			// In grayscale the supporting lines differ only by dash pattern.
			for j := 0; j < k; j++ {
				if f.Series[3+j].Style == line.Style {
					t.Errorf("g = %v: supporting lines %d and %d share style %v", g, j, k, line.Style)
				}
			}
			if line.Style == figure.Line || line.Style == figure.Points || line.Style == figure.Band ||
				line.Color != k+1 || !strings.HasPrefix(line.Name, "gᵀv = −‖g‖_{") {
				t.Errorf("g = %v: supporting line %q, style %v, colour %d", g, line.Name, line.Style, line.Color)
			}
			ng := math.Hypot(g[0]/math.Hypot(g[0], g[1]), g[1]/math.Hypot(g[0], g[1]))
			for i := range line.X {
				gn := []float64{g[0] / math.Hypot(g[0], g[1]) / ng, g[1] / math.Hypot(g[0], g[1]) / ng}
				if math.Abs(dot(gn, []float64{line.X[i], line.Y[i]})+n.Dual(gn)) > 1e-12*n.Dual(gn) {
					t.Errorf("g = %v: the supporting line of %s passes through (%v, %v)", g, n.Name(), line.X[i], line.Y[i])
				}
				if math.Max(math.Abs(line.X[i]), math.Abs(line.Y[i])) < h-1e-12 {
					t.Errorf("g = %v: the supporting line of %s ends inside the box at (%v, %v)", g, n.Name(), line.X[i], line.Y[i])
				}
			}
		}
		for _, s := range f.Series[:11] {
			if s.Style == figure.Points {
				t.Errorf("g = %v: a marker series %q before the lines", g, s.Name)
			}
		}
		shaft, head := f.Series[9], f.Series[10]
		tip := []float64{shaft.X[1], shaft.Y[1]}
		if shaft.Name != "g (direction)" || relErr(math.Hypot(tip[0], tip[1]), 1.25) > 1e-15 ||
			dot(g, tip) <= 0 || head.X[1] != tip[0] || head.Y[1] != tip[1] || head.Color != shaft.Color {
			t.Errorf("g = %v: arrow %q to %v, head %v %v", g, shaft.Name, tip, head.X, head.Y)
		}
		for k := range norms {
			if shaft.Color == k+1 {
				t.Errorf("g = %v: the arrow shares the colour of %s", g, norms[k].Name())
			}
		}
	}
	for _, bad := range [][]float64{{0, 0}, {1, 2, 3}, {math.NaN(), 1}} {
		if _, err := steepest.UnitBallFigure(bad); err == nil {
			t.Errorf("g = %v: no error", bad)
		}
	}
}

// TestRegimeFigure: one line per gradient, named by its regime, each in a
// dash pattern of its own, with a margin around the lines; a single flat line (a tie) still gets a range.
func TestRegimeFigure(t *testing.T) {
	rs := []float64{0, 1, 2, 3, 4}
	gs := [][]float64{{0.5, -0.25}, {1, -1}, {2, -1}}
	f, err := steepest.RegimeFigure(steepest.Linf{}, 0.5, rs, gs...)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"‖g‖_{1} < 1/α (zero)", "‖g‖_{1} = 1/α (tie)", "‖g‖_{1} > 1/α (unbounded)"}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, s := range f.Series {
		if s.Name != want[i] {
			t.Errorf("series %d is %q, want %q", i, s.Name, want[i])
		}
		for j := 0; j < i; j++ { // apart in grayscale: by dash pattern
			if f.Series[j].Style == s.Style || s.Style == figure.Points || s.Style == figure.Band {
				t.Errorf("series %d has style %v (series %d: %v)", i, s.Style, j, f.Series[j].Style)
			}
		}
		for _, y := range s.Y {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	if !strings.Contains(f.Title, "ℓ_{∞} penalty along r·Δx_{nsd}") || f.YLabel != "gᵀΔ + (1/α)‖Δ‖_{∞}" ||
		!(f.YRange.Min < lo && f.YRange.Max > hi) {
		t.Errorf("title %q, y label %q, y range %v around [%v, %v]", f.Title, f.YLabel, f.YRange, lo, hi)
	}
	flat, err := steepest.RegimeFigure(steepest.Linf{}, 1, []float64{0, 1}, []float64{0.5, -0.5})
	if err != nil || flat.Validate() != nil || !(flat.YRange.Min < 0 && flat.YRange.Max > 0) {
		t.Errorf("flat line: %v, y range %v", err, flat.YRange)
	}
	if _, err := steepest.RegimeFigure(steepest.Linf{}, 1, rs); !errorsIs(err, steepest.ErrEmpty) {
		t.Errorf("no gradients: %v", err)
	}
}
