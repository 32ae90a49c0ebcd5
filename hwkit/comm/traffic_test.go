package comm

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dl-course/hw2/hwkit/table"
)

func TestCostsSize(t *testing.T) {
	for _, tc := range []struct {
		a    Algorithm
		n, p int
		want int64
	}{
		{AllToAll, 4, 12, 12},
		{Ring, 4, 12, 3},
		{Ring, 4, 13, -1}, // chunks of 4 and 3
		{HalvingDoubling, 4, 12, -1},
		{Ring, 1, 12, 0}, // nothing sent
	} {
		k, err := tc.a.Costs(testCluster(tc.n, tc.p))
		if err != nil {
			t.Fatal(err)
		}
		if got := k.Size(); got != tc.want {
			t.Errorf("%s n=%d p=%d: Size() = %d, want %d", tc.a, tc.n, tc.p, got, tc.want)
		}
	}
}

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
	if tree := col(2); tree[5] != itoa(3*60*b) || tree[6] != "worker 0" || tree[2] != itoa(60*b)+"–"+itoa(3*60*b) || tree[4] != "—" {
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
	if !strings.HasPrefix(tb.Title, "Traffic per all-reduce, measured by simulation: n = 6 workers, p = 60 elements × 4 B") {
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

func TestTimeTable(t *testing.T) {
	cs := []Cluster{{N: 8, P: 1000, Alpha: 1e-6, Beta: Gbps(100)}, {N: 64, P: 1000, Alpha: 1e-6, Beta: BytesPerSec(450e9)}}
	tb, err := TimeTable(cs, Homework()...)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 5 || tb.Rows[3][0] != "lower bound" || tb.Rows[4][0] != "fastest" {
		t.Fatalf("rows:\n%s", tb)
	}
	if tb.Header[2] != "n = 64, 3600 Gb/s = 450 GB/s, α = 1 µs" {
		t.Errorf("header %q", tb.Header[2])
	}
	for j, c := range cs {
		var best float64
		name := ""
		for i, a := range Homework() {
			k, _ := a.Costs(c)
			if tb.Rows[i][j+1] != fmtFloat(k.Time*1e3) {
				t.Errorf("%s on %v: %s ms, want %g s", a, c, tb.Rows[i][j+1], k.Time)
			}
			if name == "" || k.Time < best {
				best, name = k.Time, a.Name()
			}
		}
		if tb.Rows[4][j+1] != name {
			t.Errorf("column %d: fastest %q, want %q", j+1, tb.Rows[4][j+1], name)
		}
	}
	// One network: the title names it, the columns only n. Sharded PS and
	// the ring tie exactly at n = 6 (halving-doubling pays its fold there).
	one := []Cluster{{N: 6, P: 6_000_000, Alpha: 5e-6, Beta: Gbps(100)}, {N: 64, P: 6_000_000, Alpha: 5e-6, Beta: Gbps(100)}}
	all, err := TimeTable(one)
	if err != nil || len(all.Rows) != len(Algorithms())+2 {
		t.Fatalf("all algorithms: %v\n%s", err, all)
	}
	if all.Header[1] != "n = 6" || !strings.Contains(all.Title, "100 Gb/s = 12.5 GB/s per port, α = 5 µs") || !strings.Contains(all.Title, "p = 6e+06 × 4 B") {
		t.Errorf("one network: header %q, title %q", all.Header, all.Title)
	}
	if f := all.Rows[len(all.Rows)-1]; f[1] != "sharded PS = ring all-reduce" || f[2] != "halving-doubling" {
		t.Errorf("fastest row %q", f)
	}
	mixed := []Cluster{cs[0], {N: 8, P: 2000, Alpha: 1e-6, Beta: Gbps(100)}}
	if tb, err := TimeTable(mixed); err != nil || strings.Contains(tb.Title, "p =") {
		t.Errorf("mixed p: %v, title %q", err, tb.Title)
	}
	for name, bad := range map[string][]Cluster{
		"no cluster":  nil,
		"negative α":  {{N: 8, P: 10, Alpha: -1, Beta: 1}},
		"zero worker": {cs[0], {N: 0, P: 10, Beta: 1}},
	} {
		if _, err := TimeTable(bad); err == nil || !strings.HasPrefix(err.Error(), "comm: ") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := TimeTable(cs, Algorithm(42)); err == nil {
		t.Errorf("unknown algorithm accepted")
	}
}

// TestTimeSplitTable: latency + bandwidth = T on every row, the bound last.
func TestTimeSplitTable(t *testing.T) {
	c := Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)}
	tb := TimeSplitTable(c, Homework()...)
	if len(tb.Rows) != 4 || tb.Rows[3][0] != "lower bound" || tb.Rows[2][0] != "ring all-reduce" {
		t.Fatalf("rows:\n%s", tb)
	}
	k, _ := Ring.Costs(c)
	if r := tb.Rows[2]; r[1] != "14" || r[2] != fmtFloat(14*5e-6) || r[3] != "210000" || r[5] != fmtFloat(k.Time) {
		t.Errorf("ring row %q", r)
	}
	if r := tb.Rows[3]; r[1] != "3" || r[3] != "210000" {
		t.Errorf("bound row %q", r)
	}
	if bad := TimeSplitTable(Cluster{N: 8, P: 10, Alpha: -1, Beta: 1}); len(bad.Rows) != 0 || !strings.HasPrefix(bad.Note, "✗ comm: ") {
		t.Errorf("bad cluster: %s", bad)
	}
}

func itoa(x int64) string { return table.Cell(x) }

func fmtFloat(x float64) string { return table.Float(x) }
