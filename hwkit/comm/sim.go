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

// MaxSimWorkers is the largest N a simulation runs (one goroutine per worker).
const MaxSimWorkers = 1024

// MaxSimElements is the largest N·P that Simulate allocates: 2²⁸ float64
// elements, 2 GiB.
const MaxSimElements = 1 << 28

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
	// of the N gradients. AllReduce's are the caller's slices.
	Workers [][]float64
	// Want is the sum computed sequentially in rank order before the run
	// (Simulate only; nil after AllReduce).
	Want []float64
	// MaxErr is the largest |Workers[i][e] − Want[e]| (Simulate only).
	MaxErr float64
	// SumOK reports whether MaxErr is within the rounding bound of two
	// sums of N terms below 1 in magnitude, added in any orders:
	// 2γ_{N−1}·N, γ_k = k·u/(1 − k·u), u = 2⁻⁵³ (Simulate only).
	SumOK bool

	lastRound int  // the last round any message used
	identical int8 // Simulate's verdict for Identical: 0 unknown, 1 yes, 2 no
}

// Mean returns worker i's average gradient, Workers[i] / N, as a new slice.
// It panics if i is not in [0, N).
func (r *SimResult) Mean(i int) []float64 {
	inv := 1 / float64(r.Measured.Cluster.N)
	out := make([]float64, len(r.Workers[i]))
	for e, x := range r.Workers[i] {
		out[e] = x * inv
	}
	return out
}

