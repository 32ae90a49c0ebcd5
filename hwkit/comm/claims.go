package comm

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dl-course/hw2/hwkit/check"
)

// Comparison compares the homework's three algorithms on one cluster from
// their closed forms: which is fastest, whether one step of the ring is
// latency-bound, and whether the ring beats all-to-all. Its String states
// each of these for the cluster's own numbers; Check tests the condition
// that decides the last one against the times.
type Comparison struct {
	// Cluster is the cluster compared on; Costs holds the closed forms of
	// all-to-all, the parameter server and the ring, in that order.
	Cluster Cluster
	Costs   []Costs
	// Fastest lists the fastest algorithms: one, or several whose times
	// agree within a relative 10⁻⁹.
	Fastest []Algorithm
	// Step is the bandwidth time of the ring's largest message,
	// ⌈p/n⌉·b·β, in seconds. A ring step is latency-bound when Step < α,
	// which for n | p is p < Crossover = n·α/(b·β) elements.
	Step, Crossover float64
	// Margin is (p − 2⌈p/n⌉)·b·β in seconds: T_ring − T_a2a =
	// (n−1)·(α − Margin), so the ring beats all-to-all exactly when
	// α < Margin; for n | p, Margin = (1 − 2/n)·p·b·β.
	Margin float64
}

// Compare compares all-to-all, the parameter server and the ring on c. It
// returns an error if c is invalid or has one worker (nothing is sent).
func Compare(c Cluster) (*Comparison, error) {
	ks, err := costsOf(c, Homework())
	if err != nil {
		return nil, err
	}
	if c.N < 2 {
		return nil, fmt.Errorf("comm: n = %d worker: nothing to compare, no message is sent", c.N)
	}
	cp := &Comparison{Cluster: c, Costs: ks}
	best := ks[0].Time
	for _, k := range ks {
		best = min(best, k.Time)
	}
	for _, k := range ks {
		if k.Time-best <= tieTol*best {
			cp.Fastest = append(cp.Fastest, k.Algorithm)
		}
	}
	bb, ring := c.bb(), ks[2]
	cp.Step = float64(ring.MaxSize) * bb
	cp.Crossover = float64(c.N) * c.Alpha / bb
	cp.Margin = float64(int64(c.P)-2*ring.MaxSize) * bb
	return cp, nil
}

// ringVsA2A returns the sign of T_ring − T_a2a by the times (byTimes) and
// by the condition α < Margin (byCond): −1 the ring is faster, +1 slower, 0
// equal within a relative tol of T_a2a.
func (cp *Comparison) ringVsA2A(tol float64) (byTimes, byCond int) {
	a2a, ring := cp.Costs[0].Time, cp.Costs[2].Time
	sign := func(d float64) int {
		switch {
		case abs(d) <= tol*a2a:
			return 0
		case d < 0:
			return -1
		}
		return 1
	}
	return sign(ring - a2a), sign(float64(cp.Cluster.N-1) * (cp.Cluster.Alpha - cp.Margin))
}

// String states the comparison on three lines: the fastest algorithm with
// the three times, whether one ring step is latency- or bandwidth-bound,
// and whether the ring beats all-to-all, each with the numbers that decide
// it.
func (cp *Comparison) String() string {
	c := cp.Cluster
	var b strings.Builder
	var names []string
	for _, a := range cp.Fastest {
		names = append(names, a.Name())
	}
	fmt.Fprintf(&b, "Fastest of the three: %s (all-to-all %s, PS %s, ring %s).\n",
		strings.Join(names, " = "), Seconds(cp.Costs[0].Time), Seconds(cp.Costs[1].Time), Seconds(cp.Costs[2].Time))
	rel, bound := ">", "bandwidth-bound"
	switch {
	case abs(cp.Step-c.Alpha) <= tieTol*max(cp.Step, c.Alpha):
		rel, bound = "=", "balanced"
	case cp.Step < c.Alpha:
		rel, bound = "<", "latency-bound"
	}
	fmt.Fprintf(&b, "Ring step ⌈p/n⌉·bβ = %s %s α = %s: %s", Seconds(cp.Step), rel, Seconds(c.Alpha), bound)
	if c.P%c.N == 0 && cp.Crossover < 1e300 {
		fmt.Fprintf(&b, ", p %s nα/(bβ) = %s", rel, count(cp.Crossover))
	}
	b.WriteString(".\n")
	byTimes, _ := cp.ringVsA2A(tieTol)
	verdict := map[int]string{-1: "faster than", 0: "as fast as", 1: "slower than"}[byTimes]
	rel = map[int]string{-1: "<", 0: "=", 1: ">"}[byTimes]
	fmt.Fprintf(&b, "Ring %s all-to-all: α = %s %s (p − 2⌈p/n⌉)·bβ = %s.\n", verdict, Seconds(c.Alpha), rel, Seconds(cp.Margin))
	return b.String()
}

