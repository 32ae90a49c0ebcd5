package comm

// A program is what one node runs: n workers, p elements. Node n is the
// parameter server. Every program leaves buf holding the sum on workers.
type program func(nd *node, n, p int)

func programOf(a Algorithm) program {
	switch a {
	case AllToAll:
		return allToAll
	case ParameterServer:
		return paramServer
	case ShardedPS:
		return shardedPS
	case Ring:
		return ring
	case Tree:
		return tree
	case HalvingDoubling:
		return halvingDoubling
	}
	return nil
}

// inDegree bounds the number of distinct nodes that send to one node.
func inDegree(a Algorithm, n int) int {
	switch a {
	case AllToAll, ShardedPS, ParameterServer:
		return n
	case Ring:
		return 1
	case Tree:
		return ceilLog2(n) + 1
	}
	return floorLog2(n) + 1 // HalvingDoubling
}

func mod(i, n int) int { return ((i % n) + n) % n }

// chunk returns the element range of chunk i of p elements in k chunks.
func chunk(p, k, i int) (lo, hi int) { return chunkStart(p, k, i), chunkStart(p, k, i+1) }

// allToAll: round k sends the whole gradient to i+k and adds the one from
// i−k into an accumulator; the gradient is overwritten only when every
// reader is done.
func allToAll(nd *node, n, p int) {
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

// paramServer: workers send to node n and receive the sum back; the server
// adds in rank order.
func paramServer(nd *node, n, p int) {
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

// shardedPS: direct reduce-scatter to the shard owners, then direct
// all-gather from them.
func shardedPS(nd *node, n, p int) {
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

// ring: reduce-scatter then all-gather around the ring i → i+1.
func ring(nd *node, n, p int) {
	i := nd.id
	right, left := mod(i+1, n), mod(i-1, n)
	for k := range n - 1 {
		lo, hi := chunk(p, n, mod(i-k, n))
		nd.send(right, lo, hi)
		lo, hi = chunk(p, n, mod(i-k-1, n))
		nd.recvAdd(left, lo, hi)
	}
	for k := range n - 1 {
		lo, hi := chunk(p, n, mod(i+1-k, n))
		nd.send(right, lo, hi)
		lo, hi = chunk(p, n, mod(i-k, n))
		nd.recvCopy(left, lo, hi)
	}
}

// tree: binomial reduce to node 0, then binomial broadcast from it.
func tree(nd *node, n, p int) {
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

// halvingDoubling: Rabenseifner's algorithm with MPICH's fold for the
// r = n − n' ranks beyond the largest power of two n'.
func halvingDoubling(nd *node, n, p int) {
	i := nd.id
	np := 1 << floorLog2(n)
	rem := n - np
	var x int // rank among the n' that run the power-of-two algorithm
	switch {
	case i < 2*rem && i%2 == 0:
		nd.send(i+1, 0, p)
		nd.recvCopy(i+1, 0, p)
		return
	case i < 2*rem:
		nd.recvAdd(i-1, 0, p)
		x = i / 2
	default:
		x = i - rem
	}
	nodeOf := func(x int) int { // rank x → node
		if x < rem {
			return 2*x + 1
		}
		return x + rem
	}
	elems := func(b0, b1 int) (lo, hi int) { return chunkStart(p, np, b0), chunkStart(p, np, b1) } // blocks → elements

	// Reduce-scatter by recursive halving: keep the half holding block x.
	b0, b1 := 0, np
	for m := np / 2; m >= 1; m /= 2 {
		partner := nodeOf(x ^ m)
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
	// All-gather by recursive doubling: exchange the reduced segments.
	for m := 1; m < np; m *= 2 {
		partner := nodeOf(x ^ m)
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
	if i < 2*rem {
		nd.send(i-1, 0, p)
	}
}
