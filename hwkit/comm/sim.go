package comm

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/dl-course/hw2/hwkit/table"
)

// Limits of a simulation (Simulate, Measure, AllReduce), checked before any
// goroutine starts. Within them a simulation of any algorithm takes a few
// seconds on two cores and holds at most 2·MaxSimElements + P float64 in
// vectors (256 MiB and P more); with the bookkeeping of up to 2N(N−1)
// messages its peak memory stays near 0.5 GB (BenchmarkCellsAtLimits
// records time and peak memory at the limits).
const (
	// MaxSimWorkers is the largest N a simulation runs (one goroutine per
	// worker, up to 2N(N−1) messages).
	MaxSimWorkers = 1024
	// MaxSimElements is the largest N·P: the elements of the N gradients,
	// 2²⁴ float64 (128 MiB). All-to-all and recursive doubling hold one more
	// vector per worker.
	MaxSimElements = 1 << 24
	// MaxSimMoved is the largest number of elements the messages deliver
	// (Costs.Elements): 2³¹ additions or copies. Only all-to-all, which moves
	// N(N−1)·P, comes near it.
	MaxSimMoved = 1 << 31
)

// Link is the traffic on one directed link, from one node to another.
type Link struct {
	// From and To are node indices: workers 0…N−1, the parameter server N.
	From, To int
	// Messages and Elements count what went over the link.
	Messages, Elements int64
}

// String prints the link as "from→to: m messages, e elements".
func (l Link) String() string {
	return fmt.Sprintf("%d→%d: %d messages, %d elements", l.From, l.To, l.Messages, l.Elements)
}

// SimResult is what a simulated all-reduce measured.
type SimResult struct {
	// Measured holds the counts taken during the run, in the same fields
	// as the closed forms (Algorithm.Costs), and the α-β time of the
	// measured rounds.
	Measured Costs
	// Sent and Recv are the elements each node sent and received: workers
	// 0…N−1, then, for ParameterServer, the server (index N).
	Sent, Recv []int64
	// SentMsgs and RecvMsgs are the messages each node sent and received.
	SentMsgs, RecvMsgs []int64
	// Links lists every directed link that carried a message, sorted by
	// From then To.
	Links []Link
	// Workers holds the N workers' vectors after the run: each is the sum
	// of the N gradients. AllReduce's are the caller's slices; Measure
	// drops them (nil).
	Workers [][]float64
	// Want is the sum computed sequentially in rank order before the run
	// (Simulate only; nil after AllReduce and Measure).
	Want []float64
	// MaxErr is the largest |Workers[i][e] − Want[e]| (Simulate and
	// Measure).
	MaxErr float64
	// Tol is the rounding bound MaxErr is held to: two sums of N terms
	// of magnitude at most 1, added in any orders, differ by at most
	// 2γ_{N−1}·N, γ_k = k·u/(1 − k·u), u = 2⁻⁵³ (Simulate and Measure).
	Tol float64
	// SumOK reports whether MaxErr ≤ Tol (Simulate and Measure).
	SumOK bool

	checked   bool // MaxErr, Tol and SumOK were computed
	lastRound int  // the last round any message used
	identical int8 // the verdict for Identical: 0 unknown, 1 yes, 2 no
}

// Mean returns worker i's average gradient, Workers[i] / N, as a new slice.
// It returns an error if r holds no vectors or i is not in [0, N).
func (r *SimResult) Mean(i int) ([]float64, error) {
	if r == nil || i < 0 || i >= len(r.Workers) || r.Measured.Cluster.N < 1 {
		return nil, fmt.Errorf("comm: no vector of worker %d in this result", i)
	}
	inv := 1 / float64(r.Measured.Cluster.N)
	out := make([]float64, len(r.Workers[i]))
	for e, x := range r.Workers[i] {
		out[e] = x * inv
	}
	return out, nil
}

// Identical reports whether all workers hold bit-identical vectors (after
// Simulate and Measure, from the check pass; otherwise by comparing them
// now). It is false for a nil result.
func (r *SimResult) Identical() bool {
	switch {
	case r == nil:
		return false
	case r.identical != 0:
		return r.identical == 1
	case len(r.Workers) == 0:
		return true
	}
	for _, w := range r.Workers[1:] {
		if len(w) != len(r.Workers[0]) {
			return false
		}
		for e, x := range w {
			if math.Float64bits(x) != math.Float64bits(r.Workers[0][e]) {
				return false
			}
		}
	}
	return true
}

