package steepest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// This file holds the optimizers' own update rules, written the way each
// optimizer states its step and without any norm, dual norm or Δx_nsd:
// they are the second route against which the closed form
// u = (α/2)·‖g‖_*·Δx_nsd of each penalty is compared (Optimizers, Recover).

// AdamEps is the ε of Adam's update: dᵢ = √v̂ᵢ + ε.
const AdamEps = 1e-8

// GradientStep is gradient descent with learning rate α/2: u = −(α/2)·g
// (the step of the penalty (1/α)‖Δ‖₂²).
// It returns an error for a bad g or α, or a step out of float64's range.
func GradientStep(g []float64, alpha float64) ([]float64, error) {
	if err := checkStepInputs(g, alpha); err != nil {
		return nil, err
	}
	u := make([]float64, len(g))
	floats.ScaleTo(u, -alpha/2, g)
	return u, checkResult("the gradient step", u, floats.Norm(g, math.Inf(1)) > 0)
}

// SignDescentStep is sign descent with step length η = (α/2)·‖g‖₁:
// uᵢ = −η·sign(gᵢ), with sign(gᵢ) = 0 where gᵢ is zero by the tie rule
// (Signs). It returns an error for a bad g or α, or a step out of float64's
// range.
func SignDescentStep(g []float64, alpha float64) ([]float64, error) {
	if err := checkStepInputs(g, alpha); err != nil {
		return nil, err
	}
	eta := alpha / 2 * floats.Norm(g, 1)
	u := Signs(g)
	for i := range u {
		u[i] *= -eta
	}
	return u, checkResult("the sign-descent step", u, floats.Norm(g, math.Inf(1)) > 0)
}

// GaussSouthwell is greedy coordinate descent with the Gauss–Southwell rule
// and learning rate α/2: it moves only the coordinate j with the largest
// |gⱼ|, uⱼ = −(α/2)·gⱼ, taking the first of the entries that tie for the
// largest under the tie rule (Largest). It returns an error for a bad g or
// α, or a step out of float64's range.
func GaussSouthwell(g []float64, alpha float64) ([]float64, error) {
	if err := checkStepInputs(g, alpha); err != nil {
		return nil, err
	}
	u := make([]float64, len(g))
	js := Largest(g)
	if len(js) == 0 {
		return u, nil // g = 0: no coordinate to move
	}
	u[js[0]] = -alpha / 2 * g[js[0]]
	return u, checkResult("the coordinate step", u, true)
}

// AdamDiagonal returns Adam's preconditioner for gradients with mean g and
// noise of standard deviation σ in every coordinate: dᵢ = √v̂ᵢ + ε with the
// second-moment estimate v̂ᵢ = gᵢ² + σ². It returns an error for a bad g, a
// negative or non-finite σ or ε, or a dᵢ that is not positive (gᵢ = σ = ε
// = 0).
func AdamDiagonal(g []float64, sigma, eps float64) ([]float64, error) {
	if err := checkAdam(g, sigma, eps); err != nil {
		return nil, err
	}
	d := make([]float64, len(g))
	for i, x := range g {
		d[i] = math.Hypot(x, sigma) + eps // √(gᵢ² + σ²) without overflow
		if !(d[i] > 0) || math.IsInf(d[i], 0) {
			return nil, fmt.Errorf("%w: Adam's dᵢ = √(gᵢ² + σ²) + ε is %v at i = %d", ErrRange, d[i], i)
		}
	}
	return d, nil
}

// AdamStep is idealized Adam with learning rate α/2: Adam's update
// m̂ᵢ/(√v̂ᵢ + ε) with its moment estimates replaced by their expectations for
// gradients of mean g and noise σ, m̂ᵢ = gᵢ and v̂ᵢ = gᵢ² + σ², so
// uᵢ = −(α/2)·gᵢ/(√v̂ᵢ + ε). (Adam without momentum would put one noisy
// gradient sample in the numerator instead.) As σ → 0 it tends to −(α/2)·gᵢ/(|gᵢ| + ε), sign descent up
// to (α/2)·ε/(|gᵢ| + ε) per coordinate (AdamSignGap). It returns an error
// as AdamDiagonal does, and for a bad α.
func AdamStep(g []float64, alpha, sigma, eps float64) ([]float64, error) {
	if err := checkAlpha(alpha); err != nil {
		return nil, err
	}
	d, err := AdamDiagonal(g, sigma, eps)
	if err != nil {
		return nil, err
	}
	u := make([]float64, len(g))
	for i, x := range g {
		u[i] = -alpha / 2 * (x / d[i])
	}
	return u, checkResult("Adam's step", u, floats.Norm(g, math.Inf(1)) > 0)
}

