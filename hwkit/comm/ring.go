package comm

import "github.com/dl-course/hw2/hwkit/figure"

// ring is Ring: reduce-scatter then all-gather around the ring i → i+1.
type ring struct{}

var _ scheme = ring{}

func (ring) name() string  { return "ring all-reduce" }
func (ring) label() string { return "ring" }

func (ring) formulas() Formulas {
	return Formulas{Messages: "2n(n−1)", Size: "p/n", Sent: "2(n−1)p/n", NodeLoad: "2(n−1)p/n", LinkLoad: "2(n−1)p/n",
		Steps: "2(n−1)", Critical: "2(n−1)p/n", Time: "2(n−1)(α + (p/n)·bβ)", Busiest: "every ring link"}
}

func (ring) costs(k *Costs) {
	n, p := int64(k.Cluster.N), int64(k.Cluster.P)
	q, r := p/n, p%n
	// Worker i sends every chunk but i+1 (reduce-scatter) and every chunk
	// but i+2 (all-gather), all to i+1: 2p − s_{i+1} − s_{i+2}. Two
	// cyclically adjacent small chunks exist unless r = n−1.
	minAdj := 2 * q
	if n-r < 2 {
		minAdj = 2*q + 1
	}
	k.Messages = 2 * n * (n - 1)
	k.MinSize, k.MaxSize = q, q+one(r > 0)
	k.Elements = 2 * (n - 1) * p
	k.MaxSent = 2*p - minAdj
	k.MaxRecv = k.MaxSent
	k.NodeLoad = k.MaxSent
	k.LinkLoad = k.MaxSent
	k.Steps = 2 * (k.Cluster.N - 1)
	k.Critical = 2 * (n - 1) * k.MaxSize
}

// ringSends returns the chunk worker i sends to i+1 in step s = 0 … 2n−3
// of the ring (n−1 reduce-scatter steps, then n−1 all-gather steps); the
// chunk it receives from i−1 in that step is ringSends(i−1, s, n).
func ringSends(i, s, n int) int {
	if s < n-1 {
		return mod(i-s, n) // reduce-scatter: the partial sum it just added to
	}
	return mod(i+1-(s-(n-1)), n) // all-gather: the complete chunk it holds
}

// program: in step s send chunk ringSends(i, s) to the right; add (first
// n−1 steps) or copy (last n−1) the chunk that comes from the left.
func (ring) program(nd *node, n, p int) {
	i := nd.id
	right, left := mod(i+1, n), mod(i-1, n)
	for s := range 2 * (n - 1) {
		lo, hi := chunk(p, n, ringSends(i, s, n))
		nd.send(right, lo, hi)
		lo, hi = chunk(p, n, ringSends(left, s, n))
		if s < n-1 {
			nd.recvAdd(left, lo, hi)
		} else {
			nd.recvCopy(left, lo, hi)
		}
	}
}

func (ring) senders(n int) int    { return 1 }
func (ring) blocks(n int) int     { return n }
func (ring) server() bool         { return false }
func (ring) scratch(n, p int) int { return 0 }
func (ring) look() look           { return look{figure.Line, colorBlue, 0} }
func (ring) powersOfTwo() bool    { return false }