// Check tests the condition "the ring beats all-to-all exactly when
// α < (p − 2⌈p/n⌉)·bβ" against the two closed-form times: both must give
// the same verdict (a tie counts as agreeing when the other side is within
// a relative 10⁻⁸).
func (cp *Comparison) Check() check.Result {
	byTimes, byCond := cp.ringVsA2A(tieTol)
	loose, looseCond := cp.ringVsA2A(10 * tieTol)
	ok := byTimes == byCond || (byTimes == 0 && looseCond == 0) || (byCond == 0 && loose == 0)
	word := map[int]string{-1: "ring faster", 0: "tie", 1: "all-to-all faster"}
	detail := word[byTimes]
	if byTimes != byCond {
		detail = fmt.Sprintf("times: %s; α vs (p − 2⌈p/n⌉)·bβ: %s", word[byTimes], word[byCond])
	}
	return check.True("ring vs all-to-all: condition agrees with times", ok, detail)
}

// Seconds formats a duration in seconds as the generated statements print it:
// 4 significant digits in ns, µs, ms or s ("137.2 µs", "0 s").
func Seconds(x float64) string {
	unit, f := "s", 1.0
	switch ax := abs(x); {
	case ax == 0:
		return "0 s"
	case ax < 1e-6:
		unit, f = "ns", 1e9
	case ax < 1e-3:
		unit, f = "µs", 1e6
	case ax < 1:
		unit, f = "ms", 1e3
	}
	return strconv.FormatFloat(x*f, 'g', 4, 64) + " " + unit
}

// count prints a number of elements: an integer below 10¹⁵, with 4
// significant digits beyond.
func count(x float64) string {
	switch {
	case x > 1e308:
		return "> 1e308"
	case x < 1e15:
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// Ranking is algorithms' closed-form costs on one cluster, fastest first.
type Ranking []Costs

// Rank orders algs (all the algorithms when algs is empty) by their
// closed-form time on c, fastest first; algorithms with equal times keep
// the order of algs. It returns an error if c is invalid or an algorithm
// is unknown.
func Rank(c Cluster, algs ...Algorithm) (Ranking, error) {
	ks, err := costsOf(c, algs)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ks, func(a, b Costs) int { return cmp.Compare(a.Time, b.Time) })
	return ks, nil
}

// String states the ranking in one sentence with each time, e.g.
// "Fastest of all 7 here: halving-doubling 97.2 µs; then recursive
// doubling 130.2 µs, …" ("of these k" for fewer than all the algorithms).
// Algorithms whose times agree within a relative 10⁻⁹ are joined by "=".
// When no algorithm sends anything (one worker), it says so instead.
func (r Ranking) String() string {
	if len(r) == 0 {
		return "No algorithm to rank.\n"
	}
	if r[len(r)-1].Time == 0 {
		return fmt.Sprintf("No algorithm sends anything here (n = %d): all take 0 s.\n", r[0].Cluster.N)
	}
	var groups [][]Costs
	for _, k := range r {
		if g := len(groups) - 1; g >= 0 && k.Time-groups[g][0].Time <= tieTol*groups[g][0].Time {
			groups[g] = append(groups[g], k)
			continue
		}
		groups = append(groups, []Costs{k})
	}
	group := func(g []Costs) string {
		var names []string
		for _, k := range g {
			names = append(names, k.Algorithm.Name())
		}
		return strings.Join(names, " = ") + " " + Seconds(g[0].Time)
	}
	which := fmt.Sprintf("these %d", len(r))
	if len(r) == len(Algorithms()) {
		which = fmt.Sprintf("all %d", len(r))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Fastest of %s here: %s", which, group(groups[0]))
	for i, g := range groups[1:] {
		sep := ", "
		if i == 0 {
			sep = "; then "
		}
		b.WriteString(sep + group(g))
	}
	b.WriteString(".\n")
	return b.String()
}
