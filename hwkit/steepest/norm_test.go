package steepest_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// randDirection returns a random nonzero vector of length n, from a mix of
// distributions so that some samples come near the corners and faces of
// polyhedral unit balls: Gaussian, sparse Gaussian, noisy signs, and (for
// a Spectral norm) rank-one matrices.
func randDirection(rng *rand.Rand, norm steepest.Norm, n int) []float64 {
	v := make([]float64, n)
	for {
		switch k := rng.IntN(4); {
		case k == 0:
			for i := range v {
				v[i] = rng.NormFloat64()
			}
		case k == 1:
			for i := range v {
				v[i] = 0
				if rng.IntN(2) == 0 {
					v[i] = rng.NormFloat64()
				}
			}
		case k == 2:
			for i := range v {
				v[i] = float64(2*rng.IntN(2)-1) + 0.1*rng.NormFloat64()
			}
		default:
			if s, ok := norm.(steepest.Spectral); ok {
				for i := 0; i < s.Rows; i++ {
					x := rng.NormFloat64()
					for j := 0; j < s.Cols; j++ {
						if i == 0 {
							v[j] = rng.NormFloat64()
						}
						v[i*s.Cols+j] = x * v[j]
					}
				}
			} else {
				for i := range v {
					v[i] = rng.NormFloat64()
				}
			}
		}
		if norm.Norm(v) > 0 {
			return v
		}
	}
}

func unit(norm steepest.Norm, v []float64) []float64 {
	n := norm.Norm(v)
	out := make([]float64, len(v))
	for i := range v {
		out[i] = v[i] / n
	}
	return out
}

// TestDualAndDirection checks, for random g and every norm family, that
// ‖Δx_nsd‖ = 1 and gᵀΔx_nsd = −‖g‖_*, that no random unit vector v goes
// further down (gᵀv ≥ −‖g‖_*), that random unit vectors come close from
// above, and Hölder's inequality |gᵀx| ≤ ‖g‖_*‖x‖.
func TestDualAndDirection(t *testing.T) {
	const (
		exact   = 1e-12 // for identities that hold up to rounding
		samples = 3000
	)
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 1))
			for trial := 0; trial < 20; trial++ {
				in := randInstance(t, rng, kind)
				norm, g := in.norm, in.g
				dual := norm.Dual(g)
				d := norm.Direction(g)
				if e := relErr(norm.Norm(d), 1); e > exact {
					t.Errorf("%v: ‖Δx_nsd‖ = %v, want 1", in, norm.Norm(d))
				}
				if e := relErr(dot(g, d), -dual); e > exact {
					t.Errorf("%v: gᵀΔx_nsd = %v, want −‖g‖_* = %v", in, dot(g, d), -dual)
				}
				best := math.Inf(1)
				for k := 0; k < samples; k++ {
					v := randDirection(rng, norm, len(g))
					u := unit(norm, v)
					gv := dot(g, u)
					if gv < -dual*(1+exact) {
						t.Fatalf("%v: random unit v has gᵀv = %v < −‖g‖_* = %v", in, gv, -dual)
					}
					best = math.Min(best, gv)
					if math.Abs(dot(g, v)) > dual*norm.Norm(v)*(1+exact)+exact {
						t.Fatalf("%v: Hölder fails for v = %v", in, v)
					}
				}
				if best > -dual*(1-0.35) {
					t.Errorf("%v: best of %d random unit v reaches only %v of −‖g‖_* = %v", in, samples, best/dual, -dual)
				}
			}
		})
	}
}

// TestDirectionTies checks the documented choices where Δx_nsd is not
// unique, with ties computed in floating point.
func TestDirectionTies(t *testing.T) {
	fpZero := 0.1 + 0.2 - 0.3 // 5.55e-17, a zero computed in floating point
	g := []float64{fpZero, -2, 2, 1}
	if got := (steepest.Linf{}).Direction(g); !equal(got, []float64{0, 1, -1, -1}) {
		t.Errorf("ℓ∞ Δx_nsd = %v, want −sign(g) with sign(5.6e-17) = 0 by the tie rule", got)
	}
	if got := (steepest.L1{}).Direction(g); !equal(got, []float64{0, 1, 0, 0}) {
		t.Errorf("ℓ1 Δx_nsd = %v, want e₂ (smallest index among ties)", got)
	}
	near := []float64{0.1 + 0.2, -0.3} // 0.30000000000000004 and 0.3 tie
	if got := (steepest.L1{}).Direction(near); !equal(got, []float64{-1, 0}) {
		t.Errorf("ℓ1 Δx_nsd of %v = %v, want −e₁", near, got)
	}
	for _, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}, steepest.Spectral{Rows: 2, Cols: 2}} {
		if got := n.Direction(make([]float64, 4)); !equal(got, make([]float64, 4)) {
			t.Errorf("%s: Δx_nsd(0) = %v, want 0", n.Name(), got)
		}
	}
}

