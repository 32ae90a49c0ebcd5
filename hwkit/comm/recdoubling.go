package comm

import "github.com/dl-course/hw2/hwkit/figure"

// recDoubling is RecursiveDoubling: whole vectors exchanged with partners at
// distance 1, 2, 4, …, after MPICH's fold for n not a power of two.
type recDoubling struct{}

var _ scheme = recDoubling{}

func (recDoubling) name() string  { return "recursive doubling" }
func (recDoubling) label() string { return "rec. doubling" }

func (recDoubling) formulas() Formulas {
	return Formulas{Messages: "n·log₂n", Size: "p", Sent: "log₂n·p", NodeLoad: "log₂n·p", LinkLoad: "p",
		Steps: "log₂n", Critical: "log₂n·p", Time: "log₂n·(α + p·bβ)", Busiest: "every worker"}
}

func (recDoubling) costs(k *Costs) {
	p := int64(k.Cluster.P)
	lg := int64(floorLog2(k.Cluster.N))
	np, r := folded(k.Cluster.N)
	fold := one(r > 0)
	k.Messages = 2*int64(r) + int64(np)*lg
	k.MinSize, k.MaxSize = p, p
	k.Elements = k.Messages * p
	// A rank sends p per level; an odd node of the fold also sends the sum
	// back (and received its partner's gradient first).
	k.MaxSent = (lg + fold) * p
	k.MaxRecv = k.MaxSent
	k.NodeLoad = k.MaxSent
	k.LinkLoad = p
	k.Steps = int(lg + 2*fold)
	k.Critical = int64(k.Steps) * p
}

// program: the fold, then per level send the whole vector to the partner,
// receive the partner's into a scratch vector and add it once the own
// message is acknowledged; then the fold's way back.
func (recDoubling) program(nd *node, n, p int) {
	x, ok := foldIn(nd, n, p)
	if !ok {
		return
	}
	np, r := folded(n)
	tmp := make([]float64, p)
	for m := 1; m < np; m *= 2 {
		partner := foldedNode(x^m, r)
		nd.send(partner, 0, p)
		nd.recv(partner, tmp, false)
		nd.settle()
		addTo(nd.buf, tmp)
	}
	foldOut(nd, n, p)
}

func (recDoubling) senders(n int) int { return floorLog2(n) + 1 }
func (recDoubling) blocks(n int) int  { return n }
func (recDoubling) server() bool      { return false }

func (recDoubling) scratch(n, p int) int {
	np, _ := folded(n)
	return np * p // one receive vector per rank
}

func (recDoubling) look() look        { return look{figure.Points, colorPurple, markCircle} }
func (recDoubling) powersOfTwo() bool { return true }
