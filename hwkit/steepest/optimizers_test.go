package steepest_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// TestOwnRulesMinimize: each optimizer's own update attains the numerical
// minimum of its penalty (the independent check) and equals the closed form
// (the consistency check), on random gradients, ties included.
func TestOwnRulesMinimize(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	for trial := 0; trial < 40; trial++ {
		n := 1 + rng.IntN(6)
		g := make([]float64, n)
		for i := range g {
			g[i] = rng.NormFloat64()
			if trial%4 == 1 && i == 0 {
				g[i] = 0 // a zero entry
			}
		}
		if trial%4 == 2 && n > 1 {
			g[1] = -g[0] // two largest |gᵢ| tie
			g[0] = 3
			g[1] = -3
		}
		alpha := math.Exp(rng.NormFloat64())
		sigma := []float64{0, 0.3, 3}[trial%3]
		G, err := steepest.Gaussian(1+rng.IntN(3), 1+rng.IntN(3), uint64(trial))
		if err != nil {
			t.Fatal(err)
		}
		cases, err := steepest.Optimizers(g, alpha, sigma, G)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := steepest.Recover(alpha, cases...)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 6 {
			t.Fatalf("%d rows, want 6", len(rs))
		}
		for _, r := range rs {
			if !r.Attains() || !r.Consistent() {
				t.Errorf("g = %v, α = %v, σ = %v, %s: %s", g, alpha, sigma, r.Optimizer, r.Detail())
			}
		}
	}
}

// TestGaussSouthwell: the coordinate of the largest |gⱼ| moves by −(α/2)gⱼ;
// on a tie the first.
func TestGaussSouthwell(t *testing.T) {
	for _, c := range []struct{ g, want []float64 }{
		{[]float64{0.8, -0.5, 0.25}, []float64{-0.4, 0, 0}},
		{[]float64{0.1, -2, 2}, []float64{0, 1, 0}},
		{[]float64{0, 0}, []float64{0, 0}},
	} {
		u, err := steepest.GaussSouthwell(c.g, 1)
		if err != nil || !equal(u, c.want) {
			t.Errorf("GaussSouthwell(%v) = %v, %v; want %v", c.g, u, err, c.want)
		}
	}
}

// TestAdamSignGap: Adam at σ = 0 is sign descent within AdamSignGap, and the
// bound is valid (not merely first-order) for g scaled by 100 and 1/100 and
// for entries near ε.
func TestAdamSignGap(t *testing.T) {
	g := []float64{0.8, -0.5, 0.25, -0.05}
	for _, scale := range []float64{1e-8, 1e-6, 0.01, 1, 100, 1e4, 1e8} {
		gs := make([]float64, len(g))
		floats.ScaleTo(gs, scale, g)
		for _, alpha := range []float64{1e-3, 0.8, 10} {
			adam, err := steepest.AdamStep(gs, alpha, 0, steepest.AdamEps)
			if err != nil {
				t.Fatal(err)
			}
			sign := steepest.ExactSigns(gs)
			floats.Scale(-alpha/2, sign)
			bound, err := steepest.AdamSignGap(gs, alpha, steepest.AdamEps)
			if err != nil {
				t.Fatal(err)
			}
			if d := maxDiff(adam, sign); d > bound {
				t.Errorf("g×%g, α = %v: Adam at σ = 0 is %g from sign descent, bound %g", scale, alpha, d, bound)
			}
			first := alpha / 2 * steepest.AdamEps / (0.05*scale + steepest.AdamEps)
			if bound > first+8*0x1p-52*alpha {
				t.Errorf("g×%g: bound %g is loose (first-order term %g)", scale, bound, first)
			}
		}
	}
}

