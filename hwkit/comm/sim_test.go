package comm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

var testNs = []int{1, 2, 3, 4, 7, 8, 16}

func testCluster(n, p int) Cluster {
	return Cluster{N: n, P: p, BytesPerElem: 4, Alpha: 1e-6, Beta: Gbps(10)}
}

// testPs returns the P values the brief asks for, n, 12n and 1000n, plus a
// few that n does not divide; under the race detector the large ones are
// left out.
func testPs(n int) []int {
	ps := []int{n, 12 * n, 1000 * n, 1, 12*n + 5, 3*n - 1}
	if raceEnabled {
		ps = []int{n, 12 * n, 1000 * n, 12*n + 5, 3*n - 1}
		if n > 4 {
			ps = []int{n, 12 * n, 100*n + 3, 3*n - 1}
		}
	}
	return slices.DeleteFunc(ps, func(p int) bool { return p < 1 })
}

// refSum adds the gradients in an order the simulator never uses
// (last worker first, compensated) as the independent reference.
func refSum(grads [][]float64) []float64 {
	p := len(grads[0])
	out := make([]float64, p)
	for e := range p {
		var s, comp float64
		for i := len(grads) - 1; i >= 0; i-- {
			y := grads[i][e] - comp
			t := s + y
			comp = (t - s) - y
			s = t
		}
		out[e] = s
	}
	return out
}

func randGrads(n, p int, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	g := make([][]float64, n)
	for i := range g {
		g[i] = make([]float64, p)
		for e := range g[i] {
			g[i][e] = rng.NormFloat64()
		}
	}
	return g
}

func TestSimulationMatchesClosedForms(t *testing.T) {
	for _, n := range testNs {
		for _, p := range testPs(n) {
			for _, a := range Algorithms() {
				name := fmt.Sprintf("%s/n=%d/p=%d", a, n, p)
				c := testCluster(n, p)
				grads := randGrads(n, p, uint64(n*1000+p))
				want := refSum(grads)
				orig := make([][]float64, n)
				for i := range grads {
					orig[i] = slices.Clone(grads[i])
				}
				r, err := AllReduce(c, a, grads)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				k, err := a.Costs(c)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got := r.Measured
				if got != k {
					t.Errorf("%s:\n measured %+v\n closed   %+v", name, got, k)
				}
				if r.lastRound != k.Steps {
					t.Errorf("%s: last round %d, want %d (no empty rounds)", name, r.lastRound, k.Steps)
				}
				checkPerNode(t, name, c, a, r)
				// the sum, to the rounding bound of two N-term sums
				const u = 0x1p-53
				gamma := 2 * float64(n) * u
				for i, w := range r.Workers {
					for e := range w {
						var abs float64
						for j := range orig {
							abs += math.Abs(orig[j][e])
						}
						if d := math.Abs(w[e] - want[e]); d > gamma*abs {
							t.Fatalf("%s: worker %d element %d = %v, want %v (|Δ| %g > %g)", name, i, e, w[e], want[e], d, gamma*abs)
						}
					}
				}
				if a != AllToAll && !r.Identical() {
					t.Errorf("%s: workers differ", name)
				}
			}
		}
	}
}

