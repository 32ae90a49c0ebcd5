package comm

import "github.com/dl-course/hw2/hwkit/figure"

// halvingDoubling is HalvingDoubling: Rabenseifner's reduce-scatter by
// recursive halving and all-gather by recursive doubling, after MPICH's fold
// for n not a power of two.
type halvingDoubling struct{}

var _ scheme = halvingDoubling{}

func (halvingDoubling) name() string  { return "halving-doubling" }
func (halvingDoubling) label() string { return "halv.-doubling" }

func (halvingDoubling) formulas() Formulas {
	return Formulas{Messages: "2n·log₂n", Size: "p/2 … p/n", Sent: "2(n−1)p/n", NodeLoad: "2(n−1)p/n", LinkLoad: "p",
		Steps: "2log₂n", Critical: "2(n−1)p/n", Time: "2log₂n·α + 2(n−1)/n·p·bβ", Busiest: "every worker"}
}

// costs: n' = 2^⌊log₂n⌋ ranks on n' blocks, plus the fold of r = n − n'
// extra nodes.
func (halvingDoubling) costs(k *Costs) {
	n, p := int64(k.Cluster.N), int64(k.Cluster.P)
	lg := floorLog2(k.Cluster.N)
	npi, remi := folded(k.Cluster.N)
	np, rem := int64(npi), int64(remi)
	q, r := p/np, p%np
	// seg(x, m): elements of the aligned segment of m blocks holding block x.
	seg := func(x, m int64) int64 {
		start := x / m * m
		return q*m + min(max(r-start, 0), m)
	}
	// Rank x sends the halves it gives away, p − s_x, then while doubling
	// the segments it holds, seg(x, m) for m = 1, 2, …, n'/2: in all
	// p + Σ_{m ≥ 2} seg(x, m), which never grows with x (the larger chunks
	// come first), so rank 0 sends the most; it receives as much. With a
	// fold, rank 0 is an odd node that also sends the sum back.
	maxSent := p + p*one(rem > 0)
	for m := int64(2); m < np; m *= 2 {
		maxSent += seg(0, m)
	}
	k.Messages = 2*rem + 2*np*int64(lg)
	k.MinSize = q
	k.MaxSize = seg(0, np/2)
	k.Elements = 2*(n-np)*p + 2*(np-1)*p
	k.MaxSent, k.MaxRecv = maxSent, maxSent
	k.NodeLoad = maxSent
	k.LinkLoad = p // level 0: half out while halving, half back while doubling
	k.Steps = 2 * lg
	for m := np / 2; m >= 1; m /= 2 {
		k.Critical += 2 * seg(0, m)
	}
	if rem > 0 {
		k.MaxSize = p
		k.Steps += 2
		k.Critical += 2 * p
	}
}

// program: the fold, then recursive halving (keep the half that holds block
// x, send the other) and recursive doubling (exchange the reduced segments),
// then the fold's way back.
func (halvingDoubling) program(nd *node, n, p int) {
	x, ok := foldIn(nd, n, p)
	if !ok {
		return
	}
	np, r := folded(n)
	elems := func(b0, b1 int) (lo, hi int) { return chunkStart(p, np, b0), chunkStart(p, np, b1) }
	b0, b1 := 0, np
	for m := np / 2; m >= 1; m /= 2 {
		partner := foldedNode(x^m, r)
		mid := b0 + m
		keep0, keep1, give0, give1 := b0, mid, mid, b1
		if x&m != 0 {
			keep0, keep1, give0, give1 = mid, b1, b0, mid
		}
		lo, hi := elems(give0, give1)
		nd.send(partner, lo, hi)
		lo, hi = elems(keep0, keep1)
		nd.recvAdd(partner, lo, hi)
		b0, b1 = keep0, keep1
	}
	for m := 1; m < np; m *= 2 {
		partner := foldedNode(x^m, r)
		lo, hi := elems(b0, b1)
		nd.send(partner, lo, hi)
		if x&m == 0 {
			lo, hi = elems(b1, b1+m)
			b1 += m
		} else {
			lo, hi = elems(b0-m, b0)
			b0 -= m
		}
		nd.recvCopy(partner, lo, hi)
	}
	foldOut(nd, n, p)
}

func (halvingDoubling) senders(n int) int    { return floorLog2(n) + 1 }
func (halvingDoubling) blocks(n int) int     { np, _ := folded(n); return np }
func (halvingDoubling) server() bool         { return false }
func (halvingDoubling) scratch(n, p int) int { return 0 }
func (halvingDoubling) look() look           { return look{figure.Points, colorGreen, markSquare} }
func (halvingDoubling) powersOfTwo() bool    { return true }
