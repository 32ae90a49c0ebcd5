package lsq

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
	"github.com/dl-course/hw2/internal/badinput"
)

// The bad-input table: every exported function and method of the package
// is called with nil, empty, mismatched, NaN, ±Inf, subnormal, huge and
// overflow-prone inputs. Each call must return within a time bound, must
// not panic, and must return an error or a result in which every number is
// finite (and every table cell and text free of NaN and Inf).

var (
	nan, inf = math.NaN(), math.Inf(1)

	badVecs = map[string][]float64{
		"nil": nil, "empty": {}, "NaN": {1, nan}, "+Inf": {inf, 1}, "-Inf": {1, -inf},
		"all zero": {0, 0}, "zero entry": {1, 0, 0.01}, "subnormal": {5e-324, 1e-320},
		"tiny": {1e-170, 1e-171}, "huge": {1e200, 1e199}, "overflow-prone": {1.7e308, 1.7e308},
		"mixed": {1e200, 1e-200}, "long": make([]float64, 10000), "ok": {1, 0.1, 0.01},
	}
	badScalars = map[string]float64{
		"NaN": nan, "+Inf": inf, "-Inf": -inf, "zero": 0, "negative": -1, "subnormal": 5e-324,
		"huge": 1e300, "one": 1, "half": 0.5, "-0": math.Copysign(0, -1), "max": math.MaxFloat64,
	}
	badInts = map[string]int{"negative": -1, "zero": 0, "one": 1, "three": 3, "too many": MaxIters + 1, "MaxInt": math.MaxInt}
)

func init() { badVecs["long"][7] = 1 }

// smallInts are the iteration counts for functions that run: the bad ones
// and a few steps (every count is bounded by the time limit anyway).
var smallInts = map[string]int{"negative": -1, "zero": 0, "one": 1, "three": 3, "too many": MaxIters + 1, "MaxInt": math.MaxInt}

// badProblems are problems built from the vectors, plus several-row ones.
func badProblems() map[string]*Problem {
	ps := map[string]*Problem{"nil": nil}
	for name, a := range badVecs {
		if p, err := SinglePoint(a); err == nil {
			ps[name] = p
		}
	}
	if p, err := NewProblem([][]float64{{3, 1, 0.2}, {1, 1, 1}}, []float64{1, 2}); err == nil {
		ps["two rows"] = p
	}
	if p, err := NewProblem([][]float64{{1, 2}, {2, 4}}, []float64{1, 3}); err == nil {
		ps["contradictory"] = p
	}
	if p, err := NewProblem([][]float64{{0, 0}}, []float64{1}); err == nil {
		ps["zero X"] = p
	}
	return ps
}

// call runs f within badinput's time limit and reports a panic (with its
// stack) or a hang as a failure.
func call(t *testing.T, name string, f func() []any) []any {
	t.Helper()
	var out []any
	o := badinput.Do(badinput.Limit, func() error { out = f(); return nil })
	switch {
	case o.Panic != nil:
		t.Errorf("%s: panic: %v\n%s", name, o.Panic, o.Stack)
		return nil
	case o.TimedOut:
		t.Errorf("%s: no answer within %v", name, badinput.Limit)
		return nil
	}
	return out
}

// checkResult requires an error, or a result whose numbers are all finite.
func checkResult(t *testing.T, name string, out []any) {
	t.Helper()
	if len(out) == 0 {
		return
	}
	if err, ok := out[len(out)-1].(error); ok && err != nil {
		if !strings.HasPrefix(err.Error(), "lsq: ") {
			t.Errorf("%s: error %q does not start with \"lsq: \"", name, err)
		}
		return
	}
	for _, v := range out {
		if bad := nonFinite(reflect.ValueOf(v), 0); bad != "" {
			t.Errorf("%s: a result without error holds %s", name, bad)
			return
		}
	}
}

