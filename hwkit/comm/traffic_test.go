package comm

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestTrafficTable(t *testing.T) {
	sim := func(n, p int, a Algorithm) *SimResult {
		r, err := Simulate(testCluster(n, p), a, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tb := TrafficTable(sim(6, 60, ParameterServer), nil, sim(6, 60, Tree), sim(6, 60, HalvingDoubling), sim(12, 24, Tree), sim(1, 5, Ring))
	if len(tb.Header) != 6 || len(tb.Rows) != 9 {
		t.Fatalf("%d columns and %d rows, want 6 and 9 (nil skipped):\n%s", len(tb.Header), len(tb.Rows), tb)
	}
	col := func(j int) []string {
		var c []string
		for _, r := range tb.Rows {
			c = append(c, r[j])
		}
		return c
	}
	b := int64(testCluster(6, 60).ElemBytes())
	// Parameter server: workers send and receive p, the server n·p each way;
	// every link carries p.
	if got, want := col(1), []string{"12", itoa(12 * 60 * b), itoa(60 * b), itoa(60 * b), itoa(360*b) + " / " + itoa(360*b), itoa(360 * b), "server", itoa(60 * b), "12 of 12"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("parameter server column %q, want %q", got, want)
	}
	// Tree on 6 workers: the root (worker 0) has ⌈log₂6⌉ = 3 children.
	if tree := col(2); tree[5] != itoa(3*60*b) || tree[6] != "worker 0" || tree[2] != itoa(60*b)+"…"+itoa(3*60*b) || tree[4] != "—" {
		t.Errorf("tree column %q", tree)
	}
	// Halving-doubling on 6 workers: the two odd ranks of the fold are busiest.
	if hd := col(3); hd[6] != "workers 1, 3" {
		t.Errorf("halving-doubling column %q", hd)
	}
	if tree := col(4); tree[6] != "worker 0" {
		t.Errorf("tree n=12 column %q", tree)
	}
	if one := col(5); one[0] != "0" || one[5] != "0" || one[6] != "none" || one[8] != "0 of 0" {
		t.Errorf("one-worker column %q", one)
	}
	if !strings.HasPrefix(tb.Title, "Traffic per all-reduce, measured by simulation: n = 6 workers, p = 60 elements of 4 B") {
		t.Errorf("title %q", tb.Title)
	}
	// Without a parameter server there is no server row.
	if nops := TrafficTable(sim(6, 60, Ring)); len(nops.Rows) != 8 || strings.Contains(nops.String(), "server") {
		t.Errorf("ring alone:\n%s", nops)
	}
	// Many tied workers are counted, a few listed.
	r := sim(8, 16, Tree)
	r.Sent = []int64{5, 5, 5, 5, 5, 5, 5, 1}
	r.Recv = make([]int64, 8)
	r.Measured.NodeLoad = 5
	if got := busiestPorts(r); got != "7 workers" {
		t.Errorf("busiestPorts = %q", got)
	}
	r.Sent = []int64{5, 1, 5, 1, 1, 1, 5, 1}
	if got := busiestPorts(r); got != "workers 0, 2, 6" {
		t.Errorf("busiestPorts = %q", got)
	}
}
