package steepest_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/dl-course/hw2/hwkit/steepest"
)

// This file calls every exported function of the package with the inputs a
// new user tries: nil, empty, mismatched, NaN, ±Inf, subnormal, huge and
// overflow-prone. Each call runs under a deadline and a recover: it must
// return an error or a finite, correct result, never panic or hang.
// "Correct" is checked by scaling: every input is a normal-range base input
// times a power of two, which is exact, so the result must be the base
// result times the same power (to the function's degree), within rounding
// (and the spacing of subnormal numbers where the result is that small).

// callLimit bounds each call.
const callLimit = 20 * time.Second

// bounded runs f with a deadline and turns a panic into an error message.
func bounded(f func() (any, error)) (out any, err error, problem string) {
	type result struct {
		out     any
		err     error
		problem string
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{problem: fmt.Sprintf("panic: %v", r)}
			}
		}()
		o, e := f()
		done <- result{out: o, err: e}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.problem
	case <-time.After(callLimit):
		return nil, nil, fmt.Sprintf("no result after %v", callLimit)
	}
}

// gInput is one gradient: base·2^k (exact), or a raw vector for the cases
// that have no normal base (nil, empty, NaN, ±Inf, MaxFloat64).
type gInput struct {
	name  string
	g     []float64
	k     int  // g = base·2^k
	valid bool // a normal-range input that must succeed
	raw   bool // not a scaled base: an error or a finite result, nothing to compare
}

var gBase = []float64{3, -4, 1, 0.5}

func scaledBase(base []float64, k int) []float64 {
	g := make([]float64, len(base))
	for i, x := range base {
		g[i] = math.Ldexp(x, k)
	}
	return g
}

func gInputs(base []float64) []gInput {
	withNaN := append([]float64(nil), base...)
	withNaN[1] = math.NaN()
	withInf := append([]float64(nil), base...)
	withInf[0] = math.Inf(1)
	withNegInf := append([]float64(nil), base...)
	withNegInf[0] = math.Inf(-1)
	maxed := make([]float64, len(base))
	for i := range maxed {
		maxed[i] = math.Copysign(math.MaxFloat64, base[i])
	}
	return []gInput{
		{name: "normal", g: scaledBase(base, 0), valid: true},
		{name: "nil", raw: true},
		{name: "empty", g: []float64{}, raw: true},
		{name: "NaN entry", g: withNaN, raw: true},
		{name: "+Inf entry", g: withInf, raw: true},
		{name: "−Inf entry", g: withNegInf, raw: true},
		{name: "subnormal", g: scaledBase(base, -1072), k: -1072},
		{name: "tiny", g: scaledBase(base, -1000), k: -1000},
		{name: "huge", g: scaledBase(base, 1000), k: 1000},
		{name: "overflow-prone", g: scaledBase(base, 1020), k: 1020},
		{name: "MaxFloat64", g: maxed, raw: true},
	}
}

// aInput is one step size α = 0.8·2^j, or a raw bad one.
type aInput struct {
	name  string
	alpha float64
	j     int
	raw   bool
}

func aInputs() []aInput {
	return []aInput{
		{name: "α normal", alpha: 0.8},
		{name: "α tiny", alpha: math.Ldexp(0.8, -1000), j: -1000},
		{name: "α huge", alpha: math.Ldexp(0.8, 1000), j: 1000},
		{name: "α subnormal", alpha: math.Ldexp(0.8, -1060), j: -1060},
		{name: "α = 0", raw: true},
		{name: "α < 0", alpha: -1, raw: true},
		{name: "α = NaN", alpha: math.NaN(), raw: true},
		{name: "α = +Inf", alpha: math.Inf(1), raw: true},
	}
}

// gFunc is a function of a gradient and a step size, with how its result
// scales: flat returns the numbers of its result divided by s^dg·a^da for
// g scaled by s and α by a (degree-0 numbers are returned as they are).
type gFunc struct {
	name string
	call func(g []float64, alpha float64) (any, error)
	flat func(out any, s, a float64) []float64
	// noErr marks functions without an error return (formatters, Norm
	// methods, RoundTol): like math's functions they may pass a NaN or Inf
	// of the input through.
	noErr bool
	// always marks functions that reject even the normal base input (a
	// shape they do not take).
	always bool
}

