package steepest_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/figure"
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

// TestDualAndSteepest checks, for random g and every norm family, that
// ‖s*‖ = 1, gᵀs* = ‖g‖_*, that no random unit vector s beats s*
// (gᵀs ≤ ‖g‖_*), that random unit vectors come close from below, that
// perturbations of s* projected back to the sphere come within 1e-4, and
// Hölder's inequality gᵀx ≤ ‖g‖_*‖x‖.
func TestDualAndSteepest(t *testing.T) {
	const (
		exact   = 1e-12 // for identities that hold up to rounding
		samples = 3000
	)
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 1))
			worstGap := 0.0
			for trial := 0; trial < 20; trial++ {
				in := randInstance(t, rng, kind)
				norm, g := in.norm, in.g
				dual := norm.Dual(g)
				s := norm.Steepest(g)
				if e := relErr(norm.Norm(s), 1); e > exact {
					t.Errorf("%v: ‖s*‖ = %v, want 1", in, norm.Norm(s))
				}
				if e := relErr(dot(g, s), dual); e > exact {
					t.Errorf("%v: gᵀs* = %v, want ‖g‖_* = %v", in, dot(g, s), dual)
				}
				best := math.Inf(-1)
				for k := 0; k < samples; k++ {
					v := randDirection(rng, norm, len(g))
					u := unit(norm, v)
					gs := dot(g, u)
					if gs > dual*(1+exact) {
						t.Fatalf("%v: random unit s has gᵀs = %v > ‖g‖_* = %v", in, gs, dual)
					}
					best = math.Max(best, gs)
					// Hölder: gᵀv ≤ ‖g‖_*·‖v‖.
					if dot(g, v) > dual*norm.Norm(v)*(1+exact)+exact {
						t.Fatalf("%v: Hölder fails for v = %v", in, v)
					}
					// A small perturbation of s*, back on the sphere.
					p := make([]float64, len(s))
					for i := range p {
						p[i] = s[i] + 1e-3*rng.NormFloat64()
					}
					p = unit(norm, p)
					gp := dot(g, p)
					if gp > dual*(1+exact) {
						t.Fatalf("%v: perturbed s* has gᵀs = %v > ‖g‖_* = %v", in, gp, dual)
					}
					if gp < dual*(1-1e-2) && (kind == "ℓ2" || kind == "ℓp" || kind == "Mahalanobis") {
						// Smooth balls: the first-order change is zero, so the loss is
						// O(1e-6) times the curvature of the ball.
						t.Errorf("%v: perturbed s* lost too much: %v vs %v", in, gp, dual)
					}
				}
				worstGap = math.Max(worstGap, 1-best/dual)
				if best < dual*(1-0.35) {
					t.Errorf("%v: best of %d random unit s reaches only %v of ‖g‖_* = %v", in, samples, best/dual, dual)
				}
			}
			t.Logf("%s: max over %d random unit s of gᵀs is within %.3g (relative) below ‖g‖_*, never above", kind, samples, worstGap)
		})
	}
}

// TestSquaredStepMatchesNumeric compares the closed form with the numerical
// minimizer on random problems, and the minimum value with −(α/4)‖g‖_*².
func TestSquaredStepMatchesNumeric(t *testing.T) {
	const tol = 1e-6
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, 2))
			for trial := 0; trial < 25; trial++ {
				in := randInstance(t, rng, kind)
				u, num := bothRoutes(t, in)
				if d := steepest.RelDiff(num.X, u); !(d <= tol) {
					t.Errorf("%v:\n closed form %v\n numeric     %v\n rel diff %.3g > %g", in, u, num.X, d, tol)
				}
				fu, err := steepest.SquaredObjective(in.norm, in.g, u, in.alpha)
				if err != nil {
					t.Fatal(err)
				}
				d := in.norm.Dual(in.g)
				if e := relErr(fu, -in.alpha/4*d*d); e > 1e-12 {
					t.Errorf("%v: objective at closed form %v, want −(α/4)‖g‖_*² = %v", in, fu, -in.alpha/4*d*d)
				}
				// The closed form is the minimum: the numerical point may not beat it.
				if num.F < fu-1e-12*math.Abs(fu) {
					t.Errorf("%v: numeric value %v below the closed-form minimum %v", in, num.F, fu)
				}
			}
		})
	}
}