// BusiestLink returns the link that carried the most elements (the first in
// Links order on ties), or the zero Link when nothing was sent.
func (r *SimResult) BusiestLink() Link {
	var best Link
	if r == nil {
		return best
	}
	for _, l := range r.Links {
		if l.Elements > best.Elements || best.Messages == 0 {
			best = l
		}
	}
	return best
}

// String summarizes the run on one line.
func (r *SimResult) String() string {
	if r == nil {
		return "<nil SimResult>"
	}
	k := r.Measured
	var b strings.Builder
	fmt.Fprintf(&b, "%s (n = %d, p = %d), simulated: %d messages of %s elements; sent/worker %d; busiest node %d, link %d",
		k.Algorithm, k.Cluster.N, k.Cluster.P, k.Messages, sizeCell(k.MinSize, k.MaxSize), k.MaxSent, k.NodeLoad, k.LinkLoad)
	if l := r.BusiestLink(); l.Messages > 0 {
		fmt.Fprintf(&b, " (%d→%d)", l.From, l.To)
	}
	fmt.Fprintf(&b, "; %d steps; T = %s s", k.Steps, table.Float(k.Time))
	if r.checked {
		fmt.Fprintf(&b, "; sum %s (max |Δ| = %s)", table.Cell(r.SumOK), table.Float(r.MaxErr))
	}
	fmt.Fprintf(&b, "; workers identical %s", table.Cell(r.Identical()))
	return b.String()
}

// SimLimits returns an error if c is invalid, a is not an algorithm, or a
// simulation of a on c exceeds a limit: N > MaxSimWorkers, N·P >
// MaxSimElements, or more than MaxSimMoved elements moved. Simulate,
// Measure and AllReduce check it before starting any goroutine.
func SimLimits(c Cluster, a Algorithm) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := a.check(); err != nil {
		return err
	}
	if c.N > MaxSimWorkers {
		return fmt.Errorf("comm: n = %d workers: a simulation runs at most %d", c.N, MaxSimWorkers)
	}
	if int64(c.N)*int64(c.P) > MaxSimElements {
		return fmt.Errorf("comm: n·p = %d elements: a simulation holds at most n·p = %d (2²⁴)", int64(c.N)*int64(c.P), MaxSimElements)
	}
	k, _ := a.Costs(c) // c is valid
	if k.Elements > MaxSimMoved {
		return fmt.Errorf("comm: %s on n = %d, p = %d moves %d elements: a simulation moves at most %d (2³¹)", a, c.N, c.P, k.Elements, int64(MaxSimMoved))
	}
	return nil
}

// Simulate runs a on c with random gradients and checks the result. Worker
// i's gradient holds P values uniform on [−1, 1) in steps of 2⁻⁵²: element e
// is the SplitMix64 hash of s_i + (e+1)·⌊2⁶⁴/φ⌋, where the seeds s_0, s_1, …
// are drawn from rng in that order. The gradients thus depend only on rng's
// state, not on the goroutine schedule. Simulate records the rank-order sum
// in Want before the run and checks every worker against it (MaxErr, Tol,
// SumOK).
//
// It returns an error, before starting any goroutine, if rng is nil or
// SimLimits reports one.
func Simulate(c Cluster, a Algorithm, rng *rand.Rand) (*SimResult, error) {
	seeds, err := simSeeds(c, rng, a)
	if err != nil {
		return nil, err
	}
	grads, want := gradients(c, seeds)
	r := run(c, a, grads)
	r.Want = want
	r.checkSum(want)
	return r, nil
}

// Measure simulates each algorithm of algs on c, one after the other, on the
// same gradients (Simulate's, from N seeds drawn from rng once), and checks
// each result. It keeps the counts and the checks of every run and the
// vectors of none (Workers and Want are nil), so that the memory of one
// simulation is held at a time. It returns an error, before simulating
// anything, if algs is empty, rng is nil or SimLimits reports one for an
// algorithm.
func Measure(c Cluster, rng *rand.Rand, algs ...Algorithm) ([]*SimResult, error) {
	if len(algs) == 0 {
		return nil, fmt.Errorf("comm: Measure needs at least one algorithm")
	}
	seeds, err := simSeeds(c, rng, algs...)
	if err != nil {
		return nil, err
	}
	out := make([]*SimResult, 0, len(algs))
	for _, a := range algs {
		grads, want := gradients(c, seeds)
		r := run(c, a, grads)
		r.checkSum(want)
		r.Workers = nil
		out = append(out, r)
		runtime.GC() // hand this run's vectors back before the next run allocates its own
	}
	return out, nil
}

