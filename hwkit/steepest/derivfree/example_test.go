package derivfree_test

import (
	"fmt"

	"github.com/dl-course/hw2/hwkit/steepest"
	_ "github.com/dl-course/hw2/hwkit/steepest/derivfree"
)

// With the package imported, steepest.MinimizeSquared takes ℓp too:
// min gᵀΔ + ‖Δ‖₃² = −‖g‖²_{3/2}/4 = −2^{4/3}/4 for g = (1, −1), α = 1.
func Example() {
	l3, err := steepest.NewLp(3)
	if err != nil {
		panic(err)
	}
	num, err := steepest.MinimizeSquared(l3, []float64{1, -1}, 1)
	fmt.Println(num.Method, err)
	fmt.Printf("min J = %.6f, certified gap %v\n", num.F, num.Gap)
	// Output:
	// Nelder–Mead <nil>
	// min J = -0.629961, certified gap +Inf
}
