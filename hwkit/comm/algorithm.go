package comm

import "fmt"

// Algorithm is a way to all-reduce: after it, every worker holds the sum of
// the N gradients. The zero value is not an algorithm.
//
// Each algorithm lives in one file (alltoall.go, paramserver.go, …) as a type
// that holds all of it: its name, its closed forms as text and as counts, and
// the program its nodes run in the simulator. Algorithm is the handle that
// names one; its methods look the type up.
type Algorithm int

const (
	// AllToAll: every worker sends its whole gradient to every other worker
	// and adds what it receives. N(N−1) messages of P elements in N−1 rounds
	// (round k: worker i sends to i+k and receives from i−k, mod N). Worker i
	// adds in the order g_i, g_{i−1}, g_{i−2}, … (mod N), so workers' sums may
	// differ in the last bits.
	AllToAll Algorithm = iota + 1

	// ParameterServer: one server node, separate from the N workers (node
	// index N in per-node counts), receives the N gradients, adds them in
	// rank order 0, 1, …, N−1 and sends the sum back: 2N messages of P
	// elements. Its single port carries N·P elements each way, in 2N rounds.
	ParameterServer

	// ShardedPS: every worker serves one shard (chunk) of the parameters.
	// Round k = 1…N−1: worker i sends chunk i+k of its gradient to worker i+k
	// and receives chunk i from worker i−k, adding in the order g_i, g_{i−1},
	// g_{i−2}, …; then N−1 rounds in which worker i sends its reduced chunk to
	// i+k and receives chunk i−k. 2N(N−1) messages of ~P/N elements.
	ShardedPS

	// Ring: ring all-reduce. N−1 reduce-scatter rounds (round k: worker i
	// sends chunk i−k to i+1 and adds chunk i−k−1 from i−1), then N−1
	// all-gather rounds passing the reduced chunks on. 2N(N−1) messages of
	// ~P/N elements. Chunk c is summed along the ring: g_c, then + g_{c+1},
	// + g_{c+2}, ….
	Ring

	// Tree: binomial-tree reduce to worker 0, then binomial broadcast, each
	// message a whole vector (not pipelined). Round k of the reduce: worker i
	// with lowest set bit k sends its partial sum to i−2ᵏ, which adds it
	// (children in increasing k). 2(N−1) messages of P elements in
	// 2⌈log₂N⌉ rounds.
	Tree

	// RecursiveDoubling: in round k = 0, 1, …, log₂N − 1 rank x exchanges
	// its whole partial sum with rank x XOR 2ᵏ and adds: N·log₂N messages of
	// P elements in log₂N rounds, the latency bound ⌈log₂N⌉, for N a power
	// of two. Other N use MPICH's fold (see HalvingDoubling): 2r more
	// messages of P and 2 more rounds. Partners add the same two values, so
	// all workers end bit-identical.
	RecursiveDoubling

	// HalvingDoubling: Rabenseifner's all-reduce, reduce-scatter by recursive
	// halving then all-gather by recursive doubling: 2N·log₂N messages,
	// halves of the vector down to one block and back. For N not a power of
	// two (MPICH's rule) with N' = 2^⌊log₂N⌋ and r = N − N': among ranks
	// 0…2r−1 each even rank first sends its whole gradient to the next odd
	// rank, which adds it; the N' remaining ranks run the algorithm on N'
	// blocks; each odd rank finally sends the whole sum back to its even
	// partner. That adds 2r messages of P elements and 2 rounds.
	HalvingDoubling
)

// scheme is one algorithm, all in one place: every method of Algorithm and
// every part of the simulator that depends on the algorithm asks it.
type scheme interface {
	// name is the table name, e.g. "ring all-reduce"; label the legend
	// entry of plots, at most 14 characters.
	name() string
	label() string
	// formulas returns the closed forms as text (N | P, N ≥ 2).
	formulas() Formulas
	// costs fills the counts of k (every field but Algorithm, Cluster and
	// Time) for a valid cluster with N ≥ 2.
	costs(k *Costs)
	// program is what node nd runs in the simulator: n workers, p elements.
	program(nd *node, n, p int)
	// blocks is the number of chunks the messages split a vector into:
	// n, or n' = 2^⌊log₂n⌋ for halving-doubling (any n for algorithms that
	// send whole vectors). Every count is affine in ⌊p/blocks⌋ for a fixed
	// p mod blocks (Extrapolate).
	blocks(n int) int
	// senders bounds the number of distinct nodes that send to one node;
	// server reports whether there is a node besides the n workers.
	senders(n int) int
	server() bool
	// scratch is the number of float64 the program allocates besides the
	// workers' gradients, over all nodes.
	scratch(n, p int) int
	// look is how the algorithm's curve is drawn in every figure;
	// powersOfTwo reports whether its curves against N are drawn at powers
	// of two only (its cost jumps in between).
	look() look
	powersOfTwo() bool
}

// scheme returns the type that implements a, or nil if a is not an
// algorithm. It is the one place that maps the handle to the algorithm.
func (a Algorithm) scheme() scheme {
	switch a {
	case AllToAll:
		return allToAll{}
	case ParameterServer:
		return paramServer{}
	case ShardedPS:
		return shardedPS{}
	case Ring:
		return ring{}
	case Tree:
		return tree{}
	case RecursiveDoubling:
		return recDoubling{}
	case HalvingDoubling:
		return halvingDoubling{}
	}
	return nil
}

// Algorithms returns all the algorithms, in the order tables list them.
func Algorithms() []Algorithm {
	return []Algorithm{AllToAll, ParameterServer, ShardedPS, Ring, Tree, RecursiveDoubling, HalvingDoubling}
}

// Homework returns the three algorithms the homework compares: all-to-all,
// parameter server and ring all-reduce.
func Homework() []Algorithm {
	return []Algorithm{AllToAll, ParameterServer, Ring}
}

// Beyond returns the four algorithms beyond the homework: the sharded
// parameter server, the binomial tree, recursive doubling and
// halving-doubling.
func Beyond() []Algorithm {
	return []Algorithm{ShardedPS, Tree, RecursiveDoubling, HalvingDoubling}
}

// Name returns the algorithm's short name, e.g. "ring all-reduce", or
// "Algorithm(k)" if a is not an algorithm.
func (a Algorithm) Name() string {
	if s := a.scheme(); s != nil {
		return s.name()
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}

// String returns Name.
func (a Algorithm) String() string { return a.Name() }

// Valid reports whether a is one of the package's algorithms.
func (a Algorithm) Valid() bool { return a.scheme() != nil }

func (a Algorithm) check() error {
	if !a.Valid() {
		return fmt.Errorf("comm: unknown algorithm %d", int(a))
	}
	return nil
}

// Formulas holds an algorithm's closed forms as text, in n (workers), p
// (elements), b (bytes per element), α and β, for n ≥ 2 dividing p (and a
// power of two for RecursiveDoubling and HalvingDoubling). Counts are in
// elements, the time in seconds.
type Formulas struct {
	Messages string // messages per all-reduce
	Size     string // elements per message
	Sent     string // most elements one worker sends (= receives)
	NodeLoad string // elements through the busiest node's port, each way
	LinkLoad string // elements on the busiest directed link
	Steps    string // rounds
	Critical string // elements on the critical path
	Time     string // α-β time
	Busiest  string // which nodes or links carry the most
}

// Formulas returns a's closed forms as text; the zero Formulas if a is not
// an algorithm.
func (a Algorithm) Formulas() Formulas {
	if s := a.scheme(); s != nil {
		return s.formulas()
	}
	return Formulas{}
}