// AdamSignGap returns a bound on how far Adam's step at σ = 0 is from sign
// descent with step α/2, max over i of |−(α/2)·gᵢ/(|gᵢ| + ε) + (α/2)·sign(gᵢ)|
// with the exact sign (ExactSigns: 0 only where gᵢ == 0, no tie rule):
//
//	(α/2)·ε/(m + ε), m the smallest nonzero |gᵢ|,
//
// plus a rounding allowance of 4ε_mach·(α/2), ε_mach = 2⁻⁵², for computing
// both steps (a division and a product each). The allowance keeps the
// bound valid when the first term is below rounding, e.g. for g scaled by
// 100 or 1/100. It returns an error for a bad g, α or ε.
func AdamSignGap(g []float64, alpha, eps float64) (float64, error) {
	if err := checkAdam(g, 0, eps); err != nil {
		return 0, err
	}
	if err := checkAlpha(alpha); err != nil {
		return 0, err
	}
	m := math.Inf(1)
	for _, x := range g {
		if x != 0 {
			m = math.Min(m, math.Abs(x))
		}
	}
	gap := 0.0
	if !math.IsInf(m, 1) {
		gap = alpha / 2 * (eps / (m + eps))
	}
	return gap + 4*0x1p-52*alpha/2, nil
}

func checkAdam(g []float64, sigma, eps float64) error {
	if err := checkVec("g", g); err != nil {
		return err
	}
	if !finite(sigma) || sigma < 0 {
		return fmt.Errorf("%w: the noise σ must be finite and ≥ 0, got %v", ErrRadius, sigma)
	}
	if !finite(eps) || eps < 0 {
		return fmt.Errorf("%w: Adam's ε must be finite and ≥ 0, got %v", ErrRadius, eps)
	}
	return nil
}

func checkStepInputs(g []float64, alpha float64) error {
	if err := checkVec("g", g); err != nil {
		return err
	}
	return checkAlpha(alpha)
}

// MuonStep is the orthogonalized update as Muon computes it, scaled to the
// squared spectral penalty: u = −(α/2)·⟨G, X⟩·X with X = UVᵀ from
// NewtonSchulz (no SVD), so that ⟨G, X⟩ = ‖G‖_nuc. (Muon itself drops the
// factor ⟨G, X⟩ and uses a fixed step.) It returns an error for a bad G or
// α, a Newton–Schulz iteration that did not settle, or a step out of
// float64's range.
func MuonStep(G mat.Matrix, alpha float64) (*mat.Dense, error) {
	if err := checkAlpha(alpha); err != nil {
		return nil, err
	}
	p, err := NewtonSchulz(G)
	if err != nil {
		return nil, err
	}
	return orthoStep(G, p.Q, alpha, "Muon's step")
}

// ShampooStep is Shampoo's update without accumulation, scaled to the
// squared spectral penalty: u = −(α/2)·⟨G, X⟩·X with
// X = (GGᵀ)^{−1/4}·G·(GᵀG)^{−1/4}, the −1/4 powers taken as pseudo-inverse
// roots, from ShampooDirection (two eigendecompositions, no SVD). It returns an error for a bad G or α, or a
// step out of float64's range.
func ShampooStep(G mat.Matrix, alpha float64) (*mat.Dense, error) {
	if err := checkAlpha(alpha); err != nil {
		return nil, err
	}
	X, err := ShampooDirection(G)
	if err != nil {
		return nil, err
	}
	return orthoStep(G, X, alpha, "Shampoo's step")
}

// orthoStep returns −(α/2)·⟨G, X⟩·X, computing ⟨G, X⟩ on G/‖G‖∞.
func orthoStep(G mat.Matrix, X *mat.Dense, alpha float64, what string) (*mat.Dense, error) {
	_, g, err := SpectralOf(G)
	if err != nil {
		return nil, err
	}
	c := floats.Norm(g, math.Inf(1))
	x := X.RawMatrix().Data
	k := c * floats.Dot(scaled(g), x) // ⟨G, X⟩
	u := make([]float64, len(x))
	floats.ScaleTo(u, -alpha/2*k, x)
	if err := checkResult(what, u, c > 0); err != nil {
		return nil, err
	}
	r, cols := G.Dims()
	return mat.NewDense(r, cols, u), nil
}
