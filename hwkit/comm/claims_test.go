package comm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCompare: the statements follow the cluster: the fastest of the three,
// the ring step's regime and the ring against all-to-all, each decided by
// the test's own arithmetic, including exact ties and extreme α and β.
func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name    string
		c       Cluster
		fastest string
		step    string // "latency-bound", "bandwidth-bound" or "balanced"
		verdict string // "faster than", "slower than", "as fast as"
	}{
		// n = 8, p = 120000, 100 Gb/s: ring 137.2 µs, a2a 303.8 µs; a step
		// moves 15000·3.2e-10 = 4.8 µs < α = 5 µs.
		{"defaults", Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)}, "ring all-reduce", "latency-bound", "faster than"},
		// p = 1000: a2a 7(5 + 0.32) µs = 37.24 µs, ring 14(5 + 0.04) µs = 70.56 µs.
		{"small model", Cluster{N: 8, P: 1000, Alpha: 5e-6, Beta: Gbps(100)}, "all-to-all", "latency-bound", "slower than"},
		// n = 2: the ring moves as much as all-to-all in one more round.
		{"two workers", Cluster{N: 2, P: 1 << 20, Alpha: 5e-6, Beta: Gbps(100)}, "all-to-all", "bandwidth-bound", "slower than"},
		// α = 0: only elements count; the ring moves 2/n of all-to-all's per worker.
		{"no latency", Cluster{N: 8, P: 800, Alpha: 0, Beta: 1e-9}, "ring all-reduce", "bandwidth-bound", "faster than"},
		// Exact tie: n = 4, p = 8, b = 1, β = 1: Margin = (8 − 4)·1 = 4 = α.
		{"tie", Cluster{N: 4, P: 8, BytesPerElem: 1, Alpha: 4, Beta: 1}, "all-to-all = ring all-reduce", "latency-bound", "as fast as"},
		// A step balanced: ⌈p/n⌉·bβ = 2 = α.
		{"balanced step", Cluster{N: 4, P: 8, BytesPerElem: 1, Alpha: 2, Beta: 1}, "ring all-reduce", "balanced", "faster than"},
		{"huge α", Cluster{N: 8, P: 120_000, Alpha: 1e6, Beta: Gbps(100)}, "all-to-all", "latency-bound", "slower than"},
		{"tiny β", Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: 5e-324}, "all-to-all", "latency-bound", "slower than"},
		{"huge β", Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: 1e250}, "ring all-reduce", "bandwidth-bound", "faster than"},
		// p not divisible by n: ⌈p/n⌉ = 16, Margin = (121 − 32)·bβ.
		{"uneven", Cluster{N: 8, P: 121, BytesPerElem: 1, Alpha: 88.5, Beta: 1}, "ring all-reduce", "latency-bound", "faster than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cp, err := Compare(tc.c)
			if err != nil {
				t.Fatal(err)
			}
			s := cp.String()
			for _, want := range []string{"Fastest of the three: " + tc.fastest + " (", ": " + tc.step, "Ring " + tc.verdict + " all-to-all"} {
				if !strings.Contains(s, want) {
					t.Errorf("missing %q in\n%s", want, s)
				}
			}
			if r := cp.Check(); !r.OK {
				t.Errorf("%s", r)
			}
			if err := finiteText(s); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := Compare(Cluster{N: 1, P: 5, Beta: 1}); err == nil || !strings.Contains(err.Error(), "nothing to compare") {
		t.Errorf("n = 1: err = %v", err)
	}
	// A comparison whose condition disagrees with its times fails.
	cp, _ := Compare(Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)})
	cp.Margin = 0
	if r := cp.Check(); r.OK {
		t.Errorf("a wrong margin passed: %s", r)
	}
}

// TestExtrapolate: the extrapolated counts equal the closed forms (which
// TestSimulationMatchesClosedForms checks against full simulations) for
// every algorithm, n from 1 to 17 (powers of two, their neighbours and
// others) and p below, at and far above 11 chunks, divisible or not.
func TestExtrapolate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17} {
		for _, p := range []int{1, n, 11*n + 3, 12*n + 5, 1000*n + 1, 25_557_032, 124_439_808} {
			c := Cluster{N: n, P: p, Alpha: 5e-6, Beta: Gbps(100)}
			for _, a := range Algorithms() {
				got, err := Extrapolate(c, a, rng)
				if err != nil {
					t.Fatalf("%s n=%d p=%d: %v", a, n, p, err)
				}
				if want, _ := a.Costs(c); got != want {
					t.Errorf("%s n=%d p=%d:\n extrapolated %+v\n closed       %+v", a, n, p, got, want)
				}
			}
		}
	}
}

