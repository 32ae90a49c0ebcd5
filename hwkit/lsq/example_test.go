package lsq_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/dl-course/hw2/hwkit/lsq"
	"github.com/dl-course/hw2/hwkit/table"
)

// SGD on f(θ) = (1 − aᵀθ)² from θ₀ = 0 goes to a/‖a‖².
func ExampleRun() {
	a := []float64{1, 0.1, 0.01}
	p, _ := lsq.SinglePoint(a)
	tr, err := lsq.Run(p, lsq.SGD{LR: 0.25}, lsq.Settings{Iters: 200})
	if err != nil {
		fmt.Println(err)
		return
	}
	limit, _ := lsq.SGDLimit(a)
	fmt.Println(tr.Method, "after", tr.Iters(), "iterations:", table.Vec(tr.Final()))
	fmt.Println("a/‖a‖² =", table.Vec(limit))
	// Output:
	// SGD α=0.25 after 200 iterations: [0.990001, 0.0990001, 0.00990001]
	// a/‖a‖² = [0.990001, 0.0990001, 0.00990001]
}

// A step size above 1/‖a‖² makes SGD diverge; Run says where and still
// returns the trace so far.
func ExampleRun_diverged() {
	p, _ := lsq.SinglePoint([]float64{1, 0.1, 0.01})
	tr, err := lsq.Run(p, lsq.SGD{LR: 1.5}, lsq.Settings{Iters: 200})
	fmt.Println(err)
	fmt.Println(errors.Is(err, lsq.ErrDiverged), tr.Len(), "iterations recorded")
	// Output:
	// lsq: SGD α=1.5 diverged at iteration 11: loss 5.83882e+06 exceeds the bound 2e+06
	// true 12 iterations recorded
}

// A run next to the theory's prediction: SGD's iterate is exactly
// (1 − q^T)·θ∞, converged or not.
func ExampleSGDProgress() {
	a := []float64{1, 0.1, 0.01}
	for _, c := range []struct {
		frac  float64
		iters int
	}{{0.25, 200}, {0.999, 200}, {1, 3}} {
		p, _ := lsq.SGDProgress(a, c.frac, c.iters)
		fmt.Println(p.Name())
		fmt.Println("  θ_T =", table.Vec(p.Final), "predicted", table.Vec(p.Want))
	}
	// Output:
	// SGD, 200 steps: converged (|q|^200 = 6.2e-61)
	//   θ_T = [0.990001, 0.0990001, 0.00990001] predicted [0.990001, 0.0990001, 0.00990001]
	// SGD, 200 steps: not converged (|q|^200 = 0.670052; six digits need 6901 steps)
	//   θ_T = [0.326649, 0.0326649, 0.00326649] predicted [0.326649, 0.0326649, 0.00326649]
	// SGD, 3 steps: not converging: q = -1, so θ jumps between 0 and 2θ∞
	//   θ_T = [1.98, 0.198, 0.0198] predicted [1.98, 0.198, 0.0198]
}

// Sign descent (the homework's simplified Adam on one data point): with
// α₀/(t+1) it stays within α₀/T of sign(a)/‖a‖₁ once its steps have added
// up to the target; a small α₀ never gets there.
func ExampleSignProgress() {
	a := []float64{1, 0.1, 0.01}
	for _, lr := range []float64{1, 0.01} {
		p, _ := lsq.SignProgress(a, lr, lsq.Inv, 1000000)
		fmt.Println(p.Name())
	}
	p, _ := lsq.SignProgress(a, 0.01, lsq.Constant, 1000000)
	fmt.Println(p.Name(), "in", p.Route)
	// Output:
	// simplified Adam, α₀/(t+1), 10⁶ steps: converging (within α₀/T = 1e-06)
	// simplified Adam, α₀/(t+1), 10⁶ steps: not converged: Σαₜ = 0.143927 < 1/‖a‖₁ = 0.900901; reaching it takes about 7.5e+38 steps
	// simplified Adam, constant α, 10⁶ steps: hopping (a constant step never converges) in the last two iterates = kα·sign(a), (k+1)α·sign(a) in some order, k = 90
}

// The boxed answers, with the exact fractions when the entries of a are
// short fractions.
func ExampleSGDAnswer() {
	a := []float64{1, 0.1, 0.01}
	for _, f := range []func([]float64) (lsq.Answer, error){lsq.SGDAnswer, lsq.SignAnswer, lsq.RescaledAnswer} {
		ans, _ := f(a)
		fmt.Println(ans.Plain)
	}
	// Output:
	// θ∞ (SGD) = a/‖a‖₂² = (10000/10101)·a ≈ [0.990001, 0.0990001, 0.00990001]
	// θ∞ (simplified Adam) = sign(a)/‖a‖₁ = (100/111)·𝟙 ≈ 0.900901·𝟙
	// θ∞ (rescaled SGD) = 1/(d·aᵢ) = [1/3, 10/3, 100/3] ≈ [0.333333, 3.33333, 33.3333]
}

