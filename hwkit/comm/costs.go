package comm

import (
	"fmt"
	"math/bits"

	"github.com/dl-course/hw2/hwkit/table"
)

// Costs is the communication cost of one all-reduce: the closed forms
// (Algorithm.Costs) or the counts measured by a simulation
// (SimResult.Measured). Counts are in elements; multiply by
// Cluster.ElemBytes for bytes.
type Costs struct {
	// Algorithm and Cluster say what the costs are of.
	Algorithm Algorithm
	Cluster   Cluster
	// Messages is the number of messages.
	Messages int64
	// MinSize and MaxSize are the smallest and largest message in
	// elements; both are 0 when nothing is sent.
	MinSize, MaxSize int64
	// Elements is the total over all messages: elements sent, which equals
	// elements received.
	Elements int64
	// MaxSent and MaxRecv are the most elements one worker sends and
	// receives. The parameter server's server is not a worker.
	MaxSent, MaxRecv int64
	// NodeLoad is the load on the busiest node, server included: the
	// elements through its port in the busier direction, max(sent,
	// received). For the parameter server it is the server's N·P.
	NodeLoad int64
	// LinkLoad is the load on the busiest directed link: the elements one
	// node sends to one other node.
	LinkLoad int64
	// Steps is the number of rounds (sequential steps).
	Steps int
	// Critical is the number of elements on the critical path: the sum over
	// rounds of the largest message of the round.
	Critical int64
	// Time is the α-β time in seconds: Steps·α + Critical·b·β.
	Time float64
}

// time returns Steps·α + Critical·b·β. Closed forms and simulations both
// call it, so equal counts give bit-identical times.
func (k Costs) time() float64 {
	c := k.Cluster
	return float64(k.Steps)*c.Alpha + float64(k.Critical)*float64(c.ElemBytes())*c.Beta
}

// String prints the costs on one line.
func (k Costs) String() string {
	return fmt.Sprintf("%s (n = %d, p = %d): %d messages of %s elements; sent/worker %d; busiest node %d, link %d; %d steps; T = %s s",
		k.Algorithm, k.Cluster.N, k.Cluster.P, k.Messages, sizeCell(k.MinSize, k.MaxSize),
		k.MaxSent, k.NodeLoad, k.LinkLoad, k.Steps, table.Float(k.Time))
}

// Costs returns a's closed-form costs on c, exact for every N and P under the
// uneven-chunk rule (package doc). It returns an error if c is invalid or a is
// not an algorithm.
func (a Algorithm) Costs(c Cluster) (Costs, error) {
	if err := c.Validate(); err != nil {
		return Costs{}, err
	}
	if err := a.check(); err != nil {
		return Costs{}, err
	}
	k := Costs{Algorithm: a, Cluster: c}
	if c.N == 1 {
		return k, nil
	}
	n, p := int64(c.N), int64(c.P)
	q, r := p/n, p%n
	ceil := q + one(r > 0) // ⌈p/n⌉, the largest chunk
	switch a {
	case AllToAll:
		k.Messages = n * (n - 1)
		k.MinSize, k.MaxSize = p, p
		k.MaxSent = (n - 1) * p
		k.LinkLoad = p
		k.Steps = c.N - 1
		k.Critical = (n - 1) * p
	case ParameterServer:
		k.Messages = 2 * n
		k.MinSize, k.MaxSize = p, p
		k.MaxSent = p
		k.NodeLoad = n * p // the server
		k.LinkLoad = p
		k.Steps = 2 * c.N
		k.Critical = 2 * n * p
	case ShardedPS:
		// Worker i sends p − s_i in phase 1 and (n−1)·s_i in phase 2.
		k.Messages = 2 * n * (n - 1)
		k.MinSize, k.MaxSize = q, ceil
		k.MaxSent = p + (n-2)*ceil
		// Link i→j carries s_j then s_i: the two largest chunks.
		k.LinkLoad = 2*q + one(r >= 1) + one(r >= 2)
		k.Steps = 2 * (c.N - 1)
		k.Critical = 2 * (n - 1) * ceil
	case Ring:
		// Worker i sends every chunk but i+1 (reduce-scatter) and every
		// chunk but i+2 (all-gather), all to i+1: 2p − s_{i+1} − s_{i+2}.
		// Two cyclically adjacent small chunks exist unless r = n−1.
		minAdj := 2 * q
		if n-r < 2 {
			minAdj = 2*q + 1
		}
		k.Messages = 2 * n * (n - 1)
		k.MinSize, k.MaxSize = q, ceil
		k.MaxSent = 2*p - minAdj
		k.LinkLoad = k.MaxSent
		k.Steps = 2 * (c.N - 1)
		k.Critical = 2 * (n - 1) * ceil
	case Tree:
		l := int64(ceilLog2(c.N))
		k.Messages = 2 * (n - 1)
		k.MinSize, k.MaxSize = p, p
		k.MaxSent = l * p // the root: one child per level
		k.LinkLoad = p
		k.Steps = 2 * int(l)
		k.Critical = 2 * l * p
	case HalvingDoubling:
		hdCosts(&k)
	}
	switch a { // total elements
	case AllToAll, ParameterServer, Tree:
		k.Elements = k.Messages * p
	case ShardedPS, Ring:
		k.Elements = 2 * (n - 1) * p
	case HalvingDoubling:
		np := int64(1) << floorLog2(c.N)
		k.Elements = 2*(n-np)*p + 2*(np-1)*p
	}
	k.MaxRecv = k.MaxSent // every algorithm here receives what it sends, per worker
	if k.NodeLoad == 0 {
		k.NodeLoad = k.MaxSent
	}
	k.Time = k.time()
	return k, nil
}