// simSeeds checks the limits of every algorithm and draws the N seeds of
// the gradients from rng.
func simSeeds(c Cluster, rng *rand.Rand, algs ...Algorithm) ([]uint64, error) {
	for _, a := range algs {
		if err := SimLimits(c, a); err != nil {
			return nil, err
		}
	}
	if rng == nil {
		return nil, fmt.Errorf("comm: nil *rand.Rand: pass one, e.g. rand.New(rand.NewPCG(1, 2))")
	}
	seeds := make([]uint64, c.N)
	for i := range seeds {
		seeds[i] = rng.Uint64()
	}
	return seeds, nil
}

// gradients returns the N gradients of the seeds and their rank-order sum.
func gradients(c Cluster, seeds []uint64) (grads [][]float64, want []float64) {
	grads = make([][]float64, c.N)
	for i := range grads {
		grads[i] = make([]float64, c.P)
	}
	want = make([]float64, c.P)
	parallel(runtime.GOMAXPROCS(0), c.P, genBlock, func(_, lo, hi int) {
		for b := lo; b < hi; b += genBlock {
			e1 := min(b+genBlock, hi)
			for i, g := range grads {
				fill(g[b:e1], seeds[i]+uint64(b)*golden)
				if i == 0 {
					copy(want[b:e1], g[b:e1])
				} else {
					addTo(want[b:e1], g[b:e1])
				}
			}
		}
	})
	return grads, want
}

// checkSum compares every worker's vector with want and sets MaxErr, Tol,
// SumOK and the verdict of Identical.
func (r *SimResult) checkSum(want []float64) {
	n := r.Measured.Cluster.N
	const u = 0x1p-53
	k := float64(n-1) * u
	r.Tol = 2 * k / (1 - k) * float64(n)
	procs := runtime.GOMAXPROCS(0)
	maxErr := make([]float64, procs)
	differs := make([]bool, procs)
	// Per range of elements, so want and worker 0's block stay in cache.
	parallel(procs, len(want), genBlock, func(g, lo, hi int) {
		m, d := 0.0, false
		for b := lo; b < hi; b += genBlock {
			e1 := min(b+genBlock, hi)
			for _, w := range r.Workers {
				mi, di := compare(w[b:e1], want[b:e1], r.Workers[0][b:e1])
				m, d = maxNaN(m, mi), d || di
			}
		}
		maxErr[g], differs[g] = m, d
	})
	r.MaxErr = 0
	for _, m := range maxErr {
		r.MaxErr = maxNaN(r.MaxErr, m)
	}
	r.SumOK = r.MaxErr <= r.Tol
	r.identical = 1
	if slices.Contains(differs, true) {
		r.identical = 2
	}
	r.checked = true
}

// genBlock is the number of elements Simulate generates and adds to the
// reference sum at a time per worker (32 KiB).
const genBlock = 4096

// golden is 2⁶⁴/φ, SplitMix64's counter increment.
const golden = 0x9e3779b97f4a7c15

// fill sets dst[e] to the SplitMix64 hash of the counter x + e·golden,
// mapped to a uniform value on [−1, 1) in steps of 2⁻⁵².
func fill(dst []float64, x uint64) {
	for e := range dst {
		x += golden
		z := x
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		z ^= z >> 31
		dst[e] = float64(int64(z)>>11) * 0x1p-52
	}
}

// maxNaN returns the larger of a and b, or NaN if either is NaN.
func maxNaN(a, b float64) float64 {
	if a != a {
		return a
	}
	if b != b || b > a {
		return b
	}
	return a
}

// compare returns max_e |w[e] − want[e]| (NaN if any difference is NaN) and
// whether w differs from w0 in any bit.
func compare(w, want, w0 []float64) (maxErr float64, differs bool) {
	want, w0 = want[:len(w)], w0[:len(w)]
	for e, x := range w {
		d := math.Abs(x - want[e])
		if !(d <= maxErr) && maxErr == maxErr {
			maxErr = d
		}
		if math.Float64bits(x) != math.Float64bits(w0[e]) {
			differs = true
		}
	}
	return maxErr, differs
}

// parallel calls f(g, lo, hi) on consecutive ranges g = 0, 1, … of [0, n),
// one goroutine each, at most procs ranges; range boundaries are multiples
// of grain. What f computes on a range does not depend on the schedule.
func parallel(procs, n, grain int, f func(g, lo, hi int)) {
	blocks := (n + grain - 1) / grain
	procs = max(1, min(procs, blocks))
	var wg sync.WaitGroup
	for g := range procs {
		lo := min(chunkStart(blocks, procs, g)*grain, n)
		hi := min(chunkStart(blocks, procs, g+1)*grain, n)
		wg.Go(func() { f(g, lo, hi) })
	}
	wg.Wait()
}

