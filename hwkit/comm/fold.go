package comm

// MPICH's fold for recursive doubling and halving-doubling on n workers that
// are not a power of two: with n' = 2^⌊log₂n⌋ and r = n − n', among nodes
// 0 … 2r−1 each even node sends its whole gradient to the next odd node,
// which adds it and takes part as rank (node−1)/2; the even node waits for
// the sum. Nodes 2r … n−1 take part as rank node − r. At the end each odd
// node sends the sum back to its even partner.

// folded returns n' and r for n workers.
func folded(n int) (np, r int) {
	np = 1 << floorLog2(n)
	return np, n - np
}

// foldedNode returns the node of rank x among the n' that take part.
func foldedNode(x, r int) int {
	if x < r {
		return 2*x + 1
	}
	return x + r
}

// foldIn runs the first step of the fold on node nd and returns its rank
// among the n' nodes that take part, or ok = false for an even node of the
// fold, which has then received the sum already.
func foldIn(nd *node, n, p int) (x int, ok bool) {
	i := nd.id
	_, r := folded(n)
	switch {
	case i < 2*r && i%2 == 0:
		nd.send(i+1, 0, p)
		nd.recvCopy(i+1, 0, p)
		return 0, false
	case i < 2*r:
		nd.recvAdd(i-1, 0, p)
		return i / 2, true
	}
	return i - r, true
}

// foldOut sends the sum back to the even partner, if nd has one.
func foldOut(nd *node, n, p int) {
	if _, r := folded(n); nd.id < 2*r {
		nd.send(nd.id-1, 0, p)
	}
}
