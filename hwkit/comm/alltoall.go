package comm

import "github.com/dl-course/hw2/hwkit/figure"

// allToAll is AllToAll: every worker sends its whole gradient to every other.
type allToAll struct{}

var _ scheme = allToAll{}

func (allToAll) name() string  { return "all-to-all" }
func (allToAll) label() string { return "all-to-all" }

func (allToAll) formulas() Formulas {
	return Formulas{Messages: "n(n−1)", Size: "p", Sent: "(n−1)p", NodeLoad: "(n−1)p", LinkLoad: "p",
		Steps: "n−1", Critical: "(n−1)p", Time: "(n−1)(α + p·bβ)", Busiest: "every worker"}
}

func (allToAll) costs(k *Costs) {
	n, p := int64(k.Cluster.N), int64(k.Cluster.P)
	k.Messages = n * (n - 1)
	k.MinSize, k.MaxSize = p, p
	k.Elements = k.Messages * p
	k.MaxSent, k.MaxRecv = (n-1)*p, (n-1)*p
	k.NodeLoad = k.MaxSent
	k.LinkLoad = p
	k.Steps = k.Cluster.N - 1
	k.Critical = (n - 1) * p
}

// program: round k sends the whole gradient to i+k and adds the one from i−k
// into an accumulator; the gradient is overwritten only when every reader is
// done.
func (allToAll) program(nd *node, n, p int) {
	i := nd.id
	acc := make([]float64, p)
	copy(acc, nd.buf)
	for k := 1; k < n; k++ {
		nd.send(mod(i+k, n), 0, p)
		nd.recv(mod(i-k, n), acc, true)
	}
	nd.settle()
	copy(nd.buf, acc)
}

func (allToAll) senders(n int) int    { return n }
func (allToAll) blocks(n int) int     { return n }
func (allToAll) server() bool         { return false }
func (allToAll) scratch(n, p int) int { return n * p } // one accumulator per worker
func (allToAll) look() look           { return look{figure.Dashed, colorRed, 0} }
func (allToAll) powersOfTwo() bool    { return false }