func ExampleRational() {
	for _, x := range []float64{0.1, 10000.0 / 10101, math.Pi} {
		r, ok := lsq.Rational(x, lsq.MaxDenominator)
		fmt.Println(x, r, ok)
	}
	// Output:
	// 0.1 1/10 true
	// 0.99000099000099 10000/10101 true
	// 3.141592653589793 <nil> false
}

// The closed forms scale first: data near 1e-170 has ‖a‖² = 1e-340, which
// does not fit in a float64, but the limit 1e170·… does.
func ExampleSGDLimit_extreme() {
	limit, err := lsq.SGDLimit([]float64{1e-170, 1e-171})
	fmt.Println(table.Vec(limit), err)
	_, err = lsq.SGDMaxLR([]float64{1e-170, 1e-171})
	fmt.Println(err)
	// Output:
	// [9.90099e+169, 9.90099e+168] <nil>
	// lsq: SGD's step size 1/‖a‖² overflows float64 (‖a‖∞ = 1e-170): no SGD step can be represented
}

// The minimum-ℓ∞-norm interpolant from a linear program, next to the
// closed form sign(a)/‖a‖₁.
func ExampleMinLinfInterpolant() {
	a := []float64{1, 0.1, 0.01}
	p, _ := lsq.SinglePoint(a)
	lp, _ := lsq.MinLinfInterpolant(p)
	cf, _ := lsq.SignLimit(a)
	fmt.Println("LP:         ", table.Vec(lp))
	fmt.Println("closed form:", table.Vec(cf))
	// Output:
	// LP:          [0.900901, 0.900901, 0.900901]
	// closed form: [0.900901, 0.900901, 0.900901]
}

// The preconditioner family diag(|a|)^(−p): p = 0, 1, 2 end where SGD, sign
// descent and rescaled SGD end.
func ExamplePreconditionedLimit() {
	a := []float64{1, 0.1, 0.01}
	for _, pow := range []float64{0, 1, 2} {
		limit, _ := lsq.PreconditionedLimit(a, pow)
		fmt.Println(pow, table.Vec(limit))
	}
	// Output:
	// 0 [0.990001, 0.0990001, 0.00990001]
	// 1 [0.900901, 0.900901, 0.900901]
	// 2 [0.333333, 3.33333, 33.3333]
}

// With two data points sign descent's end point depends on its schedule
// (Gunasekar et al., 2018), while SGD from 0 ends at X⁺y.
func ExampleRunEndPoints() {
	p, _ := lsq.NewProblem([][]float64{{3, 1, 0.2}, {1, 1, 1}}, []float64{1, 2})
	e, _ := lsq.RunEndPoints(p, 100000, lsq.SignDescent{LR: 0.5, Schedule: lsq.Inv},
		lsq.SignDescent{LR: 0.05, Schedule: lsq.InvSqrt})
	for _, r := range e.Runs {
		fmt.Printf("%s: ‖θ‖∞ = %.3f\n", r.Method, r.Linf)
	}
	fmt.Printf("LP minimum: %.4f\n", e.LinfMin)
	// Output:
	// sign descent α=0.5/(t+1): ‖θ‖∞ = 1.348
	// sign descent α=0.05/√(t+1): ‖θ‖∞ = 1.042
	// LP minimum: 1.0417
}

// Schedule.Sum is closed-form: any number of steps, at once.
func ExampleSchedule_Sum() {
	for _, n := range []int{4, 1000000, math.MaxInt} {
		s, _ := lsq.Inv.Sum(1, n)
		fmt.Printf("H(%d) = %.6f\n", n, s)
	}
	// Output:
	// H(4) = 2.083333
	// H(1000000) = 14.392727
	// H(9223372036854775807) = 44.245488
}

// One validation for all parameters: every problem at once.
func ExampleStudy_Validate() {
	s := lsq.Study{A: []float64{1, math.NaN()}, SGDFrac: 1.5, SGDIters: 200, SignLR: 1, SignIters: 1000,
		ConstLR: 0.01, AdamLR: 0.01, AdamIters: 1000}
	fmt.Println(s.Validate())
	// Output:
	// lsq: a[1] = NaN is not finite
	// lsq: the SGD step fraction 1.5 must be in (0, 1]: beyond the stability limit SGD diverges (sgdFrac)
}