// TestRingDiagram: the diagram's last state is every chunk complete on
// every worker, as a real ring all-reduce of all-ones vectors (one element
// per chunk) leaves n everywhere; each step of the reduce-scatter adds one
// gradient to one chunk per worker; the bracketed chunk is the one that
// changed.
func TestRingDiagram(t *testing.T) {
	for n := 2; n <= MaxDiagramWorkers; n++ {
		grads := make([][]float64, n)
		for i := range grads {
			grads[i] = make([]float64, n)
			for e := range grads[i] {
				grads[i][e] = 1
			}
		}
		if _, err := AllReduce(Cluster{N: n, P: n, Beta: 1}, Ring, grads); err != nil {
			t.Fatal(err)
		}
		states := ringStates(n)
		if len(states) != 2*n-1 {
			t.Fatalf("n=%d: %d states", n, len(states))
		}
		for i := range n {
			for c := range n {
				if got, want := states[len(states)-1][i][c], int(grads[i][c]); got != want || want != n {
					t.Errorf("n=%d worker %d chunk %d: diagram %d, all-reduce %v", n, i, c, got, want)
				}
			}
		}
		for s := 1; s < n; s++ { // reduce-scatter step s: each worker adds a partial sum of s gradients
			before, after := 0, 0
			for i := range n {
				for c := range n {
					before += states[s-1][i][c]
					after += states[s][i][c]
				}
			}
			if after-before != n*s {
				t.Errorf("n=%d step %d: %d terms added, want %d", n, s, after-before, n*s)
			}
		}
		tb, err := RingDiagram(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(tb.Rows) != n || len(tb.Header) != 2*n {
			t.Errorf("n=%d: %d rows, %d columns", n, len(tb.Rows), len(tb.Header))
		}
		brackets := 0
		for _, row := range tb.Rows {
			brackets += strings.Count(strings.Join(row, " "), "[")
		}
		if brackets != n*2*(n-1) {
			t.Errorf("n=%d: %d brackets, want one per worker and step", n, brackets)
		}
	}
	tb, _ := RingDiagram(4)
	// Worker 0 completes chunk 1 in the last reduce-scatter step.
	if got := tb.Rows[0][4]; got != "1 [4] 3 2" {
		t.Errorf("worker 0 after reduce 3: %q", got)
	}
}

// TestVerify: a result that differs from its closed forms in any field, or
// whose sum is wrong or unchecked, fails with the difference named.
func TestVerify(t *testing.T) {
	c := testCluster(6, 60)
	fresh := func(a Algorithm) *SimResult { return must(Simulate(c, a, rand.New(rand.NewPCG(1, 1)))) }
	if r := Verify(fresh(Ring), nil, fresh(Tree)); !r.OK || !strings.Contains(r.Detail, "2 algorithms × 10 counts") {
		t.Errorf("good results: %s", r)
	}
	for name, spoil := range map[string]func(*SimResult){
		"messages":     func(r *SimResult) { r.Measured.Messages++ },
		"critical":     func(r *SimResult) { r.Measured.Critical-- },
		"time":         func(r *SimResult) { r.Measured.Time = math.Nextafter(r.Measured.Time, 1) },
		"link":         func(r *SimResult) { r.Measured.LinkLoad = 0 },
		"sum":          func(r *SimResult) { r.SumOK = false },
		"unchecked":    func(r *SimResult) { r.checked = false },
		"algorithm":    func(r *SimResult) { r.Measured.Algorithm = 0 },
		"no per-node":  func(r *SimResult) { r.Sent = nil },
		"wrong sizes":  func(r *SimResult) { r.Measured.MinSize, r.Measured.MaxSize = 1, 1 },
		"wrong sender": func(r *SimResult) { r.Measured.MaxSent++ },
	} {
		r := fresh(Ring)
		spoil(r)
		if v := Verify(r); v.OK || v.Detail == "" {
			t.Errorf("%s: %s", name, v)
		}
	}
	// From AllReduce: no reference sum, so no verdict on the sum.
	r := must(AllReduce(c, Ring, randGrads(6, 60, 2)))
	if v := Verify(r); v.OK || !strings.Contains(v.Detail, "no sum check") {
		t.Errorf("AllReduce result: %s", v)
	}
}

// TestBoundHolds: the bound holds on clusters of every kind, and a cluster
// that cannot be checked fails with its error.
func TestBoundHolds(t *testing.T) {
	for _, c := range []Cluster{
		{P: 1, Alpha: 5e-6, Beta: Gbps(100)}, {P: 1000, Alpha: 0, Beta: Gbps(100)},
		{P: 1_000_003, Alpha: 1, Beta: 1e-15}, {P: 1 << 30, BytesPerElem: 2, Alpha: 5e-6, Beta: Gbps(400)},
	} {
		if r := BoundHolds(c); !r.OK {
			t.Errorf("p = %d: %s", c.P, r)
		}
	}
	if r := BoundHolds(Cluster{P: 0, Beta: 1}); r.OK || !strings.Contains(r.Detail, "comm: P = 0") {
		t.Errorf("P = 0: %s", r)
	}
	// The parameter server's server is an extra node: outside the bound,
	// not counted among the algorithms checked.
	r := BoundHolds(Cluster{P: 1000, Alpha: 5e-6, Beta: Gbps(100)})
	if want := fmt.Sprintf("6 algorithms on the workers alone (the parameter server is outside the bound), n = 1 … 1024, p = 1000: %d closed forms", 6*SweepMaxN); !strings.Contains(r.Detail, want) {
		t.Errorf("detail %q, want %q", r.Detail, want)
	}
}

// TestRank: all the algorithms by their closed-form time, ties joined;
// one worker sends nothing.
func TestRank(t *testing.T) {
	c := Cluster{N: 8, P: 120_000, Alpha: 5e-6, Beta: Gbps(100)}
	r, err := Rank(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(r) != len(Algorithms()) {
		t.Fatalf("%d ranked", len(r))
	}
	for i := 1; i < len(r); i++ {
		if r[i].Time < r[i-1].Time {
			t.Errorf("%s (%g) after %s (%g)", r[i].Algorithm, r[i].Time, r[i-1].Algorithm, r[i-1].Time)
		}
	}
	// At these parameters, from the closed forms by hand: halving-doubling
	// 6α + 2·(60000+30000+15000)·bβ = 97.2 µs, recursive doubling
	// 3(α + 120000·bβ) = 130.2 µs, ring = sharded PS 14(α + 15000·bβ) = 137.2 µs.
	s := r.String()
	if want := "Fastest of all 7 here: halving-doubling 97.2 µs; then recursive doubling 130.2 µs, sharded PS = ring all-reduce 137.2 µs, "; !strings.HasPrefix(s, want) {
		t.Errorf("ranking %q, want it to start %q", s, want)
	}
	if s := must(Rank(c, Ring, AllToAll)).String(); s != "Fastest of these 2 here: ring all-reduce 137.2 µs; then all-to-all 303.8 µs.\n" {
		t.Errorf("two: %q", s)
	}
	if s := must(Rank(Cluster{N: 1, P: 5, Beta: 1})).String(); s != "No algorithm sends anything here (n = 1): all take 0 s.\n" {
		t.Errorf("n = 1: %q", s)
	}
	if _, err := Rank(c, Algorithm(99)); err == nil {
		t.Error("unknown algorithm ranked")
	}
	if s := (Ranking{}).String(); s != "No algorithm to rank.\n" {
		t.Errorf("empty: %q", s)
	}
}

// TestElems: numbers of elements in titles, decimal below 10⁷.
func TestElems(t *testing.T) {
	for p, want := range map[int]string{1: "1", 120_000: "120000", 9_999_999: "9999999", 10_000_000: "10⁷",
		100_000_000: "10⁸", 124_439_808: "1.244·10⁸", 999_999_999: "10⁹", 1_000_000_000_000: "10¹²", 25_557_032: "2.556·10⁷"} {
		if got := elems(p); got != want {
			t.Errorf("elems(%d) = %q, want %q", p, got, want)
		}
	}
}

// TestRealCheck: the real links' times follow from simulations; the check
// names what it compared.
func TestRealCheck(t *testing.T) {
	for _, n := range []int{2, 6, 8, 16} {
		r := RealCheck(n, Networks(), Models(), rand.New(rand.NewPCG(1, 0)))
		if !r.OK || !strings.Contains(r.Detail, "12 of 12") {
			t.Errorf("n = %d: %s", n, r)
		}
	}
	tb, err := RealTable(8, Networks(), Models())
	if err != nil {
		t.Fatal(err)
	}
	// 100 Gb/s, α = 5 µs, n = 8, fp32: crossover 8·5e-6/(4·8e-11) = 125000.
	if tb.Rows[0][3] != "125000" || tb.Rows[2][3] != "1800000" || !strings.Contains(tb.Note, "bandwidth-bound on every link here.") {
		t.Errorf("crossovers or bucket statement:\n%s", tb)
	}
	// The exact model sizes the times are for, and link names a table
	// cannot split.
	if !strings.Contains(tb.Note, "Times for exactly 25557032 (ResNet-50) and 124439808 (GPT-2 small) parameters.") || tb.Rows[0][0] != "100\u00a0Gb/s" {
		t.Errorf("model sizes or link name:\n%s", tb)
	}
	// A slow link with a long latency makes the bucket latency-bound.
	slow := []Network{{Name: "slow", Alpha: 1, Beta: Gbps(100)}}
	if tb, _ := RealTable(8, slow, Models()); !strings.Contains(tb.Note, "bandwidth-bound on no link and latency-bound on slow") {
		t.Errorf("slow link: %s", tb.Note)
	}
}
