// Package steepest computes steepest-descent steps under a norm: the
// minimizer of a linear model of the loss plus a norm penalty, which is how
// gradient descent, sign descent, coordinate descent, Adam-like
// preconditioning and orthogonalized (Shampoo, Muon) updates all arise.
//
// Each optimizer step solves
//
//	u = argmin_Δ gᵀΔ + (1/α)·penalty(Δ)
//
// for a gradient g and step size α > 0. A Norm supplies ‖·‖, its dual norm
// ‖g‖_* = max_{‖s‖≤1} gᵀs and a maximizer s* (the steepest direction). Then:
//
//   - with the squared penalty ‖Δ‖², SquaredStep gives u = −(α/2)·‖g‖_*·s*:
//     gradient descent −(α/2)g for L2, sign descent −(α/2)‖g‖₁·sign(g) for
//     Linf, greedy coordinate descent for L1, preconditioning −(α/2)M⁻¹g for
//     Mahalanobis, and −(α/2)‖G‖_nuc·UVᵀ for Spectral;
//   - with the unsquared penalty ‖Δ‖ the objective is positively
//     homogeneous, r·(1/α − ‖g‖_*) along Δ = −r·s*, so NormStep finds the
//     step 0, a tie along the ray, or no minimum at all, as ‖g‖_* is below,
//     at or above the threshold 1/α; the direction is always −s* (−sign(g)
//     for Linf).
//
// MinimizeSquared and ProbeNorm check these closed forms by a route that
// never uses them: they minimize the penalized objective directly (an
// interior-point method on the norm's epigraph, or Nelder–Mead), and
// Recover and RecoveryTable compare the objective at the closed form with
// the numerical minimum (values, not vectors: at a tie the minimizer is not
// unique, see SquaredStep and Tie). NewtonSchulz computes UVᵀ the way
// Muon does, without an SVD, and ScaledTo rescales a gradient to a given
// dual norm, e.g. one gradient per regime of NormStep. RegimeTable, RegimeFigure,
// UnitBallFigure and CompareTable give the tables and plot data of the
// homework notebook (question 1) as *table.Table and *figure.Figure values.
//
// Functions taking user input return errors (wrapping ErrStepSize,
// ErrShape, …) rather than panic; the Norm methods themselves assume
// checked input.
package steepest
