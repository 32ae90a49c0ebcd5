package comm

import "fmt"

// Algorithm is a way to all-reduce: after it, every worker holds the sum of
// the N gradients. The zero value is not an algorithm.
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

	// Tree: binomial-tree reduce to worker 0, then binomial broadcast.
	// Round k of the reduce: worker i with lowest set bit k sends its partial
	// sum to i−2ᵏ, which adds it (children in increasing k). 2(N−1) messages
	// of P elements in 2⌈log₂N⌉ rounds.
	Tree

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

// Algorithms returns all the algorithms, in the order tables list them.
func Algorithms() []Algorithm {
	return []Algorithm{AllToAll, ParameterServer, ShardedPS, Ring, Tree, HalvingDoubling}
}

// Homework returns the three algorithms the homework compares: all-to-all,
// parameter server and ring all-reduce.
func Homework() []Algorithm {
	return []Algorithm{AllToAll, ParameterServer, Ring}
}

// Name returns the algorithm's short name, e.g. "ring all-reduce".
func (a Algorithm) Name() string {
	switch a {
	case AllToAll:
		return "all-to-all"
	case ParameterServer:
		return "parameter server"
	case ShardedPS:
		return "sharded PS"
	case Ring:
		return "ring all-reduce"
	case Tree:
		return "binomial tree"
	case HalvingDoubling:
		return "halving-doubling"
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}

// String returns Name.
func (a Algorithm) String() string { return a.Name() }

// Valid reports whether a is one of the package's algorithms.
func (a Algorithm) Valid() bool { return a >= AllToAll && a <= HalvingDoubling }

func (a Algorithm) check() error {
	if !a.Valid() {
		return fmt.Errorf("comm: unknown algorithm %d", int(a))
	}
	return nil
}

// Formulas holds an algorithm's closed forms as text, in n (workers), p
// (elements), b (bytes per element), α and β, for n ≥ 2 dividing p (and a
// power of two for HalvingDoubling). Counts are in elements, the time in
// seconds.
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

// Formulas returns a's closed forms as text.
func (a Algorithm) Formulas() Formulas {
	switch a {
	case AllToAll:
		return Formulas{Messages: "n(n−1)", Size: "p", Sent: "(n−1)p", NodeLoad: "(n−1)p", LinkLoad: "p",
			Steps: "n−1", Critical: "(n−1)p", Time: "(n−1)(α + p·bβ)", Busiest: "every worker"}
	case ParameterServer:
		return Formulas{Messages: "2n", Size: "p", Sent: "p", NodeLoad: "np", LinkLoad: "p",
			Steps: "2n", Critical: "2np", Time: "2n(α + p·bβ)", Busiest: "the server's port"}
	case ShardedPS:
		return Formulas{Messages: "2n(n−1)", Size: "p/n", Sent: "2(n−1)p/n", NodeLoad: "2(n−1)p/n", LinkLoad: "2p/n",
			Steps: "2(n−1)", Critical: "2(n−1)p/n", Time: "2(n−1)(α + (p/n)·bβ)", Busiest: "every worker"}
	case Ring:
		return Formulas{Messages: "2n(n−1)", Size: "p/n", Sent: "2(n−1)p/n", NodeLoad: "2(n−1)p/n", LinkLoad: "2(n−1)p/n",
			Steps: "2(n−1)", Critical: "2(n−1)p/n", Time: "2(n−1)(α + (p/n)·bβ)", Busiest: "every ring link"}
	case Tree:
		return Formulas{Messages: "2(n−1)", Size: "p", Sent: "⌈log₂n⌉p", NodeLoad: "⌈log₂n⌉p", LinkLoad: "p",
			Steps: "2⌈log₂n⌉", Critical: "2⌈log₂n⌉p", Time: "2⌈log₂n⌉(α + p·bβ)", Busiest: "the root"}
	case HalvingDoubling:
		return Formulas{Messages: "2n·log₂n", Size: "p/2 … p/n", Sent: "2(n−1)p/n", NodeLoad: "2(n−1)p/n", LinkLoad: "p",
			Steps: "2log₂n", Critical: "2(n−1)p/n", Time: "2log₂n·α + 2(n−1)/n·p·bβ", Busiest: "every worker"}
	}
	return Formulas{}
}
