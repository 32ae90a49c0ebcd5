package steepest_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/steepest"
	"github.com/dl-course/hw2/hwkit/table"
)

// With the squared ℓ2 penalty the step is gradient descent, u = −(α/2)g.
func ExampleSquaredStep() {
	g := []float64{3, -4}
	u, err := steepest.SquaredStep(steepest.L2{}, g, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("u =", table.Vec(u))
	// Output:
	// u = [-0.75, 1]
}

// With the squared ℓ∞ penalty the step is sign descent scaled by ‖g‖₁:
// u = −(α/2)‖g‖₁·sign(g), here −(0.5/2)·7·sign(g). A zero gradient entry
// is left alone (sign(0) = 0).
func ExampleSquaredStep_linf() {
	g := []float64{3, -4, 0}
	u, err := steepest.SquaredStep(steepest.Linf{}, g, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("‖g‖₁ =", steepest.Linf{}.Dual(g))
	fmt.Println("u =", table.Vec(u))
	// Output:
	// ‖g‖₁ = 7
	// u = [-1.75, 1.75, 0]
}

// The unsquared ℓ∞ penalty: g = (1, −½, ½) has ‖g‖₁ = 2, so α = 0.25, 0.5
// and 1 put the threshold 1/α above, at and below ‖g‖₁.
func ExampleNormStep() {
	g := []float64{1, -0.5, 0.5}
	for _, alpha := range []float64{0.25, 0.5, 1} {
		o, err := steepest.NormStep(steepest.Linf{}, g, alpha)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(o)
	}
	// Output:
	// zero: ‖g‖_* = 2 < 1/α = 4, objective 2·r along Δx_nsd
	// tie: ‖g‖_* = 2 = 1/α = 2, objective 0·r along Δx_nsd
	// unbounded: ‖g‖_* = 2 > 1/α = 1, objective -1·r along Δx_nsd
}

// A tie computed in floating point: 0.1 + 0.2 is 0.30000000000000004, not
// 0.3, but the tie rule calls it equal, here and in every function that a
// tie changes.
func ExampleClassify() {
	g := []float64{0.1, 0.2}
	fmt.Println(steepest.Classify(steepest.Linf{}.Dual(g), 0.3))
	fmt.Println(steepest.Largest([]float64{0.1 + 0.2, -0.3}), steepest.Signs([]float64{0.1 + 0.2 - 0.3, 2}))
	// Output:
	// tie
	// [0 1] [0 1]
}

// MinimizeSquared knows only the norm; its duality gap certifies the value.
func ExampleMinimizeSquared() {
	g := []float64{0.8, -0.5, 0.25, -0.05}
	num, err := steepest.MinimizeSquared(steepest.Linf{}, g, 0.8)
	if err != nil {
		fmt.Println(err)
		return
	}
	want := -0.8 / 4 * 1.6 * 1.6 // −(α/4)‖g‖₁²
	fmt.Printf("min J = %.9f (closed form %.9f), certified: %v\n", num.F, want, math.Abs(num.F-want) <= num.Gap)
	fmt.Printf("argmin = %.6f\n", num.X)
	// Output:
	// min J = -0.512000000 (closed form -0.512000000), certified: true
	// argmin = [-0.640000 0.640000 -0.640000 0.640000]
}

// ProbeNorm brackets ‖g‖_* numerically and says which regimes the bracket
// admits.
func ExampleProbeNorm() {
	g := []float64{0.8, -0.5, 0.25, -0.05}
	for _, alpha := range []float64{0.5, 1 / 1.6, 0.8} {
		p, err := steepest.ProbeNorm(steepest.Linf{}, g, alpha)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(p.Regime, p.Admits(steepest.Tie))
	}
	// Output:
	// zero false
	// tie true
	// unbounded false
}

// BestCorner tries all 2ⁿ corners of the cube; on the coordinates where
// gᵢ ≠ 0 the best is −sign(g).
func ExampleBestCorner() {
	g := []float64{0.8, -0.5, 0, -0.05}
	c, err := steepest.BestCorner(g)
	if err != nil {
		fmt.Println(err)
		return
	}
	on, _ := steepest.OnSupport(c.S, g)
	fmt.Println(c, table.Vec(on))
	// Output:
	// best of 16 corners, gᵀs = -1.35 [-1, 1, 0, 1]
}

// SampledMin finds −‖g‖_* by sampling the unit sphere, and whether the ball
// touches its supporting line at a corner or along a side.
func ExampleSampledMin() {
	for _, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}} {
		s, err := steepest.SampledMin(n, []float64{1, 0}, 2880)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %.6f, %s\n", n.Name(), s.Min, s.Touches())
	}
	// Output:
	// ℓ₂: -1.000000, at one point
	// ℓ∞: -1.000000, along a side
	// ℓ₁: -1.000000, at one point
}

// Greedy coordinate descent moves the coordinate of the largest |gⱼ| only.
func ExampleGaussSouthwell() {
	u, err := steepest.GaussSouthwell([]float64{0.8, -0.5, 0.25}, 0.8)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(table.Vec(u))
	// Output:
	// [-0.32, 0, 0]
}

// Adam without momentum, and at σ = 0 its distance from sign descent.
func ExampleAdamStep() {
	g := []float64{0.8, -0.5}
	u, _ := steepest.AdamStep(g, 0.8, 0.3, steepest.AdamEps)
	u0, _ := steepest.AdamStep(g, 0.8, 0, steepest.AdamEps)
	bound, _ := steepest.AdamSignGap(g, 0.8, steepest.AdamEps)
	fmt.Printf("σ = 0.3: %.6f\nσ = 0:   %.6f (within %.2g of −(α/2)·sign(g))\n", u, u0, bound)
	// Output:
	// σ = 0.3: [-0.374532 0.342997]
	// σ = 0:   [-0.400000 0.400000] (within 8e-09 of −(α/2)·sign(g))
}

// The spectral steepest direction is −UVᵀ. For the symmetric G below, with
// eigenvalues 3 and −1, UVᵀ is the swap matrix; Newton–Schulz (Muon) and
// the matrix roots of Shampoo find it without an SVD.
func ExampleNewtonSchulz() {
	G := mat.NewDense(2, 2, []float64{1, 2, 2, 1})
	p, err := steepest.NewtonSchulz(G)
	if err != nil {
		fmt.Println(err)
		return
	}
	sh, err := steepest.ShampooDirection(G)
	if err != nil {
		fmt.Println(err)
		return
	}
	rounded := func(m *mat.Dense) string { // to 12 digits, −0 as 0
		v := append([]float64(nil), m.RawMatrix().Data...)
		for i := range v {
			v[i] = math.Round(v[i]*1e12) / 1e12
		}
		return table.Vec(v)
	}
	fmt.Println("Newton–Schulz:", rounded(p.Q))
	fmt.Println("Shampoo:      ", rounded(sh))
	// Output:
	// Newton–Schulz: [0, 1, 1, 0]
	// Shampoo:       [0, 1, 1, 0]
}

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

// A boxed answer for display.Answer: the formula and its values.
func ExampleBoxed() {
	tex, plain := steepest.Boxed(`u = -\tfrac{\alpha}{2}\,g`, "u = −(α/2)·g", []float64{-0.32, 0.2})
	fmt.Println(tex)
	fmt.Println(plain)
	// Output:
	// u = -\tfrac{\alpha}{2}\,g = [{-0.32},\ 0.2]
	// u = −(α/2)·g = [-0.32, 0.2]
}
