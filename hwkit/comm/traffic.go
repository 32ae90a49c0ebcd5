package comm

import (
	"fmt"
	"strings"

	"github.com/dl-course/hw2/hwkit/table"
)

// Size returns the size of every message in elements when all messages have
// the same size, 0 when nothing is sent, and −1 when sizes differ (uneven
// chunks, or HalvingDoubling's halves).
func (k Costs) Size() int64 {
	if k.MinSize != k.MaxSize {
		return -1
	}
	return k.MaxSize
}

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
	for _, r := range results {
		if r == nil {
			continue
		}
		k := r.Measured
		c := k.Cluster
		if len(cols) == 0 {
			t.Title = fmt.Sprintf("Traffic per all-reduce, measured by simulation: n = %d workers, p = %d elements × %d B", c.N, c.P, c.ElemBytes())
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
	addColumns(t, labels, cols)
	t.Note = "A port is one node's connection to the switch, counted in its busier direction; a link is one direction between two nodes."
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

// TimeTable returns the α-β time of one all-reduce in milliseconds, one row
// per algorithm in algs (all of them when empty) and a row for the lower
// bound, one column per cluster in cs. When the clusters share α and β (one
// network, different n), the title names the network and each column only its
// n; otherwise each column names its n, bandwidth and α. A last row names the
// fastest algorithm of each column, all of them joined by " = " on an exact
// tie (ShardedPS and Ring always tie). It returns an error if cs is empty, a
// cluster is invalid or an algorithm is unknown.
func TimeTable(cs []Cluster, algs ...Algorithm) (*table.Table, error) {
	if len(cs) == 0 {
		return nil, fmt.Errorf("comm: TimeTable needs at least one cluster")
	}
	if len(algs) == 0 {
		algs = Algorithms()
	}
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	oneNet := true
	for _, c := range cs[1:] {
		oneNet = oneNet && c.Alpha == cs[0].Alpha && c.Beta == cs[0].Beta
	}
	header := []string{"algorithm"}
	for _, c := range cs {
		if oneNet {
			header = append(header, fmt.Sprintf("n = %d", c.N))
		} else {
			header = append(header, fmt.Sprintf("n = %d, %s, α = %s µs", c.N, bandwidth(c.Beta), table.Float(c.Alpha*1e6)))
		}
	}
	title := "Milliseconds per all-reduce (α-β model)"
	if samePB(cs) {
		title += fmt.Sprintf(", p = %s × %d B", table.Float(float64(cs[0].P)), cs[0].ElemBytes())
	}
	if oneNet {
		title += fmt.Sprintf(", %s per port, α = %s µs", bandwidth(cs[0].Beta), table.Float(cs[0].Alpha*1e6))
	}
	t := table.New(title, header...)
	fastest := make([][]string, len(cs))
	best := make([]float64, len(cs))
	for _, a := range algs {
		row := []any{a.Name()}
		for j, c := range cs {
			k, err := a.Costs(c)
			if err != nil {
				return nil, err
			}
			row = append(row, k.Time*1e3)
			switch {
			case fastest[j] == nil || k.Time < best[j]:
				fastest[j], best[j] = []string{a.Name()}, k.Time
			case k.Time == best[j]:
				fastest[j] = append(fastest[j], a.Name())
			}
		}
		t.AddRow(row...)
	}
	bound := []any{"lower bound"}
	last := []any{"fastest"}
	for j, c := range cs {
		b, _ := LowerBound(c) // c is valid
		bound = append(bound, b.Time*1e3)
		last = append(last, strings.Join(fastest[j], " = "))
	}
	t.AddRow(bound...)
	t.AddRow(last...)
	t.Note = "T = rounds·α + critical-path elements·b·β (package comm's port model); the lower bound is ⌈log₂n⌉·α + 2(n−1)/n·p·bβ."
	return t, nil
}

// bandwidth prints the port bandwidth 1/β in Gb/s and GB/s, e.g.
// "100 Gb/s = 12.5 GB/s".
func bandwidth(beta float64) string {
	return fmt.Sprintf("%s Gb/s = %s GB/s", table.Float(8/(beta*1e9)), table.Float(1/(beta*1e9)))
}

// samePB reports whether all clusters have the same P and element size.
func samePB(cs []Cluster) bool {
	for _, c := range cs[1:] {
		if c.P != cs[0].P || c.ElemBytes() != cs[0].ElemBytes() {
			return false
		}
	}
	return true
}