// gf is a gFunc of a name, a call and a flattening.
func gf(name string, call func([]float64, float64) (any, error), flat func(any, float64, float64) []float64) gFunc {
	return gFunc{name: name, call: call, flat: flat}
}

// vecDeg flattens a []float64 result of degree dg in g and da in α.
func vecDeg(dg, da float64) func(any, float64, float64) []float64 {
	return func(out any, s, a float64) []float64 {
		v := out.([]float64)
		w := make([]float64, len(v))
		for i, x := range v {
			w[i] = x / math.Pow(s, dg) / math.Pow(a, da)
			if dg != 0 || da != 0 {
				w[i] = divPow(x, s, dg, a, da)
			}
		}
		return w
	}
}

// divPow returns x/(s^dg·a^da) without overflow, for powers of two s, a.
func divPow(x, s, dg, a, da float64) float64 {
	_, es := math.Frexp(s)
	_, ea := math.Frexp(a)
	return math.Ldexp(x, -int(dg)*(es-1)-int(da)*(ea-1))
}

func scalarDeg(dg, da float64) func(any, float64, float64) []float64 {
	return func(out any, s, a float64) []float64 {
		return []float64{divPow(toFloat(out), s, dg, a, da)}
	}
}

func toFloat(out any) float64 {
	switch x := out.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case bool:
		if x {
			return 1
		}
		return 0
	}
	panic(fmt.Sprintf("toFloat(%T)", out))
}

func norms4(t *testing.T) []steepest.Norm {
	lp, err := steepest.NewLp(3)
	if err != nil {
		t.Fatal(err)
	}
	m, err := steepest.NewDiagonal([]float64{1, 2, 0.5, 4})
	if err != nil {
		t.Fatal(err)
	}
	return []steepest.Norm{steepest.L2{}, steepest.Linf{}, steepest.L1{}, lp, m, steepest.Spectral{Rows: 2, Cols: 2}}
}