// hdCosts fills the counts of HalvingDoubling: N' = 2^⌊log₂N⌋ ranks on N'
// blocks, plus the fold of r = N − N' extra ranks.
func hdCosts(k *Costs) {
	n, p := int64(k.Cluster.N), int64(k.Cluster.P)
	lg := floorLog2(k.Cluster.N)
	np := int64(1) << lg
	rem := n - np
	q, r := p/np, p%np
	// seg(x, m): elements of the aligned segment of m blocks holding block x.
	seg := func(x, m int64) int64 {
		start := x / m * m
		return q*m + min(max(r-start, 0), m)
	}
	// Rank x of the power-of-two part sends the halves it gives away
	// (p − s_x) and then, doubling, the segments it holds; it receives the
	// same amounts.
	rhd := func(x int64) int64 {
		s := p - seg(x, 1)
		for m := np / 2; m >= 1; m /= 2 {
			s += seg(x, m)
		}
		return s
	}
	var maxSent int64
	for x := range np {
		s := rhd(x)
		if x < rem {
			s += p // an odd rank also sends the sum back to its even partner
		}
		maxSent = max(maxSent, s)
	}
	if rem > 0 {
		maxSent = max(maxSent, p) // an even rank: its gradient out, the sum in
	}
	k.Messages = 2*rem + 2*np*int64(lg)
	k.MinSize = q
	k.MaxSize = seg(0, np/2)
	k.MaxSent = maxSent
	k.LinkLoad = p // level 0: half out while halving, half back while doubling
	k.Steps = 2 * lg
	for m := np / 2; m >= 1; m /= 2 {
		k.Critical += 2 * seg(0, m)
	}
	if rem > 0 {
		k.MaxSize = p
		k.Steps += 2
		k.Critical += 2 * p
	}
}

// Bound is the lower bound on an all-reduce among N workers that exchange
// messages only with each other, under the port model of the package doc.
// Extra machines escape it: with N separate servers each holding a shard
// (a sharded parameter server on its own nodes, BytePS), a worker sends and
// receives only P elements, against 2(N−1)/N·P here, because the servers
// bring N more ports.
type Bound struct {
	// Steps is ⌈log₂N⌉: each round at most doubles the number of
	// gradients a node has heard from.
	Steps int
	// Elements is 2(N−1)/N·P, the fewest elements one worker must send
	// (and receive).
	Elements float64
	// Time is Steps·α + Elements·b·β in seconds. Both terms are bounds in
	// the round model, so their sum is one too.
	Time float64
}

// LowerBound returns the lower bound for c. A parameter server escapes the
// per-worker bound (each worker sends P) by moving N·P elements through the
// server's port; see Bound for servers on extra machines. It returns an
// error if c is invalid.
func LowerBound(c Cluster) (Bound, error) {
	if err := c.Validate(); err != nil {
		return Bound{}, err
	}
	n := float64(c.N)
	b := Bound{Steps: ceilLog2(c.N), Elements: 2 * (n - 1) / n * float64(c.P)}
	b.Time = float64(b.Steps)*c.Alpha + b.Elements*float64(c.ElemBytes())*c.Beta
	return b, nil
}

// costHeader is shared by CostTable and MeasuredTable so the two line up.
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
	t.Note = costNote(c)
	return t
}

// costsOf returns the closed-form costs of algs (all algorithms when algs is
// empty) on c, or the first error; a table shows either every row or none.
func costsOf(c Cluster, algs []Algorithm) ([]Costs, error) {
	if len(algs) == 0 {
		algs = Algorithms()
	}
	ks := make([]Costs, 0, len(algs))
	for _, a := range algs {
		k, err := a.Costs(c)
		if err != nil {
			return nil, err
		}
		ks = append(ks, k)
	}
	return ks, nil
}

func costNote(c Cluster) string {
	return fmt.Sprintf("Elements of %d B. sent/worker: the most any one worker sends (= receives); busiest node: through one port, one way; busiest link: from one node to one other. time = steps·α + critical-path elements·b·β, α = %s s, β = %s s/B. Lower bound: ⌈log₂n⌉ steps, 2(n−1)/n·p elements per worker.",
		c.ElemBytes(), table.Float(c.Alpha), table.Float(c.Beta))
}