// checkPerNode checks per-node and per-link counts against independent
// per-node formulas, exactly.
func checkPerNode(t *testing.T, name string, c Cluster, a Algorithm, r *SimResult) {
	t.Helper()
	n, p := c.N, int64(c.P)
	s := func(k, i int) int64 { // chunk i of k
		return int64(chunkStart(c.P, k, i+1) - chunkStart(c.P, k, i))
	}
	nodes := n
	if a == ParameterServer {
		nodes++
	}
	if len(r.Sent) != nodes || len(r.Recv) != nodes {
		t.Fatalf("%s: %d/%d per-node counts, want %d", name, len(r.Sent), len(r.Recv), nodes)
	}
	links := map[[2]int]int64{} // expected elements per directed link
	sent := make([]int64, nodes)
	recv := make([]int64, nodes)
	add := func(from, to int, elems int64) {
		links[[2]int{from, to}] += elems
		sent[from] += elems
		recv[to] += elems
	}
	if n > 1 {
		switch a {
		case AllToAll:
			for i := range n {
				for j := range n {
					if i != j {
						add(i, j, p)
					}
				}
			}
		case ParameterServer:
			for i := range n {
				add(i, n, p)
				add(n, i, p)
			}
		case ShardedPS:
			for i := range n {
				for j := range n {
					if i != j {
						add(i, j, s(n, j)+s(n, i))
					}
				}
			}
		case Ring:
			for i := range n {
				// every chunk but i+1, then every chunk but i+2
				add(i, (i+1)%n, 2*p-s(n, (i+1)%n)-s(n, (i+2)%n))
			}
		case Tree:
			for i := 1; i < n; i++ {
				parent := i - (i & -i)
				add(i, parent, p)
				add(parent, i, p)
			}
		case HalvingDoubling, RecursiveDoubling:
			np := 1
			for np*2 <= n {
				np *= 2
			}
			rem := n - np
			nodeOf := func(x int) int {
				if x < rem {
					return 2*x + 1
				}
				return x + rem
			}
			for x := 0; x < rem; x++ {
				add(2*x, 2*x+1, p)
				add(2*x+1, 2*x, p)
			}
			for x := range np {
				if a == RecursiveDoubling { // the whole vector to each partner
					for m := 1; m < np; m *= 2 {
						add(nodeOf(x), nodeOf(x^m), p)
					}
					continue
				}
				for m := 1; m < np; m *= 2 {
					// the aligned segment of 2m blocks holding x, before halving
					lo := x / (2 * m) * (2 * m)
					var elems int64
					for b := lo; b < lo+2*m; b++ {
						elems += s(np, b)
					}
					add(nodeOf(x), nodeOf(x^m), elems)
				}
			}
		}
	}
	if !slices.Equal(r.Sent, sent) || !slices.Equal(r.Recv, recv) {
		t.Errorf("%s: sent %v recv %v, want %v %v", name, r.Sent, r.Recv, sent, recv)
	}
	gotLinks := map[[2]int]int64{}
	for _, l := range r.Links {
		gotLinks[[2]int{l.From, l.To}] = l.Elements
	}
	if len(gotLinks) != len(links) {
		t.Errorf("%s: %d links, want %d", name, len(gotLinks), len(links))
	}
	for k, v := range links {
		if gotLinks[k] != v {
			t.Errorf("%s: link %d→%d carried %d elements, want %d", name, k[0], k[1], gotLinks[k], v)
		}
	}
}

func TestHomeworkRows(t *testing.T) {
	for _, n := range []int{2, 3, 4, 7, 8, 16} {
		for _, p := range []int{n, 12 * n, 1000 * n} {
			ans, err := HomeworkAnswers(n, p)
			if err != nil {
				t.Fatal(err)
			}
			want := [][2]int64{
				{int64(n * (n - 1)), int64(p)},
				{int64(2 * n), int64(p)},
				{int64(2 * n * (n - 1)), int64(p / n)},
			}
			for i, a := range ans {
				if a.Messages != want[i][0] || a.Size != want[i][1] {
					t.Errorf("n=%d p=%d %s: %d × %d, want %d × %d", n, p, a.Algorithm, a.Messages, a.Size, want[i][0], want[i][1])
				}
				// and the closed forms and the simulation agree with the homework
				c := testCluster(n, p)
				k, _ := a.Algorithm.Costs(c)
				if k.Messages != a.Messages || k.MinSize != a.Size || k.MaxSize != a.Size {
					t.Errorf("n=%d p=%d %s: closed form %d × %d–%d", n, p, a.Algorithm, k.Messages, k.MinSize, k.MaxSize)
				}
				if p <= 1000*8 || !raceEnabled {
					r, err := Simulate(c, a.Algorithm, rand.New(rand.NewPCG(1, 2)))
					if err != nil {
						t.Fatal(err)
					}
					if r.Measured.Messages != a.Messages || r.Measured.MaxSize != a.Size || r.Measured.MinSize != a.Size || !r.SumOK {
						t.Errorf("n=%d p=%d %s: simulated %s", n, p, a.Algorithm, r)
					}
				}
			}
		}
	}
	for _, bad := range [][2]int{{1, 4}, {0, 4}, {4, 0}, {4, 10}, {-2, 4}} {
		if _, err := HomeworkAnswers(bad[0], bad[1]); err == nil || !strings.HasPrefix(err.Error(), "comm: ") {
			t.Errorf("HomeworkAnswers(%d, %d): err = %v", bad[0], bad[1], err)
		}
	}
}

