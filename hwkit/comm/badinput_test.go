package comm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/figure"
	"github.com/dl-course/hw2/hwkit/table"
)

// badClusters are clusters a user could build by mistake or at an extreme:
// each must give a "comm: " error or a finite, correct result.
func badClusters() map[string]Cluster {
	ok := Cluster{N: 8, P: 120, Alpha: 5e-6, Beta: Gbps(100)}
	with := func(f func(*Cluster)) Cluster { c := ok; f(&c); return c }
	return map[string]Cluster{
		"zero":             {},
		"N=0":              with(func(c *Cluster) { c.N = 0 }),
		"N<0":              with(func(c *Cluster) { c.N = -3 }),
		"N=MaxInt":         with(func(c *Cluster) { c.N = math.MaxInt }),
		"N>MaxWorkers":     with(func(c *Cluster) { c.N = MaxWorkers + 1 }),
		"N=MaxWorkers":     with(func(c *Cluster) { c.N = MaxWorkers; c.P = 1 }),
		"N=1":              with(func(c *Cluster) { c.N = 1 }),
		"P=0":              with(func(c *Cluster) { c.P = 0 }),
		"P<0":              with(func(c *Cluster) { c.P = -1 }),
		"P=MaxInt":         with(func(c *Cluster) { c.P = math.MaxInt }),
		"P<N":              with(func(c *Cluster) { c.P = 3 }),
		"b<0":              with(func(c *Cluster) { c.BytesPerElem = -4 }),
		"b huge":           with(func(c *Cluster) { c.BytesPerElem = math.MaxInt }),
		"α<0":              with(func(c *Cluster) { c.Alpha = -1e-6 }),
		"α NaN":            with(func(c *Cluster) { c.Alpha = math.NaN() }),
		"α +Inf":           with(func(c *Cluster) { c.Alpha = math.Inf(1) }),
		"α 1e308":          with(func(c *Cluster) { c.Alpha = 1e308 }),
		"α 1e300":          with(func(c *Cluster) { c.Alpha = 1e300 }),
		"β 0":              with(func(c *Cluster) { c.Beta = 0 }),
		"β<0":              with(func(c *Cluster) { c.Beta = -1 }),
		"β NaN":            with(func(c *Cluster) { c.Beta = math.NaN() }),
		"β Gbps(0)":        with(func(c *Cluster) { c.Beta = Gbps(0) }),
		"β subnormal":      with(func(c *Cluster) { c.Beta = 5e-324 }),
		"β 1e300":          with(func(c *Cluster) { c.Beta = 1e300 }),
		"overflow 2³¹×2³¹": with(func(c *Cluster) { c.N, c.P = 1<<31, 1<<31 }),
		"overflow N²P":     with(func(c *Cluster) { c.N, c.P = 1<<20, 1<<23 }),
		"sim too many n":   with(func(c *Cluster) { c.N, c.P = MaxSimWorkers+1, 1 }),
		"sim too many n·p": with(func(c *Cluster) { c.N, c.P = 16, MaxSimElements/16+1 }),
		"sim a2a moves":    with(func(c *Cluster) { c.N, c.P = 260, 64_000 }),
	}
}

// heavy reports whether simulating a on c is valid but too large for this
// test (the limits themselves are tested above, and simulations at scale in
// sim_test.go and the benchmarks).
func heavy(c Cluster, a Algorithm) bool {
	return SimLimits(c, a) == nil && int64(c.N)*int64(c.P) > 100_000
}

// bounded runs f with a deadline and turns a panic or a hang into an error.
func bounded(limit time.Duration, f func() error) (err error) {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("panic: %v", r)
			}
		}()
		done <- f()
	}()
	select {
	case err = <-done:
		return err
	case <-time.After(limit):
		return errors.New("no answer within " + limit.String())
	}
}

// errOK accepts a "comm: " error; finite checks a result when there is none.
func errOK(err error, finite func() error) error {
	if err != nil {
		if !strings.HasPrefix(err.Error(), "comm: ") {
			return fmt.Errorf("error without the comm: prefix: %v", err)
		}
		return nil
	}
	return finite()
}