// AllReduce runs a on c over the caller's gradients, in place: grads[i] is
// worker i's gradient and holds the sum of all N gradients on return. Messages
// carry slices of the senders' vectors, not copies. Want, MaxErr, Tol and
// SumOK are left zero.
//
// It returns an error, before starting any goroutine, if SimLimits reports
// one, len(grads) ≠ N, a gradient's length is not P, or two gradients start
// at the same element. Overlapping gradients are a programming error that it
// does not detect.
func AllReduce(c Cluster, a Algorithm, grads [][]float64) (*SimResult, error) {
	if err := SimLimits(c, a); err != nil {
		return nil, err
	}
	if len(grads) != c.N {
		return nil, fmt.Errorf("comm: %d gradients for N = %d workers", len(grads), c.N)
	}
	seen := make(map[*float64]int, len(grads))
	for i, g := range grads {
		if len(g) != c.P {
			return nil, fmt.Errorf("comm: gradient %d has %d elements, want P = %d", i, len(g), c.P)
		}
		if j, ok := seen[&g[0]]; ok {
			return nil, fmt.Errorf("comm: gradients %d and %d share their storage", j, i)
		}
		seen[&g[0]] = i
	}
	return run(c, a, grads), nil
}

// run simulates a on valid input: start one goroutine per node and wait for
// them, then merge the nodes' counts.
func run(c Cluster, a Algorithm, grads [][]float64) *SimResult {
	nn := c.N
	if a.scheme().server() {
		nn++
	}
	r := &SimResult{
		Measured: Costs{Algorithm: a, Cluster: c},
		Sent:     make([]int64, nn), Recv: make([]int64, nn),
		SentMsgs: make([]int64, nn), RecvMsgs: make([]int64, nn),
		Workers: grads,
	}
	if c.N == 1 {
		return r // nothing to reduce
	}
	r.aggregate(runNodes(c, a, grads, nn))
	return r
}

// runNodes runs a's program on nn nodes (the workers, then the server if a
// has one) and returns them once every goroutine has finished.
func runNodes(c Cluster, a Algorithm, grads [][]float64, nn int) []*node {
	s := a.scheme()
	inboxes := make([]chan msg, nn)
	for i := range inboxes {
		// At most one message outstanding per sender: a send never blocks.
		inboxes[i] = make(chan msg, s.senders(c.N))
	}
	nodes := make([]*node, nn)
	for i := range nodes {
		var buf []float64
		if i < c.N {
			buf = grads[i]
		} else {
			buf = make([]float64, c.P) // the server's
		}
		nodes[i] = &node{id: i, buf: buf, inbox: inboxes[i], inboxes: inboxes, acks: make(chan int, 1)}
	}
	var wg sync.WaitGroup
	for _, nd := range nodes {
		wg.Go(func() {
			s.program(nd, c.N, c.P)
			nd.settle()
		})
	}
	wg.Wait()
	return nodes
}

// aggregate merges the nodes' counts into r: per node, per link, and the
// totals, largest loads and rounds of Measured, then its time.
func (r *SimResult) aggregate(nodes []*node) {
	m := &r.Measured
	n := m.Cluster.N
	var rounds []int64 // largest message of each round, −1 if none
	sized := false
	for i, nd := range nodes {
		r.Sent[i], r.Recv[i] = nd.sentElems, nd.recvElems
		r.SentMsgs[i], r.RecvMsgs[i] = nd.sentMsgs, nd.recvMsgs
		m.Messages += nd.sentMsgs
		m.Elements += nd.sentElems
		if i < n {
			m.MaxSent = max(m.MaxSent, nd.sentElems)
			m.MaxRecv = max(m.MaxRecv, nd.recvElems)
		}
		m.NodeLoad = max(m.NodeLoad, nd.sentElems, nd.recvElems)
		if nd.recvMsgs > 0 {
			if !sized {
				m.MinSize, sized = nd.minSize, true
			}
			m.MinSize = min(m.MinSize, nd.minSize)
			m.MaxSize = max(m.MaxSize, nd.maxSize)
		}
		for _, l := range nd.links {
			r.Links = append(r.Links, l)
			m.LinkLoad = max(m.LinkLoad, l.Elements)
		}
		for len(rounds) < len(nd.rounds) {
			rounds = append(rounds, -1)
		}
		for t, s := range nd.rounds {
			rounds[t] = max(rounds[t], s)
		}
	}
	for t, s := range rounds {
		if s >= 0 {
			m.Steps++
			m.Critical += s
			r.lastRound = t
		}
	}
	slices.SortFunc(r.Links, func(x, y Link) int {
		return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To))
	})
	m.Time = m.time()
}
