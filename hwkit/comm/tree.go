package comm

import "github.com/dl-course/hw2/hwkit/figure"

// tree is Tree: binomial reduce to worker 0, then binomial broadcast.
type tree struct{}

var _ scheme = tree{}

func (tree) name() string  { return "binomial tree" }
func (tree) label() string { return "binomial tree" }

func (tree) formulas() Formulas {
	return Formulas{Messages: "2(n−1)", Size: "p", Sent: "⌈log₂n⌉p", NodeLoad: "⌈log₂n⌉p", LinkLoad: "p",
		Steps: "2⌈log₂n⌉", Critical: "2⌈log₂n⌉p", Time: "2⌈log₂n⌉(α + p·bβ)", Busiest: "the root"}
}

func (tree) costs(k *Costs) {
	n, p := int64(k.Cluster.N), int64(k.Cluster.P)
	l := int64(ceilLog2(k.Cluster.N))
	k.Messages = 2 * (n - 1)
	k.MinSize, k.MaxSize = p, p
	k.Elements = k.Messages * p
	k.MaxSent, k.MaxRecv = l*p, l*p // the root: one child per level
	k.NodeLoad = k.MaxSent
	k.LinkLoad = p
	k.Steps = 2 * int(l)
	k.Critical = 2 * l * p
}

// program: binomial reduce to node 0, then binomial broadcast from it.
func (tree) program(nd *node, n, p int) {
	i := nd.id
	l := ceilLog2(n)
	top := l // levels at which i has children
	for k := range l {
		bit := 1 << k
		if i&bit != 0 {
			nd.send(i-bit, 0, p)
			top = k
			break
		}
		if i+bit < n {
			nd.recvAdd(i+bit, 0, p)
		}
	}
	if i != 0 {
		nd.recvCopy(i-(i&-i), 0, p)
	}
	for k := top - 1; k >= 0; k-- {
		if i+(1<<k) < n {
			nd.send(i+(1<<k), 0, p)
		}
	}
}

func (tree) senders(n int) int    { return ceilLog2(n) + 1 }
func (tree) blocks(n int) int     { return n }
func (tree) server() bool         { return false }
func (tree) scratch(n, p int) int { return 0 }
func (tree) look() look           { return look{figure.Dotted, colorBrown, 0} }
func (tree) powersOfTwo() bool    { return false }