// TestAccuracy measures, over 1,000 random problems per norm family (100
// with -short), the largest relative difference ‖u_num − u‖∞/‖u‖∞ between
// MinimizeSquared and SquaredStep, and the largest relative difference of
// the minimum values.
func TestAccuracy(t *testing.T) {
	const tol = 1e-6
	n := 1000
	if testing.Short() {
		n = 100
	}
	for _, kind := range kinds() {
		rng := rand.New(rand.NewPCG(3, 3))
		var worstX, worstF float64
		method := ""
		for k := 0; k < n; k++ {
			in := randInstance(t, rng, kind)
			u, num := bothRoutes(t, in)
			method = num.Method
			fu, _ := steepest.SquaredObjective(in.norm, in.g, u, in.alpha)
			worstX = math.Max(worstX, steepest.RelDiff(num.X, u))
			worstF = math.Max(worstF, relErr(num.F, fu))
		}
		t.Logf("%-12s %4d instances (%s): max rel error of argmin %.3g, of minimum %.3g", kind, n, method, worstX, worstF)
		if !(worstX <= tol) {
			t.Errorf("%s: max rel error %.3g > %g", kind, worstX, tol)
		}
	}
}

// TestNormStepRegimes sets 1/α to 1.5, 1 and 0.5 times ‖g‖_* and checks the
// regime, the objective along −r·s*, and the numerical probe.
func TestNormStepRegimes(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(4, 4))
			for trial := 0; trial < 5; trial++ {
				in := randInstance(t, rng, kind)
				d := in.norm.Dual(in.g)
				for _, c := range []struct {
					ratio float64 // (1/α) / ‖g‖_*
					want  steepest.Regime
				}{{1.5, steepest.Zero}, {1, steepest.Tie}, {0.5, steepest.Unbounded}} {
					alpha := 1 / (c.ratio * d)
					o, err := steepest.NormStep(in.norm, in.g, alpha)
					if err != nil {
						t.Fatal(err)
					}
					if o.Regime != c.want {
						t.Errorf("%v, 1/α = %v·‖g‖_*: regime %v, want %v", in, c.ratio, o.Regime, c.want)
					}
					if relErr(in.norm.Norm(o.Direction), 1) > 1e-12 {
						t.Errorf("%v: ‖direction‖ = %v, want 1", in, in.norm.Norm(o.Direction))
					}
					rs := []float64{0, 1, 10, 100}
					vals, err := steepest.ObjectiveAlong(in.norm, in.g, alpha, rs)
					if err != nil {
						t.Fatal(err)
					}
					for i, r := range rs {
						want := r * (1/alpha - d)
						if c.want == steepest.Tie {
							want = 0
						}
						if math.Abs(vals[i]-want) > 1e-12*(1+r)*d {
							t.Errorf("%v, %v: objective at r = %v is %v, want %v", in, c.want, r, vals[i], want)
						}
					}
					p, err := steepest.ProbeNorm(in.norm, in.g, alpha, nil)
					if err != nil {
						t.Fatal(err)
					}
					if p.Regime != c.want {
						t.Errorf("%v, 1/α = %v·‖g‖_*: probe says %v (slope %v), want %v", in, c.ratio, p.Regime, p.Slope, c.want)
					}
					if relErr(p.Slope, o.Slope) > 1e-8 && math.Abs(p.Slope-o.Slope) > 1e-9*d {
						t.Errorf("%v: probe slope %v, closed form %v", in, p.Slope, o.Slope)
					}
					last := len(p.Radii) - 1
					R := p.Radii[last]
					switch c.want {
					case steepest.Unbounded:
						if relErr(p.Ball[last], R*o.Slope) > 1e-8 {
							t.Errorf("%v: ball minimum at R = %v is %v, want %v", in, R, p.Ball[last], R*o.Slope)
						}
					default:
						if math.Abs(p.Ball[last]) > 1e-9*R*d {
							t.Errorf("%v: ball minimum at R = %v is %v, want 0", in, R, p.Ball[last])
						}
					}
				}
			}
		})
	}
}