func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, a := range Algorithms() {
		if _, err := Simulate(testCluster(7, 70), a, rand.New(rand.NewPCG(3, 4))); err != nil {
			t.Fatal(err)
		}
	}
	noLeak(t, before)
}

func TestDeterministic(t *testing.T) {
	for _, a := range Algorithms() {
		var first *SimResult
		for range 3 {
			r, err := Simulate(testCluster(7, 100), a, rand.New(rand.NewPCG(5, 6)))
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = r
				continue
			}
			if r.Measured != first.Measured || !slices.Equal(r.Sent, first.Sent) || !slices.Equal(r.Links, first.Links) {
				t.Errorf("%s: counts differ between runs", a)
			}
			for i := range r.Workers {
				for e := range r.Workers[i] {
					if math.Float64bits(r.Workers[i][e]) != math.Float64bits(first.Workers[i][e]) {
						t.Fatalf("%s: worker %d element %d differs between runs", a, i, e)
					}
				}
			}
		}
	}
}

func TestSimulateChecksSum(t *testing.T) {
	for _, a := range Algorithms() {
		r, err := Simulate(testCluster(8, 800), a, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if !r.SumOK || r.Want == nil {
			t.Errorf("%s: %s", a, r)
		}
		mean, err := r.Mean(3)
		if err != nil {
			t.Fatal(err)
		}
		for e := range mean {
			if math.Abs(mean[e]-r.Want[e]/8) > 1e-15 {
				t.Fatalf("%s: mean[%d] = %v, want %v", a, e, mean[e], r.Want[e]/8)
			}
		}
	}
}

func TestOneWorker(t *testing.T) {
	c := testCluster(1, 10)
	for _, a := range Algorithms() {
		k, err := a.Costs(c)
		if err != nil {
			t.Fatal(err)
		}
		if k != (Costs{Algorithm: a, Cluster: c}) {
			t.Errorf("%s: n = 1 costs %+v", a, k)
		}
		r, err := Simulate(c, a, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		if r.Measured != k || !r.SumOK || r.MaxErr != 0 {
			t.Errorf("%s: n = 1 simulated %s", a, r)
		}
	}
}

// TestClosedFormsSweep compares closed forms and simulations for every n up
// to 24 (48 without the race detector) and P below, at and above n.
func TestClosedFormsSweep(t *testing.T) {
	top := 48
	if raceEnabled || testing.Short() {
		top = 24
	}
	for n := 1; n <= top; n++ {
		for _, p := range []int{1, n - 1, n, n + 1, 2*n - 1, 5*n + 3, 64} {
			if p < 1 {
				continue
			}
			c := testCluster(n, p)
			for _, a := range Algorithms() {
				r, err := AllReduce(c, a, randGrads(n, p, 9))
				if err != nil {
					t.Fatal(err)
				}
				k, _ := a.Costs(c)
				if r.Measured != k || r.lastRound != k.Steps {
					t.Errorf("%s n=%d p=%d:\n measured %+v (last round %d)\n closed   %+v", a, n, p, r.Measured, r.lastRound, k)
				}
			}
		}
	}
}

// noLeak fails the test if more goroutines run than before, after giving
// finished ones a second to exit.
func noLeak(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("goroutines: %d before, %d after", before, after)
	}
}
