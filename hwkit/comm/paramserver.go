package comm

import "github.com/dl-course/hw2/hwkit/figure"

// paramServer is ParameterServer: one server node besides the n workers.
type paramServer struct{}

var _ scheme = paramServer{}

func (paramServer) name() string  { return "parameter server" }
func (paramServer) label() string { return "param. server" }

func (paramServer) formulas() Formulas {
	return Formulas{Messages: "2n", Size: "p", Sent: "p", NodeLoad: "np", LinkLoad: "p",
		Steps: "2n", Critical: "2np", Time: "2n(α + p·bβ)", Busiest: "the server's port"}
}

func (paramServer) costs(k *Costs) {
	n, p := int64(k.Cluster.N), int64(k.Cluster.P)
	k.Messages = 2 * n
	k.MinSize, k.MaxSize = p, p
	k.Elements = k.Messages * p
	k.MaxSent, k.MaxRecv = p, p
	k.NodeLoad = n * p // the server, each way
	k.LinkLoad = p
	k.Steps = 2 * k.Cluster.N
	k.Critical = 2 * n * p
}

// program: workers send to node n and receive the sum back; the server adds
// in rank order.
func (paramServer) program(nd *node, n, p int) {
	if nd.id < n {
		nd.send(n, 0, p)
		nd.recvCopy(n, 0, p)
		return
	}
	nd.recvCopy(0, 0, p)
	for w := 1; w < n; w++ {
		nd.recvAdd(w, 0, p)
	}
	for w := range n {
		nd.send(w, 0, p)
	}
}

func (paramServer) senders(n int) int    { return n }
func (paramServer) blocks(n int) int     { return n }
func (paramServer) server() bool         { return true }
func (paramServer) scratch(n, p int) int { return p } // the server's vector
func (paramServer) look() look           { return look{figure.DashDot, colorOrange, 0} }
func (paramServer) powersOfTwo() bool    { return false }