// finiteCosts: counts non-negative, time finite and T = Steps·α + Critical·bβ.
func finiteCosts(k Costs) error {
	if k.Messages < 0 || k.MinSize < 0 || k.MaxSize < k.MinSize || k.Elements < 0 || k.MaxSent < 0 ||
		k.NodeLoad < 0 || k.LinkLoad < 0 || k.Steps < 0 || k.Critical < 0 {
		return fmt.Errorf("negative count: %+v", k)
	}
	if math.IsNaN(k.Time) || math.IsInf(k.Time, 0) || k.Time < 0 || k.Time != k.time() {
		return fmt.Errorf("time %v", k.Time)
	}
	return nil
}

// finiteText rejects a table or text that shows NaN, Inf or a negative count
// where counts are printed.
func finiteText(s string) error {
	for _, bad := range []string{"NaN", "Inf", "panic"} {
		if strings.Contains(s, bad) {
			return fmt.Errorf("%q in %s", bad, s)
		}
	}
	return nil
}

// tableErr accepts a table that holds rows and finite text, or no rows and
// a Note that starts with "✗ comm: ".
func tableErr(t *table.Table) error {
	if t == nil {
		return errors.New("nil table")
	}
	if len(t.Rows) == 0 {
		if !strings.HasPrefix(t.Note, "✗ comm: ") {
			return fmt.Errorf("no rows and no error: %q", t.Note)
		}
		return nil
	}
	return finiteText(t.String())
}

func finiteFigure(f *figure.Figure) error {
	if err := f.Validate(); err != nil {
		return err
	}
	for _, s := range f.Series {
		for i := range s.Y {
			if !f.Drawable(s.X[i], s.Y[i]) {
				return fmt.Errorf("%s: point (%v, %v)", s.Name, s.X[i], s.Y[i])
			}
		}
	}
	return nil
}

func checkText(r check.Result) error {
	if r.Name == "" || (!r.OK && r.Detail == "") {
		return fmt.Errorf("check without name or reason: %+v", r)
	}
	if !r.OK && strings.Contains(r.Detail, "comm: ") {
		return nil // an error, which may quote the bad input
	}
	return finiteText(r.String())
}