// TestLinfRegimesByHand uses g = (1, −½, ½), ‖g‖₁ = 2, where every number is
// exact in floating point.
func TestLinfRegimesByHand(t *testing.T) {
	g := []float64{1, -0.5, 0.5}
	for _, c := range []struct {
		alpha float64
		want  steepest.Regime
	}{{0.25, steepest.Zero}, {0.5, steepest.Tie}, {1, steepest.Unbounded}} {
		o, err := steepest.NormStep(steepest.Linf{}, g, c.alpha)
		if err != nil {
			t.Fatal(err)
		}
		if o.Regime != c.want || o.Threshold != 1/c.alpha || o.DualNorm != 2 {
			t.Errorf("α = %v: got %v", c.alpha, o)
		}
		want := []float64{-1, 1, -1}
		for i := range want {
			if o.Direction[i] != want[i] {
				t.Fatalf("α = %v: direction %v, want −sign(g) = %v", c.alpha, o.Direction, want)
			}
		}
		delta := []float64{-3, 3, -3} // Δ = 3·Direction
		f, err := steepest.NormObjective(steepest.Linf{}, g, delta, c.alpha)
		if err != nil || f != 3*o.Slope {
			t.Errorf("α = %v: objective at Δ = %v is %v (%v), want 3·(1/α − ‖g‖₁) = %v", c.alpha, delta, f, err, 3*o.Slope)
		}
		if o.Regime == steepest.Unbounded && !math.IsInf(o.Min(), -1) || o.Regime != steepest.Unbounded && o.Min() != 0 {
			t.Errorf("α = %v: Min() = %v", c.alpha, o.Min())
		}
	}
}

// TestTieBreaking checks the documented choices where s* is not unique.
func TestTieBreaking(t *testing.T) {
	g := []float64{0, -2, 2, 1}
	if got := (steepest.Linf{}).Steepest(g); !equal(got, []float64{0, -1, 1, 1}) {
		t.Errorf("ℓ∞ s* = %v, want sign(g) with sign(0) = 0", got)
	}
	if got := (steepest.L1{}).Steepest(g); !equal(got, []float64{0, -1, 0, 0}) {
		t.Errorf("ℓ1 s* = %v, want −e₂ (smallest index among ties)", got)
	}
	for _, n := range []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}, steepest.Spectral{Rows: 2, Cols: 2}} {
		if got := n.Steepest(make([]float64, 4)); !equal(got, make([]float64, 4)) {
			t.Errorf("%s: s*(0) = %v, want 0", n.Name(), got)
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
	// ⟨G, UVᵀ⟩ = nuclear norm.
	if e := relErr(mat.Sum(mulElem(G, Q)), s.Dual(g)); e > 1e-12 {
		t.Errorf("⟨G, UVᵀ⟩ = %v, nuclear norm %v", mat.Sum(mulElem(G, Q)), s.Dual(g))
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
}

func eye(n int) *mat.Dense {
	I := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		I.Set(i, i, 1)
	}
	return I
}

func mulElem(a, b mat.Matrix) *mat.Dense {
	var c mat.Dense
	c.MulElem(a, b)
	return &c
}

// TestMahalanobisDiagonal checks that diag(d) gives the Adam-like step
// −(α/2)·g/d.
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
	want := []float64{-2, 1, -4}
	if steepest.RelDiff(u, want) > 1e-15 {
		t.Errorf("u = %v, want −(α/2)g/d = %v", u, want)
	}
	if m.Dim() != 3 || m.M().At(1, 1) != 4 {
		t.Errorf("Dim/M do not describe diag(d)")
	}
}