// gFuncs lists every exported function of a gradient (and a step size).
func gFuncs(t *testing.T) []gFunc {
	var fs []gFunc
	for _, n := range norms4(t) {
		n := n
		fs = append(fs,
			gf(n.Name()+".Norm", func(g []float64, _ float64) (any, error) { return rangeErr(n.Norm(g), checkErr(n, g)) }, scalarDeg(1, 0)),
			gf(n.Name()+".Dual", func(g []float64, _ float64) (any, error) { return rangeErr(n.Dual(g), checkErr(n, g)) }, scalarDeg(1, 0)),
			gFunc{name: n.Name() + ".Direction", call: func(g []float64, _ float64) (any, error) { return n.Direction(g), checkErr(n, g) }, flat: vecDeg(0, 0)},
			gf("SquaredStep "+n.Name(), func(g []float64, a float64) (any, error) { return steepest.SquaredStep(n, g, a) }, vecDeg(1, 1)),
			gf("SquaredObjective "+n.Name(), func(g []float64, a float64) (any, error) {
				return steepest.SquaredObjective(n, g, g, a) // Δ = g: gᵀg + ‖g‖²/α, degree 2 in g only if α fixed
			}, nil),
			gf("NormObjective "+n.Name(), func(g []float64, a float64) (any, error) { return steepest.NormObjective(n, g, g, a) }, nil),
			gf("NormStep "+n.Name(), func(g []float64, a float64) (any, error) { return steepest.NormStep(n, g, a) }, func(out any, s, a float64) []float64 {
				o := out.(steepest.Outcome)
				return append([]float64{divPow(o.DualNorm, s, 1, 1, 0), divPow(o.Threshold, 1, 0, a, -1)}, o.Direction...)
			}),
			gf("ObjectiveAlong "+n.Name(), func(g []float64, a float64) (any, error) { return steepest.ObjectiveAlong(n, g, a, []float64{0, 1, 2}) }, nil),
			gf("ScaledTo "+n.Name(), func(g []float64, _ float64) (any, error) { return steepest.ScaledTo(n, g, 1) }, vecDeg(0, 0)),
			gf("MinimizeSquared "+n.Name(), func(g []float64, a float64) (any, error) { return steepest.MinimizeSquared(n, g, a) }, func(out any, s, a float64) []float64 {
				num := out.(steepest.Numeric)
				return append([]float64{divPow(num.F, s, 2, a, 1)}, vecDeg(1, 1)(num.X, s, a)...)
			}),
			gFunc{name: "Moved " + n.Name(), call: func(g []float64, _ float64) (any, error) { return steepest.Moved(n, g) }, flat: scalarDeg(0, 0),
				always: n.Name() == "spectral"},
		)
		if n.Name() != "ℓ3" {
			fs = append(fs, gf("ProbeNorm "+n.Name(), func(g []float64, a float64) (any, error) { return steepest.ProbeNorm(n, g, a) }, func(out any, s, a float64) []float64 {
				p := out.(steepest.Probe)
				return []float64{divPow(p.Dual, s, 1, 1, 0)}
			}))
		}
	}
	fs = append(fs,
		gf("CheckProblem", func(g []float64, a float64) (any, error) { return 0.0, steepest.CheckProblem(g, a) }, scalarDeg(0, 0)),
		gf("Signs", func(g []float64, _ float64) (any, error) { return steepest.Signs(g), nil }, vecDeg(0, 0)),
		gf("Largest", func(g []float64, _ float64) (any, error) { return float64(len(steepest.Largest(g))), nil }, scalarDeg(0, 0)),
		gf("OnSupport", func(g []float64, _ float64) (any, error) { return steepest.OnSupport(g, g) }, vecDeg(1, 0)),
		gFunc{name: "OnSupport mismatched", call: func(g []float64, _ float64) (any, error) { return steepest.OnSupport(g, []float64{1}) }, always: true},
		gFunc{name: "RoundTol", call: func(g []float64, _ float64) (any, error) { return steepest.RoundTol(g), nil }, flat: scalarDeg(1, 0), noErr: true},
		gf("GradientStep", func(g []float64, a float64) (any, error) { return steepest.GradientStep(g, a) }, vecDeg(1, 1)),
		gf("SignDescentStep", func(g []float64, a float64) (any, error) { return steepest.SignDescentStep(g, a) }, vecDeg(1, 1)),
		gf("GaussSouthwell", func(g []float64, a float64) (any, error) { return steepest.GaussSouthwell(g, a) }, vecDeg(1, 1)),
		gf("AdamDiagonal", func(g []float64, _ float64) (any, error) { return steepest.AdamDiagonal(g, 0.3*maxAbs(g), 0) }, vecDeg(1, 0)),
		gf("AdamStep", func(g []float64, a float64) (any, error) { return steepest.AdamStep(g, a, 0.3*maxAbs(g), 0) }, vecDeg(0, 1)),
		gf("AdamSignGap", func(g []float64, a float64) (any, error) { return steepest.AdamSignGap(g, a, steepest.AdamEps) }, nil),
		gf("BestCorner", func(g []float64, _ float64) (any, error) { return steepest.BestCorner(g) }, func(out any, s, _ float64) []float64 {
			c := out.(steepest.Corner)
			return append([]float64{divPow(c.Value, s, 1, 1, 0)}, c.S...)
		}),
		gf("SampledMin 2-D", func(g []float64, _ float64) (any, error) { return steepest.SampledMin(steepest.Linf{}, first2(g), 64) },
			func(out any, s, _ float64) []float64 {
				return []float64{divPow(out.(steepest.Sampled).Min, s, 1, 1, 0)}
			}),
		gf("UnitBallFigure 2-D", func(g []float64, _ float64) (any, error) { return steepest.UnitBallFigure(first2(g)) }, nil),
		gFunc{name: "UnitBallFigure 4-D", call: func(g []float64, _ float64) (any, error) { return steepest.UnitBallFigure(g) }, always: true},
		gf("RegimeFigure", func(g []float64, a float64) (any, error) {
			return steepest.RegimeFigure(steepest.Linf{}, a, []float64{0, 1}, g, g)
		}, nil),
		gf("ThreeRegimes", func(g []float64, a float64) (any, error) { return steepest.ThreeRegimes(steepest.Linf{}, g, a) }, nil),
		gf("Attain", func(g []float64, a float64) (any, error) {
			u, err := steepest.SquaredStep(steepest.Linf{}, g, a)
			if err != nil {
				return nil, err
			}
			r, err := steepest.Attain(steepest.Linf{}, g, u, a)
			if err == nil && !r.OK() {
				return math.NaN(), nil // a failure: the closed form must attain the minimum
			}
			return r.J, err
		}, scalarDeg(2, 1)),
		gf("CompareTable", func(g []float64, a float64) (any, error) { return steepest.CompareTable(g, a) }, nil),
		gf("Optimizers+Recover", func(g []float64, a float64) (any, error) {
			G, err := steepest.Gaussian(2, 2, 1)
			if err != nil {
				return nil, err
			}
			cs, err := steepest.Optimizers(g, a, 0.3*maxAbs(g), G)
			if err != nil {
				return nil, err
			}
			return steepest.Recover(a, cs...)
		}, nil),
		gFunc{name: "Boxed", noErr: true, call: func(g []float64, _ float64) (any, error) {
			tex, plain := steepest.Boxed("u", "u", g)
			return tex + plain, nil
		}},
		gFunc{name: "TeXVec", noErr: true, call: func(g []float64, _ float64) (any, error) { return steepest.TeXVec(g), nil }},
		gf("RegimeBox", func(g []float64, a float64) (any, error) {
			o, err := steepest.NormStep(steepest.Linf{}, g, a)
			if err != nil {
				return nil, err
			}
			tex, plain := steepest.RegimeBox(steepest.Linf{}, o)
			return tex + plain + o.String(), nil
		}, nil),
	)
	return fs
}

