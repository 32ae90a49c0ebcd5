// Package lsq runs optimizers on least-squares problems and compares where
// they end up with closed-form limits and independently computed
// minimum-norm interpolants.
//
// # Problems and runs
//
// A Problem is f(θ) = ‖Xθ − y‖² = Σᵢ (xᵢᵀθ − yᵢ)², a sum over the rows with
// no 1/n; SinglePoint builds the one-row problem f(θ) = (1 − aᵀθ)² of the
// homework. Run applies a Method (SGD, SignDescent, SimplifiedAdam, Adam,
// RescaledSGD, Preconditioned) for a number of iterations and returns a Trace
// of θ and f(θ). Step-size schedules (Constant, InvSqrt, Inv) have their
// partial sums in closed form (Schedule.Sum), so a schedule's reach is known
// for any number of steps.
//
// # Limits and independent routes
//
// From θ₀ = 0 on the single-point problem the limits are known in closed
// form: SGDLimit a/‖a‖², SignLimit sign(a)/‖a‖₁, RescaledLimit θⱼ = 1/(d·aⱼ)
// and, for the whole family of diagonal preconditioners diag(|a|)^(−p),
// PreconditionedLimit. They are minimum-norm interpolants, which
// MinL2Interpolant (SVD pseudoinverse), MinLinfInterpolant (a linear program)
// and MinWeightedL2Interpolant (the Lagrange system, solved by LU) compute by
// routes that share no code with the closed forms, for any Problem. The
// closed forms scale a first, so entries near 1e-170 or 1e200 neither
// overflow nor underflow; a result that does not fit in a float64 is an
// error, never an Inf.
//
// # Honest runs
//
// SGDProgress, SignProgress, RescaledProgress and AdamProgress run a part of
// the homework and set the run next to what the theory predicts after T
// steps: the exact iterate (1 − q^T)·θ∞ of SGD, the bound |c_T − c*| ≤ α_{T−1}
// of sign descent once its steps have added up to the target (the walk so
// far before), the span property of Adam. The prediction holds whether or
// not the run has converged; Progress.Name says which, and how many steps
// convergence would take. Tolerances are the bound plus a rounding
// allowance of a few units of float64's roundoff per operation.
// ProgressFigure draws the distance to the limit with the bound. Study
// holds the homework's parameters, validates them all at once and runs
// each part.
//
// # Beyond the homework
//
// Family runs the preconditioner family diag(|a|)^(−p), whose members
// p = 0, 1, 2 end where (a), (b) and (c) end; GeometryFigure draws the
// three answers in the plane; RunEndPoints compares runs on a general
// Problem with the minimum-ℓ2 and minimum-ℓ∞ interpolants (on two data
// points sign descent's end depends on its schedule); RegimeRuns measures
// SGD's five step-size regimes from runs.
//
// # Exact answers
//
// Rational reads a float64 as the first continued-fraction convergent with a
// denominator of at most MaxDenominator that rounds to it.
// SGDAnswer, SignAnswer and RescaledAnswer compute the limits in exact
// rational arithmetic and format them as boxed answers (TeX and plain text)
// with the exact fraction when every aⱼ has one.
//
// # Bad input
//
// Bad input (nil, empty or non-finite data, mismatched lengths, a
// non-positive or subnormal step size, too many iterations or too much
// work, a result that overflows, …) returns an error starting with "lsq: ";
// no exported function panics (a Stepper's Step, which Run calls, panics on
// a θ of the wrong length). A run that blows up returns an error wrapping
// ErrDiverged together with the trace so far; a bounded method whose loss
// overflows float64 (steps far too large for the data's scale) one wrapping
// ErrOverflow.
package lsq
