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
		fmt.Println("  direction", table.Vec(o.Direction), "minimum", o.Min())
	}
	// Output:
	// zero: ‖g‖_* = 2 < 1/α = 4, objective 2·r along −s*
	//   direction [-1, 1, -1] minimum 0
	// tie: ‖g‖_* = 2 = 1/α = 2, objective 0·r along −s*
	//   direction [-1, 1, -1] minimum 0
	// unbounded: ‖g‖_* = 2 > 1/α = 1, objective -1·r along −s*
	//   direction [-1, 1, -1] minimum -Inf
}

// The spectral steepest direction is the orthogonalized gradient UVᵀ. For
// the symmetric G below, with eigenvalues 3 and −1, it is the swap matrix,
// and the nuclear norm ‖G‖_nuc = 3 + 1.
func ExampleOrthogonalize() {
	G := mat.NewDense(2, 2, []float64{
		1, 2,
		2, 1,
	})
	Q, err := steepest.Orthogonalize(G)
	if err != nil {
		fmt.Println(err)
		return
	}
	round := func(x float64) float64 { return math.Round(x*1e12) / 1e12 }
	for i := 0; i < 2; i++ {
		fmt.Println(table.Vec([]float64{round(Q.At(i, 0)), round(Q.At(i, 1))}))
	}
	s, g, _ := steepest.SpectralOf(G)
	fmt.Println("‖G‖_nuc =", round(s.Dual(g)))
	// Output:
	// [0, 1]
	// [1, 0]
	// ‖G‖_nuc = 4
}