// nonFinite finds a NaN or Inf anywhere in v (floats, slices, structs,
// pointers, tables, figures, texts), or returns "".
func nonFinite(v reflect.Value, depth int) string {
	if !v.IsValid() || depth > 6 {
		return ""
	}
	switch x := v.Interface().(type) {
	case *table.Table:
		if x == nil {
			return ""
		}
		for _, row := range append([][]string{x.Header}, x.Rows...) {
			for _, c := range row {
				if strings.Contains(c, "NaN") || strings.Contains(c, "Inf") {
					return "the table cell " + c
				}
			}
		}
		return ""
	case *figure.Figure:
		if x == nil {
			return ""
		}
		if err := x.Validate(); err != nil {
			return "an undrawable figure: " + err.Error()
		}
		return ""
	case string:
		if strings.Contains(x, "NaN") || strings.Contains(x, "Inf") {
			return "the text " + x
		}
		return ""
	case error:
		return ""
	}
	switch v.Kind() {
	case reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprint(f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if s := nonFinite(v.Index(i), depth+1); s != "" {
				return s
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nonFinite(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				if s := nonFinite(v.Field(i), depth+1); s != "" {
					return v.Type().Field(i).Name + ": " + s
				}
			}
		}
	}
	return ""
}

func out(vals ...any) []any { return vals }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestBadInputTable(t *testing.T) {
	calls := 0
	run := func(name string, f func() []any) {
		t.Helper()
		calls++
		checkResult(t, name, call(t, name, f))
	}
	vecFuncs := map[string]func(a []float64) []any{
		"CheckPoint":     func(a []float64) []any { return out(CheckPoint(a)) },
		"SinglePoint":    func(a []float64) []any { return out(SinglePoint(a)) },
		"SGDLimit":       func(a []float64) []any { return out(SGDLimit(a)) },
		"SignLimit":      func(a []float64) []any { return out(SignLimit(a)) },
		"SignTarget":     func(a []float64) []any { return out(SignTarget(a)) },
		"RescaledLimit":  func(a []float64) []any { return out(RescaledLimit(a)) },
		"SGDMaxLR":       func(a []float64) []any { return out(SGDMaxLR(a)) },
		"SGDAnswer":      func(a []float64) []any { return out(SGDAnswer(a)) },
		"SignAnswer":     func(a []float64) []any { return out(SignAnswer(a)) },
		"RescaledAnswer": func(a []float64) []any { return out(RescaledAnswer(a)) },
		"GeometryFigure": func(a []float64) []any { return out(GeometryFigure(a)) },
		"NewProblem": func(a []float64) []any {
			return out(NewProblem([][]float64{a, a}, a[:min(len(a), 2)]))
		},
		"DiffTable": func(a []float64) []any {
			return out(DiffTable("t", a, Named{Name: "x", Theta: a}, Named{Name: "y"}), error(nil))
		},
		"Study": func(a []float64) []any {
			s := Study{A: a, SGDFrac: 0.25, SGDIters: 3, SignLR: 1, SignIters: 3, ConstLR: 0.01, AdamLR: 0.01, AdamIters: 3}
			if err := s.Validate(); err != nil {
				return out(err)
			}
			return out(s.String(), error(nil))
		},
	}
	for _, fname := range sortedKeys(vecFuncs) {
		for _, vname := range sortedKeys(badVecs) {
			if fname == "NewProblem" && len(badVecs[vname]) == 0 {
				run(fname+"/"+vname, func() []any { return out(NewProblem(nil, nil)) })
				continue
			}
			a := badVecs[vname]
			run(fname+"/"+vname, func() []any { return vecFuncs[fname](a) })
		}
	}
	// Vectors and scalars.
	for _, vname := range sortedKeys(badVecs) {
		a := badVecs[vname]
		for _, sname := range sortedKeys(badScalars) {
			x := badScalars[sname]
			id := "/" + vname + "/" + sname
			run("PreconditionedLimit"+id, func() []any { return out(PreconditionedLimit(a, x)) })
			run("SGDRegime"+id, func() []any { return out(SGDRegime(a, x)) })
			for _, iname := range sortedKeys(smallInts) {
				n := smallInts[iname]
				id := id + "/" + iname
				run("SGDProgress"+id, func() []any { return out(SGDProgress(a, x, n)) })
				run("RescaledProgress"+id, func() []any { return out(RescaledProgress(a, x, n)) })
				run("SignProgress"+id, func() []any { return out(SignProgress(a, x, Inv, n)) })
				run("SignProgress constant"+id, func() []any { return out(SignProgress(a, x, Constant, n)) })
				run("AdamProgress"+id, func() []any { return out(AdamProgress(a, 0.01, n, x)) })
				run("AdamProgress lr"+id, func() []any { return out(AdamProgress(a, x, n, 0)) })
				run("RegimeRuns"+id, func() []any { return out(RegimeRuns(a, n, x, 0.5)) })
				run("Family"+id, func() []any { return out(Family(a, 0.5, n, x, 1)) })
				run("Family frac"+id, func() []any { return out(Family(a, x, n, 1)) })
			}
		}
	}
	// Problems.
	ps := badProblems()
	for _, pname := range sortedKeys(ps) {
		p := ps[pname]
		run("MinL2Interpolant/"+pname, func() []any { return out(MinL2Interpolant(p)) })
		run("MinLinfInterpolant/"+pname, func() []any { return out(MinLinfInterpolant(p)) })
		run("Problem.String/"+pname, func() []any { return out(p.String(), p.Dim(), p.Rows(), error(nil)) })
		run("Problem.Scales/"+pname, func() []any { return out(p.Scales()) })
		for _, iname := range sortedKeys(badInts) {
			i := badInts[iname]
			run("Problem.Row/"+pname+"/"+iname, func() []any { return out(p.Row(i)) })
			run("RunEndPoints/"+pname+"/"+iname, func() []any {
				return out(RunEndPoints(p, min(i, 1000), SGD{LR: 0.01}, SignDescent{LR: 0.1, Schedule: Inv}))
			})
		}
		for _, sname := range sortedKeys(badScalars) {
			x := badScalars[sname]
			run("Problem.Weights/"+pname+"/"+sname, func() []any { return out(p.Weights(x)) })
			for _, m := range []Method{SGD{LR: x}, SignDescent{LR: x, Schedule: Inv}, SimplifiedAdam{LR: x},
				Adam{LR: 0.01, Eps: x}, Adam{LR: 0.01, Beta1: x}, Adam{LR: x, Schedule: InvSqrt}, RescaledSGD{LR: x},
				Preconditioned{Frac: x, Power: 1}, Preconditioned{Frac: 0.5, Power: x}} {
				run("Run/"+pname+"/"+m.String(), func() []any { return out(Run(p, m, Settings{Iters: 3})) })
				run("Init/"+pname+"/"+m.String(), func() []any { return out(m.Init(p)) })
			}
			run("Run settings/"+pname+"/"+sname, func() []any {
				theta0 := make([]float64, p.Dim())
				for j := range theta0 {
					theta0[j] = x
				}
				return out(Run(p, SGD{LR: 0.01}, Settings{Iters: 3, Bound: x, Theta0: theta0}))
			})
		}
		for _, vname := range sortedKeys(badVecs) {
			v := badVecs[vname]
			id := "/" + pname + "/" + vname
			run("MinWeightedL2Interpolant"+id, func() []any { return out(MinWeightedL2Interpolant(p, v)) })
			run("DistanceToInterpolants"+id, func() []any { return out(DistanceToInterpolants(p, v)) })
			run("Problem.Loss"+id, func() []any { return out(p.Loss(v)) })
			run("Problem.Grad"+id, func() []any { return out(p.Grad(nil, v)) })
			run("Problem.Grad dst"+id, func() []any { return out(p.Grad(v, v)) })
			run("ObservedRegime"+id, func() []any {
				return out(ObservedRegime(p, &Trace{Iter: []int{0, 1, 2}, Theta: [][]float64{v, v, {1}}, Loss: []float64{1, 1, 1}}))
			})
		}
		run("ObservedRegime nil trace/"+pname, func() []any { return out(ObservedRegime(p, nil)) })
	}
	// Schedules, including unknown ones, and counts up to MaxInt.
	for s := Schedule(-1); s <= 3; s++ {
		for _, sname := range sortedKeys(badScalars) {
			for _, iname := range sortedKeys(badInts) {
				lr, n := badScalars[sname], badInts[iname]
				run(fmt.Sprintf("Schedule(%d).Sum/%s/%s", int(s), sname, iname), func() []any { return out(s.Sum(lr, n)) })
			}
		}
		run(fmt.Sprintf("Schedule(%d).String", int(s)), func() []any { return out(s.String(), error(nil)) })
	}
	// Rational, answers' helpers.
	for _, sname := range sortedKeys(badScalars) {
		for _, d := range []int64{-1, 0, 1, MaxDenominator, math.MaxInt64} {
			x := badScalars[sname]
			run(fmt.Sprintf("Rational/%s/%d", sname, d), func() []any {
				r, ok := Rational(x, d)
				if !ok {
					return out(errors.New("lsq: none"))
				}
				f, _ := r.Float64()
				return out(f, error(nil))
			})
		}
	}
	// Values built by hand: empty, nil and mismatched.
	good, _ := SGDProgress([]float64{1, 0.1, 0.01}, 0.25, 20)
	ragged := good
	ragged.Trace = &Trace{Iter: []int{0, 1, 2}, Theta: [][]float64{{0, 0, 0}}, Loss: []float64{1}}
	other := good
	other.Limit = []float64{1}
	for name, f := range map[string]func() []any{
		"ProgressFigure none":   func() []any { return out(ProgressFigure()) },
		"ProgressFigure zero":   func() []any { return out(ProgressFigure(Progress{})) },
		"ProgressFigure ragged": func() []any { return out(ProgressFigure(ragged)) },
		"ProgressFigure other":  func() []any { return out(ProgressFigure(other)) },
		"ProgressFigure good":   func() []any { return out(ProgressFigure(good)) },
		"Progress.Name zero":    func() []any { return out(Progress{}.Name(), Progress{}.Named(), error(nil)) },
		"LimitDiffTable":        func() []any { return out(LimitDiffTable(), LimitDiffTable(Progress{}, good, other), error(nil)) },
		"RegimeFigure nil":      func() []any { return out(RegimeFigure(nil)) },
		"RegimeFigure zero":     func() []any { return out(RegimeFigure([]RegimeRun{{}})) },
		"RegimesAgree nil":      func() []any { ok, d := RegimesAgree(nil); return out(ok, d, error(nil)) },
		"FamilyAgree nil":       func() []any { ok, d := FamilyAgree(nil); return out(ok, d, error(nil)) },
		"FamilyAgree ragged": func() []any {
			ok, d := FamilyAgree([]FamilyRow{{Limit: []float64{1}, Run: []float64{1, 2}}})
			return out(ok, d, error(nil))
		},
		"FamilyRow.Agree zero": func() []any { ok, d := FamilyRow{}.Agree(); return out(ok, d, error(nil)) },
		"FamilyTable": func() []any {
			return out(FamilyTable(nil), FamilyTable([]FamilyRow{{Limit: []float64{1}}}), error(nil))
		},
		"EndPoints nil": func() []any { var e *EndPoints; ok, d := e.AboveLP(); return out(ok, d, e.Table("t"), error(nil)) },
		"EndPoints.Apart ragged": func() []any {
			e := &EndPoints{Runs: []EndPoint{{Theta: []float64{1}}, {Theta: []float64{1, 2}}}}
			ok, d := e.Apart(0, 1)
			return out(ok, d, error(nil))
		},
		"EndPoints.Apart range": func() []any { e := &EndPoints{}; ok, d := e.Apart(-1, 5); return out(ok, d, error(nil)) },
		"Trace nil": func() []any {
			var tr *Trace
			lo, hi := tr.Range(0)
			return out(tr.Len(), tr.Iters(), tr.Final(), tr.String(), tr.Table(5), lo, hi, error(nil))
		},
		"Trace ragged": func() []any {
			tr := ragged.Trace
			lo, hi := tr.Range(0)
			return out(tr.Len(), tr.Final(), tr.Table(5), lo, hi, error(nil))
		},
		"Trace ragged θ": func() []any {
			tr := &Trace{Iter: []int{0, 1}, Theta: [][]float64{{1, 2}, {1}}, Loss: []float64{1, 1}}
			lo, hi := tr.Range(0)
			return out(tr.Table(5), lo, hi, error(nil))
		},
		"DivergedError": func() []any { return out((&DivergedError{Loss: nan, Bound: inf}).Error() != "", error(nil)) },
		"Regime.String": func() []any { return out(Regime(99).String(), Regime(-1).String(), error(nil)) },
		"Study zero":    func() []any { var s Study; return out(s.Validate()) },
		"Study zero parts": func() []any {
			var s Study
			return out(errors.Join(second3(s.SGD()), second3(s.Sign()), second3(s.SignConstant()), second3(s.Rescaled()), second3(s.Adam(0)), second3(s.Problem()), second3(s.StepSize())))
		},
		"Study.String zero": func() []any { var s Study; return out(s.String(), error(nil)) },
		"Init nil problem": func() []any {
			return out(errors.Join(errOf(SGD{LR: 1}.Init(nil)), errOf(Adam{LR: 1}.Init(nil)), errOf(Preconditioned{Frac: 0.5}.Init(nil)), errOf(RescaledSGD{LR: 1}.Init(nil)), errOf(SignDescent{LR: 1}.Init(nil)), errOf(SimplifiedAdam{LR: 1}.Init(nil))))
		},
		"Run nil method":          func() []any { return out(Run(badProblems()["ok"], nil, Settings{Iters: 1})) },
		"Schedule.Rate":           func() []any { return out(Inv.Rate(1, 5), error(nil)) },
		"RunEndPoints no methods": func() []any { return out(RunEndPoints(badProblems()["ok"], 10)) },
	} {
		run(name, f)
	}
	t.Logf("%d calls", calls)
}

func second3[T any](_ T, err error) error { return err }