// TestErrors feeds bad input to every entry point and checks that the error
// wraps the right sentinel and reads "steepest: …".
func TestErrors(t *testing.T) {
	g := []float64{1, 2}
	notSym := mat.NewDense(2, 2, []float64{2, 1, 0, 2})
	indefinite := mat.NewDense(2, 2, []float64{1, 2, 2, 1})
	rect := mat.NewDense(2, 3, nil)
	m2, err := steepest.NewMahalanobis(mat.NewDense(2, 2, []float64{2, 1, 1, 2}))
	if err != nil {
		t.Fatal(err)
	}
	errOf := func(_ any, err error) error { return err }
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"α = 0", errOf(steepest.SquaredStep(steepest.L2{}, g, 0)), steepest.ErrStepSize},
		{"α < 0", errOf(steepest.NormStep(steepest.L2{}, g, -1)), steepest.ErrStepSize},
		{"α = NaN", errOf(steepest.SquaredStep(steepest.L2{}, g, math.NaN())), steepest.ErrStepSize},
		{"α = +Inf", errOf(steepest.MinimizeSquared(steepest.L2{}, g, math.Inf(1))), steepest.ErrStepSize},
		{"empty g", errOf(steepest.SquaredStep(steepest.Linf{}, nil, 1)), steepest.ErrEmpty},
		{"NaN in g", errOf(steepest.NormStep(steepest.Linf{}, []float64{1, math.NaN()}, 1)), steepest.ErrNonFinite},
		{"Inf in g", errOf(steepest.SquaredStep(steepest.L1{}, []float64{math.Inf(-1)}, 1)), steepest.ErrNonFinite},
		{"nil norm", errOf(steepest.SquaredStep(nil, g, 1)), steepest.ErrNoNorm},
		{"zero Lp", errOf(steepest.SquaredStep(steepest.Lp{}, g, 1)), steepest.ErrNoNorm},
		{"zero Mahalanobis", errOf(steepest.SquaredStep(&steepest.Mahalanobis{}, g, 1)), steepest.ErrNoNorm},
		{"zero Spectral", errOf(steepest.SquaredStep(steepest.Spectral{}, g, 1)), steepest.ErrNoNorm},
		{"p = 1", errOf(steepest.NewLp(1)), steepest.ErrExponent},
		{"p = 0.5", errOf(steepest.NewLp(0.5)), steepest.ErrExponent},
		{"p = +Inf", errOf(steepest.NewLp(math.Inf(1))), steepest.ErrExponent},
		{"p = NaN", errOf(steepest.NewLp(math.NaN())), steepest.ErrExponent},
		{"M not symmetric", errOf(steepest.NewMahalanobis(notSym)), steepest.ErrNotPositiveDefinite},
		{"M indefinite", errOf(steepest.NewMahalanobis(indefinite)), steepest.ErrNotPositiveDefinite},
		{"M singular", errOf(steepest.NewMahalanobis(mat.NewDense(2, 2, []float64{1, 1, 1, 1}))), steepest.ErrNotPositiveDefinite},
		{"M not square", errOf(steepest.NewMahalanobis(rect)), steepest.ErrShape},
		{"M nil", errOf(steepest.NewMahalanobis(nil)), steepest.ErrEmpty},
		{"M with NaN", errOf(steepest.NewMahalanobis(mat.NewDense(1, 1, []float64{math.NaN()}))), steepest.ErrNonFinite},
		{"d with 0", errOf(steepest.NewDiagonal([]float64{1, 0})), steepest.ErrNotPositiveDefinite},
		{"M vs g", errOf(steepest.SquaredStep(m2, []float64{1, 2, 3}, 1)), steepest.ErrShape},
		{"spectral vs g", errOf(steepest.NormStep(steepest.Spectral{Rows: 2, Cols: 2}, []float64{1, 2, 3}, 1)), steepest.ErrShape},
		{"G nil", errOf(steepest.Orthogonalize(nil)), steepest.ErrEmpty},
		{"G with Inf", errOf(steepest.SpectralStep(mat.NewDense(1, 2, []float64{1, math.Inf(1)}), 1)), steepest.ErrNonFinite},
		{"Δ vs g", errOf(steepest.SquaredObjective(steepest.L2{}, g, []float64{1}, 1)), steepest.ErrShape},
		{"r < 0", errOf(steepest.ObjectiveAlong(steepest.L2{}, g, 1, []float64{1, -1})), steepest.ErrRadius},
		{"R = 0", errOf(steepest.ProbeNorm(steepest.L2{}, g, 1, []float64{0})), steepest.ErrRadius},
		{"3-D unit balls", errOf(steepest.UnitBallFigure([]float64{1, 2, 3})), steepest.ErrShape},
		{"d vs g", errOf(steepest.Cases(g, []float64{1}, nil)), steepest.ErrShape},
		{"no gradients", errOf(steepest.RegimeTable(steepest.L2{}, 1, []float64{1})), steepest.ErrEmpty},
		{"table α", errOf(steepest.RecoveryTable(-1)), steepest.ErrStepSize},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !errorsIs(c.err, c.want) {
			t.Errorf("%s: error %q does not wrap %q", c.name, c.err, c.want)
		}
		if !strings.HasPrefix(c.err.Error(), "steepest: ") {
			t.Errorf("%s: error %q does not start with \"steepest: \"", c.name, c.err)
		}
		t.Logf("%-16s %v", c.name, c.err)
	}
}

