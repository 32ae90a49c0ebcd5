package comm

import "fmt"

// msg is one message: a slice of the sender's buffer (zero-copy) and the
// round the sender proposes. The receiver sends the final round back on ack
// once it has finished reading data.
type msg struct {
	src   int
	data  []float64
	round int
	ack   chan<- int
}

// node is one simulated worker (or the parameter server). Its fields are
// touched only by its own goroutine until the run ends.
//
// Protocol: a node has at most one message outstanding. Before its next send,
// and before writing a part of buf that the outstanding message aliases, it
// waits for the receiver's ack. The ack comes after the receiver has read the
// data, so the channel handoff orders every read of a buffer before the
// buffer's next write; it also carries the message's final round. With at
// most one outstanding message per sender, an inbox holding one message per
// possible sender never blocks a send.
type node struct {
	id      int
	buf     []float64
	inbox   chan msg
	inboxes []chan msg // every node's inbox, indexed by node
	acks    chan int   // capacity 1: the ack of the outstanding message
	stash   map[int]msg

	pending        bool // a sent message is not acked yet
	pendLo, pendHi int  // the part of buf it aliases

	clock    int // latest round in which this node received anything
	sendLast int // round of the previous send
	recvLast int // round of the previous receive

	sentMsgs, sentElems int64
	recvMsgs, recvElems int64
	minSize, maxSize    int64
	links               []Link      // incoming, one per sender, in order of first arrival
	linkOf              map[int]int // index in links, by sender
	rounds              []int64     // rounds[t]: largest message received in round t, −1 if none
}

// settle waits for the ack of the outstanding message, if any.
func (nd *node) settle() {
	if nd.pending {
		nd.sendLast = <-nd.acks
		nd.pending = false
	}
}

// send sends buf[lo:hi] to node dst without copying it.
func (nd *node) send(dst, lo, hi int) {
	nd.settle()
	round := max(nd.clock, nd.sendLast) + 1
	nd.sentMsgs++
	nd.sentElems += int64(hi - lo)
	nd.pending, nd.pendLo, nd.pendHi = true, lo, hi
	nd.inboxes[dst] <- msg{src: nd.id, data: nd.buf[lo:hi:hi], round: round, ack: nd.acks}
}

// recvAdd receives the next message from src and adds it into buf[lo:hi].
func (nd *node) recvAdd(src, lo, hi int) {
	nd.settleOverlap(lo, hi)
	nd.recv(src, nd.buf[lo:hi], true)
}

// recvCopy receives the next message from src and copies it into buf[lo:hi].
func (nd *node) recvCopy(src, lo, hi int) {
	nd.settleOverlap(lo, hi)
	nd.recv(src, nd.buf[lo:hi], false)
}

// settleOverlap waits for the outstanding message if it aliases buf[lo:hi].
func (nd *node) settleOverlap(lo, hi int) {
	if nd.pending && lo < nd.pendHi && nd.pendLo < hi {
		nd.settle()
	}
}

// recv receives the next message from src and adds it into dst (add) or
// copies it there, then acks it. dst must not alias a part of buf that an
// outstanding message reads.
func (nd *node) recv(src int, dst []float64, add bool) {
	m := nd.get(src)
	if len(m.data) != len(dst) {
		panic(fmt.Sprintf("comm: internal error: node %d expected %d elements from %d, got %d", nd.id, len(dst), src, len(m.data)))
	}
	round := max(m.round, nd.recvLast+1)
	nd.recvLast = round
	nd.clock = max(nd.clock, round)

	size := int64(len(dst))
	if nd.recvMsgs == 0 {
		nd.minSize, nd.maxSize = size, size
	}
	nd.minSize, nd.maxSize = min(nd.minSize, size), max(nd.maxSize, size)
	nd.recvMsgs++
	nd.recvElems += size
	j, ok := nd.linkOf[src]
	if !ok {
		if nd.linkOf == nil {
			nd.linkOf = make(map[int]int)
		}
		j = len(nd.links)
		nd.linkOf[src] = j
		nd.links = append(nd.links, Link{From: src, To: nd.id})
	}
	nd.links[j].Messages++
	nd.links[j].Elements += size
	for len(nd.rounds) <= round {
		nd.rounds = append(nd.rounds, -1)
	}
	nd.rounds[round] = max(nd.rounds[round], size)

	if add {
		addTo(dst, m.data)
	} else {
		copy(dst, m.data)
	}
	m.ack <- round
}

// get returns the next message from src, keeping messages from other senders
// that arrive first. Each sender has at most one message outstanding, so the
// stash holds at most one per sender.
func (nd *node) get(src int) msg {
	if m, ok := nd.stash[src]; ok {
		delete(nd.stash, src)
		return m
	}
	for {
		m := <-nd.inbox
		if m.src == src {
			return m
		}
		if nd.stash == nil {
			nd.stash = make(map[int]msg)
		}
		nd.stash[m.src] = m
	}
}

// addTo sets dst[i] += src[i]; src must be at least as long as dst.
func addTo(dst, src []float64) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] += src[i]
	}
}
