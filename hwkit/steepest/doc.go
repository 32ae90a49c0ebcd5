// Package steepest computes steepest-descent steps under a norm: the
// minimizer of a linear model of the loss plus a norm penalty, which is how
// gradient descent, sign descent, coordinate descent, Adam-like
// preconditioning and orthogonalized (Shampoo, Muon) updates all arise.
//
// # The rule
//
// Each optimizer step solves
//
//	u = argmin_Δ gᵀΔ + (1/α)·penalty(Δ)
//
// for a gradient g and a parameter α > 0 (the penalty's weight is 1/α; the
// squared penalty's step has length (α/2)·‖g‖_*). A Norm supplies ‖·‖, its dual norm
// ‖g‖_* = max_{‖v‖≤1} gᵀv and the normalized steepest-descent direction
// Δx_nsd ∈ argmin_{‖v‖≤1} gᵀv, a descent direction with gᵀΔx_nsd = −‖g‖_*
// (the vocabulary and signs of Boyd & Vandenberghe, Convex Optimization,
// §9.4; the unnormalized step is Δx_sd = ‖g‖_*·Δx_nsd). Then:
//
//   - with the squared penalty ‖Δ‖², SquaredStep gives a minimizer
//     u = (α/2)·Δx_sd: gradient descent −(α/2)g for L2, sign descent
//     −(α/2)‖g‖₁·sign(g) for Linf, greedy coordinate descent for L1,
//     preconditioning −(α/2)M⁻¹g for Mahalanobis, and −(α/2)‖G‖_nuc·UVᵀ for
//     Spectral;
//   - with the unsquared penalty ‖Δ‖ the objective is positively
//     homogeneous, r·(1/α − ‖g‖_*) along Δ = r·Δx_nsd, so NormStep finds the
//     step 0, a tie (every r ≥ 0), or no minimum at all, as ‖g‖_* is below,
//     at or above the threshold 1/α.
//
// # One tie rule
//
// Ties decide the answers: whether ‖g‖_* equals 1/α, which gᵢ are zero,
// which |gᵢ| tie for the largest. One tolerance, TieTol, decides all of
// them (Ties, Classify, IsZero, Signs, Largest, Moved), in the closed forms,
// in the numerical probe and in the optimizers' own rules, so that a tie
// computed in floating point lands on the same side everywhere.
//
// # Independent routes
//
// MinimizeSquared and ProbeNorm check the closed forms by a route that never
// uses them: an interior-point method on the norm's epigraph sees only the
// unit ball, and its duality gap certifies the value it returns (Numeric.Gap,
// Probe.DualLo and DualHi). BestCorner tries every corner of the cube and
// SampledMin samples a 2-D unit sphere. The optimizers' own update rules
// (GradientStep, SignDescentStep, GaussSouthwell, AdamStep, MuonStep with
// NewtonSchulz, ShampooStep with PinvRoot) use no norm at all; Optimizers and
// Recover compare each with the numerical minimum of its penalty.
//
// # Errors
//
// Functions taking user input return errors (wrapping ErrStepSize,
// ErrShape, ErrRange, …) rather than panic, including for results that
// float64 cannot hold; the Norm methods return NaN (or nil) for lengths
// their Check rejects. CheckProblem validates the homework notebook's
// parameters once. RegimeFigure, UnitBallFigure, CompareTable and
// Recoveries.Table give its tables and plots as *table.Table and
// *figure.Figure values, and Boxed and RegimeBox its boxed answers.
package steepest
