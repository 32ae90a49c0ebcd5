package lsq_test

import (
	"errors"
	"fmt"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/lsq"
	"github.com/dl-course/hw2/hwkit/table"
)

// SGD on f(θ) = (1 − aᵀθ)² from θ₀ = 0 goes to a/‖a‖².
func ExampleRun() {
	a := []float64{1, 0.1, 0.01}
	p := check.OrExit(lsq.SinglePoint(a))
	tr := check.OrExit(lsq.Run(p, lsq.SGD{LR: 0.25}, lsq.Settings{Iters: 200}))
	fmt.Println(tr.Method, "after", tr.Iters(), "iterations:", table.Vec(tr.Final()))
	fmt.Println("loss below 1e-30:", tr.FinalLoss() < 1e-30)
	fmt.Println("a/‖a‖² =", table.Vec(check.OrExit(lsq.SGDLimit(a))))
	// Output:
	// SGD α=0.25 after 200 iterations: [0.990001, 0.0990001, 0.00990001]
	// loss below 1e-30: true
	// a/‖a‖² = [0.990001, 0.0990001, 0.00990001]
}

// A step size above 1/‖a‖² makes SGD diverge; Run says where and still
// returns the trace so far.
func ExampleRun_diverged() {
	a := []float64{1, 0.1, 0.01}
	p := check.OrExit(lsq.SinglePoint(a))
	fmt.Println("1/‖a‖² =", table.Float(check.OrExit(lsq.SGDMaxLR(a))))
	tr, err := lsq.Run(p, lsq.SGD{LR: 1.5}, lsq.Settings{Iters: 200})
	fmt.Println(err)
	fmt.Println(errors.Is(err, lsq.ErrDiverged), tr.Len(), "iterations recorded")
	// Output:
	// 1/‖a‖² = 0.990001
	// lsq: SGD α=1.5 diverged at iteration 11: loss 5.83882e+06 exceeds the bound 2e+06
	// true 12 iterations recorded
}

// Sign descent with a decaying step goes to sign(a)/‖a‖₁; with a constant
// step it keeps jumping by α around it.
func ExampleSignLimit() {
	a := []float64{1, 0.1, 0.01}
	p := check.OrExit(lsq.SinglePoint(a))
	fmt.Println("sign(a)/‖a‖₁ =", table.Vec(check.OrExit(lsq.SignLimit(a))))

	decay := check.OrExit(lsq.Run(p, lsq.SignDescent{LR: 0.1, Schedule: lsq.Inv}, lsq.Settings{Iters: 100000}))
	fmt.Println(decay.Method+":", table.Vec(decay.Final()))

	constant := check.OrExit(lsq.Run(p, lsq.SignDescent{LR: 0.01}, lsq.Settings{Iters: 1000}))
	lo, hi := constant.Range(500)
	fmt.Println("constant step: θ₁ between", table.Float(lo[0]), "and", table.Float(hi[0]))
	// Output:
	// sign(a)/‖a‖₁ = [0.900901, 0.900901, 0.900901]
	// sign descent α=0.1/(t+1): [0.900901, 0.900901, 0.900901]
	// constant step: θ₁ between 0.9 and 0.91
}

// SGD on features rescaled to unit second moment goes to θⱼ = 1/(d·aⱼ), the
// interpolant of minimum Σⱼ aⱼ²θⱼ².
func ExampleRescaledSGD() {
	a := []float64{1, 0.1, 0.01}
	p := check.OrExit(lsq.SinglePoint(a))
	tr := check.OrExit(lsq.Run(p, lsq.RescaledSGD{LR: 0.1}, lsq.Settings{Iters: 500}))
	fmt.Println(tr.Method+":", table.Vec(tr.Final()))
	fmt.Println("1/(d·a) =", table.Vec(check.OrExit(lsq.RescaledLimit(a))))
	fmt.Println("weighted ℓ2: ", table.Vec(check.OrExit(lsq.MinWeightedL2Interpolant(p, p.SecondMoments()))))
	// Output:
	// rescaled SGD α=0.1: [0.333333, 3.33333, 33.3333]
	// 1/(d·a) = [0.333333, 3.33333, 33.3333]
	// weighted ℓ2:  [0.333333, 3.33333, 33.3333]
}