// Identical reports whether all workers hold bit-identical vectors (after
// Simulate, from its check pass; otherwise by comparing them now).
func (r *SimResult) Identical() bool {
	if r.identical != 0 {
		return r.identical == 1
	}
	for _, w := range r.Workers[1:] {
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
	for _, l := range r.Links {
		if l.Elements > best.Elements || best.Messages == 0 {
			best = l
		}
	}
	return best
}

// String summarizes the run on one line.
func (r *SimResult) String() string {
	k := r.Measured
	var b strings.Builder
	fmt.Fprintf(&b, "%s (n = %d, p = %d), simulated: %d messages of %s elements; sent/worker %d; busiest node %d, link %d",
		k.Algorithm, k.Cluster.N, k.Cluster.P, k.Messages, sizeCell(k.MinSize, k.MaxSize), k.MaxSent, k.NodeLoad, k.LinkLoad)
	if l := r.BusiestLink(); l.Messages > 0 {
		fmt.Fprintf(&b, " (%d→%d)", l.From, l.To)
	}
	fmt.Fprintf(&b, "; %d steps; T = %s s", k.Steps, table.Float(k.Time))
	if r.Want != nil {
		fmt.Fprintf(&b, "; sum %s (max |Δ| = %s)", table.Cell(r.SumOK), table.Float(r.MaxErr))
	}
	fmt.Fprintf(&b, "; workers identical %s", table.Cell(r.Identical()))
	return b.String()
}

// Simulate runs a on c with random gradients and checks the result. Worker
// i's gradient holds P values uniform on [−1, 1) in steps of 2⁻⁵²: element e
// is the SplitMix64 hash of s_i + (e+1)·⌊2⁶⁴/φ⌋, where the seeds s_0, s_1, …
// are drawn from rng in that order. The gradients thus depend only on rng's
// state, not on the goroutine schedule. Simulate records the rank-order sum
// in Want before the run and checks every worker against it (MaxErr, SumOK).
//
// It returns an error, before starting any goroutine, if c is invalid, a is
// not an algorithm, rng is nil, N > MaxSimWorkers or N·P > MaxSimElements.
// The work is O(N·P) except for AllToAll, which adds N(N−1)·P elements.
func Simulate(c Cluster, a Algorithm, rng *rand.Rand) (*SimResult, error) {
	if err := checkSim(c, a); err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, fmt.Errorf("comm: nil *rand.Rand: pass one, e.g. rand.New(rand.NewPCG(1, 2))")
	}
	if c.N*c.P > MaxSimElements {
		return nil, fmt.Errorf("comm: N·P = %d elements: a simulation holds at most %d", c.N*c.P, MaxSimElements)
	}
	seeds := make([]uint64, c.N)
	for i := range seeds {
		seeds[i] = rng.Uint64()
	}
	grads := make([][]float64, c.N)
	for i := range grads {
		grads[i] = make([]float64, c.P)
	}
	want := make([]float64, c.P)
	procs := runtime.GOMAXPROCS(0)
	parallel(procs, c.P, genBlock, func(_, lo, hi int) {
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

	r := run(c, a, grads)
	r.Want = want
	// Two sums of N terms of magnitude < 1 differ by at most 2γ_{N−1}·N.
	const u = 0x1p-53
	k := float64(c.N-1) * u
	tol := 2 * k / (1 - k) * float64(c.N)
	// Per range of elements, so want and worker 0's block stay in cache.
	maxErr := make([]float64, procs)
	differs := make([]bool, procs)
	parallel(procs, c.P, genBlock, func(g, lo, hi int) {
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
	r.SumOK = r.MaxErr <= tol
	r.identical = 1
	if slices.Contains(differs, true) {
		r.identical = 2
	}
	return r, nil
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
// carry slices of the senders' vectors, not copies. Want, MaxErr and SumOK are
// left zero.
//
// It returns an error, before starting any goroutine, if c is invalid, a is
// not an algorithm, N > MaxSimWorkers, len(grads) ≠ N, a gradient's length is
// not P, or two gradients start at the same element. Overlapping gradients are
// a programming error that it does not detect.
func AllReduce(c Cluster, a Algorithm, grads [][]float64) (*SimResult, error) {
	if err := checkSim(c, a); err != nil {
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

func checkSim(c Cluster, a Algorithm) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := a.check(); err != nil {
		return err
	}
	if c.N > MaxSimWorkers {
		return fmt.Errorf("comm: N = %d workers: a simulation runs at most %d", c.N, MaxSimWorkers)
	}
	return nil
}

// run simulates a on valid input: one goroutine per node, then the merge of
// the nodes' counts.
func run(c Cluster, a Algorithm, grads [][]float64) *SimResult {
	n := c.N
	nn := n
	if a == ParameterServer {
		nn++ // the server
	}
	r := &SimResult{
		Measured: Costs{Algorithm: a, Cluster: c},
		Sent:     make([]int64, nn), Recv: make([]int64, nn),
		SentMsgs: make([]int64, nn), RecvMsgs: make([]int64, nn),
		Workers: grads,
	}
	if n == 1 {
		return r // nothing to reduce
	}
	inboxes := make([]chan msg, nn)
	capacity := inDegree(a, n)
	for i := range inboxes {
		inboxes[i] = make(chan msg, capacity)
	}
	nodes := make([]*node, nn)
	for i := range nodes {
		var buf []float64
		if i < n {
			buf = grads[i]
		} else {
			buf = make([]float64, c.P)
		}
		nodes[i] = &node{id: i, buf: buf, inbox: inboxes[i], inboxes: inboxes,
			acks: make(chan int, 1), links: make(map[int]*Link)}
	}
	prog := programOf(a)
	var wg sync.WaitGroup
	for _, nd := range nodes {
		wg.Go(func() {
			prog(nd, n, c.P)
			nd.settle()
		})
	}
	wg.Wait()

	m := &r.Measured
	var rounds []int64
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
			r.Links = append(r.Links, *l)
			m.LinkLoad = max(m.LinkLoad, l.Elements)
		}
		for t, s := range nd.rounds {
			for len(rounds) <= t {
				rounds = append(rounds, -1)
			}
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
	return r
}

// MeasuredTable compares simulations with their closed forms, one column per
// result (three fit a printed page) and one row per quantity: messages,
// message size, elements sent per worker, through the busiest port and over
// the busiest link, rounds, critical-path elements and time. Each such cell is
// the measured value followed by ✓ when it equals the closed form exactly, or
// by ✗ and the closed-form value. The row "sum = Σᵢ gᵢ" shows SumOK (— after
// AllReduce, which keeps no reference). The last row says whether all
// workers end bit-identical: "yes", or "no (last bits differ)", which is a
// property of the order of the additions (AllToAll), not a failed check.
// Nil results are skipped.
func MeasuredTable(results ...*SimResult) *table.Table {
	t := table.New("Measured by simulation (✓ = equals the closed form)", "")
	labels := []string{"messages", "message size", "sent per worker", "busiest port", "busiest link",
		"rounds", "critical path", "time (s)", "sum = Σᵢ gᵢ", "workers identical"}
	var cols [][]string
	for _, r := range results {
		if r == nil {
			continue
		}
		got := r.Measured
		want, err := got.Algorithm.Costs(got.Cluster)
		if err != nil {
			t.Note = "✗ " + err.Error()
			return t
		}
		t.Title = fmt.Sprintf("Measured by simulation, n = %d, p = %d (✓ = equals the closed form)", got.Cluster.N, got.Cluster.P)
		t.Header = append(t.Header, got.Algorithm.Name())
		sum := "—"
		if r.Want != nil {
			sum = table.Cell(r.SumOK)
		}
		same := "yes"
		if !r.Identical() {
			same = "no (last bits differ)"
		}
		cols = append(cols, []string{
			mark(fmt.Sprint(got.Messages), fmt.Sprint(want.Messages)),
			mark(sizeCell(got.MinSize, got.MaxSize), sizeCell(want.MinSize, want.MaxSize)),
			mark(fmt.Sprint(got.MaxSent), fmt.Sprint(want.MaxSent)),
			mark(fmt.Sprint(got.NodeLoad), fmt.Sprint(want.NodeLoad)),
			mark(fmt.Sprint(got.LinkLoad), fmt.Sprint(want.LinkLoad)),
			mark(fmt.Sprint(got.Steps), fmt.Sprint(want.Steps)),
			mark(fmt.Sprint(got.Critical), fmt.Sprint(want.Critical)),
			markTime(got.Time, want.Time),
			sum, same,
		})
	}
	if len(cols) > 0 {
		addColumns(t, labels, cols)
		t.Note = "Counted while n goroutines exchanged the messages; counts in elements; the busiest port " +
			"counts one direction; time = rounds·α + critical path·b·β from the measured rounds."
	}
	return t
}

// addColumns fills t with one row per label, cols[j][i] in column j+1 of row i.
func addColumns(t *table.Table, labels []string, cols [][]string) {
	for i, l := range labels {
		row := []any{l}
		for _, c := range cols {
			row = append(row, c[i])
		}
		t.AddRow(row...)
	}
}

// markTime prints a time with ✓ if it equals want exactly.
func markTime(got, want float64) string {
	if got == want {
		return table.Float(got) + " ✓"
	}
	return table.Float(got) + " ✗ (" + table.Float(want) + ")"
}

// mark prints got followed by ✓ if it equals want, else by ✗ and want.
func mark(got, want string) string {
	if got == want {
		return got + " ✓"
	}
	return got + " ✗ (" + want + ")"
}