func first2(g []float64) []float64 {
	if len(g) < 2 {
		return g
	}
	return g[:2]
}

func maxAbs(g []float64) float64 {
	m := 0.0
	for _, x := range g {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// rangeErr turns the +Inf of a norm whose value exceeds float64's range
// into the error a caller reports (the package's functions do so).
func rangeErr(v float64, err error) (any, error) {
	if err == nil && math.IsInf(v, 1) {
		err = steepest.ErrRange
	}
	return v, err
}

// checkErr is the error a Norm method's caller gets from Check.
func checkErr(n steepest.Norm, g []float64) error {
	if err := n.Check(len(g)); err != nil {
		return err
	}
	for _, x := range g {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return steepest.ErrNonFinite
		}
	}
	return nil
}

// finiteOut reports the first non-finite number in a result, if any.
func finiteOut(out any) string {
	var nums []float64
	switch x := out.(type) {
	case float64:
		nums = []float64{x}
	case []float64:
		nums = x
	case steepest.Outcome:
		nums = append([]float64{x.DualNorm, x.Threshold, x.Slope}, x.Direction...)
	case steepest.Numeric:
		nums = append([]float64{x.F}, x.X...) // Gap and ArgTol are +Inf where no bound holds
	case steepest.Probe:
		nums = []float64{x.DualLo, x.DualHi, x.Dual, x.Threshold, x.Slope}
	case steepest.Corner:
		nums = append([]float64{x.Value}, x.S...)
	case steepest.Sampled:
		nums = []float64{x.Min, x.Err, x.Arc}
	case steepest.Recoveries:
		for _, r := range x {
			nums = append(nums, r.J, r.Tol, r.Numeric.F, r.Diff, r.DiffTol)
			nums = append(nums, r.Step...)
			if !r.Attains() || !r.Consistent() {
				return r.Optimizer + ": " + r.Detail()
			}
		}
		_ = x.Table().String()
	case interface{ String() string }:
		if s := x.String(); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			return "prints " + s
		}
	case string:
		if strings.Contains(x, "NaN") || strings.Contains(x, "Inf") {
			return "prints " + x
		}
	}
	for _, v := range nums {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Sprintf("non-finite %v in %v", v, out)
		}
	}
	return ""
}

// close reports whether got and want (degree-0 numbers) agree within
// rounding, with an absolute allowance abs for results in the subnormal
// range.
func closeVec(got, want []float64, abs float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-9*math.Abs(want[i])+abs {
			return false
		}
	}
	return true
}

