package comm

import "github.com/dl-course/hw2/hwkit/figure"

// shardedPS is ShardedPS: every worker serves one chunk of the parameters.
type shardedPS struct{}

var _ scheme = shardedPS{}

func (shardedPS) name() string  { return "sharded PS" }
func (shardedPS) label() string { return "sharded PS" }

func (shardedPS) formulas() Formulas {
	return Formulas{Messages: "2n(n−1)", Size: "p/n", Sent: "2(n−1)p/n", NodeLoad: "2(n−1)p/n", LinkLoad: "2p/n",
		Steps: "2(n−1)", Critical: "2(n−1)p/n", Time: "2(n−1)(α + (p/n)·bβ)", Busiest: "every worker"}
}

func (shardedPS) costs(k *Costs) {
	n, p := int64(k.Cluster.N), int64(k.Cluster.P)
	q, r := p/n, p%n
	ceil := q + one(r > 0)
	k.Messages = 2 * n * (n - 1)
	k.MinSize, k.MaxSize = q, ceil
	k.Elements = 2 * (n - 1) * p
	// Worker i sends p − s_i in phase 1 and (n−1)·s_i in phase 2, most for
	// a largest chunk; it receives as much.
	k.MaxSent = p + (n-2)*ceil
	k.MaxRecv = k.MaxSent
	k.NodeLoad = k.MaxSent
	// Link i→j carries s_j then s_i: at most the two largest chunks.
	k.LinkLoad = 2*q + one(r >= 1) + one(r >= 2)
	k.Steps = 2 * (k.Cluster.N - 1)
	k.Critical = 2 * (n - 1) * ceil
}

// program: direct reduce-scatter to the shard owners, then direct all-gather
// from them.
func (shardedPS) program(nd *node, n, p int) {
	i := nd.id
	own0, own1 := chunk(p, n, i)
	for k := 1; k < n; k++ {
		dst := mod(i+k, n)
		lo, hi := chunk(p, n, dst)
		nd.send(dst, lo, hi)
		nd.recvAdd(mod(i-k, n), own0, own1)
	}
	for k := 1; k < n; k++ {
		nd.send(mod(i+k, n), own0, own1)
		src := mod(i-k, n)
		lo, hi := chunk(p, n, src)
		nd.recvCopy(src, lo, hi)
	}
}

func (shardedPS) senders(n int) int    { return n }
func (shardedPS) blocks(n int) int     { return n }
func (shardedPS) server() bool         { return false }
func (shardedPS) scratch(n, p int) int { return 0 }
func (shardedPS) look() look           { return look{figure.Points, colorBlue, markTriangle} } // on the ring's line: its times are the ring's
func (shardedPS) powersOfTwo() bool    { return false }