// TestTablesAndFigures checks the shapes of the notebook's tables and plots.
func TestTablesAndFigures(t *testing.T) {
	g := []float64{0.8, -0.3, 0.1}
	cases, err := steepest.Cases(g, []float64{1, 0.5, 2}, mat.NewDense(2, 2, []float64{1, 2, 3, 4}))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := steepest.RecoveryTable(0.5, cases...)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 5 {
		t.Fatalf("recovery table has %d rows, want 5:\n%v", len(tab.Rows), tab)
	}
	t.Logf("\n%v", tab)

	rs := []float64{0, 0.5, 1, 2}
	gs := [][]float64{{0.5, -0.25, 0.25}, {1, -0.5, 0.5}, {2, -1, 1}}
	rt, err := steepest.RegimeTable(steepest.Linf{}, 0.5, rs, gs...)
	if err != nil {
		t.Fatal(err)
	}
	if len(rt.Rows) != len(rs) || len(rt.Header) != 1+len(gs) {
		t.Errorf("regime table shape: %v", rt)
	}
	for i, want := range []string{"(zero)", "(tie)", "(unbounded)"} {
		if !strings.HasSuffix(rt.Header[1+i], want) {
			t.Errorf("column %d is %q, want suffix %q", 1+i, rt.Header[1+i], want)
		}
	}
	t.Logf("\n%v", rt)
	rf, err := steepest.RegimeFigure(steepest.Linf{}, 0.5, rs, gs...)
	if err != nil {
		t.Fatal(err)
	}
	if err := rf.Validate(); err != nil || len(rf.Series) != 3 {
		t.Errorf("regime figure: %v, %d series", err, len(rf.Series))
	}

	uf, err := steepest.UnitBallFigure([]float64{0.8, 0.3})
	if err != nil {
		t.Fatal(err)
	}
	// 3 spheres, the arrow of g (shaft and head), 3 markers s*, 3 segments
	// and 3 supporting lines (ℓ∞'s included: the axes leave room for it).
	if err := uf.Validate(); err != nil || len(uf.Series) != 14 {
		t.Errorf("unit-ball figure: %v, %d series", err, len(uf.Series))
	}
	for _, s := range uf.Series[8:11] { // segments from the origin
		if len(s.X) != 2 || s.X[0] != 0 || s.Y[0] != 0 || s.Style != figure.Line {
			t.Errorf("%s is not a segment from the origin", s.Name)
		}
	}

	ct, err := steepest.CompareTable(g, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ct.Rows) != 2 || ct.Rows[0][0] != "ℓ∞" || ct.Rows[1][0] != "ℓ1" {
		t.Errorf("compare table: %v", ct)
	}
	t.Logf("\n%v", ct)

	p, err := steepest.ProbeNorm(steepest.Linf{}, gs[2], 0.5, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%v", p.Table())
}
