package comm

import (
	"fmt"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// TrafficTable shows where the bytes of simulated all-reduces go, one column
// per result (three fit a printed page) and one row per quantity: messages,
// bytes in all, bytes each worker sends and receives (a range when workers
// differ), the parameter server's bytes in and out (a row shown only when a
// result has a server), the busiest port (one direction of one node's port)
// and which nodes carry it, and the busiest directed link with the number of
// links that carry as much. Bytes are elements × Cluster.ElemBytes. Nil
// results are skipped.
func TrafficTable(results ...*SimResult) *table.Table {
	t := table.New("Traffic per all-reduce, measured by simulation", "")
	labels := []string{"messages", "bytes in all", "sent per worker (B)", "received per worker (B)",
		"server in / out (B)", "busiest port (B)", "busiest port: whose", "busiest link (B)", "busiest links: how many"}
	var cols [][]string
	server := false
	for _, r := range tabulable(t, results) {
		k := r.Measured
		c := k.Cluster
		if len(cols) == 0 {
			t.Title = fmt.Sprintf("Traffic per all-reduce, measured by simulation: n = %d workers, p = %s elements of %d B", c.N, elems(c.P), c.ElemBytes())
		}
		t.Header = append(t.Header, k.Algorithm.Name())
		b := int64(c.ElemBytes())
		inOut := "—"
		if len(r.Sent) > c.N {
			inOut = fmt.Sprintf("%d / %d", r.Recv[c.N]*b, r.Sent[c.N]*b)
			server = true
		}
		cols = append(cols, []string{fmt.Sprint(k.Messages), fmt.Sprint(k.Elements * b),
			byteRange(r.Sent[:c.N], b), byteRange(r.Recv[:c.N], b), inOut,
			fmt.Sprint(k.NodeLoad * b), busiestPorts(r),
			fmt.Sprint(k.LinkLoad * b), busiestLinks(r)})
	}
	if !server { // drop the server row
		labels = append(labels[:4:4], labels[5:]...)
		for j, col := range cols {
			cols[j] = append(col[:4:4], col[5:]...)
		}
	}
	if len(cols) == 0 {
		return t
	}
	addColumns(t, labels, cols)
	t.Note += "A port is one node's connection to the switch, counted in its busier direction; a link is one direction between two nodes."
	if server {
		t.Note += " The parameter server's server is a node besides the n workers."
	}
	return t
}

// byteRange prints the smallest and largest of xs times b, or one number
// when they are equal.
func byteRange(xs []int64, b int64) string {
	if len(xs) == 0 {
		return "—"
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return sizeCell(lo*b, hi*b)
}

// busiestPorts names the nodes whose port carries NodeLoad: "server",
// "every worker", "worker 0", "workers 0, 4, 6" (up to three listed), or
// "5 workers" (more, but not all).
func busiestPorts(r *SimResult) string {
	load := r.Measured.NodeLoad
	if load == 0 {
		return "none"
	}
	n := r.Measured.Cluster.N
	var workers []string
	server := false
	for i := range r.Sent {
		if max(r.Sent[i], r.Recv[i]) != load {
			continue
		}
		if i == n {
			server = true
			continue
		}
		workers = append(workers, fmt.Sprint(i))
	}
	var parts []string
	if server {
		parts = append(parts, "server")
	}
	switch {
	case len(workers) == n:
		parts = append(parts, "every worker")
	case len(workers) == 1:
		parts = append(parts, "worker "+workers[0])
	case len(workers) > 3:
		parts = append(parts, fmt.Sprintf("%d workers", len(workers)))
	case len(workers) > 1:
		parts = append(parts, "workers "+strings.Join(workers, ", "))
	}
	return strings.Join(parts, " and ")
}

// busiestLinks says how many of the links used carry LinkLoad, e.g.
// "8 of 8".
func busiestLinks(r *SimResult) string {
	k := 0
	for _, l := range r.Links {
		if l.Elements == r.Measured.LinkLoad {
			k++
		}
	}
	return fmt.Sprintf("%d of %d", k, len(r.Links))
}