// TestBadInputs is the table: every function of a gradient and step size
// with every gradient and step-size input.
func TestBadInputs(t *testing.T) {
	calls, errs := 0, 0
	for _, f := range gFuncs(t) {
		ref, rerr, problem := bounded(func() (any, error) { return f.call(scaledBase(gBase, 0), 0.8) })
		if problem != "" || (rerr != nil) != f.always {
			t.Errorf("%s at the normal base input: %v %s", f.name, rerr, problem)
			continue
		}
		for _, gi := range gInputs(gBase) {
			for _, ai := range aInputs() {
				calls++
				out, err, problem := bounded(func() (any, error) { return f.call(gi.g, ai.alpha) })
				where := fmt.Sprintf("%s(%s, %s)", f.name, gi.name, ai.name)
				if problem != "" {
					t.Errorf("%s: %s", where, problem)
					continue
				}
				if err != nil {
					errs++
					if gi.valid && !ai.raw && ai.j == 0 && !f.always {
						t.Errorf("%s: error on a valid input: %v", where, err)
					}
					if !strings.HasPrefix(err.Error(), "steepest: ") && !strings.Contains(err.Error(), ": steepest: ") {
						t.Errorf("%s: error %q does not say where it comes from", where, err)
					}
					continue
				}
				if p := finiteOut(out); p != "" && !(f.noErr && gi.raw) {
					t.Errorf("%s: %s", where, p)
					continue
				}
				if f.flat == nil || gi.raw || ai.raw {
					continue
				}
				s, a := math.Ldexp(1, gi.k), math.Ldexp(1, ai.j)
				got, want := f.flat(out, s, a), f.flat(ref, 1, 1)
				// Results near the subnormal range carry only the bits float64 has there.
				abs := divPow(0x1p-1070, s, 1, a, 0) + divPow(0x1p-1070, s, 0, a, 1)
				if gi.k < -1020 {
					abs = math.Max(abs, 1e-3)
				}
				if !closeVec(got, want, abs) {
					t.Errorf("%s: got %v (scaled back), want %v", where, got, want)
				}
			}
		}
	}
	t.Logf("%d functions × %d gradients × %d step sizes = %d calls, %d of them errors", len(gFuncs(t)), len(gInputs(gBase)), len(aInputs()), calls, errs)
}

// emptyMatrix is a 0×0 mat.Matrix (mat.NewDense refuses to make one).
type emptyMatrix struct{}

func (emptyMatrix) Dims() (int, int)    { return 0, 0 }
func (emptyMatrix) At(int, int) float64 { panic("no entries") }
func (e emptyMatrix) T() mat.Matrix     { return e }
func (emptyMatrix) SymmetricDim() int   { return 0 }