// TestBadInput calls every exported function and method of the package with
// nil, empty, zero, negative, huge, non-finite and overflow-prone inputs:
// each call must return a "comm: " error (or a table whose Note says it)
// or a finite, correct result, within a time bound, without a panic.
func TestBadInput(t *testing.T) {
	rng := func() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
	algs := append(Algorithms(), 0, -1, HalvingDoubling+1, math.MaxInt)
	type call struct {
		name string
		f    func() error
	}
	var calls []call
	add := func(name string, f func() error) { calls = append(calls, call{name, f}) }

	for cname, c := range badClusters() {
		add("Validate/"+cname, func() error { return errOK(c.Validate(), func() error { return nil }) })
		add("String/"+cname, func() error { _ = c.String(); _ = c.ElemBytes(); return nil })
		for _, i := range []int{-1, 0, 1, 7, 8, math.MaxInt} {
			add(fmt.Sprintf("Chunk(%d)/%s", i, cname), func() error {
				lo, hi, err := c.Chunk(i)
				return errOK(err, func() error {
					if lo < 0 || hi < lo || hi > c.P {
						return fmt.Errorf("[%d, %d) of %d", lo, hi, c.P)
					}
					return nil
				})
			})
		}
		add("LowerBound/"+cname, func() error {
			b, err := LowerBound(c)
			return errOK(err, func() error {
				if math.IsNaN(b.Time) || math.IsInf(b.Time, 0) || b.Elements < 0 {
					return fmt.Errorf("%+v", b)
				}
				return nil
			})
		})
		add("CostTable/"+cname, func() error { return tableErr(CostTable(c)) })
		add("TimeSplitTable/"+cname, func() error { return tableErr(TimeSplitTable(c)) })
		add("TimeVsN/"+cname, func() error {
			f, err := TimeVsN(c, Homework()...)
			return errOK(err, func() error { return finiteFigure(f) })
		})
		add("TimeVsP/"+cname, func() error {
			f, err := TimeVsP(c, Ring, HalvingDoubling)
			return errOK(err, func() error { return finiteFigure(f) })
		})
		add("Compare/"+cname, func() error {
			cp, err := Compare(c)
			return errOK(err, func() error {
				if r := cp.Check(); !r.OK {
					return fmt.Errorf("generated statement false: %s", r)
				}
				return finiteText(cp.String())
			})
		})
		add("BoundTable/"+cname, func() error {
			tb, err := BoundTable(c, Ring, 2, c.N, 1024)
			return errOK(err, func() error { return tableErr(tb) })
		})
		add("BoundHolds/"+cname, func() error {
			r := BoundHolds(c)
			if !r.OK && !strings.Contains(r.Detail, "comm: ") {
				return fmt.Errorf("bound fails without an error: %s", r)
			}
			return checkText(r)
		})
		add("Measure/"+cname, func() error {
			if heavy(c, Ring) {
				return nil
			}
			runs, err := Measure(c, rng(), Ring, Tree)
			return errOK(err, func() error {
				if r := Verify(runs...); !r.OK {
					return fmt.Errorf("%s", r)
				}
				return nil
			})
		})
		for _, a := range algs {
			add(fmt.Sprintf("Costs/%s/%s", a, cname), func() error {
				k, err := a.Costs(c)
				return errOK(err, func() error { return finiteCosts(k) })
			})
			add(fmt.Sprintf("SimLimits/%s/%s", a, cname), func() error { return errOK(SimLimits(c, a), func() error { return nil }) })
			add(fmt.Sprintf("Simulate/%s/%s", a, cname), func() error {
				if heavy(c, a) {
					return nil
				}
				r, err := Simulate(c, a, rng())
				return errOK(err, func() error {
					if !r.SumOK || r.Measured != must(a.Costs(c)) {
						return fmt.Errorf("%s", r)
					}
					return finiteText(r.String())
				})
			})
			add(fmt.Sprintf("AllReduce(nil)/%s/%s", a, cname), func() error {
				_, err := AllReduce(c, a, nil)
				if err == nil && c.N == 0 {
					return errors.New("no error")
				}
				return errOK(err, func() error { return nil })
			})
			add(fmt.Sprintf("Extrapolate/%s/%s", a, cname), func() error {
				if heavy(c, a) {
					return nil
				}
				k, err := Extrapolate(c, a, rng())
				return errOK(err, func() error {
					if want := must(a.Costs(c)); k != want {
						return fmt.Errorf("extrapolated %+v, closed %+v", k, want)
					}
					return nil
				})
			})
			add(fmt.Sprintf("Name/%s", a), func() error {
				_, _, _ = a.Name(), a.String(), a.Formulas()
				if a.Valid() != (a.scheme() != nil) {
					return errors.New("Valid disagrees")
				}
				return nil
			})
		}
	}
	good := Cluster{N: 4, P: 12, Alpha: 1e-6, Beta: Gbps(10)}
	for _, a := range algs {
		add(fmt.Sprintf("Simulate(nil rng)/%s", a), func() error {
			_, err := Simulate(good, a, nil)
			return errOK(err, func() error { return errors.New("no error") })
		})
		add(fmt.Sprintf("Extrapolate(nil rng)/%s", a), func() error {
			_, err := Extrapolate(good, a, nil)
			return errOK(err, func() error { return errors.New("no error") })
		})
		g := randGrads(4, 12, 1)
		for gname, grads := range map[string][][]float64{
			"empty": {}, "too few": g[:3], "short": {g[0], g[1], g[2], g[3][:11]}, "nil one": {g[0], g[1], nil, g[3]},
			"aliased": {g[0], g[1], g[0], g[3]}, "too many": append(g[:4:4], g[0]),
		} {
			add(fmt.Sprintf("AllReduce/%s/%s", gname, a), func() error {
				_, err := AllReduce(good, a, grads)
				return errOK(err, func() error { return errors.New("no error") })
			})
		}
	}
	add("Measure(no algorithm)", func() error {
		_, err := Measure(good, rng())
		return errOK(err, func() error { return errors.New("no error") })
	})
	add("Measure(nil rng)", func() error {
		_, err := Measure(good, nil, Ring)
		return errOK(err, func() error { return errors.New("no error") })
	})
	add("Measure(bad algorithm)", func() error {
		_, err := Measure(good, rng(), Ring, 0)
		return errOK(err, func() error { return errors.New("no error") })
	})
	// Results: nil, zero, malformed.
	ring := must(Simulate(good, Ring, rng()))
	short := *ring
	short.Sent = short.Sent[:2]
	for rname, r := range map[string]*SimResult{"nil": nil, "zero": {}, "malformed": &short, "dropped vectors": {Measured: ring.Measured}} {
		add("SimResult methods/"+rname, func() error {
			_ = r.String()
			_ = r.Identical()
			_ = r.BusiestLink()
			for _, i := range []int{-1, 0, 3, 4, math.MaxInt} {
				if _, err := r.Mean(i); err != nil && !strings.HasPrefix(err.Error(), "comm: ") {
					return err
				}
			}
			return nil
		})
		add("tables/"+rname, func() error {
			for _, tb := range append([]*table.Table{MeasuredTable(r), CheckTable(r), TrafficTable(r)}, MeasuredTables(true, r)...) {
				if len(tb.Rows) != 0 && rname != "dropped vectors" {
					return fmt.Errorf("rows from a %s result: %s", rname, tb)
				}
				if err := finiteText(tb.String()); err != nil {
					return err
				}
			}
			return nil
		})
		add("Verify/"+rname, func() error {
			v := Verify(r)
			if v.OK {
				return fmt.Errorf("%s result verified: %s", rname, v)
			}
			return checkText(v)
		})
	}
	add("Verify()", func() error {
		if v := Verify(); v.OK {
			return errors.New("nothing verified as OK")
		}
		return nil
	})
	add("tables()", func() error {
		for _, tb := range append([]*table.Table{MeasuredTable(), CheckTable(), TrafficTable(), FormulaTable(), FormulaTimeTable(), FormulaTable(0), CostTable(good, 0)}, MeasuredTables(true)...) {
			if tb == nil {
				return errors.New("nil table")
			}
			_, _, _ = tb.String(), tb.Markdown(), tb.HTML()
		}
		return nil
	})
	// Homework answers and tables at every kind of n and p.
	for _, np := range [][2]int{{0, 0}, {-1, 4}, {1, 4}, {2, 0}, {2, -2}, {4, 10}, {2, 2}, {1 << 31, 1 << 31},
		{1 << 32, 1 << 40}, {math.MaxInt, math.MaxInt}, {MaxWorkers, MaxWorkers}, {1 << 20, 1 << 22}, {2, math.MaxInt - 1}} {
		add(fmt.Sprintf("HomeworkAnswers(%d, %d)", np[0], np[1]), func() error {
			ans, err := HomeworkAnswers(np[0], np[1])
			return errOK(err, func() error {
				for _, a := range ans {
					if a.Messages <= 0 || a.Size <= 0 || a.Messages*a.Size/a.Size != a.Messages {
						return fmt.Errorf("%+v", a)
					}
				}
				_, _, _, _ = ans.TeX(), ans.String(), ans.Counts(), ans.Names()
				return nil
			})
		})
		add(fmt.Sprintf("HomeworkTable(%d, %d)", np[0], np[1]), func() error {
			tb := HomeworkTable(np[0], np[1])
			if strings.Contains(fmt.Sprint(tb.Rows), "= -") {
				return fmt.Errorf("negative count:\n%s", tb)
			}
			return tableErr(tb)
		})
	}
	for _, n := range []int{math.MinInt, -1, 0, 1, 2, 8, 9, math.MaxInt} {
		add(fmt.Sprintf("RingDiagram(%d)", n), func() error {
			tb, err := RingDiagram(n)
			return errOK(err, func() error { return tableErr(tb) })
		})
		add(fmt.Sprintf("RealTable(%d)", n), func() error {
			tb, err := RealTable(n, Networks(), Models())
			return errOK(err, func() error { return tableErr(tb) })
		})
		add(fmt.Sprintf("RealCheck(%d)", n), func() error {
			if n > 64 { // simulations of that many workers take seconds; the limits are checked above
				return nil
			}
			r := RealCheck(n, Networks(), Models(), rng())
			if !r.OK && !strings.Contains(r.Detail, "comm: ") {
				return fmt.Errorf("false statement: %s", r)
			}
			return checkText(r)
		})
	}
	badNets := map[string][]Network{"nil": nil, "empty": {}, "NaN α": {{Name: "x", Alpha: math.NaN(), Beta: 1e-9}},
		"zero β": {{Name: "x", Alpha: 1e-6}}, "huge β": {{Name: "x", Alpha: 1e-6, Beta: 1e300}}}
	badModels := map[string][]Model{"nil": nil, "empty": {}, "zero": {{Name: "x"}}, "negative": {{Name: "x", Params: -5}},
		"huge": {{Name: "x", Params: math.MaxInt}}, "odd": {{Name: "x", Params: 12_345_677}}}
	for nname, nets := range badNets {
		add("RealTable/nets "+nname, func() error {
			tb, err := RealTable(8, nets, Models())
			return errOK(err, func() error { return tableErr(tb) })
		})
		add("RealCheck/nets "+nname, func() error {
			r := RealCheck(8, nets, Models(), rng())
			if r.OK && (len(nets) == 0) {
				return errors.New("OK without networks")
			}
			return checkText(r)
		})
	}
	for mname, models := range badModels {
		add("RealTable/models "+mname, func() error {
			tb, err := RealTable(8, Networks(), models)
			return errOK(err, func() error { return tableErr(tb) })
		})
		add("RealCheck/models "+mname, func() error {
			r := RealCheck(8, Networks(), models, rng())
			if !r.OK && !strings.Contains(r.Detail, "comm: ") && !strings.Contains(r.Detail, "no network or no model") {
				return fmt.Errorf("false statement: %s", r)
			}
			return checkText(r)
		})
	}
	add("BoundTable(no n)", func() error {
		_, err := BoundTable(good, Ring)
		return errOK(err, func() error { return errors.New("no error") })
	})
	add("BoundTable(bad algorithm)", func() error {
		_, err := BoundTable(good, 0, 4)
		return errOK(err, func() error { return errors.New("no error") })
	})
	add("BoundHolds()", func() error {
		if r := BoundHolds(); r.OK {
			return errors.New("OK without a cluster")
		}
		return nil
	})
	for _, g := range []float64{0, -1, math.NaN(), math.Inf(1), 5e-324, 1e308} {
		add(fmt.Sprintf("Gbps(%v)", g), func() error {
			for _, beta := range []float64{Gbps(g), BytesPerSec(g)} {
				c := good
				c.Beta = beta
				if err := c.Validate(); err == nil && (math.IsInf(beta, 0) || math.IsNaN(beta) || beta <= 0) {
					return fmt.Errorf("β = %v accepted", beta)
				}
			}
			return nil
		})
	}
	add("catalogues", func() error {
		if len(Networks()) == 0 || len(Models()) == 0 || len(Algorithms()) != 7 || len(Homework()) != 3 || len(Beyond()) != 4 {
			return errors.New("empty catalogue")
		}
		Networks()[0].Name = "changed" // a copy: the next call is unchanged
		if Networks()[0].Name == "changed" {
			return errors.New("Networks shares its slice")
		}
		return nil
	})
	add("nil Answers", func() error {
		var none Answers
		if none.TeX() == "" || none.String() != "" || len(none.Counts()) != 0 || len(none.Names()) != 0 {
			return errors.New("nil Answers not empty")
		}
		return nil
	})
	add("Link and Costs strings", func() error {
		_ = Link{}.String()
		_ = Costs{}.String()
		l, b := Costs{}.Split()
		if l != 0 || b != 0 || (Costs{}).Size() != 0 {
			return errors.New("zero Costs not zero")
		}
		return nil
	})

	start := time.Now()
	for _, c := range calls {
		t0 := time.Now()
		if err := bounded(20*time.Second, c.f); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if d := time.Since(t0); d > 100*time.Millisecond {
			t.Logf("slow: %s %.2f s", c.name, d.Seconds())
		}
	}
	t.Logf("%d calls in %.1f s", len(calls), time.Since(start).Seconds())
}

// must returns v, panicking on an error (tests only).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
