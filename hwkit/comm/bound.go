package comm

import (
	"fmt"
	"strings"

	"github.com/dl-course/hw2/hwkit/check"
	"github.com/dl-course/hw2/hwkit/table"
)

// BoundTable compares a's closed-form time with the lower bound on c at
// each number of workers in ns (c.N is ignored): T, the bound, their ratio,
// and the excess split into its latency part (rounds − ⌈log₂n⌉)·α and its
// bandwidth part (critical path − 2(n−1)p/n)·b·β. It returns an error if ns
// is empty or holds an n that makes c invalid, or a is not an algorithm.
func BoundTable(c Cluster, a Algorithm, ns ...int) (*table.Table, error) {
	if len(ns) == 0 {
		return nil, fmt.Errorf("comm: BoundTable needs at least one n")
	}
	if err := a.check(); err != nil {
		return nil, err
	}
	t := table.New(fmt.Sprintf("Against the lower bound: %s, p = %s, b = %d B, %s", a, elems(c.P), c.ElemBytes(), network(c)),
		"workers n", "T (ms)", "bound (ms)", "T / bound", "excess: latency (ms)", "bandwidth (ms)")
	for _, n := range ns {
		c.N = n
		k, err := a.Costs(c)
		if err != nil {
			return nil, err
		}
		lb, _ := LowerBound(c) // c is valid
		ratio := "—"
		if lb.Time > 0 {
			ratio = table.Float(k.Time / lb.Time)
		}
		t.AddRow(n, k.Time*1e3, lb.Time*1e3, ratio,
			float64(k.Steps-lb.Steps)*c.Alpha*1e3, (float64(k.Critical)-lb.Elements)*c.bb()*1e3)
	}
	t.Note = "bound = ⌈log₂n⌉·α + 2(n−1)/n·p·bβ; excess = T − bound, split into its latency part (extra rounds·α) and its bandwidth part (extra critical path·bβ, from uneven chunks where n ∤ p)."
	return t, nil
}

// BoundHolds checks the lower bound against the closed forms of every
// algorithm it covers, those that use only the workers (all but the
// parameter server, whose server is an extra node), on each cluster of cs
// at every n = 1 … SweepMaxN (c.N is ignored): no algorithm takes fewer
// than ⌈log₂n⌉ rounds, puts fewer than 2(n−1)/n·p elements on its
// critical path, lets every worker send fewer or beats the bound's time. It also
// checks where the bound is met: the ring's critical path equals it
// whenever n divides p, and recursive doubling's rounds equal ⌈log₂n⌉
// at every power of two. It returns one check.
func BoundHolds(cs ...Cluster) check.Result {
	name := "no algorithm beats the lower bound"
	if len(cs) == 0 {
		return check.True(name, false, "no cluster to check")
	}
	var algs []Algorithm
	for _, a := range Algorithms() {
		if !a.scheme().server() {
			algs = append(algs, a)
		}
	}
	var bad []string
	tried, metBW, metRounds := 0, 0, 0
	var ps []string
	for _, c := range cs {
		ps = append(ps, elems(c.P))
		for n := 1; n <= SweepMaxN; n++ {
			c.N = n
			lb, err := LowerBound(c)
			if err != nil {
				return check.True(name, false, err.Error())
			}
			slack := 1 + 1e-12
			for _, a := range algs {
				k, _ := a.Costs(c) // c and a are valid
				tried++
				switch {
				case k.Steps < lb.Steps, float64(k.Critical)*slack < lb.Elements, k.Time*slack < lb.Time,
					float64(k.MaxSent)*slack < lb.Elements:
					bad = append(bad, fmt.Sprintf("%s at n = %d, p = %d: %d rounds, %d on the critical path, %d sent",
						a, n, c.P, k.Steps, k.Critical, k.MaxSent))
				}
				onBandwidth := a == Ring && c.P%n == 0
				onRounds := a == RecursiveDoubling && n&(n-1) == 0
				switch {
				case onBandwidth && float64(k.Critical) == lb.Elements:
					metBW++
				case onRounds && k.Steps == lb.Steps:
					metRounds++
				case onBandwidth || onRounds:
					bad = append(bad, fmt.Sprintf("%s at n = %d, p = %d does not meet the bound", a, n, c.P))
				}
			}
		}
	}
	if len(bad) > 0 {
		if len(bad) > 3 {
			bad = append(bad[:3], fmt.Sprintf("and %d more", len(bad)-3))
		}
		return check.True(name, false, strings.Join(bad, "; "))
	}
	return check.True(name, true, fmt.Sprintf("%d algorithms on the workers alone (the parameter server is outside the bound), n = 1 … %d, p = %s: %d closed forms; "+
		"the ring's bandwidth term meets it %d times, recursive doubling's rounds %d times",
		len(algs), SweepMaxN, strings.Join(ps, ", "), tried, metBW, metRounds))
}
