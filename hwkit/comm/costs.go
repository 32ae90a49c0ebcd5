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

// Split returns the two terms of the α-β time: the latency Steps·α and the
// bandwidth term Critical·b·β, in seconds.
func (k Costs) Split() (latency, bandwidth float64) {
	return float64(k.Steps) * k.Cluster.Alpha, float64(k.Critical) * k.Cluster.bb()
}

// time returns Steps·α + Critical·b·β. Closed forms and simulations both
// call it, so equal counts give bit-identical times.
func (k Costs) time() float64 {
	l, b := k.Split()
	return l + b
}

// Size returns the size of every message in elements when all messages have
// the same size, 0 when nothing is sent, and −1 when sizes differ (uneven
// chunks, or HalvingDoubling's halves).
func (k Costs) Size() int64 {
	if k.MinSize != k.MaxSize {
		return -1
	}
	return k.MaxSize
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
		return k, nil // nothing to reduce
	}
	a.scheme().costs(&k)
	k.Time = k.time()
	return k, nil
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

// Bound is the lower bound on an all-reduce among N workers that exchange
// messages only with each other, under the port model of the package doc.
//
// It assumes that a message carries entries of gradients or partial sums of
// single entries (no coding or compression), and that only the workers
// reduce: a switch that adds in the network (InfiniBand SHARP, NVLink
// SHARP) escapes it, and so do extra machines: with N separate servers each
// holding a shard (a sharded parameter server on its own nodes, BytePS), a
// worker sends and receives only P elements, against 2(N−1)/N·P here,
// because the servers bring N more ports.
type Bound struct {
	// Steps is ⌈log₂N⌉: each round at most doubles the number of
	// gradients a node has heard from.
	Steps int
	// Elements is 2(N−1)/N·P, the fewest elements one worker must send
	// (and receive), and so the fewest on the critical path.
	Elements float64
	// Time is Steps·α + Elements·b·β in seconds. Both terms are bounds on
	// the two terms of T = rounds·α + critical path·b·β, so their sum bounds
	// T.
	Time float64
}

// LowerBound returns the lower bound for c. A parameter server escapes the
// per-worker bound (each worker sends P) by moving N·P elements through the
// server's port; see Bound for its assumptions. It returns an error if c is
// invalid.
func LowerBound(c Cluster) (Bound, error) {
	if err := c.Validate(); err != nil {
		return Bound{}, err
	}
	// 2(n−1)·p is exact in an int64 (Validate), and the quotient is exact
	// whenever n divides p.
	n, p := int64(c.N), int64(c.P)
	b := Bound{Steps: ceilLog2(c.N), Elements: float64(2*(n-1)*p) / float64(n)}
	b.Time = float64(b.Steps)*c.Alpha + b.Elements*c.bb()
	return b, nil
}

// sizeCell prints a message size, or a range "lo…hi" when sizes differ (an
// ellipsis, where print may not break the cell, as it would at a dash).
func sizeCell(lo, hi int64) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d…%d", lo, hi)
}

func one(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func mod(i, n int) int { return ((i % n) + n) % n }

// ceilLog2 returns ⌈log₂n⌉ for n ≥ 1.
func ceilLog2(n int) int { return bits.Len(uint(n - 1)) }

// floorLog2 returns ⌊log₂n⌋ for n ≥ 1.
func floorLog2(n int) int { return bits.Len(uint(n)) - 1 }