// TestNormMethodsWrongLength: the Norm methods do not panic on a length
// their Check rejects: NaN and nil instead.
func TestNormMethodsWrongLength(t *testing.T) {
	m, err := steepest.NewDiagonal([]float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}, steepest.Lp{}, m, &steepest.Mahalanobis{},
		(*steepest.Mahalanobis)(nil), steepest.Spectral{Rows: 2, Cols: 2}, steepest.Spectral{}} {
		for _, x := range [][]float64{nil, {1, 2, 3}} {
			if n.Check(len(x)) == nil {
				continue
			}
			if v := n.Norm(x); !math.IsNaN(v) {
				t.Errorf("%s: Norm(%v) = %v, want NaN", n.Name(), x, v)
			}
			if v := n.Dual(x); !math.IsNaN(v) {
				t.Errorf("%s: Dual(%v) = %v, want NaN", n.Name(), x, v)
			}
			if v := n.Direction(x); v != nil {
				t.Errorf("%s: Direction(%v) = %v, want nil", n.Name(), x, v)
			}
		}
	}
	if m.Dim() != 2 || (&steepest.Mahalanobis{}).Dim() != 0 || (*steepest.Mahalanobis)(nil).M() != nil {
		t.Error("Dim/M of built and zero Mahalanobis norms")
	}
}

