package steepest_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/steepest"
	"github.com/dl-course/hw2/hwkit/table"
)

// ScaledTo puts one gradient in each regime of the unsquared ℓ∞ penalty.
func ExampleScaledTo() {
	g := []float64{3, -1}
	alpha := 0.5
	for _, f := range []float64{0.5, 1, 2} {
		gs, err := steepest.ScaledTo(steepest.Linf{}, g, f/alpha)
		if err != nil {
			fmt.Println(err)
			return
		}
		o, _ := steepest.NormStep(steepest.Linf{}, gs, alpha)
		fmt.Println(table.Vec(gs), o.Regime)
	}
	// Output:
	// [0.75, -0.25] zero
	// [1.5, -0.5] tie
	// [3, -1] unbounded
}

// TestScaledTo checks ‖c·g‖_* = dual, c > 0, the tie regime at dual = 1/α
// for random problems of every norm, and the errors.
func TestScaledTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for _, kind := range kinds() {
		for k := 0; k < 200; k++ {
			in := randInstance(t, rng, kind)
			gs, err := steepest.ScaledTo(in.norm, in.g, 1/in.alpha)
			if err != nil {
				t.Fatalf("%v: %v", in, err)
			}
			if e := relErr(in.norm.Dual(gs), 1/in.alpha); e > 1e-13 {
				t.Errorf("%v: dual norm %v, want %v", in, in.norm.Dual(gs), 1/in.alpha)
			}
			if c := dot(gs, in.g); !(c > 0) {
				t.Errorf("%v: the direction flipped", in)
			}
			o, err := steepest.NormStep(in.norm, gs, in.alpha)
			if err != nil || o.Regime != steepest.Tie {
				t.Errorf("%v: rescaled to 1/α but regime %v (%v)", in, o.Regime, err)
			}
		}
	}
	for _, c := range []struct {
		name string
		g    []float64
		dual float64
		want error
	}{
		{"zero g", []float64{0, 0}, 1, steepest.ErrEmpty},
		{"empty g", nil, 1, steepest.ErrEmpty},
		{"NaN g", []float64{math.NaN()}, 1, steepest.ErrNonFinite},
		{"zero target", []float64{1}, 0, steepest.ErrRadius},
		{"NaN target", []float64{1}, math.NaN(), steepest.ErrRadius},
		{"infinite target", []float64{1}, math.Inf(1), steepest.ErrRadius},
	} {
		if _, err := steepest.ScaledTo(steepest.Linf{}, c.g, c.dual); !errorsIs(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
}

// TestNewtonSchulz compares Muon's iteration with the SVD route of
// Orthogonalize, for random full-rank and rank-deficient matrices.
func TestNewtonSchulz(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for k := 0; k < 300; k++ {
		r, c := 1+rng.IntN(5), 1+rng.IntN(5)
		G := mat.NewDense(r, c, nil)
		rank := min(r, c)
		if k%3 == 0 { // rank one: xyᵀ
			rank = 1
			x, y := make([]float64, r), make([]float64, c)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			for j := range y {
				y[j] = rng.NormFloat64()
			}
			G.Outer(1, mat.NewVecDense(r, x), mat.NewVecDense(c, y))
		} else {
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					G.Set(i, j, rng.NormFloat64())
				}
			}
		}
		want, err := steepest.Orthogonalize(G)
		if err != nil {
			t.Fatal(err)
		}
		got, err := steepest.NewtonSchulz(G)
		if err != nil {
			t.Fatal(err)
		}
		if got.Iterations >= steepest.NewtonSchulzMaxSteps {
			t.Errorf("%d×%d rank %d: no convergence in %d steps", r, c, rank, got.Iterations)
		}
		if !mat.EqualApprox(got.Q, want, 1e-10) {
			t.Errorf("%d×%d rank %d: Newton–Schulz %v, SVD %v", r, c, rank, mat.Formatted(got.Q), mat.Formatted(want))
		}
	}
	for _, c := range []struct {
		name string
		G    mat.Matrix
		want error
	}{
		{"nil", nil, steepest.ErrEmpty},
		{"zero", mat.NewDense(2, 2, nil), steepest.ErrEmpty},
		{"NaN", mat.NewDense(1, 1, []float64{math.NaN()}), steepest.ErrNonFinite},
	} {
		if _, err := steepest.NewtonSchulz(c.G); !errorsIs(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
}

// TestUnitBallFigure checks the picture's geometry: everything inside the
// axes [−BallAxis, BallAxis]² (equal scale), the spheres closed and spanning
// [−1, 1]², the arrow of g of length 1.2 along g, each marker s* on its
// sphere with gᵀs* = ‖g‖_*, each segment from the origin to its s*, and each
// supporting line on {gᵀs = ‖g‖_*}, named, and crossing the whole box (the
// ℓ∞ one included, which touches the square only at its corner).
func TestUnitBallFigure(t *testing.T) {
	norms := []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}}
	const h = steepest.BallAxis
	for _, g := range [][]float64{{2, 1}, {-0.3, 1}, {1, 0}, {0, -2}, {0.5, -0.5}, {-1e-3, 7}} {
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
		if len(f.Series) != 3+2+3+3+3 {
			t.Fatalf("g = %v: %d series, want 14", g, len(f.Series))
		}
		for _, s := range f.Series {
			for i := range s.X {
				if math.Abs(s.X[i]) > h || math.Abs(s.Y[i]) > h {
					t.Errorf("g = %v: %q has (%v, %v) outside the axes", g, s.Name, s.X[i], s.Y[i])
				}
			}
		}
		ng := math.Hypot(g[0], g[1])
		for k, n := range norms {
			sphere, marker, seg, line := f.Series[k], f.Series[5+k], f.Series[8+k], f.Series[11+k]
			last := len(sphere.X) - 1
			if sphere.X[0] != sphere.X[last] || sphere.Y[0] != sphere.Y[last] || sphere.Color != k+1 {
				t.Errorf("%s: sphere not closed or wrong colour", n.Name())
			}
			s := []float64{marker.X[0], marker.Y[0]}
			if marker.Style != figure.Points || marker.Name != "s*, "+n.Name() ||
				relErr(n.Norm(s), 1) > 1e-12 || relErr(dot(g, s), n.Dual(g)) > 1e-12 {
				t.Errorf("g = %v: marker %q at %v", g, marker.Name, s)
			}
			if seg.Name != "" || seg.X[0] != 0 || seg.Y[0] != 0 || seg.X[1] != s[0] || seg.Y[1] != s[1] {
				t.Errorf("g = %v: segment of %s is %v, %v", g, n.Name(), seg.X, seg.Y)
			}
			if line.Style != figure.Dashed || line.Color != k+1 || !strings.HasPrefix(line.Name, "gᵀs = ‖g‖") {
				t.Errorf("g = %v: supporting line %q, style %v, colour %d", g, line.Name, line.Style, line.Color)
			}
			for i := range line.X {
				if math.Abs(dot(g, []float64{line.X[i], line.Y[i]})-n.Dual(g)) > 1e-12*n.Dual(g) {
					t.Errorf("g = %v: the supporting line of %s passes through (%v, %v)", g, n.Name(), line.X[i], line.Y[i])
				}
				if math.Max(math.Abs(line.X[i]), math.Abs(line.Y[i])) < h-1e-12 {
					t.Errorf("g = %v: the supporting line of %s ends inside the box at (%v, %v)", g, n.Name(), line.X[i], line.Y[i])
				}
			}
		}
		shaft, head := f.Series[3], f.Series[4]
		tip := []float64{shaft.X[1], shaft.Y[1]}
		if shaft.Name != "g (direction)" || relErr(math.Hypot(tip[0], tip[1]), 1.2) > 1e-15 ||
			relErr(dot(g, tip), 1.2*ng) > 1e-15 || head.X[1] != tip[0] || head.Y[1] != tip[1] || head.Color != shaft.Color {
			t.Errorf("g = %v: arrow %q to %v, head %v %v", g, shaft.Name, tip, head.X, head.Y)
		}
		for k := range norms {
			if shaft.Color == k+1 {
				t.Errorf("g = %v: the arrow shares the colour of %s", g, norms[k].Name())
			}
		}
	}
	if _, err := steepest.UnitBallFigure([]float64{0, 0}); !errorsIs(err, steepest.ErrEmpty) {
		t.Errorf("g = 0: error %v, want ErrEmpty", err)
	}
}