// TestBadMatrices: the matrix functions with nil, empty, NaN, ±Inf,
// subnormal, huge, rank-deficient, non-square, indefinite and oversized
// matrices.
func TestBadMatrices(t *testing.T) {
	base := []float64{3, -4, 1, 0.5, 2, 1}
	mk := func(k int, r, c int) mat.Matrix { return mat.NewDense(r, c, scaledBase(base[:r*c], k)) }
	withBad := func(v float64) mat.Matrix {
		d := append([]float64(nil), base...)
		d[2] = v
		return mat.NewDense(3, 2, d)
	}
	inputs := []struct {
		name string
		G    mat.Matrix
		ok   bool // a matrix every function must accept
	}{
		{"normal 3×2", mk(0, 3, 2), true},
		{"nil", nil, false},
		{"0×0", emptyMatrix{}, false},
		{"NaN entry", withBad(math.NaN()), false},
		{"+Inf entry", withBad(math.Inf(1)), false},
		{"−Inf entry", withBad(math.Inf(-1)), false},
		{"subnormal", mk(-1072, 3, 2), false},
		{"tiny", mk(-1000, 3, 2), false},
		{"huge", mk(1000, 3, 2), false},
		{"overflow-prone", mk(1020, 3, 2), false},
		{"zero", mat.NewDense(2, 2, nil), false},
		{"rank one", mat.NewDense(2, 2, []float64{1, 2, 2, 4}), false},
		{"oversized 201×1", mat.NewDense(201, 1, nil), false},
	}
	sym := func(G mat.Matrix) mat.Symmetric {
		if G == nil {
			return nil
		}
		if s, ok := G.(mat.Symmetric); ok {
			return s
		}
		r, c := G.Dims()
		if r == 0 || c == 0 {
			return emptyMatrix{}
		}
		var S mat.SymDense
		S.SymOuterK(1, G)
		return &S
	}
	funcs := []struct {
		name string
		call func(G mat.Matrix) (any, error)
	}{
		{"NewMahalanobis(GGᵀ)", func(G mat.Matrix) (any, error) { return steepest.NewMahalanobis(sym(G)) }},
		{"NewMahalanobis(G)", func(G mat.Matrix) (any, error) { return steepest.NewMahalanobis(G) }},
		{"SpectralOf", func(G mat.Matrix) (any, error) { _, g, err := steepest.SpectralOf(G); return g, err }},
		{"Orthogonalize", func(G mat.Matrix) (any, error) { return steepest.Orthogonalize(G) }},
		{"SpectralStep", func(G mat.Matrix) (any, error) { return steepest.SpectralStep(G, 0.8) }},
		{"NewtonSchulz", func(G mat.Matrix) (any, error) { p, err := steepest.NewtonSchulz(G); return p.Q, err }},
		{"PinvRoot(GGᵀ)", func(G mat.Matrix) (any, error) { return steepest.PinvRoot(sym(G), 4) }},
		{"ShampooDirection", func(G mat.Matrix) (any, error) { return steepest.ShampooDirection(G) }},
		{"MuonStep", func(G mat.Matrix) (any, error) { return steepest.MuonStep(G, 0.8) }},
		{"ShampooStep", func(G mat.Matrix) (any, error) { return steepest.ShampooStep(G, 0.8) }},
		{"Optimizers(G)", func(G mat.Matrix) (any, error) { return steepest.Optimizers([]float64{1, -2}, 0.8, 0.3, G) }},
	}
	calls := 0
	for _, f := range funcs {
		for _, in := range inputs {
			calls++
			out, err, problem := bounded(func() (any, error) { return f.call(in.G) })
			where := fmt.Sprintf("%s(%s)", f.name, in.name)
			switch {
			case problem != "":
				t.Errorf("%s: %s", where, problem)
			case err != nil:
				if in.ok && f.name != "NewMahalanobis(G)" && f.name != "NewMahalanobis(GGᵀ)" {
					t.Errorf("%s: error on a valid input: %v", where, err)
				}
			default:
				var nums []float64
				switch x := out.(type) {
				case *mat.Dense:
					nums = x.RawMatrix().Data
				case []float64:
					nums = x
				case *steepest.Mahalanobis:
					nums = []float64{x.Norm(make([]float64, x.Dim()))}
				}
				for _, v := range nums {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Errorf("%s: non-finite result %v", where, nums)
						break
					}
				}
			}
		}
	}
	// Scalars, constructors and the methods of zero values.
	others := []struct {
		name string
		call func() (any, error)
	}{
		{"NewLp(NaN)", func() (any, error) { return steepest.NewLp(math.NaN()) }},
		{"NewLp(0.5)", func() (any, error) { return steepest.NewLp(0.5) }},
		{"NewLp(+Inf)", func() (any, error) { return steepest.NewLp(math.Inf(1)) }},
		{"NewLp(1)", func() (any, error) { return steepest.NewLp(1) }},
		{"NewDiagonal(nil)", func() (any, error) { return steepest.NewDiagonal(nil) }},
		{"NewDiagonal(0)", func() (any, error) { return steepest.NewDiagonal([]float64{0, 1}) }},
		{"NewDiagonal(NaN)", func() (any, error) { return steepest.NewDiagonal([]float64{math.NaN()}) }},
		{"NewDiagonal(201)", func() (any, error) { return steepest.NewDiagonal(make([]float64, 201)) }},
		{"Gaussian(0, 2)", func() (any, error) { return steepest.Gaussian(0, 2, 1) }},
		{"Gaussian(1e9, 1)", func() (any, error) { return steepest.Gaussian(1e9, 1, 1) }},
		{"PinvRoot(k = 0)", func() (any, error) { return steepest.PinvRoot(mat.NewSymDense(1, []float64{1}), 0) }},
		{"Ties(NaN, 1)", func() (any, error) { return steepest.Ties(math.NaN(), 1), nil }},
		{"Classify(NaN, 1)", func() (any, error) { return steepest.Classify(math.NaN(), 1).String(), nil }},
		{"IsZero(Inf, Inf)", func() (any, error) { return steepest.IsZero(math.Inf(1), math.Inf(1)), nil }},
		{"TeXFloat(NaN)", func() (any, error) { return steepest.TeXFloat(math.NaN()), nil }},
		{"TeXFloat(−Inf)", func() (any, error) { return steepest.TeXFloat(math.Inf(-1)), nil }},
		{"Regime(7)", func() (any, error) { return steepest.Regime(7).String() + steepest.Regime(7).Relation(), nil }},
		{"Outcome{}", func() (any, error) { return steepest.Outcome{}.String(), nil }},
		{"Probe{}", func() (any, error) {
			return steepest.Probe{}.String() + fmt.Sprint(steepest.Probe{}.Admits(steepest.Tie)), nil
		}},
		{"Corner{}", func() (any, error) { return steepest.Corner{}.String(), nil }},
		{"Sampled{}", func() (any, error) { return steepest.Sampled{}.Touches(), nil }},
		{"Recoveries(nil).Table", func() (any, error) { return steepest.Recoveries(nil).Table().String(), nil }},
		{"Recover(nil case)", func() (any, error) { return steepest.Recover(0.8, steepest.Case{}) }},
		{"Recover(short update)", func() (any, error) {
			return steepest.Recover(0.8, steepest.Case{Norm: steepest.L2{}, G: []float64{1, 2}, Step: []float64{1}})
		}},
		{"ObjectiveAlong(r < 0)", func() (any, error) { return steepest.ObjectiveAlong(steepest.L2{}, []float64{1}, 1, []float64{-1}) }},
		{"ObjectiveAlong(r = 1e308)", func() (any, error) {
			return steepest.ObjectiveAlong(steepest.L2{}, []float64{1e10}, 1, []float64{1e308})
		}},
		{"RegimeFigure(no r)", func() (any, error) { return steepest.RegimeFigure(steepest.Linf{}, 1, nil, []float64{1}) }},
		{"SampledMin(nil norm)", func() (any, error) { return steepest.SampledMin(nil, []float64{1, 2}, 8) }},
		{"SampledMin(1e9 samples)", func() (any, error) { return steepest.SampledMin(steepest.L2{}, []float64{1, 2}, 1_000_000_000) }},
		{"UnitBallFigure(nil norm)", func() (any, error) { return steepest.UnitBallFigure([]float64{1, 2}, nil) }},
		{"UnitBallFigure(Spectral 2×2)", func() (any, error) {
			return steepest.UnitBallFigure([]float64{1, 2}, steepest.Spectral{Rows: 2, Cols: 2})
		}},
		{"SquaredStep(M of dim 2, g of 3)", func() (any, error) {
			m, _ := steepest.NewDiagonal([]float64{1, 2})
			return steepest.SquaredStep(m, []float64{1, 2, 3}, 1)
		}},
		{"SquaredObjective(Δ short)", func() (any, error) { return steepest.SquaredObjective(steepest.L2{}, []float64{1, 2}, []float64{1}, 1) }},
		{"AdamStep(σ < 0)", func() (any, error) { return steepest.AdamStep([]float64{1}, 1, -1, 0) }},
		{"AdamStep(σ = ε = 0, g = 0)", func() (any, error) { return steepest.AdamStep([]float64{0, 1}, 1, 0, 0) }},
	}
	for _, o := range others {
		calls++
		out, err, problem := bounded(o.call)
		if problem != "" {
			t.Errorf("%s: %s", o.name, problem)
		} else if err == nil {
			if p := finiteOut(out); p != "" && !strings.HasPrefix(o.name, "TeXFloat") {
				t.Errorf("%s: %s", o.name, p)
			}
		}
	}
	t.Logf("%d matrix functions × %d matrices and %d other calls: %d calls", len(funcs), len(inputs), len(others), calls)
}
