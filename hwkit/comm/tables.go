package comm

import (
	"fmt"

	"github.com/dl-course/hw2/hwkit/table"
)

// costHeader is CostTable's header.
var costHeader = []string{"algorithm", "messages", "msg size", "sent/worker", "busiest node", "busiest link", "steps", "time (s)"}

// CostTable returns the closed-form costs of algs on c, one row per
// algorithm (all of them when algs is empty) and a last row with the lower
// bound. If c or an algorithm is invalid, the table has no rows and its Note
// holds the error.
func CostTable(c Cluster, algs ...Algorithm) *table.Table {
	t := table.New(fmt.Sprintf("All-reduce cost per iteration, n = %d, p = %d (closed forms)", c.N, c.P), costHeader...)
	ks, err := costsOf(c, algs)
	if err != nil {
		t.Note = "✗ " + err.Error()
		return t
	}
	for _, k := range ks {
		t.AddRow(k.Algorithm.Name(), k.Messages, sizeCell(k.MinSize, k.MaxSize), k.MaxSent, k.NodeLoad, k.LinkLoad, k.Steps, k.Time)
	}
	lb, _ := LowerBound(c) // c is valid here
	t.AddRow("lower bound", "", "", lb.Elements, "", "", lb.Steps, lb.Time)
	t.Note = fmt.Sprintf("Elements of %d B. sent/worker: the most any one worker sends (= receives); busiest node: through one port, one way; busiest link: from one node to one other. time = steps·α + critical-path elements·b·β, α = %s s, β = %s s/B. Lower bound: ⌈log₂n⌉ steps, 2(n−1)/n·p elements per worker.",
		c.ElemBytes(), table.Float(c.Alpha), table.Float(c.Beta))
	return t
}

// FormulaTable returns the closed forms of algs' traffic as text (all
// algorithms when algs is empty) and the lower bound: messages, message size,
// the most elements one worker sends, the busiest port and the busiest link.
// They hold when n divides p (and is a power of two for RecursiveDoubling
// and HalvingDoubling); see Algorithm.Formulas. FormulaTimeTable has the
// α-β times.
func FormulaTable(algs ...Algorithm) *table.Table {
	t := table.New("Traffic per all-reduce, closed forms (n | p)", "algorithm", "messages", "msg size", "sent/worker", "busiest port", "busiest link")
	if len(algs) == 0 {
		algs = Algorithms()
	}
	for _, a := range algs {
		f := a.Formulas()
		t.AddRow(a.Name(), f.Messages, f.Size, f.Sent, f.NodeLoad, f.LinkLoad)
	}
	t.AddRow("lower bound", "", "", "2(n−1)p/n", "", "")
	t.Note = "In elements, for n workers and p elements; n divides p (recursive doubling, halving-doubling: n a power of two). A port counts one direction."
	return t
}

// FormulaTimeTable returns the closed forms of algs' α-β time as text (all
// algorithms when algs is empty) and the lower bound: rounds, elements on the
// critical path, and the time rounds·α + critical path·bβ.
func FormulaTimeTable(algs ...Algorithm) *table.Table {
	t := table.New("Time per all-reduce, closed forms (n | p)", "algorithm", "rounds", "critical path", "time")
	if len(algs) == 0 {
		algs = Algorithms()
	}
	for _, a := range algs {
		f := a.Formulas()
		t.AddRow(a.Name(), f.Steps, f.Critical, f.Time)
	}
	t.AddRow("lower bound", "⌈log₂n⌉", "2(n−1)p/n", "⌈log₂n⌉·α + 2(n−1)/n·p·bβ")
	t.Note = "α seconds per message, β seconds per byte, b bytes per element; n divides p (recursive doubling, halving-doubling: n a power of two)."
	return t
}

// TimeSplitTable returns the α-β time of algs on c (all algorithms when algs
// is empty) split into its two terms, one row per algorithm and a last row
// for the lower bound: rounds, the latency term rounds·α, the critical-path
// elements, the bandwidth term critical path·b·β, their sum T, all in
// milliseconds, and which term is larger ("latency", "bandwidth", "equal" within
// a relative 10⁻⁹, or "—" when nothing is sent). If c or an algorithm is
// invalid, the table has no rows and its Note holds the error.
func TimeSplitTable(c Cluster, algs ...Algorithm) *table.Table {
	t := table.New(fmt.Sprintf("Time per all-reduce, closed forms: n = %d, p = %s, b = %d B, %s", c.N, elems(c.P), c.ElemBytes(), network(c)),
		"algorithm", "rounds", "latency (ms)", "critical path", "bandwidth (ms)", "T (ms)", "larger term")
	ks, err := costsOf(c, algs)
	if err != nil {
		t.Note = "✗ " + err.Error()
		return t
	}
	for _, k := range ks {
		l, b := k.Split()
		t.AddRow(unbroken(k.Algorithm.Name()), k.Steps, l*1e3, k.Critical, b*1e3, k.Time*1e3, larger(l, b))
	}
	lb, _ := LowerBound(c) // c is valid here
	l, b := float64(lb.Steps)*c.Alpha, lb.Elements*c.bb()
	t.AddRow(unbroken("lower bound"), lb.Steps, l*1e3, lb.Elements, b*1e3, lb.Time*1e3, larger(l, b))
	t.Note = "latency = rounds·α; bandwidth = critical path·b·β (the largest message of each round, summed)."
	return t
}

// tieTol is the relative difference below which two times count as equal
// in the statements the package generates ("equal", "tie").
const tieTol = 1e-9

// larger names the larger of the latency and bandwidth terms.
func larger(latency, bandwidth float64) string {
	switch d := latency - bandwidth; {
	case latency == 0 && bandwidth == 0:
		return "—"
	case abs(d) <= tieTol*max(latency, bandwidth):
		return "equal"
	case d > 0:
		return "latency"
	}
	return "bandwidth"
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