// The minimum-ℓ∞-norm interpolant from a linear program, next to the
// closed form sign(a)/‖a‖₁.
func ExampleMinLinfInterpolant() {
	a := []float64{1, 0.1, 0.01}
	p := check.OrExit(lsq.SinglePoint(a))
	fmt.Println("LP:         ", table.Vec(check.OrExit(lsq.MinLinfInterpolant(p))))
	fmt.Println("closed form:", table.Vec(check.OrExit(lsq.SignLimit(a))))
	// Output:
	// LP:          [0.900901, 0.900901, 0.900901]
	// closed form: [0.900901, 0.900901, 0.900901]
}

func ExampleTrace_Table() {
	p := check.OrExit(lsq.SinglePoint([]float64{1, 0.1, 0.01}))
	tr := check.OrExit(lsq.Run(p, lsq.SGD{LR: 0.25}, lsq.Settings{Iters: 20}))
	fmt.Print(tr.Table(6))
	// Output:
	// SGD α=0.25
	// iteration         f(θ)        θ₁         θ₂          θ₃
	// ---------  -----------  --------  ---------  ----------
	// 0                    1         0          0           0
	// 1             0.244976       0.5       0.05       0.005
	// 2             0.060013  0.747475  0.0747475  0.00747475
	// 4           0.00360156  0.930588  0.0930588  0.00930588
	// 9          3.17763e-06  0.988236  0.0988236  0.00988236
	// 20         6.05973e-13      0.99      0.099      0.0099
}

func ExampleRegimes() {
	a := []float64{1, 0.1, 0.01}
	m := check.OrExit(lsq.SGDMaxLR(a))
	fmt.Print(check.OrExit(lsq.Regimes(a, 0.25*m, 0.5*m, 0.75*m, m, 1.25*m)))
	// Output:
	// SGD on f(θ) = (1 − aᵀθ)²: r[t+1] = q·r[t]
	// α         α‖a‖²  q = 1 − 2α‖a‖²                   regime
	// --------  -----  --------------  -----------------------
	// 0.2475     0.25             0.5                 monotone
	// 0.495       0.5               0                 one step
	// 0.742501   0.75            -0.5  oscillating, converging
	// 0.990001      1              -1     period-2 oscillation
	// 1.2375     1.25            -1.5                diverging
	// converges iff 0 < α < 1/‖a‖² = 0.990001
}

// Compare lines runs up with their references: after 10 steps SGD is still
// on its way, and constant-step sign descent stops within α of its limit.
func ExampleCompare() {
	a := []float64{1, 0.1, 0.01}
	p := check.OrExit(lsq.SinglePoint(a))
	sgd := check.OrExit(lsq.Run(p, lsq.SGD{LR: 0.25}, lsq.Settings{Iters: 10}))
	sign := check.OrExit(lsq.Run(p, lsq.SignDescent{LR: 0.01}, lsq.Settings{Iters: 1000}))
	fmt.Print(lsq.Compare("Limits from θ₀ = 0",
		sgd.Versus(check.OrExit(lsq.SGDLimit(a)), "a/‖a‖²"),
		sign.Versus(check.OrExit(lsq.SignLimit(a)), "sign(a)/‖a‖₁"),
	))
	// Output:
	// Limits from θ₀ = 0
	//                      θ                                  reference                          route             max |Δ|
	// -------------------  ---------------------------------  ---------------------------------  ------------  -----------
	// SGD α=0.25           [0.989128, 0.0989128, 0.00989128]  [0.990001, 0.0990001, 0.00990001]  a/‖a‖²        0.000873472
	// sign descent α=0.01  [0.9, 0.9, 0.9]                    [0.900901, 0.900901, 0.900901]     sign(a)/‖a‖₁  0.000900901
}