// TestAdamSignGapBelowTieRule: an entry the tie rule calls zero but far
// above ε (g = {1000, 5e-8}: 5e-8 ≤ 1e-10·1000) still moves by about
// (α/2)·|gᵢ|/(|gᵢ| + ε) = 5/6·(α/2). Adam's step is within AdamSignGap of
// −(α/2)·sign(g) with the exact sign, and not with the tie rule's sign.
func TestAdamSignGapBelowTieRule(t *testing.T) {
	g, alpha := []float64{1000, 5e-8}, 0.8
	if steepest.Signs(g)[1] != 0 {
		t.Fatal("test case: 5e-8 is not zero by the tie rule")
	}
	adam, err := steepest.AdamStep(g, alpha, 0, steepest.AdamEps)
	if err != nil {
		t.Fatal(err)
	}
	bound, err := steepest.AdamSignGap(g, alpha, steepest.AdamEps)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: the second entry moves by 0.4·5e-8/6e-8 = 1/3, a gap of
	// 0.4/6 = 0.0667 to the exact sign's 0.4 and of 1/3 to the tie rule's 0.
	if want := 0.4 / 6; math.Abs(bound-want) > 1e-12 {
		t.Errorf("bound %v, want %v", bound, want)
	}
	exact := []float64{-alpha / 2, -alpha / 2}
	if d := maxDiff(adam, exact); d > bound {
		t.Errorf("Adam %v is %g from %v, bound %g", adam, d, exact, bound)
	}
	tie := steepest.Signs(g)
	floats.Scale(-alpha/2, tie)
	if d := maxDiff(adam, tie); !(d > 0.3) {
		t.Errorf("Adam %v is only %g from the tie rule's sign step %v", adam, d, tie)
	}
}

// TestMuonShampoo: Newton–Schulz and the pseudo-inverse roots give UVᵀ
// without an SVD, for full-rank and rank-deficient G.
func TestMuonShampoo(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for k := 0; k < 200; k++ {
		r, c := 1+rng.IntN(5), 1+rng.IntN(5)
		G := mat.NewDense(r, c, nil)
		if k%3 == 0 { // rank one: xyᵀ
			x, y := make([]float64, r), make([]float64, c)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			for j := range y {
				y[j] = rng.NormFloat64()
			}
			G.Outer(1, mat.NewVecDense(r, x), mat.NewVecDense(c, y))
		} else {
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					G.Set(i, j, rng.NormFloat64())
				}
			}
		}
		want, err := steepest.Orthogonalize(G)
		if err != nil {
			t.Fatal(err)
		}
		ns, err := steepest.NewtonSchulz(G)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(ns.Q, want, 1e-10) {
			t.Errorf("%d×%d: Newton–Schulz %v, SVD %v", r, c, mat.Formatted(ns.Q), mat.Formatted(want))
		}
		sh, err := steepest.ShampooDirection(G)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(sh, want, 1e-8) {
			t.Errorf("%d×%d: Shampoo %v, SVD %v", r, c, mat.Formatted(sh), mat.Formatted(want))
		}
	}
}

// TestPinvRoot: ((S⁺)^{1/2})² S = S for a singular S, and (S⁺)^{1/4} of an
// invertible S is its inverse fourth root S^{−1/4}.
func TestPinvRoot(t *testing.T) {
	S := mat.NewSymDense(3, []float64{2, 1, 0, 1, 2, 0, 0, 0, 0}) // rank 2
	R, err := steepest.PinvRoot(S, 2)
	if err != nil {
		t.Fatal(err)
	}
	var RR, RRS mat.Dense
	RR.Mul(R, R)
	RRS.Mul(&RR, S)
	P := mat.NewDense(3, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 0}) // the projector on the range
	if !mat.EqualApprox(&RRS, P, 1e-12) {
		t.Errorf("S^{+1/2}·S^{+1/2}·S = %v, want the projector on range(S)", mat.Formatted(&RRS))
	}
	D := mat.NewSymDense(2, []float64{16, 0, 0, 81})
	R, err = steepest.PinvRoot(D, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(R, mat.NewDense(2, 2, []float64{0.5, 0, 0, 1.0 / 3}), 1e-14) {
		t.Errorf("diag(16, 81)^{−1/4} = %v", mat.Formatted(R))
	}
}