// FormulaTable returns the closed forms of algs' traffic as text (all
// algorithms when algs is empty) and the lower bound: messages, message size,
// the most elements one worker sends, the busiest port and the busiest link.
// They hold when n divides p (and is a power of two for HalvingDoubling); see
// Algorithm.Formulas. FormulaTimeTable has the α-β times.
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
	t.Note = "In elements, for n workers and p elements; n divides p (halving-doubling: n a power of two). A port counts one direction."
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
	t.Note = "α seconds per message, β seconds per byte, b bytes per element; n divides p (halving-doubling: n a power of two)."
	return t
}

// TimeSplitTable returns the α-β time of algs on c (all algorithms when algs
// is empty) split into its two terms, one row per algorithm and a last row
// for the lower bound: rounds, the latency term rounds·α, the critical-path
// elements, the bandwidth term critical path·b·β, and their sum T, in
// seconds. If c or an algorithm is invalid, the table has no rows and its
// Note holds the error.
func TimeSplitTable(c Cluster, algs ...Algorithm) *table.Table {
	t := table.New(fmt.Sprintf("Time per all-reduce, closed forms: %s", c),
		"algorithm", "rounds", "latency (s)", "critical path", "bandwidth (s)", "T (s)")
	ks, err := costsOf(c, algs)
	if err != nil {
		t.Note = "✗ " + err.Error()
		return t
	}
	bb := float64(c.ElemBytes()) * c.Beta
	for _, k := range ks {
		t.AddRow(k.Algorithm.Name(), k.Steps, float64(k.Steps)*c.Alpha, k.Critical, float64(k.Critical)*bb, k.Time)
	}
	lb, _ := LowerBound(c) // c is valid here
	t.AddRow("lower bound", lb.Steps, float64(lb.Steps)*c.Alpha, lb.Elements, lb.Elements*bb, lb.Time)
	t.Note = "latency = rounds·α; bandwidth = critical-path elements·b·β (the largest message of each round, summed); T = latency + bandwidth."
	return t
}

// Answer is the homework's answer for one algorithm: how many messages one
// all-reduce sends and how many elements each holds.
type Answer struct {
	// Algorithm is the algorithm the row is about.
	Algorithm Algorithm
	// Messages is the number of messages per iteration.
	Messages int64
	// Size is the number of elements per message.
	Size int64
	// MessagesFormula and SizeFormula are the same in n and p.
	MessagesFormula, SizeFormula string
}

// HomeworkAnswers returns the homework's three rows for n workers and p
// elements: all-to-all n(n−1) messages of p, parameter server 2n of p, ring
// 2n(n−1) of p/n. It returns an error unless n ≥ 2 and n divides p, as the
// homework assumes.
func HomeworkAnswers(n, p int) ([]Answer, error) {
	switch {
	case n < 2:
		return nil, fmt.Errorf("comm: n = %d: the homework's formulas assume n ≥ 2 workers", n)
	case p < 1:
		return nil, fmt.Errorf("comm: p = %d elements: need at least 1", p)
	case p%n != 0:
		return nil, fmt.Errorf("comm: p = %d is not divisible by n = %d, as the homework assumes", p, n)
	}
	N, P := int64(n), int64(p)
	return []Answer{
		{Algorithm: AllToAll, Messages: N * (N - 1), Size: P, MessagesFormula: "n(n−1)", SizeFormula: "p"},
		{Algorithm: ParameterServer, Messages: 2 * N, Size: P, MessagesFormula: "2n", SizeFormula: "p"},
		{Algorithm: Ring, Messages: 2 * N * (N - 1), Size: P / N, MessagesFormula: "2n(n−1)", SizeFormula: "p/n"},
	}, nil
}

// HomeworkTable returns the homework's answer as a table: per algorithm the
// messages per iteration, the elements per message and the elements sent in
// all, each as a formula in n and p and its value. If n or p is invalid, the
// table has no rows and its Note holds the error.
func HomeworkTable(n, p int) *table.Table {
	t := table.New(fmt.Sprintf("Messages per iteration, n = %d, p = %d", n, p),
		"algorithm", "messages", "message size (elements)", "elements sent")
	ans, err := HomeworkAnswers(n, p)
	if err != nil {
		t.Note = "✗ " + err.Error()
		return t
	}
	for _, a := range ans {
		t.AddRow(a.Algorithm.Name(),
			fmt.Sprintf("%s = %d", a.MessagesFormula, a.Messages),
			fmt.Sprintf("%s = %d", a.SizeFormula, a.Size),
			fmt.Sprintf("%s·%s = %d", a.MessagesFormula, a.SizeFormula, a.Messages*a.Size))
	}
	t.Note = "The parameter server is one node besides the n workers; ring all-reduce runs n−1 reduce-scatter and n−1 all-gather rounds."
	return t
}

// sizeCell prints a message size, or a range "lo–hi" when sizes differ.
func sizeCell(lo, hi int64) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

func one(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// ceilLog2 returns ⌈log₂n⌉ for n ≥ 1.
func ceilLog2(n int) int { return bits.Len(uint(n - 1)) }

// floorLog2 returns ⌊log₂n⌋ for n ≥ 1.
func floorLog2(n int) int { return bits.Len(uint(n)) - 1 }