// TestExtremeMagnitudes: the norms are computed on g/‖g‖∞ and scaled back,
// so they are right for entries near the ends of float64's range.
func TestExtremeMagnitudes(t *testing.T) {
	base := []float64{3, -4}
	m, _ := steepest.NewDiagonal([]float64{1, 4})
	for _, scale := range []float64{0x1p-1070, 0x1p-1000, 0x1p-500, 0x1p500, 0x1p1000} {
		g := []float64{base[0] * scale, base[1] * scale}
		for _, c := range []struct {
			norm        steepest.Norm
			norm1, dual float64
		}{
			{steepest.L2{}, 5, 5},
			{steepest.Linf{}, 4, 7},
			{steepest.L1{}, 7, 4},
			{m, math.Sqrt(9 + 64), math.Sqrt(9 + 4)},
			{steepest.Spectral{Rows: 1, Cols: 2}, 5, 5},
		} {
			tol := 1e-14
			if scale < 0x1p-1020 { // subnormal g: only the bits the input has
				tol = 1e-2
			}
			if got := c.norm.Norm(g) / scale; relErr(got, c.norm1) > tol {
				t.Errorf("%s, scale %g: ‖g‖/scale = %v, want %v", c.norm.Name(), scale, got, c.norm1)
			}
			if got := c.norm.Dual(g) / scale; relErr(got, c.dual) > tol {
				t.Errorf("%s, scale %g: ‖g‖_*/scale = %v, want %v", c.norm.Name(), scale, got, c.dual)
			}
			d := c.norm.Direction(g)
			if relErr(c.norm.Norm(d), 1) > 1e-12 {
				t.Errorf("%s, scale %g: Δx_nsd = %v is not a unit vector", c.norm.Name(), scale, d)
			}
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSpectral checks the matrix helpers against gonum: σ_max, the nuclear
// norm, UVᵀ orthogonal for square full-rank G, and U_rV_rᵀ for rank-one G.
func TestSpectral(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	G := mat.NewDense(3, 3, nil)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			G.Set(i, j, rng.NormFloat64())
		}
	}
	s, g, err := steepest.SpectralOf(G)
	if err != nil {
		t.Fatal(err)
	}
	// σ_max² is the largest eigenvalue of GᵀG (mat.Norm(G, 2) would be Frobenius).
	var GtG mat.SymDense
	GtG.SymOuterK(1, G.T())
	var eig mat.EigenSym
	if !eig.Factorize(&GtG, false) {
		t.Fatal("eigen decomposition failed")
	}
	ev := eig.Values(nil)
	if e := relErr(s.Norm(g), math.Sqrt(ev[len(ev)-1])); e > 1e-12 {
		t.Errorf("spectral norm %v, √λ_max(GᵀG) = %v", s.Norm(g), math.Sqrt(ev[len(ev)-1]))
	}
	Q, err := steepest.Orthogonalize(G)
	if err != nil {
		t.Fatal(err)
	}
	var QtQ mat.Dense
	QtQ.Mul(Q.T(), Q)
	if !mat.EqualApprox(&QtQ, eye(3), 1e-12) {
		t.Errorf("UVᵀ is not orthogonal: QᵀQ = %v", mat.Formatted(&QtQ))
	}
	var GQ mat.Dense
	GQ.MulElem(G, Q)
	if e := relErr(mat.Sum(&GQ), s.Dual(g)); e > 1e-12 {
		t.Errorf("⟨G, UVᵀ⟩ = %v, nuclear norm %v", mat.Sum(&GQ), s.Dual(g))
	}
	u, err := steepest.SpectralStep(G, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	var want mat.Dense
	want.Scale(-0.25*s.Dual(g), Q)
	if !mat.EqualApprox(u, &want, 1e-12) {
		t.Errorf("SpectralStep = %v, want −(α/2)‖G‖_nuc·UVᵀ", mat.Formatted(u))
	}
	// Rank one: G = xyᵀ gives UVᵀ = x̂ŷᵀ.
	R := mat.NewDense(2, 3, []float64{1, 2, 2, 2, 4, 4})
	Q, err = steepest.Orthogonalize(R)
	if err != nil {
		t.Fatal(err)
	}
	wantR := mat.NewDense(2, 3, nil)
	wantR.Scale(1/(math.Sqrt(5)*3), R)
	if !mat.EqualApprox(Q, wantR, 1e-12) {
		t.Errorf("rank one: UVᵀ = %v, want xyᵀ/(‖x‖‖y‖)", mat.Formatted(Q))
	}
	if s.Matrix([]float64{1}) != nil {
		t.Error("Matrix of a wrong length is not nil")
	}
}

func eye(n int) *mat.Dense {
	I := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		I.Set(i, i, 1)
	}
	return I
}

// TestMahalanobisDiagonal checks that diag(d) gives the Adam-like step
// −(α/2)·g/d, and that a dense M is the change of variables P^{1/2}:
// ‖Δ‖_M = ‖M^{1/2}Δ‖₂.
func TestMahalanobisDiagonal(t *testing.T) {
	d := []float64{1, 4, 0.25}
	g := []float64{2, -4, 1}
	m, err := steepest.NewDiagonal(d)
	if err != nil {
		t.Fatal(err)
	}
	u, err := steepest.SquaredStep(m, g, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{-2, 1, -4}; relMaxDiff(u, want) > 1e-15 {
		t.Errorf("u = %v, want −(α/2)g/d = %v", u, want)
	}
	if m.Dim() != 3 || m.M().At(1, 1) != 4 {
		t.Errorf("Dim/M do not describe diag(d)")
	}
	if k, err := steepest.Moved(m, []float64{1, 0, 2}); err != nil || k != 2 {
		t.Errorf("Moved(diag) = %d, %v; want 2", k, err)
	}
	dense, err := steepest.NewMahalanobis(mat.NewSymDense(2, []float64{2, 1, 1, 2}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := steepest.Moved(dense, []float64{1, 0}); !errorsIs(err, steepest.ErrShape) {
		t.Errorf("Moved(dense M): %v, want ErrShape", err)
	}
	// M = [[2, 1], [1, 2]] has M^{1/2} = [[a, b], [b, a]] with a = (√3 + 1)/2, b = (√3 − 1)/2.
	a, b := (math.Sqrt(3)+1)/2, (math.Sqrt(3)-1)/2
	x := []float64{0.3, -1.1}
	if got, want := dense.Norm(x), math.Hypot(a*x[0]+b*x[1], b*x[0]+a*x[1]); relErr(got, want) > 1e-14 {
		t.Errorf("‖x‖_M = %v, ‖M^{1/2}x‖₂ = %v", got, want)
	}
}
