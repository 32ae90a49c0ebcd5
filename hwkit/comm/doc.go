// Package comm computes, and measures by simulation, the communication cost
// of all-reducing a gradient of P elements across N workers.
//
// A Cluster describes the workers and the α-β network; an Algorithm is one way
// to all-reduce (AllToAll, ParameterServer, ShardedPS, Ring, Tree,
// RecursiveDoubling, HalvingDoubling). Each algorithm lives in a file of its
// own, as a type that holds its name, its closed forms and the program its
// nodes run. Algorithm.Costs gives the closed forms: messages, message sizes,
// elements per worker, load on the busiest node and link, rounds and time.
// Simulate and Measure really run an algorithm: N goroutines, one per
// worker, each holding a gradient, exchange messages over channels until
// every worker holds the sum; every message and element is counted, and
// Verify, MeasuredTable and CheckTable compare the counts with the closed
// forms (TrafficTable shows where the bytes went).
//
// For the homework: HomeworkAnswers is its table of messages and sizes;
// Compare states which algorithm is fastest and why, for a cluster's own
// numbers; LowerBound, BoundTable and BoundHolds give the bound for
// algorithms that use only the workers' ports; TimeVsN and TimeVsP the α-β
// time as plot data; RingDiagram the ring's steps; RealTable and RealCheck
// real links and models.
//
// # Cost model
//
// A message of m elements costs α + m·b·β seconds, b = BytesPerElem. Each node
// has one full-duplex port to a non-blocking switch: in one round it sends at
// most one message and receives at most one (it may do both). Rounds come
// from a logical clock driven by each node's program order, not from the
// order in which goroutines happen to run: a message's round is one more
// than the latest of the last round in which its sender received anything
// before sending it (a conservative reading of data dependency), the round
// of the sender's previous send, and the round of the receiver's previous
// receive. Rounds run one after the other and a round lasts
// α + b·β·(largest message of the round), so an all-reduce takes
//
//	T = Steps·α + Critical·b·β,
//
// Steps the number of rounds and Critical the elements on the critical path:
// the sum over rounds of the largest message. With equal messages in a round
// this is the usual α-β time of the algorithm. The time to add received
// elements (γ per element) is left out: the parameter server's server adds
// (N−1)·P elements, a ring worker (N−1)·P/N.
//
// # Uneven chunks
//
// P need not be divisible by N. Chunked algorithms split the P elements into k
// consecutive chunks (k = N; for HalvingDoubling k = N', the largest power of
// two ≤ N): chunk i holds ⌊P/k⌋+1 elements if i < P mod k and ⌊P/k⌋ otherwise
// (Cluster.Chunk). Every message of the schedule is sent even when its chunk
// is empty (P < N), and it still pays α. All counts are exact under this rule;
// when k divides P they reduce to the textbook formulas (FormulaTable).
//
// # Simulation
//
// Simulate, Measure and AllReduce run one goroutine per node. A message is a
// channel send of a slice of the sender's vector, not a copy; the receiver
// adds it into (reduce) or copies it into (gather) its own vector, then
// acknowledges it. A node sends its next message, or writes over the part
// of its vector that a message in flight shows, only after that message is
// acknowledged: this gives each message its round under the port model and
// orders every read of a vector before its next write (go test -race checks
// it). Counts are taken per node and per directed link as messages arrive;
// the time is computed from the measured rounds, not from the formulas.
//
// # Limits
//
// The closed forms take 1 ≤ N ≤ MaxWorkers and any P with N²·P·b < 2⁶², so
// every count is exact in an int64 (Cluster.Validate). A simulation also
// needs N ≤ MaxSimWorkers, N·P ≤ MaxSimElements and at most MaxSimMoved
// elements moved (SimLimits); beyond, it returns an error before starting.
//
// # One worker
//
// With N = 1 there is nothing to reduce: every algorithm sends nothing and
// takes no time, the parameter server included (its 2n messages hold for
// n ≥ 2).
//
// # Determinism
//
// Gradients come from a *rand.Rand passed by the caller, or from the caller's
// own vectors. Each algorithm adds in a fixed order (documented on its
// constant), whatever the goroutine schedule, so sums, counts and times are
// bit-for-bit identical across runs. Every algorithm except AllToAll computes
// each element's sum once and distributes it, or (RecursiveDoubling) has
// partners add the same two values, so all workers end with bit-identical
// vectors; under AllToAll each worker sums in its own order and results may
// differ in the last bits (SimResult.Identical).
package comm
